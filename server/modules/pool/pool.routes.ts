import { actorOf, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { poolAssign, poolClaim, poolEventsQuery, poolReturn, poolSettingsUpdate } from '../../../shared/validation/pool.ts';
import { assignFromPool, claimFromPool, getPoolSettings, myPoolStatus, poolEventsOf, returnToPool, updatePoolSettings } from './pool.service.ts';

/**
 * The pool list itself is the customers list (`GET /customers?view=pool`). Claiming and returning need
 * customer:edit, assigning customer:assign; the rules are read by anyone signed in and changed with settings:edit.
 * Which customers the actor may move is checked per customer by the service.
 */
export const poolRoutes: RouteModule = (api, ctx) => {
  const tags = ['pool'];

  api.get('/pool/settings', { schema: { tags }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getPoolSettings(tx, actor));
  });

  api.put('/pool/settings', { schema: { tags, body: poolSettingsUpdate }, preValidation: requirePermission('settings:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updatePoolSettings(tx, actor, req.body));
  });

  api.get('/pool/me', { schema: { tags }, preValidation: requirePermission('customer:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => myPoolStatus(tx, actor));
  });

  api.post('/pool/claim', { schema: { tags, body: poolClaim }, preValidation: requirePermission('customer:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => claimFromPool(tx, actor, req.body));
  });

  api.post('/pool/return', { schema: { tags, body: poolReturn }, preValidation: requirePermission('customer:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => returnToPool(tx, actor, req.body));
  });

  api.post('/pool/assign', { schema: { tags, body: poolAssign }, preValidation: requirePermission('customer:assign') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => assignFromPool(tx, ctx, actor, req.body));
  });

  api.get('/pool/events', { schema: { tags, querystring: poolEventsQuery }, preValidation: requirePermission('customer:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => poolEventsOf(tx, actor, req.query));
  });
};
