import { actorOf, requireAnyPermission, sendFile } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { attachmentListQuery, attachmentTarget } from '../../../shared/validation/attachments.ts';
import { assertParentAccess, attachmentLimitMb, deleteAttachment, listAttachments, readAttachment, uploadAttachment } from './attachments.service.ts';
import { readUpload, withMultipart } from './attachments.upload.ts';

/** The record's own module permission is checked by the service, which knows the record type. */
const readers = requireAnyPermission('customer:view', 'contact:view', 'activity:view');
const writers = requireAnyPermission('customer:edit', 'contact:edit', 'activity:edit');

export const attachmentsRoutes: RouteModule = async (api, ctx) => {
  const tags = ['attachments'];

  api.get('/attachments', { schema: { tags, querystring: attachmentListQuery }, preValidation: readers }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listAttachments(tx, actor, req.query));
  });

  api.get('/attachments/:id/download', { schema: { tags, params: idParam }, preValidation: readers }, async (req, reply) => {
    const actor = actorOf(req);
    const file = await withOrg(ctx.db, actor.orgId, (tx) => readAttachment(tx, actor, req.params.id));
    // The stored type is the server's own; nosniff keeps the browser from second-guessing it.
    reply.header('x-content-type-options', 'nosniff');
    return sendFile(reply, file);
  });

  api.delete('/attachments/:id', { schema: { tags, params: idParam }, preValidation: writers }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteAttachment(tx, actor, req.params.id));
    return reply.status(204).send();
  });

  await withMultipart(api, (scoped) => {
    // The target is in the query, so access is settled before the body is read; the body is read outside any
    // transaction (the embedded database has one connection, which a slow upload must not hold).
    scoped.post('/attachments', { schema: { tags, querystring: attachmentTarget }, preValidation: writers }, async (req, reply) => {
      const actor = actorOf(req);
      const maxMb = await withOrg(ctx.db, actor.orgId, async (tx) => {
        await assertParentAccess(tx, actor, req.query, 'write');
        return attachmentLimitMb(tx, actor.orgId);
      });
      const upload = await readUpload(req, maxMb);
      const row = await withOrg(ctx.db, actor.orgId, (tx) => uploadAttachment(tx, actor, req.query, upload));
      return reply.status(201).send(row);
    });
  });
};
