import { actorOf, requireAnyPermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { exportCreate } from '../../../shared/validation/exports.ts';
import { createExport, exportDownload, exportsInFlight, getExport } from './exports.service.ts';

/** Any export permission opens the routes; the service checks the one of the list at hand. */
const exporters = requireAnyPermission('customer:export', 'contact:export', 'activity:export');

export const exportsRoutes: RouteModule = (api, ctx) => {
  const tags = ['exports'];
  // A closing server lets running exports finish their file (or mark it failed) before the database closes.
  api.addHook('onClose', async () => {
    await exportsInFlight();
  });

  api.post('/exports', { schema: { tags, body: exportCreate }, preValidation: exporters }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(202).send(await createExport(ctx.db, actor, req.body));
  });

  api.get('/exports/:id', { schema: { tags, params: idParam }, preValidation: exporters }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getExport(tx, actor, req.params.id));
  });

  api.get('/exports/:id/download', { schema: { tags, params: idParam }, preValidation: exporters }, async (req, reply) => {
    const actor = actorOf(req);
    const file = await exportDownload(ctx.db, actor, req.params.id);
    return reply
      .header('content-type', file.type)
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(file.body);
  });
};
