import { actorOf, requireAnyPermission, requirePermission } from '../../lib/http.ts';
import { ORG_PICKERS } from '../../../shared/permissions.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { departmentCreate, departmentUpdate, positionCreate, positionUpdate } from '../../../shared/validation/orgchart.ts';
import {
  createDepartment,
  createPosition,
  deleteDepartment,
  deletePosition,
  getDepartment,
  getPosition,
  listDepartments,
  listPositions,
  updateDepartment,
  updatePosition,
} from './orgchart.service.ts';

/** Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors. */
export const orgchartRoutes: RouteModule = (api, ctx) => {
  const tags = ['orgchart'];

  api.get('/departments', { schema: { tags }, preValidation: requireAnyPermission(...ORG_PICKERS) }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listDepartments(tx, actor));
  });

  api.get('/departments/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('org:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getDepartment(tx, actor, req.params.id));
  });

  api.post('/departments', { schema: { tags, body: departmentCreate }, preValidation: requirePermission('org:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const department = await withOrg(ctx.db, actor.orgId, (tx) => createDepartment(tx, actor, req.body));
    return reply.status(201).send(department);
  });

  api.put(
    '/departments/:id',
    { schema: { tags, params: idParam, body: departmentUpdate }, preValidation: requirePermission('org:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => updateDepartment(tx, actor, req.params.id, req.body));
    },
  );

  api.delete('/departments/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('org:delete') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteDepartment(tx, actor, req.params.id));
    return reply.status(204).send();
  });

  api.get('/positions', { schema: { tags }, preValidation: requireAnyPermission(...ORG_PICKERS) }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listPositions(tx, actor));
  });

  api.get('/positions/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('org:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getPosition(tx, actor, req.params.id));
  });

  api.post('/positions', { schema: { tags, body: positionCreate }, preValidation: requirePermission('org:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const position = await withOrg(ctx.db, actor.orgId, (tx) => createPosition(tx, actor, req.body));
    return reply.status(201).send(position);
  });

  api.put(
    '/positions/:id',
    { schema: { tags, params: idParam, body: positionUpdate }, preValidation: requirePermission('org:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => updatePosition(tx, actor, req.params.id, req.body));
    },
  );

  api.delete('/positions/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('org:delete') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deletePosition(tx, actor, req.params.id));
    return reply.status(204).send();
  });
};
