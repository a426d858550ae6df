import { actorOf, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { customerFollowupsQuery, followupCreate, followupListQuery, followupUpdate } from '../../../shared/validation/followups.ts';
import { createFollowup, deleteFollowup, getFollowup, listCustomerFollowups, listFollowups, updateFollowup } from './followups.service.ts';

/** Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors. */
export const followupsRoutes: RouteModule = (api, ctx) => {
  const tags = ['followups'];

  api.get('/followups', { schema: { tags, querystring: followupListQuery }, preValidation: requirePermission('activity:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listFollowups(tx, actor, req.query));
  });

  api.get('/followups/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('activity:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getFollowup(tx, actor, req.params.id));
  });

  api.get(
    '/customers/:id/followups',
    { schema: { tags, params: idParam, querystring: customerFollowupsQuery }, preValidation: requirePermission('activity:view') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => listCustomerFollowups(tx, actor, req.params.id, req.query));
    },
  );

  api.post('/followups', { schema: { tags, body: followupCreate }, preValidation: requirePermission('activity:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const followup = await withOrg(ctx.db, actor.orgId, (tx) => createFollowup(tx, actor, req.body));
    return reply.status(201).send(followup);
  });

  api.put('/followups/:id', { schema: { tags, params: idParam, body: followupUpdate }, preValidation: requirePermission('activity:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateFollowup(tx, actor, req.params.id, req.body));
  });

  api.delete('/followups/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('activity:delete') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteFollowup(tx, actor, req.params.id));
    return reply.status(204).send();
  });
};
