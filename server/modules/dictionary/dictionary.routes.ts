import { actorOf, requestLocale, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { dictItemCreate, dictItemUpdate, dictListQuery, dictReorder } from '../../../shared/validation/dictionary.ts';
import { createDictItem, deleteDictItem, listDictItems, listDictTypes, reorderDictItems, updateDictItem } from './dictionary.service.ts';

/** Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors. */
export const dictionaryRoutes: RouteModule = (api, ctx) => {
  const tags = ['dictionary'];

  api.get('/dictionary/types', { schema: { tags }, preValidation: requirePermission('dictionary:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listDictTypes(tx, actor, requestLocale(req)));
  });

  // Every form's drop-downs read this, so signing in is enough; the items are labels, not business data.
  api.get('/dictionary', { schema: { tags, querystring: dictListQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listDictItems(tx, actor, req.query));
  });

  api.post('/dictionary', { schema: { tags, body: dictItemCreate }, preValidation: requirePermission('dictionary:edit') }, async (req, reply) => {
    const actor = actorOf(req);
    const item = await withOrg(ctx.db, actor.orgId, (tx) => createDictItem(tx, actor, req.body));
    return reply.status(201).send(item);
  });

  api.post('/dictionary/reorder', { schema: { tags, body: dictReorder }, preValidation: requirePermission('dictionary:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => reorderDictItems(tx, actor, req.body));
  });

  api.put(
    '/dictionary/:id',
    { schema: { tags, params: idParam, body: dictItemUpdate }, preValidation: requirePermission('dictionary:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => updateDictItem(tx, actor, req.params.id, req.body));
    },
  );

  api.delete('/dictionary/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('dictionary:edit') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteDictItem(tx, actor, req.params.id));
    return reply.status(204).send();
  });
};
