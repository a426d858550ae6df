import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Db, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError, versionConflict } from '../../lib/errors.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import { withOrg, withSystem } from '../../lib/tx.ts';
import { translate, type Locale, type MessageKey } from '../../../shared/i18n/messages.ts';
import {
  DEFAULT_POOL_RULES,
  POOL_LEVEL_DEFAULT,
  type PoolAssign,
  type PoolClaim,
  type PoolEventsQuery,
  type PoolRefusal,
  type PoolReturn,
  type PoolSettingsUpdate,
} from '../../../shared/validation/pool.ts';
import { diff, recordAudits, systemWho, type Who } from '../audit/audit.service.ts';
import { customerVisible, getAccessibleCustomer, loadCustomerAccess } from '../customers/customers.access.ts';
import { changeOwner, type OwnerChange } from '../customers/customers.ownership.ts';
import { customers } from '../customers/customers.schema.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import type { Mailer } from '../notifications/mailer.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { users } from '../users/users.schema.ts';
import { poolEvents, poolSettings, type PoolEventKind, type PoolRules } from './pool.schema.ts';

/**
 * The public pool (公海, CUS-06 and issue section 3). Customers without an owner are in the pool; anyone who may
 * edit customers claims them within the organisation's limits, owners return them, managers assign them, and a
 * daily job sends back the ones left too long without a follow-up or a deal. Every move goes through the
 * customers module's `changeOwner`, which also writes the pool event.
 */

export interface PoolNotifier {
  mailer: Mailer;
  publicUrl: string;
}

/* ---------- rules ---------- */

export async function poolRulesOf(tx: Tx, orgId: string) {
  const [row] = await tx.select().from(poolSettings).where(eq(poolSettings.orgId, orgId));
  return { rules: row?.rules ?? DEFAULT_POOL_RULES, version: row?.version ?? null, updatedAt: row?.updatedAt ?? null };
}

export async function getPoolSettings(tx: Tx, actor: Actor) {
  return poolRulesOf(tx, actor.orgId);
}

/** Per-level rules may only name levels the organisation's dictionary knows (enabled or not: customers may keep old ones). */
async function assertKnownLevels(tx: Tx, orgId: string, rules: PoolRules) {
  const named = (map: Record<string, number | null>) => Object.keys(map).filter((k) => k !== POOL_LEVEL_DEFAULT);
  const wanted = [...new Set([...named(rules.noFollowupDays), ...named(rules.noDealDays)])];
  if (!wanted.length) return;
  const known = new Set(
    (
      await tx
        .select({ code: dictItems.code })
        .from(dictItems)
        .where(and(eq(dictItems.orgId, orgId), eq(dictItems.dictType, 'customer_level'), inArray(dictItems.code, wanted)))
    ).map((r) => r.code),
  );
  const fields: Record<string, MessageKey> = {};
  for (const key of ['noFollowupDays', 'noDealDays'] as const) {
    for (const level of named(rules[key])) if (!known.has(level)) fields[`rules.${key}.${level}`] = 'v.poolLevel';
  }
  if (Object.keys(fields).length) throw fieldError(fields);
}

export async function updatePoolSettings(tx: Tx, actor: Actor, input: PoolSettingsUpdate) {
  await assertKnownLevels(tx, actor.orgId, input.rules);
  const current = await poolRulesOf(tx, actor.orgId);
  if ((input.version ?? null) !== current.version) throw versionConflict();
  const [row] =
    current.version === null
      ? await tx.insert(poolSettings).values({ orgId: actor.orgId, rules: input.rules }).onConflictDoNothing().returning()
      : await tx
          .update(poolSettings)
          .set({ rules: input.rules, updatedAt: new Date(), version: sql`${poolSettings.version} + 1` })
          .where(and(eq(poolSettings.orgId, actor.orgId), eq(poolSettings.version, current.version)))
          .returning();
  if (!row) throw versionConflict();
  await recordAudits(tx, actor, [
    { module: 'pool', action: 'update_rules', recordType: 'pool_settings', recordId: actor.orgId, recordLabel: 'pool', ...diff({ ...current.rules }, { ...row.rules }) },
  ]);
  return { rules: row.rules, version: row.version, updatedAt: row.updatedAt };
}

