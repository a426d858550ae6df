import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts, updatedAt, version } from '../../db/columns.ts';

/**
 * Follow-up records (ACT-01..ACT-05): contact records and visits. `owner_id` mirrors the customer's owner (see
 * contacts); `created_by` is the author. `reminded_at` is set once the next-contact reminder has gone out.
 */
export const followups = pgTable(
  'followups',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    contactId: uuid('contact_id'),
    ownerId: uuid('owner_id'),
    method: text('method').notNull(),
    content: text('content').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    nextContactAt: ts('next_contact_at'),
    remindedAt: ts('reminded_at'),
    importId: uuid('import_id'),
    /** Set while the follow-up is in the recycle bin; a customer's deletion gives its follow-ups the customer's time. */
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedBy: uuid('updated_by'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // Every list pages by (occurred_at desc, id desc); NULLS FIRST is what a plain DESC sort needs to use the index.
    index('followups_customer_idx').on(t.orgId, t.customerId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('followups_contact_idx')
      .on(t.orgId, t.contactId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`contact_id is not null`),
    index('followups_owner_idx').on(t.orgId, t.ownerId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('followups_author_idx').on(t.orgId, t.createdBy, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('followups_occurred_idx').on(t.orgId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('followups_reminder_idx').on(t.nextContactAt).where(sql`next_contact_at is not null and reminded_at is null and deleted_at is null`),
    index('followups_deleted_idx').on(t.orgId, t.deletedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is not null`),
    index('followups_import_idx').on(t.orgId, t.importId).where(sql`import_id is not null`),
    tenantPolicy('followups'),
  ],
);
