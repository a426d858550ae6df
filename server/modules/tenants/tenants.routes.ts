import { actorOf, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { orgProfileUpdate } from '../../../shared/validation/settings.ts';
import { getOrgProfile, getRegistrationLink, regenerateRegistrationLink, updateOrgProfile } from './tenants.service.ts';

/**
 * The signed-in user's own organisation: its profile, system parameters and sign-up link.
 * Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors.
 */
export const tenantsRoutes: RouteModule = (api, ctx) => {
  const tags = ['settings'];

  api.get('/org', { schema: { tags }, preValidation: requirePermission('settings:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getOrgProfile(tx, actor));
  });

  api.put('/org', { schema: { tags, body: orgProfileUpdate }, preValidation: requirePermission('settings:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateOrgProfile(tx, actor, req.body));
  });

  api.get('/org/registration-link', { schema: { tags }, preValidation: requirePermission('settings:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getRegistrationLink(tx, actor, ctx.publicUrl));
  });

  api.post('/org/registration-link/regenerate', { schema: { tags }, preValidation: requirePermission('settings:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => regenerateRegistrationLink(tx, actor, ctx.publicUrl));
  });
};
