import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { users } from '../users/users.schema.ts';
import type { Mailer } from './mailer.ts';
import { notifications } from './notifications.schema.ts';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
}

/**
 * The one way modules tell users something: an in-app notice and, where the user wants it, an e-mail.
 * Users choose per channel in their preferences; both default to on.
 */
export async function notifyUsers(tx: Tx, mailer: Mailer, orgId: string, userIds: string[], notice: Notice, publicUrl: string) {
  if (!userIds.length) return;
  const recipients = await tx
    .select({ id: users.id, email: users.email, prefs: users.prefs })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, [...new Set(userIds)])));
  const inApp = recipients.filter((r) => r.prefs.notifyInApp !== false);
  if (inApp.length) {
    await tx.insert(notifications).values(
      inApp.map((r) => ({ orgId, userId: r.id, kind: notice.kind, title: notice.title, body: notice.body ?? '', link: notice.link ?? null })),
    );
  }
  for (const r of recipients) {
    if (r.email && r.prefs.notifyByEmail !== false) {
      const link = notice.link ? `\n\n${publicUrl}${notice.link}` : '';
      await mailer.queue(tx, orgId, { to: r.email, subject: notice.title, text: `${notice.body ?? notice.title}${link}`, meta: { kind: notice.kind } });
    }
  }
}

export async function listNotifications(tx: Tx, actor: Actor, query: { unreadOnly?: boolean; before?: string; limit: number }) {
  const rows = await tx
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.orgId, actor.orgId),
        eq(notifications.userId, actor.userId),
        query.unreadOnly ? isNull(notifications.readAt) : undefined,
        query.before ? lt(notifications.createdAt, new Date(query.before)) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt))
    .limit(query.limit);
  const [{ unread }] = (await tx
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.orgId, actor.orgId), eq(notifications.userId, actor.userId), isNull(notifications.readAt)))) as [{ unread: number }];
  return { items: rows, unread, nextCursor: rows.length === query.limit ? rows.at(-1)!.createdAt.toISOString() : null };
}

export async function markRead(tx: Tx, actor: Actor, ids: string[] | 'all') {
  await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.orgId, actor.orgId),
        eq(notifications.userId, actor.userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, ids),
      ),
    );
}
