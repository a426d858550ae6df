import { actorOf, requireAnyPermission, sendFile } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { IMPORT_MAX_MB, importListQuery, importSettings, importTarget, importTemplateQuery } from '../../../shared/validation/imports.ts';
import { readUpload, withMultipart } from '../attachments/attachments.upload.ts';
import {
  assertMayImport,
  createImport,
  getImport,
  importReport,
  importTemplate,
  inspectUpload,
  listImports,
  startImport,
  undoImport,
  updateImportSettings,
} from './imports.service.ts';

/** Any import permission opens the routes; the service checks the one of the record type at hand. */
const importers = requireAnyPermission('customer:import', 'contact:import', 'activity:import');

export const importsRoutes: RouteModule = async (api, ctx) => {
  const tags = ['imports'];

  api.get('/imports/template', { schema: { tags, querystring: importTemplateQuery }, preValidation: importers }, async (req, reply) => {
    const actor = actorOf(req);
    return sendFile(reply, await withOrg(ctx.db, actor.orgId, (tx) => importTemplate(tx, actor, req.query)));
  });

  api.get('/imports', { schema: { tags, querystring: importListQuery }, preValidation: importers }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listImports(tx, actor, req.query));
  });

  api.get('/imports/:id', { schema: { tags, params: idParam }, preValidation: importers }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getImport(tx, actor, req.params.id));
  });

  api.put('/imports/:id', { schema: { tags, params: idParam, body: importSettings }, preValidation: importers }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateImportSettings(tx, actor, req.params.id, req.body));
  });

  // Validation and writing run in this request, in short transactions per chunk and one for the write.
  api.post('/imports/:id/start', { schema: { tags, params: idParam }, preValidation: importers }, async (req) => {
    const actor = actorOf(req);
    return startImport(ctx.db, actor, req.params.id);
  });

  api.get('/imports/:id/report', { schema: { tags, params: idParam }, preValidation: importers }, async (req, reply) => {
    const actor = actorOf(req);
    return sendFile(reply, await withOrg(ctx.db, actor.orgId, (tx) => importReport(tx, actor, req.params.id)));
  });

  api.post('/imports/:id/undo', { schema: { tags, params: idParam }, preValidation: importers }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => undoImport(tx, actor, req.params.id));
  });

  await withMultipart(api, (scoped) => {
    // The file is read and its header parsed outside any transaction; only the stored result takes one.
    scoped.post('/imports', { schema: { tags, querystring: importTarget }, preValidation: importers }, async (req, reply) => {
      const actor = actorOf(req);
      assertMayImport(actor, req.query.recordType);
      const upload = await readUpload(req, IMPORT_MAX_MB);
      const inspected = await inspectUpload(upload);
      const created = await withOrg(ctx.db, actor.orgId, (tx) => createImport(tx, actor, req.query.recordType, upload, inspected));
      return reply.status(201).send(created);
    });
  });
};
