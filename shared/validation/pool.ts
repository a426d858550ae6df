import { z } from 'zod';
import { pageQuery, uuid, version } from './common.ts';
import { CUSTOMER_STATUSES, dictCodeValue } from './customers.ts';

/**
 * The public pool (公海): rules per organisation, claims, returns and assignments. The rules' shape is the
 * `PoolRules` of pool.schema.ts; '*' in a per-level map is the value for every level not listed, and null means
 * "never" (a level kept out of that rule).
 */

export const POOL_LEVEL_DEFAULT = '*';
/** One claim, return or assignment at a time: a page of the pool list, checked and moved in one statement. */
export const POOL_BATCH_MAX = 100;
export const POOL_MAX_DAYS = 3650;

const days = z.number().int().min(1, 'v.poolDays').max(POOL_MAX_DAYS, 'v.poolDays');
const levelKey = z.union([z.literal(POOL_LEVEL_DEFAULT), dictCodeValue]);
const daysByLevel = z
  .record(levelKey, days.nullable(), { error: (issue) => (issue.code === 'invalid_key' ? 'v.poolLevel' : undefined) })
  .refine((m) => POOL_LEVEL_DEFAULT in m, { message: 'v.poolDefaultLevel' })
  .refine((m) => Object.keys(m).length <= 50, { message: 'v.tooMany' });

export const poolRules = z.object({
  /** Off: customers never return on their own; claiming, returning and assigning still work. */
  enabled: z.boolean(),
  noFollowupDays: daysByLevel,
  noDealDays: daysByLevel,
  exemptStatuses: z.array(z.enum(CUSTOMER_STATUSES)).max(CUSTOMER_STATUSES.length),
  warnDaysBefore: z.number().int().min(0, 'v.poolWarnDays').max(30, 'v.poolWarnDays'),
  maxOwnedPerUser: z.number().int().min(1, 'v.poolLimit').max(1_000_000, 'v.poolLimit').nullable(),
  maxClaimsPerDay: z.number().int().min(1, 'v.poolLimit').max(10_000, 'v.poolLimit').nullable(),
  reclaimWaitDays: z.number().int().min(0, 'v.poolWaitDays').max(365, 'v.poolWaitDays'),
});
export type PoolRulesInput = z.infer<typeof poolRules>;

/** What an organisation that never saved its rules gets. */
export const DEFAULT_POOL_RULES: PoolRulesInput = {
  enabled: true,
  noFollowupDays: { [POOL_LEVEL_DEFAULT]: 30 },
  noDealDays: { [POOL_LEVEL_DEFAULT]: 90 },
  exemptStatuses: ['signed'],
  warnDaysBefore: 3,
  maxOwnedPerUser: 500,
  maxClaimsPerDay: 20,
  reclaimWaitDays: 7,
};

/** `version` is that of the rules read; an organisation still on the defaults has none. */
export const poolSettingsUpdate = z.object({ rules: poolRules, version: version.nullish() });
export type PoolSettingsUpdate = z.infer<typeof poolSettingsUpdate>;

const poolIds = z
  .array(uuid)
  .min(1, 'v.required')
  .max(POOL_BATCH_MAX, 'v.tooMany')
  .refine((ids) => new Set(ids).size === ids.length, 'v.duplicateIds');

export const poolClaim = z.object({ ids: poolIds });
export type PoolClaim = z.infer<typeof poolClaim>;

export const poolReturn = z.object({ ids: poolIds, reason: z.string().trim().min(1, 'v.required').max(500) });
export type PoolReturn = z.infer<typeof poolReturn>;

export const poolAssign = z.object({ ids: poolIds, ownerId: uuid, reason: z.string().trim().max(500).optional() });
export type PoolAssign = z.infer<typeof poolAssign>;

export const poolEventsQuery = pageQuery.extend({ customerId: uuid });
export type PoolEventsQuery = z.infer<typeof poolEventsQuery>;

/**
 * Why one customer of a claim, return or assignment was refused; the whole request is refused with these
 * (`error.errors`, beside code and fields), so nothing moves unless everything can.
 */
export const POOL_REFUSALS = ['not_found', 'forbidden', 'not_in_pool', 'in_pool', 'not_active', 'approval_pending', 'waiting'] as const;
export type PoolRefusal = (typeof POOL_REFUSALS)[number];

/** Reasons an automatic reclaim records on the pool event. */
export const POOL_RECLAIM_REASONS = ['no_followup', 'no_deal'] as const;
