import { actorOf, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { orgProfileUpdate } from '../../../shared/validation/settings.ts';
import { getOrgProfile, getRegistrationLink, regenerateRegistrationLink, updateOrgProfile } from './tenants.service.ts';

/** The signed-in user's own organisation: its profile, system parameters and sign-up link. */
export const tenantsRoutes: RouteModule = (api, ctx) => {
  const tags = ['settings'];

  api.get('/org', { schema: { tags }, preHandler: requirePermission('settings:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getOrgProfile(tx, actor));
  });

  api.put('/org', { schema: { tags, body: orgProfileUpdate }, preHandler: requirePermission('settings:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateOrgProfile(tx, actor, req.body));
  });

  api.get('/org/registration-link', { schema: { tags }, preHandler: requirePermission('settings:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getRegistrationLink(tx, actor, ctx.publicUrl));
  });

  api.post('/org/registration-link/regenerate', { schema: { tags }, preHandler: requirePermission('settings:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => regenerateRegistrationLink(tx, actor, ctx.publicUrl));
  });
};