/* ---------- when an owned customer returns ---------- */

/** The number of days a per-level rule gives the customer's level: its own entry, else '*'; null is "never". */
function daysForLevel(map: Record<string, number | null>): SQL {
  const fallback = map[POOL_LEVEL_DEFAULT] ?? null;
  const levels = Object.entries(map).filter(([k]) => k !== POOL_LEVEL_DEFAULT);
  if (!levels.length) return sql`${fallback}::int`;
  return sql`(case ${sql.join(
    levels.map(([level, days]) => sql`when ${customers.level} = ${level} then ${days}::int`),
    sql` `,
  )} else ${fallback}::int end)`;
}

/**
 * When an owned customer falls due for the pool: N days (by its level) after the later of its last follow-up and
 * the day its owner got it, or M days after the later of its last deal and that day, whichever comes first. A
 * rule without days for the level never applies (make_interval of null is null, and least() skips nulls).
 */
function dueExpressions(rules: PoolRules) {
  const since = (fact: SQL) => sql`coalesce(greatest(${fact}, ${customers.ownerSince}), ${customers.createdAt})`;
  const followupDue = sql`${since(sql`${customers.lastFollowupAt}`)} + make_interval(days => ${daysForLevel(rules.noFollowupDays)})`;
  const dealDue = sql`${since(sql`${customers.lastDealAt}`)} + make_interval(days => ${daysForLevel(rules.noDealDays)})`;
  return { followupDue, dealDue, dueAt: sql`least(${followupDue}, ${dealDue})` };
}

/** Owned, approved customers the rules can send back (not in an exempt status, not in the recycle bin). */
function reclaimable(rules: PoolRules): SQL {
  return sql`${customers.ownerId} is not null and ${customers.approvalState} = 'active' and ${customers.deletedAt} is null
    and ${customers.status} <> all(${`{${rules.exemptStatuses.join(',')}}`}::text[])`;
}

/**
 * The actor's customers that return to the pool within the warning window (or are already due and wait for the
 * next run), soonest first, for the home page's work list.
 */
export async function aboutToReturn(tx: Tx, actor: Actor, { limit, now = new Date() }: { limit: number; now?: Date }) {
  const { rules } = await poolRulesOf(tx, actor.orgId);
  if (!rules.enabled) return { items: [], total: 0 };
  const { followupDue, dueAt } = dueExpressions(rules);
  const rows = await queryRows<{ id: string; number: string; name: string; due_at: string; reason: string; total: number }>(
    tx,
    sql`select id, number, name, due_at, reason, count(*) over () ::int as total from (
          select ${customers.id} as id, ${customers.number} as number, ${customers.name} as name, ${dueAt} as due_at,
                 case when ${followupDue} <= ${dueAt} then 'no_followup' else 'no_deal' end as reason
            from ${customers}
           where ${customers.orgId} = ${actor.orgId} and ${customers.ownerId} = ${actor.userId} and ${reclaimable(rules)}
        ) c
        where due_at <= ${now}::timestamptz + make_interval(days => ${rules.warnDaysBefore}::int)
        order by due_at, id
        limit ${limit}`,
  );
  return {
    items: rows.map((r) => ({ id: r.id, number: r.number, name: r.name, dueAt: new Date(r.due_at), reason: r.reason })),
    total: rows[0]?.total ?? 0,
  };
}

/* ---------- claim, return, assign ---------- */

interface Refused {
  id: string;
  code: PoolRefusal;
  message: string;
}

const REFUSAL_MESSAGES: Record<PoolRefusal, MessageKey> = {
  not_found: 'not_found',
  forbidden: 'forbidden',
  not_in_pool: 'v.poolNotInPool',
  in_pool: 'v.poolInPool',
  not_active: 'v.poolNotActive',
  approval_pending: 'approval_pending',
  waiting: 'v.poolWaiting',
};

