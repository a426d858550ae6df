import { actorOf, requireAnyPermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { recycleBinAction, recycleBinQuery } from '../../../shared/validation/recyclebin.ts';
import { listRecycleBin, purgeFromBin, restoreFromBin } from './recyclebin.service.ts';

/**
 * The recycle bin. The guards let in whoever holds the permission for any of the three record types; the service
 * checks the one of the type asked for (view to list, delete to restore, delete with the 'all' scope to purge).
 */
export const recyclebinRoutes: RouteModule = (api, ctx) => {
  const tags = ['recycle-bin'];

  api.get(
    '/recycle-bin',
    { schema: { tags, querystring: recycleBinQuery }, preValidation: requireAnyPermission('customer:view', 'contact:view', 'activity:view') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => listRecycleBin(tx, actor, req.query));
    },
  );

  api.post(
    '/recycle-bin/restore',
    { schema: { tags, body: recycleBinAction }, preValidation: requireAnyPermission('customer:delete', 'contact:delete', 'activity:delete') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => restoreFromBin(tx, actor, req.body));
    },
  );

  api.post(
    '/recycle-bin/purge',
    { schema: { tags, body: recycleBinAction }, preValidation: requireAnyPermission('customer:delete', 'contact:delete', 'activity:delete') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => purgeFromBin(tx, actor, req.body));
    },
  );
};
