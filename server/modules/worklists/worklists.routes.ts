import { actorOf, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { worklistQuery, worklistReturningQuery, worklistSummaryQuery } from '../../../shared/validation/worklists.ts';
import { approvalsWorklist, customerWorklist, returningWorklist, worklistSummary } from './worklists.service.ts';

/**
 * The summary is for every signed-in user (it leaves out the customer lists for those who may not view customers);
 * the full customer lists need customer:view, the approvals list only a session (the approver check is the inbox's).
 */
export const worklistsRoutes: RouteModule = (api, ctx) => {
  const tags = ['worklists'];

  api.get('/worklists', { schema: { tags, querystring: worklistSummaryQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => worklistSummary(tx, actor, req.query));
  });

  for (const list of ['today', 'overdue'] as const) {
    api.get(`/worklists/${list}`, { schema: { tags, querystring: worklistQuery }, preValidation: requirePermission('customer:view') }, async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => customerWorklist(tx, actor, list, req.query));
    });
  }

  api.get('/worklists/returning', { schema: { tags, querystring: worklistReturningQuery }, preValidation: requirePermission('customer:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => returningWorklist(tx, actor, req.query));
  });

  api.get('/worklists/approvals', { schema: { tags, querystring: worklistQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => approvalsWorklist(tx, actor, req.query));
  });
};
