import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';

export interface PoolRules {
  enabled: boolean;
  /** Days without a follow-up before a customer returns to the pool, per customer level ('*' is the default). */
  noFollowupDays: Record<string, number | null>;
  /** Days without a deal before a customer returns to the pool, per level ('*' is the default). */
  noDealDays: Record<string, number | null>;
  exemptStatuses: string[];
  warnDaysBefore: number;
  maxOwnedPerUser: number | null;
  maxClaimsPerDay: number | null;
  /** Days a previous owner waits before claiming the same customer again. */
  reclaimWaitDays: number;
}

export const poolSettings = pgTable(
  'pool_settings',
  {
    orgId: orgId(),
    rules: jsonb('rules').$type<PoolRules>().notNull(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.orgId] }), tenantPolicy('pool_settings')],
);

export type PoolEventKind = 'claim' | 'return' | 'reclaim' | 'assign' | 'transfer';

/** Every change of a customer's owner: claims, returns, automatic reclaims, assignments and transfers. */
export const poolEvents = pgTable(
  'pool_events',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<PoolEventKind>().notNull(),
    fromOwnerId: uuid('from_owner_id'),
    toOwnerId: uuid('to_owner_id'),
    actorId: uuid('actor_id'),
    reason: text('reason'),
    at: createdAt('at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('pool_events_customer_idx').on(t.orgId, t.customerId, t.at.desc()),
    index('pool_events_actor_idx').on(t.orgId, t.actorId, t.kind, t.at.desc()),
    index('pool_events_from_idx').on(t.orgId, t.fromOwnerId, t.customerId, t.at.desc()),
    tenantPolicy('pool_events'),
  ],
);
