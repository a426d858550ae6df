import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { actorOf, requestInfo, requireAuth } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import type { AppContext } from '../../lib/services.ts';
import { withOrg } from '../../lib/tx.ts';
import { AppError } from '../../lib/errors.ts';
import {
  changePasswordInput,
  forgotPasswordInput,
  loginInput,
  registerInput,
  resetPasswordInput,
  tokenInput,
} from '../../../shared/validation/auth.ts';
import { changePassword, forgotPassword, login, logout, register, resetPassword, verifyEmail } from './auth.service.ts';
import { getMe, loginHistoryOf } from '../users/users.service.ts';

export const SESSION_COOKIE = 'kehu_session';
export const CSRF_COOKIE = 'kehu_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function setSessionCookies(reply: FastifyReply, ctx: AppContext, result: { cookie: string; csrfToken: string; maxAgeSeconds?: number }) {
  const common = { path: '/', sameSite: 'lax' as const, secure: ctx.cookieSecure, maxAge: result.maxAgeSeconds };
  reply.setCookie(SESSION_COOKIE, result.cookie, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...common, httpOnly: false });
}

export const authRoutes: RouteModule = (api, ctx) => {
  const tags = ['auth'];
  const ok = z.object({ ok: z.literal(true) });

  api.post(
    '/auth/login',
    {
      schema: { tags, body: loginInput },
      config: { rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindow } },
    },
    async (req, reply) => {
      const result = await login(ctx, req.body, requestInfo(req));
      setSessionCookies(reply, ctx, result);
      return { ok: true, csrfToken: result.csrfToken };
    },
  );

  api.post('/auth/logout', { schema: { tags, response: { 200: ok } }, preValidation: requireAuth }, async (req, reply) => {
    await logout(ctx.db, actorOf(req), req.session!.tokenHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  api.post(
    '/auth/register',
    { schema: { tags, body: registerInput }, config: { rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindow } } },
    async (req, reply) => {
      const result = await register(ctx, req.body, requestInfo(req));
      return reply.status(201).send(result);
    },
  );

  api.post('/auth/verify-email', { schema: { tags, body: tokenInput, response: { 200: ok } } }, async (req) => {
    await verifyEmail(ctx, req.body.token, requestInfo(req));
    return { ok: true as const };
  });

  api.post(
    '/auth/forgot-password',
    { schema: { tags, body: forgotPasswordInput, response: { 200: ok } }, config: { rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindow } } },
    async (req) => {
      // The same answer whether or not the account exists.
      await forgotPassword(ctx, req.body.identifier, requestInfo(req));
      return { ok: true as const };
    },
  );

  api.post('/auth/reset-password', { schema: { tags, body: resetPasswordInput, response: { 200: ok } } }, async (req) => {
    await resetPassword(ctx, req.body.token, req.body.password, requestInfo(req));
    return { ok: true as const };
  });

  // Rate-limited like sign-in: a stolen session must not become a way to guess the current password.
  api.post(
    '/auth/change-password',
    { schema: { tags, body: changePasswordInput, response: { 200: ok } }, preValidation: requireAuth, config: { rateLimit: { ...ctx.loginRateLimit } } },
    async (req) => {
      const actor = actorOf(req);
      await withOrg(ctx.db, actor.orgId, (tx) => changePassword(tx, actor, req.session!.tokenHash, req.body.oldPassword, req.body.password));
      return { ok: true as const };
    },
  );

  api.get('/auth/me', { schema: { tags } }, async (req) => {
    if (!req.actor) throw new AppError('unauthenticated', 401);
    const actor = req.actor;
    return withOrg(ctx.db, actor.orgId, (tx) => getMe(tx, actor, req.session!.csrfToken));
  });

  api.get(
    '/auth/login-history',
    { schema: { tags, querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) }, preValidation: requireAuth },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, async (tx) => ({ items: await loginHistoryOf(tx, actor.orgId, actor.userId, req.query.limit) }));
    },
  );
};
