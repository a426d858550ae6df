import { z } from 'zod';
import { actorOf, requestInfo, requireInstallationAdmin } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { createOrgInput, setupInput } from '../../../shared/validation/auth.ts';
import { createOrganization, isSetUp, listOrganizations, presentOrg } from '../tenants/tenants.service.ts';

export const setupRoutes: RouteModule = (api, ctx) => {
  const tags = ['setup'];
  api.get('/setup/status', { schema: { tags, response: { 200: z.object({ setUp: z.boolean(), smtp: z.boolean() }) } } }, async () => ({
    setUp: await isSetUp(ctx.db),
    smtp: ctx.mailer.smtpEnabled,
  }));

  api.post('/setup', { schema: { tags, body: setupInput } }, async (req, reply) => {
    const { org, admin } = await createOrganization(ctx.db, req.body, requestInfo(req), { installationAdmin: true, onlyIfFirst: true });
    return reply.status(201).send({ org: presentOrg(org), admin: { id: admin.id, username: admin.username } });
  });

  api.get('/organizations', { schema: { tags }, preValidation: requireInstallationAdmin }, async () => ({ items: await listOrganizations(ctx.db) }));

  /** Further organisations, each fully isolated, created by an installation administrator. */
  api.post('/organizations', { schema: { tags, body: createOrgInput }, preValidation: requireInstallationAdmin }, async (req, reply) => {
    const { org, admin } = await createOrganization(ctx.db, req.body, requestInfo(req), { installationAdmin: false, creator: actorOf(req) });
    return reply.status(201).send({ org: presentOrg(org), admin: { id: admin.id, username: admin.username } });
  });
};
