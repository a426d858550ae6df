import { actorOf, requireAnyPermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { VIEW_LIST_PERMISSION, viewCreate, viewListQuery, viewUpdate } from '../../../shared/validation/views.ts';
import { createView, deleteView, getView, listViews, updateView } from './views.service.ts';

/**
 * Saved views (CUS-08 "查询另存为"). Which list a request is about is only known from its query or body, so the
 * guard admits whoever reads at least one list with views and the service checks that list's permission.
 */
export const viewsRoutes: RouteModule = (api, ctx) => {
  const tags = ['views'];
  const guard = requireAnyPermission(...Object.values(VIEW_LIST_PERMISSION));

  api.get('/views', { schema: { tags, querystring: viewListQuery }, preValidation: guard }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listViews(tx, actor, req.query.list));
  });

  api.get('/views/:id', { schema: { tags, params: idParam }, preValidation: guard }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getView(tx, actor, req.params.id));
  });

  api.post('/views', { schema: { tags, body: viewCreate }, preValidation: guard }, async (req, reply) => {
    const actor = actorOf(req);
    const view = await withOrg(ctx.db, actor.orgId, (tx) => createView(tx, actor, req.body));
    return reply.status(201).send(view);
  });

  api.put('/views/:id', { schema: { tags, params: idParam, body: viewUpdate }, preValidation: guard }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateView(tx, actor, req.params.id, req.body));
  });

  api.delete('/views/:id', { schema: { tags, params: idParam }, preValidation: guard }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteView(tx, actor, req.params.id));
    return reply.status(204).send();
  });
};
