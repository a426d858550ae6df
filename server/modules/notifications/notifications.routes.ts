import { actorOf, requireAuth, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import { markReadInput, notificationListQuery, outboxListQuery } from '../../../shared/validation/notifications.ts';
import { getOutboxMail, listNotifications, listOutbox, markRead, unreadCount } from './notifications.service.ts';

/** Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors. */
export const notificationsRoutes: RouteModule = (api, ctx) => {
  const tags = ['notifications'];

  // Every signed-in user reads only their own notices; the service filters by the actor, not by a parameter.
  api.get('/notifications', { schema: { tags, querystring: notificationListQuery }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listNotifications(tx, actor, req.query));
  });

  api.get('/notifications/unread-count', { schema: { tags }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, async (tx) => ({ unread: await unreadCount(tx, actor) }));
  });

  api.post('/notifications/read', { schema: { tags, body: markReadInput }, preValidation: requireAuth }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => markRead(tx, actor, req.body));
  });

  api.get('/outbox', { schema: { tags: ['outbox'], querystring: outboxListQuery }, preValidation: requirePermission('outbox:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listOutbox(tx, actor, req.query));
  });

  api.get('/outbox/:id', { schema: { tags: ['outbox'], params: idParam }, preValidation: requirePermission('outbox:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getOutboxMail(tx, actor, req.params.id));
  });
};