/** All or nothing: one refused customer refuses the request, naming every refused customer and why. */
function refuse(actor: Actor, refused: [string, PoolRefusal][], params: Record<string, number>, fields?: Record<string, MessageKey>): never {
  const errors: Refused[] = refused.map(([id, code]) => ({ id, code, message: translate(actor.locale, REFUSAL_MESSAGES[code], params) }));
  throw new AppError('pool_refused', 422, fields, params, { errors });
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** The customers named, locked for the move, with what the actor may do with each. */
async function lockCustomers(tx: Tx, actor: Actor, ids: readonly string[]) {
  const acc = await loadCustomerAccess(tx, actor);
  const rows = await tx
    .select({
      id: customers.id,
      name: customers.name,
      ownerId: customers.ownerId,
      approvalState: customers.approvalState,
      pendingRequestId: customers.pendingRequestId,
      readable: sql<boolean>`${customerVisible(acc, 'read')}`,
      writable: sql<boolean>`${customerVisible(acc, 'write')}`,
    })
    .from(customers)
    .where(and(eq(customers.orgId, actor.orgId), sql`${customers.id} = any(${uuidArray(ids)}::uuid[])`))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

/** Start of the actor's today, in their time zone: the daily claim limit counts from there. */
const startOfToday = (actor: Actor) => sql`(date_trunc('day', now() at time zone ${actor.timeZone}) at time zone ${actor.timeZone})`;

async function claimFacts(tx: Tx, actor: Actor) {
  const [row] = await queryRows<{ owned: number; claimed_today: number }>(
    tx,
    sql`select (select count(*) from ${customers} where ${customers.orgId} = ${actor.orgId} and ${customers.ownerId} = ${actor.userId} and ${customers.deletedAt} is null)::int as owned,
               (select count(*) from ${poolEvents}
                 where ${poolEvents.orgId} = ${actor.orgId} and ${poolEvents.actorId} = ${actor.userId} and ${poolEvents.kind} = 'claim'
                   and ${poolEvents.at} >= ${startOfToday(actor)})::int as claimed_today`,
  );
  return { owned: row!.owned, claimedToday: row!.claimed_today };
}

/** What the pool page shows beside the claim buttons: the actor's standing against the limits. */
export async function myPoolStatus(tx: Tx, actor: Actor) {
  const { rules } = await poolRulesOf(tx, actor.orgId);
  const facts = await claimFacts(tx, actor);
  return { ...facts, maxOwnedPerUser: rules.maxOwnedPerUser, maxClaimsPerDay: rules.maxClaimsPerDay, reclaimWaitDays: rules.reclaimWaitDays };
}

function auditMoves(tx: Tx, who: Who, action: PoolEventKind, changed: OwnerChange[], toOwnerId: string | null, reason: string | null) {
  return recordAudits(
    tx,
    who,
    changed.map((c) => ({
      module: 'pool',
      action,
      recordType: 'customer',
      recordId: c.id,
      recordLabel: c.name,
      before: { ownerId: c.fromOwnerId },
      after: { ownerId: toOwnerId, ...(reason ? { reason } : {}) },
    })),
  );
}

/**
 * Claims pool customers for the actor. Each must be in the pool and readable, and not one the actor returned (or
 * lost to a reclaim) within the waiting period; the claim must keep the actor within the owned and daily limits.
 * Claims by one user are serialised, so two at once cannot both slip under a limit.
 */
export async function claimFromPool(tx: Tx, actor: Actor, input: PoolClaim) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`pool.claim:${actor.orgId}:${actor.userId}`}, 0))`);
  const { rules } = await poolRulesOf(tx, actor.orgId);
  const rows = await lockCustomers(tx, actor, input.ids);
  const waiting = rules.reclaimWaitDays
    ? new Set(
        (
          await queryRows<{ customer_id: string }>(
            tx,
            sql`select distinct ${poolEvents.customerId} as customer_id from ${poolEvents}
                 where ${poolEvents.orgId} = ${actor.orgId} and ${poolEvents.fromOwnerId} = ${actor.userId}
                   and ${poolEvents.customerId} = any(${uuidArray(input.ids)}::uuid[])
                   and ${poolEvents.kind} in ('return', 'reclaim')
                   and ${poolEvents.at} > now() - make_interval(days => ${rules.reclaimWaitDays}::int)`,
          )
        ).map((r) => r.customer_id),
      )
    : new Set<string>();
  const refused: [string, PoolRefusal][] = [];
  for (const id of input.ids) {
    const row = rows.get(id);
    if (!row?.readable) refused.push([id, 'not_found']);
    else if (row.ownerId !== null) refused.push([id, 'not_in_pool']);
    else if (row.approvalState !== 'active') refused.push([id, 'not_active']);
    else if (waiting.has(id)) refused.push([id, 'waiting']);
  }
  const facts = await claimFacts(tx, actor);
  const params = { maxOwned: rules.maxOwnedPerUser ?? 0, maxClaims: rules.maxClaimsPerDay ?? 0, waitDays: rules.reclaimWaitDays };
  const fields: Record<string, MessageKey> = {};
  if (rules.maxOwnedPerUser !== null && facts.owned + input.ids.length > rules.maxOwnedPerUser) fields.ids = 'v.poolMaxOwned';
  else if (rules.maxClaimsPerDay !== null && facts.claimedToday + input.ids.length > rules.maxClaimsPerDay) fields.ids = 'v.poolDailyLimit';
  if (refused.length || Object.keys(fields).length) refuse(actor, refused, params, Object.keys(fields).length ? fields : undefined);

  const changed = await changeOwner(tx, actor.orgId, actor.userId, input.ids, actor.userId, 'claim');
  await auditMoves(tx, actor, 'claim', changed, actor.userId, null);
  return { claimed: changed.length, owned: facts.owned + changed.length, claimedToday: facts.claimedToday + changed.length };
}

/** Sends customers the actor may change back to the pool, with the reason the pool event keeps. */
export async function returnToPool(tx: Tx, actor: Actor, input: PoolReturn) {
  const rows = await lockCustomers(tx, actor, input.ids);
  const refused: [string, PoolRefusal][] = [];
  for (const id of input.ids) {
    const row = rows.get(id);
    if (!row?.readable) refused.push([id, 'not_found']);
    else if (row.ownerId === null) refused.push([id, 'in_pool']);
    else if (!row.writable) refused.push([id, 'forbidden']);
    else if (row.approvalState !== 'active') refused.push([id, 'not_active']);
    else if (row.pendingRequestId) refused.push([id, 'approval_pending']);
  }
  if (refused.length) refuse(actor, refused, {});
  const changed = await changeOwner(tx, actor.orgId, actor.userId, input.ids, null, 'return', input.reason);
  await auditMoves(tx, actor, 'return', changed, null, input.reason);
  return { returned: changed.length };
}

/** Gives pool customers to a user (customer:assign); the organisation's claim limits bind claims, not managers. */
export async function assignFromPool(tx: Tx, ctx: PoolNotifier, actor: Actor, input: PoolAssign) {
  const [owner] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, input.ownerId), eq(users.status, 'active')));
  if (!owner) throw fieldError({ ownerId: 'v.notFound' });
  const rows = await lockCustomers(tx, actor, input.ids);
  const refused: [string, PoolRefusal][] = [];
  for (const id of input.ids) {
    const row = rows.get(id);
    if (!row?.readable) refused.push([id, 'not_found']);
    else if (row.ownerId !== null) refused.push([id, 'not_in_pool']);
    else if (row.approvalState !== 'active') refused.push([id, 'not_active']);
  }
  if (refused.length) refuse(actor, refused, {});
  const changed = await changeOwner(tx, actor.orgId, actor.userId, input.ids, input.ownerId, 'assign', input.reason ?? null);
  await auditMoves(tx, actor, 'assign', changed, input.ownerId, input.reason ?? null);
  if (input.ownerId !== actor.userId) {
    const locales = await userLocales(tx, actor.orgId, [input.ownerId]);
    await notifyOwners(tx, ctx, actor.orgId, locales, new Map([[input.ownerId, changed.map((c) => c.name)]]), (locale, names) => ({
      kind: 'pool_assigned',
      title: locale === 'zh-CN' ? `${actor.name} 给您分配了 ${names.total} 个公海客户` : `${actor.name} assigned you ${names.total} customers from the pool`,
      body: nameList(locale, names),
      link: '/pool?tab=mine',
    }));
  }
  return { assigned: changed.length };
}

/* ---------- history ---------- */

const fromUser = alias(users, 'from_user');
const toUser = alias(users, 'to_user');
const actorUser = alias(users, 'actor_user');

/** A customer's owner changes, newest first: claims, returns, reclaims, assignments and transfers. */
export async function poolEventsOf(tx: Tx, actor: Actor, query: PoolEventsQuery) {
  const acc = await loadCustomerAccess(tx, actor);
  await getAccessibleCustomer(tx, acc, query.customerId, 'read');
  const rows = await tx
    .select({
      id: poolEvents.id,
      kind: poolEvents.kind,
      at: poolEvents.at,
      reason: poolEvents.reason,
      fromId: poolEvents.fromOwnerId,
      fromName: fromUser.name,
      toId: poolEvents.toOwnerId,
      toName: toUser.name,
      actorId: poolEvents.actorId,
      actorName: actorUser.name,
      cursorAt: keysetAt(poolEvents.at),
    })
    .from(poolEvents)
    .leftJoin(fromUser, and(eq(fromUser.orgId, poolEvents.orgId), eq(fromUser.id, poolEvents.fromOwnerId)))
    .leftJoin(toUser, and(eq(toUser.orgId, poolEvents.orgId), eq(toUser.id, poolEvents.toOwnerId)))
    .leftJoin(actorUser, and(eq(actorUser.orgId, poolEvents.orgId), eq(actorUser.id, poolEvents.actorId)))
    .where(
      and(
        eq(poolEvents.orgId, actor.orgId),
        eq(poolEvents.customerId, query.customerId),
        afterCursor(poolEvents.at, poolEvents.id, decodeCursor(query.cursor)),
      ),
    )
    // NULLS LAST matches pool_events_customer_idx.
    .orderBy(sql`${poolEvents.at} desc nulls last`, desc(poolEvents.id))
    .limit(query.limit + 1);
  const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  const page = keysetPage(rows, query.limit);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      kind: r.kind,
      at: r.at,
      reason: r.reason,
      from: person(r.fromId, r.fromName),
      to: person(r.toId, r.toName),
      actor: person(r.actorId, r.actorName),
    })),
    nextCursor: page.nextCursor,
  };
}

/* ---------- notices ---------- */

/** Each user's language: their preference, else the organisation's. */
async function userLocales(tx: Tx, orgId: string, userIds: string[]): Promise<Map<string, Locale>> {
  if (!userIds.length) return new Map();
  const rows = await queryRows<{ id: string; locale: string }>(
    tx,
    sql`select u.id, coalesce(u.prefs->>'locale', o.default_locale) as locale
          from users u join organizations o on o.id = u.org_id
         where u.org_id = ${orgId} and u.id = any(${uuidArray(userIds)}::uuid[]) and u.status = 'active'`,
  );
  return new Map(rows.map((r) => [r.id, r.locale === 'en-US' ? 'en-US' : 'zh-CN']));
}

/** How many names a notice lists before "and N more". */
const NOTICE_NAMES = 10;

interface Names {
  names: string[];
  total: number;
}

function nameList(locale: Locale, { names, total }: Names): string {
  const shown = names.slice(0, NOTICE_NAMES);
  const more = total - shown.length;
  if (locale === 'zh-CN') return `${shown.join('、')}${more > 0 ? ` 等 ${total} 个` : ''}`;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

async function notifyOwners(
  tx: Tx,
  ctx: PoolNotifier,
  orgId: string,
  locales: Map<string, Locale>,
  byOwner: Map<string, string[]>,
  build: (locale: Locale, names: Names) => { kind: string; title: string; body: string; link: string },
) {
  for (const [ownerId, names] of byOwner) {
    const locale = locales.get(ownerId);
    // Disabled or deleted owners get nothing.
    if (!locale) continue;
    await notifyUsers(tx, ctx.mailer, orgId, [ownerId], build(locale, { names, total: names.length }), ctx.publicUrl);
  }
}

/* ---------- the reclaim job ---------- */

export interface ReclaimOptions {
  /** The clock; tests move it. */
  now?: Date;
  orgIds?: string[];
  /** Customers examined per transaction. */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface ReclaimResult {
  orgId: string;
  reclaimed: number;
  warned: number;
}

/** Per owner: the first few names and how many, across all batches of one organisation's run. */
class OwnerTally {
  readonly byOwner = new Map<string, Names>();
  add(ownerId: string, name: string) {
    const entry = this.byOwner.get(ownerId) ?? { names: [], total: 0 };
    if (entry.names.length < NOTICE_NAMES) entry.names.push(name);
    entry.total++;
    this.byOwner.set(ownerId, entry);
  }
}

interface Candidate {
  id: string;
  name: string;
  owner_id: string;
  due_at: string;
  reason: 'no_followup' | 'no_deal';
  due: boolean;
  warn: boolean;
}

/**
 * One organisation's run: every customer is examined once, in primary-key batches of one transaction each, so a
 * million customers never hold a transaction (or the embedded database) for long and the work resumes from any
 * batch. Rows another transaction holds are skipped (SKIP LOCKED): they are looked at again next run.
 * Warnings are sent once per approach: `pool_warned_at` marks the owner as warned for the current due date, and a
 * follow-up that moves the due date past the mark makes a later approach warn again.
 */
export async function reclaimOrg(db: Db, ctx: PoolNotifier, orgId: string, options: ReclaimOptions = {}): Promise<ReclaimResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5000;
  const rules = await withOrg(db, orgId, async (tx) => (await poolRulesOf(tx, orgId)).rules);
  const result = { orgId, reclaimed: 0, warned: 0 };
  if (!rules.enabled) return result;
  const { followupDue, dueAt } = dueExpressions(rules);
  const reclaimedTally = new OwnerTally();
  const warnedTally = new OwnerTally();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    if (options.signal?.aborted) break;
    const upper = await withOrg(db, orgId, async (tx) => {
      const [edge] = await queryRows<{ id: string }>(
        tx,
        sql`select id from customers where org_id = ${orgId} and id > ${after}::uuid order by id offset ${batchSize - 1} limit 1`,
      );
      const candidates = await queryRows<Candidate>(
        tx,
        sql`select id, name, owner_id, due_at, reason, due_at <= ${now}::timestamptz as due,
                   (pool_warned_at is null or pool_warned_at < due_at - make_interval(days => ${rules.warnDaysBefore}::int)) as warn
              from (select ${customers.id} as id, ${customers.name} as name, ${customers.ownerId} as owner_id,
                           ${customers.poolWarnedAt} as pool_warned_at, ${dueAt} as due_at,
                           case when ${followupDue} <= ${dueAt} then 'no_followup' else 'no_deal' end as reason
                      from ${customers}
                     where ${customers.orgId} = ${orgId} and ${customers.id} > ${after}::uuid
                       ${edge ? sql`and ${customers.id} <= ${edge.id}::uuid` : sql``}
                       and ${reclaimable(rules)}
                     for update skip locked) c
             where due_at <= ${now}::timestamptz + make_interval(days => ${rules.warnDaysBefore}::int)`,
      );
      for (const reason of ['no_followup', 'no_deal'] as const) {
        const ids = candidates.filter((c) => c.due && c.reason === reason).map((c) => c.id);
        if (!ids.length) continue;
        const changed = await changeOwner(tx, orgId, null, ids, null, 'reclaim', reason);
        await auditMoves(tx, systemWho(orgId), 'reclaim', changed, null, reason);
        for (const c of changed) if (c.fromOwnerId) reclaimedTally.add(c.fromOwnerId, c.name);
        result.reclaimed += changed.length;
      }
      const warn = candidates.filter((c) => !c.due && c.warn);
      if (warn.length) {
        await tx.execute(sql`update customers set pool_warned_at = ${now}::timestamptz where org_id = ${orgId} and id = any(${uuidArray(warn.map((c) => c.id))}::uuid[])`);
        for (const c of warn) warnedTally.add(c.owner_id, c.name);
        result.warned += warn.length;
      }
      return edge?.id;
    });
    if (!upper) break;
    after = upper;
  }
  await withOrg(db, orgId, async (tx) => {
    const owners = [...new Set([...reclaimedTally.byOwner.keys(), ...warnedTally.byOwner.keys()])];
    const locales = await userLocales(tx, orgId, owners);
    for (const [ownerId, names] of reclaimedTally.byOwner) {
      const locale = locales.get(ownerId);
      if (!locale) continue;
      const zh = locale === 'zh-CN';
      await notifyUsers(
        tx,
        ctx.mailer,
        orgId,
        [ownerId],
        {
          kind: 'pool_reclaimed',
          title: zh ? `${names.total} 个客户已退回公海` : `${names.total} customers returned to the pool`,
          body: zh
            ? `以下客户长期未跟进或未成交，已按公海规则退回公海：${nameList(locale, names)}`
            : `These customers went too long without a follow-up or a deal and returned to the pool under its rules: ${nameList(locale, names)}`,
          link: '/pool',
        },
        ctx.publicUrl,
      );
    }
    for (const [ownerId, names] of warnedTally.byOwner) {
      const locale = locales.get(ownerId);
      if (!locale) continue;
      const zh = locale === 'zh-CN';
      await notifyUsers(
        tx,
        ctx.mailer,
        orgId,
        [ownerId],
        {
          kind: 'pool_warning',
          title: zh ? `${names.total} 个客户即将退回公海` : `${names.total} customers will soon return to the pool`,
          body: zh
            ? `以下客户将在 ${rules.warnDaysBefore} 天内退回公海，请及时跟进：${nameList(locale, names)}`
            : `These customers return to the pool within ${rules.warnDaysBefore} days unless you follow them up: ${nameList(locale, names)}`,
          link: '/',
        },
        ctx.publicUrl,
      );
    }
  });
  return result;
}

const ORG_PAGE = 200;

/**
 * Runs the reclaim for the organisations whose local time is `hour` o'clock (the hourly schedule thus reaches
 * each organisation once a day, at night in its own time zone), or for the named ones whatever their time.
 */
export async function runPoolReclaim(
  db: Db,
  ctx: PoolNotifier,
  options: ReclaimOptions & { hour?: number; log?: { error: (obj: object, msg: string) => void } } = {},
): Promise<{ done: ReclaimResult[]; failed: string[] }> {
  const done: ReclaimResult[] = [];
  const failed: string[] = [];
  const now = options.now ?? new Date();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const orgs = await withSystem(db, (tx) =>
      queryRows<{ id: string }>(
        tx,
        sql`select id from organizations
             where id > ${after}::uuid
               ${options.orgIds ? sql`and id = any(${uuidArray(options.orgIds)}::uuid[])` : sql`and extract(hour from ${now}::timestamptz at time zone time_zone) = ${options.hour ?? RECLAIM_HOUR}`}
             order by id limit ${ORG_PAGE}`,
      ),
    );
    for (const org of orgs) {
      if (options.signal?.aborted) return { done, failed };
      try {
        done.push(await reclaimOrg(db, ctx, org.id, { ...options, now }));
      } catch (err) {
        failed.push(org.id);
        options.log?.error({ err, orgId: org.id }, 'pool reclaim failed for an organisation');
      }
    }
    if (orgs.length < ORG_PAGE) return { done, failed };
    after = orgs.at(-1)!.id;
  }
}

/** Local hour of the nightly run: after the working day's follow-ups are in, before the next day starts. */
export const RECLAIM_HOUR = 2;
