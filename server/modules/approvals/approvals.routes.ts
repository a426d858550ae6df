import { actorOf, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import {
  approvalDecision,
  approvalFlowParams,
  approvalFlowUpdate,
  approvalHistoryQuery,
  approvalInboxQuery,
  approvalRejection,
  approvalSentQuery,
  approvalWithdrawal,
} from '../../../shared/validation/approvals.ts';
import {
  approvalInbox,
  approvalInboxCount,
  approvalsSent,
  approveRequest,
  getApprovalFlow,
  getApprovalRequest,
  listApprovalFlows,
  recordApprovals,
  rejectRequest,
  updateApprovalFlow,
  withdrawRequest,
} from './approvals.service.ts';

/**
 * Inbox, decisions and history need only a session: whether the actor is an approver, the submitter or a reader
 * of the record is a fact about the request, checked by the service. Flows are read by anyone signed in (forms
 * say whether a change will need approval) and changed with settings:edit.
 */
export const approvalsRoutes: RouteModule = (api, ctx) => {
  const tags = ['approvals'];

  api.get('/approvals/inbox', { schema: { tags, querystring: approvalInboxQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => approvalInbox(tx, actor, req.query));
  });

  api.get('/approvals/inbox/count', { schema: { tags }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, async (tx) => ({ count: await approvalInboxCount(tx, actor) }));
  });

  api.get('/approvals/sent', { schema: { tags, querystring: approvalSentQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => approvalsSent(tx, actor, req.query));
  });

  api.get('/approvals', { schema: { tags, querystring: approvalHistoryQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => recordApprovals(tx, actor, req.query));
  });

  api.get('/approvals/:id', { schema: { tags, params: idParam }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getApprovalRequest(tx, actor, req.params.id));
  });

  api.post('/approvals/:id/approve', { schema: { tags, params: idParam, body: approvalDecision }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => approveRequest(tx, ctx, actor, req.params.id, req.body));
  });

  api.post('/approvals/:id/reject', { schema: { tags, params: idParam, body: approvalRejection }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => rejectRequest(tx, ctx, actor, req.params.id, req.body));
  });

  api.post('/approvals/:id/withdraw', { schema: { tags, params: idParam, body: approvalWithdrawal }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => withdrawRequest(tx, ctx, actor, req.params.id, req.body));
  });

  api.get('/approval-flows', { schema: { tags }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listApprovalFlows(tx, actor));
  });

  api.get('/approval-flows/:recordType/:action', { schema: { tags, params: approvalFlowParams }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getApprovalFlow(tx, actor, req.params.recordType, req.params.action));
  });

  api.put(
    '/approval-flows/:recordType/:action',
    { schema: { tags, params: approvalFlowParams, body: approvalFlowUpdate }, preValidation: requirePermission('settings:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => updateApprovalFlow(tx, actor, req.params.recordType, req.params.action, req.body));
    },
  );
};
