import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from './db/client.ts';
import { AppError } from './lib/errors.ts';
import { requestLocale } from './lib/http.ts';
import type { AppContext } from './lib/services.ts';
import { issuesToFields, ZodRequestError, zodValidatorCompiler } from './lib/validation.ts';
import { pickLocale, translate } from '../shared/i18n/messages.ts';
import { Mailer } from './modules/notifications/mailer.ts';
import { loadSession, type SessionInfo } from './modules/auth/auth.service.ts';
import { CSRF_HEADER, SESSION_COOKIE, setSessionCookies } from './modules/auth/auth.routes.ts';
import { moduleRoutes } from './modules/index.ts';
import type { Actor } from './lib/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
  }
}

export interface AppOptions {
  db: Db;
  publicUrl?: string;
  smtpUrl?: string;
  mailFrom?: string;
  cookieSecure?: boolean;
  trustProxy?: boolean;
  logLevel?: string;
  /** Directory of the built web app; served with an SPA fallback when it exists. */
  webDir?: string;
  loginRateLimit?: { max: number; timeWindow: number };
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultWebDir = path.resolve(here, '../dist/web');

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const mailer = new Mailer(options.db, options.smtpUrl, options.mailFrom ?? 'Kehu <no-reply@kehu.local>');
  const ctx: AppContext = {
    db: options.db,
    mailer,
    publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/$/, ''),
    cookieSecure: options.cookieSecure ?? false,
    loginRateLimit: options.loginRateLimit ?? { max: 20, timeWindow: 60_000 },
  };
  app.decorate('kehu', ctx);
  const routeList: RouteInfo[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routeList.push({ method, url: route.url });
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kehu CRM API', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const info = { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, locale: pickLocale(req.headers['accept-language']) };
    const session = await loadSession(options.db, req.cookies[SESSION_COOKIE], info);
    if (!session) return;
    // Double-submit CSRF check: a cross-site form can send the cookie but cannot read it to set the header.
    if (UNSAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError('csrf_failed', 403);
    }
    req.session = session;
    req.actor = session.actor;
    if (session.renewedMaxAgeSeconds) {
      setSessionCookies(reply, ctx, { cookie: req.cookies[SESSION_COOKIE]!, csrfToken: session.csrfToken, maxAgeSeconds: session.renewedMaxAgeSeconds });
    }
  });

  app.addHook('onResponse', async () => {
    void mailer.flushIfQueued().catch(() => undefined);
  });
  app.addHook('onClose', async () => {
    await mailer.close();
  });
  mailer.startPolling();

  app.setErrorHandler((error: FastifyError | AppError | ZodRequestError, req, reply) => {
    const locale = requestLocale(req);
    if (error instanceof ZodRequestError) {
      return reply.status(400).send({
        error: { code: 'validation_failed', message: translate(locale, 'validation_failed'), fields: issuesToFields(error.issues, locale) },
      });
    }
    if (error instanceof AppError) {
      const fields = error.fields
        ? Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, translate(locale, v, error.params)]))
        : undefined;
      return reply.status(error.status).send({ error: { ...error.details, code: error.code, message: translate(locale, error.code), fields } });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status === 429) return reply.status(429).send({ error: { code: 'rate_limited', message: translate(locale, 'rate_limited') } });
    if (status >= 400 && status < 500) {
      // Fastify's own refusals (malformed JSON, body too large, unknown content type) in the user's language.
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return reply.status(status).send({ error: { code, message: translate(locale, code) } });
    }
    req.log.error(error);
    return reply.status(500).send({ error: { code: 'internal', message: translate(locale, 'internal') } });
  });

  app.get('/api/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(
    async (api) => {
      for (const register of moduleRoutes) await register(api as never, ctx);
    },
    { prefix: '/api/v1' },
  );

  const webDir = options.webDir ?? defaultWebDir;
  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDir,
      // Vite fingerprints everything under assets/, so those files never change; index.html always may.
      setHeaders: (res, filePath) => {
        res.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.status(404).send({ error: { code: 'not_found', message: translate(requestLocale(req), 'not_found') } });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ error: { code: 'not_found', message: translate(requestLocale(req), 'not_found') } }),
    );
  }
  return app;
}

/** Every route the app serves, so tests can prove rules for all of them, including routes added later. */
export interface RouteInfo {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    kehu: AppContext;
    routeList: RouteInfo[];
  }
}
