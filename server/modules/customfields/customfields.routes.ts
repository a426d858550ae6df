import { actorOf, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { customFieldCreate, customFieldListQuery, customFieldReorder, customFieldUpdate } from '../../../shared/validation/customfields.ts';
import { createCustomField, deleteCustomField, listCustomFields, reorderCustomFields, updateCustomField } from './customfields.service.ts';

/** Every form, list and import reads the definitions, so signing in is enough; changing them is settings:edit. */
export const customfieldsRoutes: RouteModule = (api, ctx) => {
  const tags = ['custom-fields'];

  api.get('/custom-fields', { schema: { tags, querystring: customFieldListQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listCustomFields(tx, actor, req.query));
  });

  api.post('/custom-fields', { schema: { tags, body: customFieldCreate }, preValidation: requirePermission('settings:edit') }, async (req, reply) => {
    const actor = actorOf(req);
    const field = await withOrg(ctx.db, actor.orgId, (tx) => createCustomField(tx, actor, req.body));
    return reply.status(201).send(field);
  });

  api.post('/custom-fields/reorder', { schema: { tags, body: customFieldReorder }, preValidation: requirePermission('settings:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => reorderCustomFields(tx, actor, req.body));
  });

  api.put(
    '/custom-fields/:id',
    { schema: { tags, params: idParam, body: customFieldUpdate }, preValidation: requirePermission('settings:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => updateCustomField(tx, actor, req.params.id, req.body));
    },
  );

  api.delete('/custom-fields/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('settings:edit') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteCustomField(tx, actor, req.params.id));
    return reply.status(204).send();
  });
};
