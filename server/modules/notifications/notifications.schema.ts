import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts } from '../../db/columns.ts';

export const notifications = pgTable(
  'notifications',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('notifications_user_idx').on(t.orgId, t.userId, t.createdAt.desc().nullsFirst()),
    // The bell counts unread notices every minute for every signed-in user.
    index('notifications_unread_idx').on(t.orgId, t.userId).where(sql`${t.readAt} is null`),
    tenantPolicy('notifications'),
  ],
);

/** Every mail Kehu sends is kept here; without SMTP_URL it stays here for administrators to read. */
export const outbox = pgTable(
  'outbox',
  {
    orgId: orgId(),
    id: id(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'kept'>().notNull(),
    error: text('error'),
    meta: jsonb('meta'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('outbox_created_idx').on(t.orgId, t.createdAt.desc().nullsFirst()),
    index('outbox_status_idx').on(t.orgId, t.status),
    // The sender scans queued mail of every organisation at once, so this one index does not lead with org_id;
    // being partial, it holds only mail not yet sent and stays small however large the outbox grows.
    index('outbox_queued_idx').on(t.createdAt).where(sql`${t.status} = 'queued'`),
    tenantPolicy('outbox'),
  ],
);
