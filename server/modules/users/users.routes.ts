import { z } from 'zod';
import { actorOf, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import {
  adminResetPassword,
  approveRegistration,
  profileUpdate,
  registrationListQuery,
  rejectRegistration,
  userCreate,
  userListQuery,
  userOptionsQuery,
  userStatusAction,
  userUpdate,
} from '../../../shared/validation/users.ts';
import {
  approveRegistration as approve,
  changeUserStatus,
  createUser,
  getUser,
  listRegistrations,
  listUsers,
  rejectRegistration as reject,
  resetUserPassword,
  updateProfile,
  updateUser,
  userOptions,
} from './users.service.ts';

/**
 * Access is checked in preValidation: fastify validates the body before preHandler, and a caller who may not use a
 * route should get 401/403 rather than a list of field errors.
 */
export const usersRoutes: RouteModule = (api, ctx) => {
  const tags = ['users'];
  const ok = z.object({ ok: z.literal(true) });

  api.get('/users', { schema: { tags, querystring: userListQuery }, preValidation: requirePermission('user:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listUsers(tx, actor, req.query));
  });

  /** The user picker of other forms (owners, assignees): any signed-in user may search it. */
  api.get('/users/options', { schema: { tags, querystring: userOptionsQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => userOptions(tx, actor, req.query));
  });

  api.get('/users/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('user:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getUser(tx, actor, req.params.id));
  });

  api.post('/users', { schema: { tags, body: userCreate }, preValidation: requirePermission('user:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const user = await withOrg(ctx.db, actor.orgId, (tx) => createUser(tx, actor, req.body));
    return reply.status(201).send(user);
  });

  api.put('/users/:id', { schema: { tags, params: idParam, body: userUpdate }, preValidation: requirePermission('user:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateUser(tx, actor, req.params.id, req.body));
  });

  api.post(
    '/users/:id/status',
    { schema: { tags, params: idParam, body: userStatusAction }, preValidation: requirePermission('user:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => changeUserStatus(tx, actor, req.params.id, req.body));
    },
  );

  api.post(
    '/users/:id/reset-password',
    { schema: { tags, params: idParam, body: adminResetPassword, response: { 200: ok } }, preValidation: requirePermission('user:edit') },
    async (req) => {
      const actor = actorOf(req);
      await withOrg(ctx.db, actor.orgId, (tx) => resetUserPassword(tx, actor, req.params.id, req.body.password, req.session!.tokenHash));
      return { ok: true as const };
    },
  );

  api.get('/registrations', { schema: { tags, querystring: registrationListQuery }, preValidation: requirePermission('user:approve') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listRegistrations(tx, actor, req.query));
  });

  api.post(
    '/registrations/:id/approve',
    { schema: { tags, params: idParam, body: approveRegistration }, preValidation: requirePermission('user:approve') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => approve(tx, ctx, actor, req.params.id, req.body));
    },
  );

  api.post(
    '/registrations/:id/reject',
    { schema: { tags, params: idParam, body: rejectRegistration }, preValidation: requirePermission('user:approve') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => reject(tx, ctx, actor, req.params.id, req.body));
    },
  );

  api.put('/profile', { schema: { tags, body: profileUpdate }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateProfile(tx, actor, req.body));
  });
};
