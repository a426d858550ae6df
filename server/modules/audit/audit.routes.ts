import { requestLocale, requirePermission, actorOf, sendFile } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg, withSystem } from '../../lib/tx.ts';
import { auditCleanupInput, auditExportQuery, auditListQuery } from '../../../shared/validation/audit.ts';
import { auditFacets, cleanupAuditLogs, exportAuditLogs, listAuditLogs } from './audit.service.ts';

/**
 * The log is read, exported and cleaned up by date; no route edits or deletes a single entry.
 * Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors.
 */
export const auditRoutes: RouteModule = (api, ctx) => {
  const tags = ['audit'];

  api.get('/audit-logs', { schema: { tags, querystring: auditListQuery }, preValidation: requirePermission('audit:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listAuditLogs(tx, actor, req.query));
  });

  api.get('/audit-logs/facets', { schema: { tags }, preValidation: requirePermission('audit:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => auditFacets(tx, actor));
  });

  api.get(
    '/audit-logs/export',
    { schema: { tags, querystring: auditExportQuery }, preValidation: requirePermission('audit:export') },
    async (req, reply) => {
      const actor = actorOf(req);
      const file = await withOrg(ctx.db, actor.orgId, (tx) => exportAuditLogs(tx, actor, req.query, requestLocale(req)));
      return sendFile(reply, file);
    },
  );

  api.post(
    '/audit-logs/cleanup',
    { schema: { tags, body: auditCleanupInput }, preValidation: requirePermission('audit:delete') },
    async (req) => {
      const actor = actorOf(req);
      // The one request-driven use of withSystem: kehu_app has no DELETE on audit_logs (see cleanupAuditLogs).
      return withSystem(ctx.db, (tx) => cleanupAuditLogs(tx, actor, req.body));
    },
  );
};
