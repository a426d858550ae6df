import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '../../shared/i18n/messages.ts';
import type { Permission } from '../../shared/permissions.ts';
import type { Actor, RequestInfo } from './context.ts';
import { AppError } from './errors.ts';

export function requestLocale(req: FastifyRequest): Locale {
  return req.actor?.locale ?? pickLocale(req.headers['accept-language']);
}

export function requestInfo(req: FastifyRequest): RequestInfo {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, locale: requestLocale(req) };
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 401);
  return req.actor;
}

/** preHandler: signed-in user holding every named permission. The web hides what this refuses. */
export function requirePermission(...perms: Permission[]) {
  return async (req: FastifyRequest) => {
    const actor = actorOf(req);
    for (const p of perms) if (!actor.permissions.has(p)) throw new AppError('forbidden', 403);
  };
}

/** preHandler: signed-in user holding at least one of the named permissions (reference data several pages pick from). */
export function requireAnyPermission(...perms: Permission[]) {
  return async (req: FastifyRequest) => {
    const actor = actorOf(req);
    if (!perms.some((p) => actor.permissions.has(p))) throw new AppError('forbidden', 403);
  };
}

export async function requireAuth(req: FastifyRequest) {
  actorOf(req);
}

export async function requireInstallationAdmin(req: FastifyRequest) {
  if (!actorOf(req).isInstallationAdmin) throw new AppError('forbidden', 403);
}

export function sendFile(reply: FastifyReply, file: { name: string; type: string; body: Buffer | string }) {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .send(file.body);
}
