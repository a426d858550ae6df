import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts, updatedAt, version } from '../../db/columns.ts';

export type CustomerKind = 'enterprise' | 'individual';
export type CustomerChannel = 'channel' | 'end';
/** A customer submitted for creation exists as `pending` until approved; `rejected` ones wait for a resubmission. */
export type CustomerApprovalState = 'active' | 'pending' | 'rejected';

/**
 * The customer master record (CUS-01..CUS-10). Denormalised follow-up facts (last follow-up, next contact) and
 * pool facts live on the row so that the home work lists and pool reclaim read one indexed table.
 * `search_grams` / `search_text` are maintained by the search module from the name, English name and pinyin.
 */
export const customers = pgTable(
  'customers',
  {
    orgId: orgId(),
    id: id(),
    number: text('number').notNull(),
    name: text('name').notNull(),
    /** Lower-cased, full-width folded, punctuation and spaces removed: the duplicate key (CUS-03). */
    nameKey: text('name_key').notNull(),
    englishName: text('english_name'),
    kind: text('kind').$type<CustomerKind>().notNull().default('enterprise'),
    channel: text('channel').$type<CustomerChannel>().notNull().default('end'),
    industry: text('industry'),
    source: text('source'),
    importance: smallint('importance'),
    level: text('level'),
    status: text('status').notNull().default('potential'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    phone: text('phone'),
    /** Digits only, for duplicate checks and phone-fragment search. */
    phoneKey: text('phone_key'),
    email: text('email'),
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    address: text('address'),
    creditCode: text('credit_code'),
    website: text('website'),
    otherInfo: text('other_info'),
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    /** Null while the customer is in the public pool. */
    ownerId: uuid('owner_id'),
    ownerSince: ts('owner_since'),
    previousOwnerId: uuid('previous_owner_id'),
    poolEnteredAt: ts('pool_entered_at'),
    /** When the owner was last warned that the customer is about to return to the pool. */
    poolWarnedAt: ts('pool_warned_at'),
    lastFollowupAt: ts('last_followup_at'),
    lastFollowupContent: text('last_followup_content'),
    nextContactAt: ts('next_contact_at'),
    lastDealAt: ts('last_deal_at'),
    approvalState: text('approval_state').$type<CustomerApprovalState>().notNull().default('active'),
    /** An open approval request (change or deletion) waiting on this record. */
    pendingRequestId: uuid('pending_request_id'),
    importId: uuid('import_id'),
    /** Set while the customer is in the recycle bin (ARCHITECTURE §4); its contacts and follow-ups carry the same time. */
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
    uniqueIndex('customers_number_key').on(t.orgId, t.number),
    // Only living customers are unique: a name or credit code in the recycle bin may be used again.
    uniqueIndex('customers_name_key').on(t.orgId, t.nameKey).where(sql`deleted_at is null`),
    uniqueIndex('customers_credit_code_key').on(t.orgId, t.creditCode).where(sql`credit_code is not null and deleted_at is null`),
    index('customers_phone_idx').on(t.orgId, t.phoneKey).where(sql`phone_key is not null`),
    index('customers_owner_idx').on(t.orgId, t.ownerId, t.updatedAt.desc(), t.id),
    index('customers_created_idx').on(t.orgId, t.createdAt.desc(), t.id),
    index('customers_updated_idx').on(t.orgId, t.updatedAt.desc(), t.id),
    index('customers_status_idx').on(t.orgId, t.status, t.updatedAt.desc(), t.id),
    index('customers_pool_idx').on(t.orgId, t.poolEnteredAt.desc(), t.id).where(sql`owner_id is null`),
    index('customers_next_contact_idx').on(t.orgId, t.ownerId, t.nextContactAt).where(sql`next_contact_at is not null and deleted_at is null`),
    index('customers_reclaim_idx').on(t.orgId, t.lastFollowupAt).where(sql`owner_id is not null`),
    index('customers_unapproved_idx').on(t.orgId, t.createdBy).where(sql`approval_state <> 'active'`),
    index('customers_import_idx').on(t.orgId, t.importId).where(sql`import_id is not null`),
    index('customers_tags_idx').using('gin', t.tags),
    index('customers_custom_idx').using('gin', sql`${t.custom} jsonb_path_ops`),
    index('customers_search_grams_idx').using('gin', t.searchGrams),
    index('customers_search_text_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('customers_deleted_idx').on(t.orgId, t.deletedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is not null`),
    index('customers_region_idx').on(t.orgId, t.provinceCode, t.cityCode, t.districtCode),
    tenantPolicy('customers'),
  ],
);

/** Related customers (CUS-05): a channel customer lists the end customers it serves, and other relations. */
export const customerRelations = pgTable(
  'customer_relations',
  {
    orgId: orgId(),
    customerId: uuid('customer_id').notNull(),
    relatedId: uuid('related_id').notNull(),
    relationType: text('relation_type'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.customerId, t.relatedId] }),
    index('customer_relations_related_idx').on(t.orgId, t.relatedId),
    tenantPolicy('customer_relations'),
  ],
);

