import { sql } from 'drizzle-orm';
import { boolean, date, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts, updatedAt, version } from '../../db/columns.ts';

/**
 * Contact persons (CON-01). A contact always belongs to a customer; `owner_id` mirrors the customer's owner so a
 * contact list filters on its own indexed columns and the customer's co-owners (shares on the customer id) apply.
 */
export const contacts = pgTable(
  'contacts',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    ownerId: uuid('owner_id'),
    name: text('name').notNull(),
    gender: text('gender').$type<'male' | 'female' | 'unknown'>().notNull().default('unknown'),
    title: text('title'),
    department: text('department'),
    mobile: text('mobile'),
    phone: text('phone'),
    email: text('email'),
    wechat: text('wechat'),
    birthday: date('birthday', { mode: 'string' }),
    isPrimary: boolean('is_primary').notNull().default(false),
    notes: text('notes'),
    groupIds: uuid('group_ids').array().notNull().default(sql`'{}'::uuid[]`),
    importId: uuid('import_id'),
    /** Set while the contact is in the recycle bin; a customer's deletion gives its contacts the customer's time. */
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
    searchGrams: text('search_grams').array().notNull().default(sql`'{}'::text[]`),
    searchText: text('search_text').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedBy: uuid('updated_by'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contacts_customer_idx').on(t.orgId, t.customerId, t.isPrimary.desc(), t.name),
    // Keyset lists read (time desc, id desc); NULLS FIRST is what a plain DESC sort needs to use the index.
    index('contacts_owner_idx').on(t.orgId, t.ownerId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('contacts_updated_idx').on(t.orgId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('contacts_created_idx').on(t.orgId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('contacts_name_idx').on(t.orgId, t.name, t.id),
    index('contacts_groups_idx').using('gin', t.groupIds),
    index('contacts_import_idx').on(t.orgId, t.importId).where(sql`import_id is not null`),
    index('contacts_search_grams_idx').using('gin', t.searchGrams),
    index('contacts_search_text_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('contacts_deleted_idx').on(t.orgId, t.deletedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is not null`),
    // One primary contact per customer among the living ones: a primary in the recycle bin does not block a new one.
    uniqueIndex('contacts_one_primary_key').on(t.orgId, t.customerId).where(sql`is_primary and deleted_at is null`),
    tenantPolicy('contacts'),
  ],
);

/** Contact groups (CON-02). */
export const contactGroups = pgTable(
  'contact_groups',
  {
    orgId: orgId(),
    id: id(),
    name: text('name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('contact_groups_name_key').on(t.orgId, t.name), tenantPolicy('contact_groups')],
);
