import { and, count, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import type { MarkReadInput, NotificationListQuery, OutboxListQuery } from '../../../shared/validation/notifications.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import { users } from '../users/users.schema.ts';
import type { Mailer } from './mailer.ts';
import { notifications, outbox } from './notifications.schema.ts';
import { containsPattern } from '../../lib/like.ts';

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

/* ---------- the signed-in user's notices ---------- */

const ownNotices = (actor: Actor) => and(eq(notifications.orgId, actor.orgId), eq(notifications.userId, actor.userId));

export async function unreadCount(tx: Tx, actor: Actor): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(notifications).where(and(ownNotices(actor), isNull(notifications.readAt)));
  return row!.n;
}

export async function listNotifications(tx: Tx, actor: Actor, query: NotificationListQuery) {
  const rows = await tx
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      cursorAt: keysetAt(notifications.createdAt),
    })
    .from(notifications)
    .where(
      and(
        ownNotices(actor),
        query.unreadOnly ? isNull(notifications.readAt) : undefined,
        afterCursor(notifications.createdAt, notifications.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  return { ...keysetPage(rows, query.limit), unread: await unreadCount(tx, actor) };
}

/**
 * Ids of someone else's notices are ignored rather than refused: the answer reveals nothing about them. Not
 * audited: it changes the reader's own inbox state, no business data.
 */
export async function markRead(tx: Tx, actor: Actor, input: MarkReadInput) {
  const updated = await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(ownNotices(actor), isNull(notifications.readAt), input.all ? undefined : inArray(notifications.id, input.ids ?? [])))
    .returning({ id: notifications.id });
  return { updated: updated.length, unread: await unreadCount(tx, actor) };
}

/* ---------- the outbox, for administrators ---------- */


export async function listOutbox(tx: Tx, actor: Actor, query: OutboxListQuery) {
  const pattern = query.q ? containsPattern(query.q) : undefined;
  const rows = await tx
    .select({
      id: outbox.id,
      to: outbox.to,
      subject: outbox.subject,
      status: outbox.status,
      error: outbox.error,
      kind: sql<string | null>`${outbox.meta}->>'kind'`,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      cursorAt: keysetAt(outbox.createdAt),
    })
    .from(outbox)
    .where(
      and(
        eq(outbox.orgId, actor.orgId),
        query.status ? eq(outbox.status, query.status) : undefined,
        pattern ? or(ilike(outbox.to, pattern), ilike(outbox.subject, pattern)) : undefined,
        afterCursor(outbox.createdAt, outbox.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(query.limit + 1);
  return keysetPage(rows, query.limit);
}

/**
 * The full mail. Without SMTP its text holds live links (e-mail verification, password reset) for other people's
 * accounts, so who opened which mail is kept in the audit log.
 */
/**
 * Mail kinds whose link is a credential: whoever opens a password-reset link takes over the account, so the
 * outbox never shows it, not even to administrators (they reset passwords through user management, where the
 * rules on whom they may manage apply). Verification links stay readable: verifying grants no access by itself.
 */
const SECRET_LINK_KINDS = new Set(['reset_password']);
const TOKEN_PARAM = /([?&]token=)[^\s&]+/g;

export async function getOutboxMail(tx: Tx, actor: Actor, id: string) {
  const [mail] = await tx.select().from(outbox).where(and(eq(outbox.orgId, actor.orgId), eq(outbox.id, id)));
  if (!mail) throw notFound();
  await recordAudit(tx, actor, { module: 'outbox', action: 'view', recordType: 'mail', recordId: mail.id, recordLabel: mail.subject });
  const { orgId: _, ...rest } = mail;
  const kind = (mail.meta as { kind?: string } | null)?.kind;
  if (kind && SECRET_LINK_KINDS.has(kind)) {
    const mask = (text: string) => text.replace(TOKEN_PARAM, '$1••••••');
    return { ...rest, text: mask(rest.text), html: rest.html === null ? null : mask(rest.html) };
  }
  return rest;
}
