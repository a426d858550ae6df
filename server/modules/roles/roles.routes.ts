import { actorOf, requireAnyPermission, requirePermission } from '../../lib/http.ts';
import { ROLE_PICKERS } from '../../../shared/permissions.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { roleCreate, roleUpdate, sharingModesUpdate } from '../../../shared/validation/roles.ts';
import {
  createRole,
  deleteRole,
  getRole,
  getSharingModes,
  listRoles,
  permissionCatalogue,
  updateRole,
  updateSharingModes,
} from './roles.service.ts';

/** Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors. */
export const rolesRoutes: RouteModule = (api, ctx) => {
  const tags = ['roles'];

  api.get('/permissions/catalogue', { schema: { tags }, preValidation: requirePermission('role:view') }, async (req) => permissionCatalogue(actorOf(req).locale));

  api.get('/roles', { schema: { tags }, preValidation: requireAnyPermission(...ROLE_PICKERS) }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listRoles(tx, actor));
  });

  api.get('/roles/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('role:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getRole(tx, actor, req.params.id));
  });

  api.post('/roles', { schema: { tags, body: roleCreate }, preValidation: requirePermission('role:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const role = await withOrg(ctx.db, actor.orgId, (tx) => createRole(tx, actor, req.body));
    return reply.status(201).send(role);
  });

  api.put('/roles/:id', { schema: { tags, params: idParam, body: roleUpdate }, preValidation: requirePermission('role:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateRole(tx, actor, req.params.id, req.body));
  });

  api.delete('/roles/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('role:delete') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteRole(tx, actor, req.params.id));
    return reply.status(204).send();
  });

  api.get('/sharing-modes', { schema: { tags }, preValidation: requirePermission('role:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getSharingModes(tx, actor));
  });

  api.put('/sharing-modes', { schema: { tags, body: sharingModesUpdate }, preValidation: requirePermission('role:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateSharingModes(tx, actor, req.body));
  });
};
