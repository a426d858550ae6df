import { actorOf, requireAnyPermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { searchQuery } from '../../../shared/validation/search.ts';
import { searchAll } from './search.service.ts';

export const searchRoutes: RouteModule = (api, ctx) => {
  api.get(
    '/search',
    { schema: { tags: ['search'], querystring: searchQuery }, preValidation: requireAnyPermission('customer:view', 'contact:view') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => searchAll(tx, actor, req.query));
    },
  );
};
