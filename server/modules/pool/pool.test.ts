import { and, asc, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/columns.ts';
import { withOrg, withSystem } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, uniq, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { DEFAULT_POOL_RULES, type PoolRulesInput } from '../../../shared/validation/pool.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { loadSession } from '../auth/auth.service.ts';
import { customers } from '../customers/customers.schema.ts';
import { notifications } from '../notifications/notifications.schema.ts';
import { sharingModes } from '../roles/roles.schema.ts';
import { users } from '../users/users.schema.ts';
import { poolReclaimJob } from './pool.job.ts';
import { poolEvents } from './pool.schema.ts';
import { aboutToReturn, runPoolReclaim } from './pool.service.ts';

const env = useTestApp();
const DAY = 86_400_000;
const SALES: Permission[] = ['customer:view', 'customer:edit'];

type CustomerValues = Partial<typeof customers.$inferInsert>;

/** Customers written straight to the table: the pool reads them as the customers module leaves them. */
async function addCustomers(org: TestOrg, rows: CustomerValues[]) {
  return withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .insert(customers)
      .values(
        rows.map((v) => {
          const name = v.name ?? `客户${uniq()}`;
          return { orgId: org.orgId, number: uniq('KH'), name, nameKey: name, ownerSince: v.ownerId ? new Date() : null, ...v };
        }),
      )
      .returning(),
  );
}

const poolCustomers = (org: TestOrg, n: number, values: CustomerValues = {}) => addCustomers(org, Array.from({ length: n }, () => ({ ownerId: null, poolEnteredAt: new Date(), ...values })));

async function setRules(org: TestOrg, rules: Partial<PoolRulesInput>) {
  const current = (await org.admin.get('/api/v1/pool/settings')).json();
  const res = await org.admin.put('/api/v1/pool/settings', { rules: { ...current.rules, ...rules }, version: current.version });
  expect(res.statusCode, res.body).toBe(200);
}

async function ownerOf(org: TestOrg, id: string) {
  const [row] = await withOrg(env.database.db, org.orgId, (tx) => tx.select({ ownerId: customers.ownerId }).from(customers).where(and(eq(customers.orgId, org.orgId), eq(customers.id, id))));
  return row!.ownerId;
}

async function eventsOf(org: TestOrg, customerId: string) {
  return withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .select({ kind: poolEvents.kind, fromOwnerId: poolEvents.fromOwnerId, toOwnerId: poolEvents.toOwnerId, reason: poolEvents.reason })
      .from(poolEvents)
      .where(and(eq(poolEvents.orgId, org.orgId), eq(poolEvents.customerId, customerId)))
      .orderBy(asc(poolEvents.at)),
  );
}

async function noticesOf(org: TestOrg, userId: string) {
  return withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .select({ kind: notifications.kind, title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.orgId, org.orgId), eq(notifications.userId, userId)))
      .orderBy(asc(notifications.createdAt)),
  );
}

/** Pool events moved back in time, as if they had happened `days` ago. */
const ageEvents = (org: TestOrg, userId: string, days: number) =>
  withSystem(env.database.db, (tx) =>
    tx.execute(sql`update pool_events set at = at - make_interval(days => ${days}::int) where org_id = ${org.orgId} and (actor_id = ${userId} or from_owner_id = ${userId})`),
  );

function expectRefused(res: LightMyRequestResponse, refused: [string, string][], fields?: Record<string, string>) {
  expect(res.statusCode, res.body).toBe(422);
  const error = res.json().error;
  expect(error.code).toBe('pool_refused');
  expect(error.errors.map((e: { id: string; code: string }) => [e.id, e.code])).toEqual(refused);
  for (const e of error.errors) expect(e.message).not.toBe('');
  if (fields) expect(error.fields).toEqual(fields);
}

describe('pool settings', () => {
  it('starts from the defaults, saves with settings:edit and a version, checks every rule and audits the change', async () => {
    const org = await createTestOrg(env);
    const { client: sales } = await createTestUser(org, { permissions: SALES });
    const read = await sales.get('/api/v1/pool/settings');
    expect(read.json()).toEqual({ rules: DEFAULT_POOL_RULES, version: null, updatedAt: null });

    expectError(await sales.put('/api/v1/pool/settings', { rules: DEFAULT_POOL_RULES }), 403, 'forbidden');
    const bad = { ...DEFAULT_POOL_RULES, noFollowupDays: { a: 0 }, noDealDays: { '*': 90, 'x y': 3 }, warnDaysBefore: 31, maxOwnedPerUser: 0, reclaimWaitDays: -1, exemptStatuses: ['vip'] };
    expectFieldsFlagged(await org.admin.put('/api/v1/pool/settings', { rules: bad }), [
      'rules.noFollowupDays',
      'rules.noFollowupDays.a',
      'rules.noDealDays.x y',
      'rules.warnDaysBefore',
      'rules.maxOwnedPerUser',
      'rules.reclaimWaitDays',
      'rules.exemptStatuses.0',
    ]);
    expectError(await org.admin.put('/api/v1/pool/settings', { rules: { ...DEFAULT_POOL_RULES, noFollowupDays: { '*': 30, a: 60, zz: 10 } } }), 422, 'validation_failed', {
      'rules.noFollowupDays.zz': 'v.poolLevel',
    });

    const rules = { ...DEFAULT_POOL_RULES, noFollowupDays: { '*': 30, a: 60, c: null }, maxClaimsPerDay: null };
    const saved = await org.admin.put('/api/v1/pool/settings', { rules });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ rules, version: 0 });
    expectError(await org.admin.put('/api/v1/pool/settings', { rules, version: null }), 409, 'version_conflict');
    expect((await org.admin.put('/api/v1/pool/settings', { rules: { ...rules, warnDaysBefore: 5 }, version: 0 })).json().version).toBe(1);

    const audit = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select({ action: auditLogs.action, after: auditLogs.after }).from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.module, 'pool'))).orderBy(asc(auditLogs.at)),
    );
    expect(audit.map((a) => a.action)).toEqual(['update_rules', 'update_rules']);
    expect(audit[1]!.after).toEqual({ warnDaysBefore: 5 });
  });
});

describe('claiming', () => {
  it('moves pool customers to the actor, records the event and the audit entry, and shows the standing against the limits', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const [a, b] = await poolCustomers(org, 2);
    const res = await client.post('/api/v1/pool/claim', { ids: [a!.id, b!.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ claimed: 2, owned: 2, claimedToday: 2 });
    expect(await ownerOf(org, a!.id)).toBe(user.id);
    expect(await eventsOf(org, a!.id)).toEqual([{ kind: 'claim', fromOwnerId: null, toOwnerId: user.id, reason: null }]);
    const audit = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select({ action: auditLogs.action, after: auditLogs.after }).from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.recordId, a!.id))),
    );
    expect(audit).toEqual([{ action: 'claim', after: { ownerId: user.id } }]);
    expect((await client.get('/api/v1/pool/me')).json()).toEqual({ owned: 2, claimedToday: 2, maxOwnedPerUser: 500, maxClaimsPerDay: 20, reclaimWaitDays: 7 });

    const history = (await client.get(`/api/v1/pool/events?customerId=${a!.id}`)).json();
    expect(history.items).toMatchObject([{ kind: 'claim', from: null, to: { id: user.id }, actor: { id: user.id } }]);
  });

  it('is all or nothing, naming each customer it refuses and why', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const [free] = await poolCustomers(org, 1);
    const [owned] = await addCustomers(org, [{ ownerId: org.adminId }]);
    const missing = newId();
    const res = await client.post('/api/v1/pool/claim', { ids: [free!.id, owned!.id, missing] });
    // Someone else's customer is not even visible to a 'self' scope: it is refused as not found.
    expectRefused(res, [
      [owned!.id, 'not_found'],
      [missing, 'not_found'],
    ]);
    expect(await ownerOf(org, free!.id)).toBeNull();

    const { client: all } = await createTestUser(org, { permissions: SALES, scope: 'all' });
    expectRefused(await all.post('/api/v1/pool/claim', { ids: [owned!.id] }), [[owned!.id, 'not_in_pool']]);
    expect(res.json().error.errors[0].message).toBe(translate('zh-CN', 'not_found'));

    expectFieldsFlagged(await client.post('/api/v1/pool/claim', { ids: [] }), ['ids']);
    expectFieldsFlagged(await client.post('/api/v1/pool/claim', { ids: [free!.id, free!.id] }), ['ids']);
    expectFieldsFlagged(await client.post('/api/v1/pool/claim', { ids: Array.from({ length: 101 }, newId) }), ['ids']);
    const { client: viewer } = await createTestUser(org, { permissions: ['customer:view'] });
    expectError(await viewer.post('/api/v1/pool/claim', { ids: [free!.id] }), 403, 'forbidden');
  });

  it('keeps a user within the owned limit and the daily claim limit', async () => {
    const org = await createTestOrg(env);
    await setRules(org, { maxOwnedPerUser: 3, maxClaimsPerDay: 2 });
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    await addCustomers(org, [{ ownerId: user.id }]);
    const pool = await poolCustomers(org, 4);

    const tooMany = await client.post('/api/v1/pool/claim', { ids: pool.slice(0, 3).map((c) => c.id) });
    expectRefused(tooMany, [], { ids: translate('zh-CN', 'v.poolMaxOwned', { maxOwned: 3 }) });

    expect((await client.post('/api/v1/pool/claim', { ids: [pool[0]!.id] })).statusCode).toBe(200);
    expect((await client.post('/api/v1/pool/claim', { ids: [pool[1]!.id] })).statusCode).toBe(200);
    // Owned limit reached first (3 owned).
    expectRefused(await client.post('/api/v1/pool/claim', { ids: [pool[2]!.id] }), [], { ids: translate('zh-CN', 'v.poolMaxOwned', { maxOwned: 3 }) });

    await setRules(org, { maxOwnedPerUser: null });
    expectRefused(await client.post('/api/v1/pool/claim', { ids: [pool[2]!.id] }), [], { ids: translate('zh-CN', 'v.poolDailyLimit', { maxClaims: 2 }) });
    // Yesterday's claims do not count today.
    await ageEvents(org, user.id, 1);
    expect((await client.post('/api/v1/pool/claim', { ids: [pool[2]!.id, pool[3]!.id] })).json()).toEqual({ claimed: 2, owned: 5, claimedToday: 2 });
  });

  it('makes a previous owner wait before claiming back what they returned or lost to a reclaim', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const { client: other } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const [c, d] = await addCustomers(org, [{ ownerId: user.id }, { ownerId: user.id }]);

    expectFieldsFlagged(await client.post('/api/v1/pool/return', { ids: [c!.id] }), ['reason']);
    expect((await client.post('/api/v1/pool/return', { ids: [c!.id, d!.id], reason: '客户暂无需求' })).json()).toEqual({ returned: 2 });
    expect(await eventsOf(org, c!.id)).toEqual([{ kind: 'return', fromOwnerId: user.id, toOwnerId: null, reason: '客户暂无需求' }]);

    const refused = await client.post('/api/v1/pool/claim', { ids: [c!.id] });
    expectRefused(refused, [[c!.id, 'waiting']]);
    expect(refused.json().error.errors[0].message).toBe(translate('zh-CN', 'v.poolWaiting', { waitDays: 7 }));
    // Anyone else may claim at once.
    expect((await other.post('/api/v1/pool/claim', { ids: [d!.id] })).statusCode).toBe(200);

    await ageEvents(org, user.id, 6);
    expectRefused(await client.post('/api/v1/pool/claim', { ids: [c!.id] }), [[c!.id, 'waiting']]);
    await ageEvents(org, user.id, 2);
    expect((await client.post('/api/v1/pool/claim', { ids: [c!.id] })).statusCode).toBe(200);
  });
});

describe('returning and assigning', () => {
  it('returns only customers the actor may change, and not ones in the pool', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const [mine, admins, pooled] = await addCustomers(org, [{ ownerId: user.id }, { ownerId: org.adminId }, { ownerId: null }]);
    expectRefused(await client.post('/api/v1/pool/return', { ids: [mine!.id, admins!.id, pooled!.id], reason: '无效' }), [
      [admins!.id, 'not_found'],
      [pooled!.id, 'in_pool'],
    ]);
    expect(await ownerOf(org, mine!.id)).toBe(user.id);

    // Readable through the sharing mode, but not writable.
    await withOrg(env.database.db, org.orgId, (tx) => tx.update(sharingModes).set({ mode: 'public_read' }).where(and(eq(sharingModes.orgId, org.orgId), eq(sharingModes.recordType, 'customer'))));
    expectRefused(await client.post('/api/v1/pool/return', { ids: [admins!.id], reason: '无效' }), [[admins!.id, 'forbidden']]);

    const [pending] = await addCustomers(org, [{ ownerId: user.id, pendingRequestId: newId() }]);
    expectRefused(await client.post('/api/v1/pool/return', { ids: [pending!.id], reason: '无效' }), [[pending!.id, 'approval_pending']]);
  });

  it('assigns pool customers with customer:assign to an active user, who is told', async () => {
    const org = await createTestOrg(env);
    const { user: rep } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const { client: sales } = await createTestUser(org, { permissions: SALES, scope: 'all' });
    const { client: manager } = await createTestUser(org, { permissions: [...SALES, 'customer:assign'], scope: 'all' });
    const [a, b] = await poolCustomers(org, 2);
    expectError(await sales.post('/api/v1/pool/assign', { ids: [a!.id], ownerId: rep.id }), 403, 'forbidden');

    await withOrg(env.database.db, org.orgId, (tx) => tx.update(users).set({ status: 'disabled' }).where(and(eq(users.orgId, org.orgId), eq(users.id, org.adminId))));
    expectError(await manager.post('/api/v1/pool/assign', { ids: [a!.id], ownerId: org.adminId }), 422, 'validation_failed', { ownerId: 'v.notFound' });

    const res = await manager.post('/api/v1/pool/assign', { ids: [a!.id, b!.id], ownerId: rep.id, reason: '按区域分配' });
    expect(res.json()).toEqual({ assigned: 2 });
    expect(await eventsOf(org, a!.id)).toEqual([{ kind: 'assign', fromOwnerId: null, toOwnerId: rep.id, reason: '按区域分配' }]);
    const notices = await noticesOf(org, rep.id);
    expect(notices.map((n) => n.kind)).toEqual(['pool_assigned']);
    expect(notices[0]!.body).toContain(a!.name);
    expectRefused(await manager.post('/api/v1/pool/assign', { ids: [a!.id], ownerId: rep.id }), [[a!.id, 'not_in_pool']]);
  });

  it('shows a customer’s owner history only to those who may read the customer', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const { client: stranger } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const [c] = await poolCustomers(org, 1);
    await client.post('/api/v1/pool/claim', { ids: [c!.id] });
    await client.post('/api/v1/pool/return', { ids: [c!.id], reason: '不合适' });
    // Owned again (out of the pool, which every customer viewer reads), so the stranger's 'self' scope misses it.
    await withOrg(env.database.db, org.orgId, (tx) => tx.update(customers).set({ ownerId: user.id }).where(eq(customers.id, c!.id)));
    const page1 = (await client.get(`/api/v1/pool/events?customerId=${c!.id}&limit=1`)).json();
    expect(page1.items.map((e: { kind: string }) => e.kind)).toEqual(['return']);
    expect(page1.items[0]).toMatchObject({ reason: '不合适', from: { id: user.id }, to: null });
    const page2 = (await client.get(`/api/v1/pool/events?customerId=${c!.id}&limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((e: { kind: string }) => e.kind)).toEqual(['claim']);
    expect(page2.nextCursor).toBeNull();
    expectError(await stranger.get(`/api/v1/pool/events?customerId=${c!.id}`), 404, 'not_found');
  });
});

describe('reclaim', () => {
  const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);
  const ctx = () => ({ mailer: env.app.kehu.mailer, publicUrl: 'http://kehu.test' });

  async function actorFor(client: Client) {
    return (await loadSession(env.database.db, client.cookies.kehu_session, { ip: null, userAgent: null, locale: 'zh-CN' }))!.actor;
  }

  it('returns customers left too long without a follow-up or a deal, by level, sparing exempt ones, and warns before', async () => {
    const org = await createTestOrg(env);
    await setRules(org, { noFollowupDays: { '*': 30, a: 60, c: null }, noDealDays: { '*': 90 }, exemptStatuses: ['signed'], warnDaysBefore: 3 });
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const now = new Date();
    const [stale, keyLevel, soon, signed, noDeal, followedUp] = await addCustomers(org, [
      { name: '长期未跟进', ownerId: user.id, level: 'b', ownerSince: ago(now, 40) },
      { name: 'A类客户', ownerId: user.id, level: 'a', ownerSince: ago(now, 40) },
      { name: '即将到期', ownerId: user.id, level: 'b', ownerSince: ago(now, 100), lastFollowupAt: ago(now, 28), lastDealAt: ago(now, 10) },
      { name: '签约客户', ownerId: user.id, level: 'b', status: 'signed', ownerSince: ago(now, 200) },
      { name: '长期未成交', ownerId: user.id, level: 'c', ownerSince: ago(now, 95), lastFollowupAt: ago(now, 1) },
      { name: '刚跟进', ownerId: user.id, level: 'b', ownerSince: ago(now, 100), lastFollowupAt: ago(now, 2), lastDealAt: ago(now, 2) },
    ]);
    const [pooled] = await poolCustomers(org, 1);

    // Batches of two: the run walks the customers in several transactions.
    const first = await runPoolReclaim(env.database.db, ctx(), { orgIds: [org.orgId], now, batchSize: 2 });
    expect(first).toEqual({ done: [{ orgId: org.orgId, reclaimed: 2, warned: 1 }], failed: [] });
    expect(await ownerOf(org, stale!.id)).toBeNull();
    expect(await ownerOf(org, noDeal!.id)).toBeNull();
    for (const c of [keyLevel, soon, signed, followedUp]) expect(await ownerOf(org, c!.id)).toBe(user.id);
    expect(await ownerOf(org, pooled!.id)).toBeNull();
    expect(await eventsOf(org, stale!.id)).toEqual([{ kind: 'reclaim', fromOwnerId: user.id, toOwnerId: null, reason: 'no_followup' }]);
    expect(await eventsOf(org, noDeal!.id)).toEqual([{ kind: 'reclaim', fromOwnerId: user.id, toOwnerId: null, reason: 'no_deal' }]);
    const audit = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select({ actorId: auditLogs.actorId, action: auditLogs.action }).from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.recordId, stale!.id))),
    );
    expect(audit).toEqual([{ actorId: null, action: 'reclaim' }]);

    // One transaction stamps both notices alike: sorted by kind.
    const notices = (await noticesOf(org, user.id)).sort((x, y) => x.kind.localeCompare(y.kind));
    expect(notices.map((n) => [n.kind, n.title])).toEqual([
      ['pool_reclaimed', '2 个客户已退回公海'],
      ['pool_warning', '1 个客户即将退回公海'],
    ]);
    expect(notices[0]!.body).toContain('长期未跟进');
    expect(notices[1]!.body).toContain('即将到期');

    // The home page's list: the customer due in two days, with its date.
    const actor = await actorFor(client);
    const list = await withOrg(env.database.db, org.orgId, (tx) => aboutToReturn(tx, actor, { limit: 10, now }));
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: soon!.id, name: '即将到期', reason: 'no_followup' });
    expect(Math.round((list.items[0]!.dueAt.getTime() - now.getTime()) / DAY)).toBe(2);

    // Running again the same day changes nothing and warns nobody twice.
    expect((await runPoolReclaim(env.database.db, ctx(), { orgIds: [org.orgId], now })).done).toEqual([{ orgId: org.orgId, reclaimed: 0, warned: 0 }]);
    expect(await noticesOf(org, user.id)).toHaveLength(2);

    // Three days on, the warned customer is due.
    const later = new Date(now.getTime() + 3 * DAY);
    expect((await runPoolReclaim(env.database.db, ctx(), { orgIds: [org.orgId], now: later })).done[0]).toMatchObject({ reclaimed: 1 });
    expect(await ownerOf(org, soon!.id)).toBeNull();
  });

  it('warns again when a follow-up moved the due date and it approaches once more', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const now = new Date();
    const [c] = await addCustomers(org, [{ ownerId: user.id, ownerSince: ago(now, 100), lastFollowupAt: ago(now, 29), lastDealAt: ago(now, 1) }]);
    expect((await runPoolReclaim(env.database.db, ctx(), { orgIds: [org.orgId], now })).done[0]!.warned).toBe(1);
    await withOrg(env.database.db, org.orgId, (tx) => tx.update(customers).set({ lastFollowupAt: now }).where(eq(customers.id, c!.id)));
    const nextApproach = new Date(now.getTime() + 28 * DAY);
    expect((await runPoolReclaim(env.database.db, ctx(), { orgIds: [org.orgId], now: nextApproach })).done[0]).toEqual({ orgId: org.orgId, reclaimed: 0, warned: 1 });
    expect((await noticesOf(org, user.id)).map((n) => n.kind)).toEqual(['pool_warning', 'pool_warning']);
  });

  it('does nothing when the rules are off, and reaches each organisation at night in its time zone', async () => {
    const org = await createTestOrg(env);
    await setRules(org, { enabled: false });
    const { user, client } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const now = new Date();
    const [c] = await addCustomers(org, [{ ownerId: user.id, ownerSince: ago(now, 400) }]);
    expect((await runPoolReclaim(env.database.db, ctx(), { orgIds: [org.orgId], now })).done).toEqual([{ orgId: org.orgId, reclaimed: 0, warned: 0 }]);
    const actor = await actorFor(client);
    expect((await withOrg(env.database.db, org.orgId, (tx) => aboutToReturn(tx, actor, { limit: 5 }))).total).toBe(0);
    await setRules(org, { enabled: true });

    // 18:00 UTC is 02:00 in Shanghai, the organisation's zone; 10:00 UTC is not.
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const midday = await runPoolReclaim(env.database.db, ctx(), { now: new Date(day.getTime() + 10 * 3_600_000) });
    expect(midday.done.map((r) => r.orgId)).not.toContain(org.orgId);
    const night = await runPoolReclaim(env.database.db, ctx(), { now: new Date(day.getTime() + 18 * 3_600_000) });
    expect(night.done.find((r) => r.orgId === org.orgId)).toMatchObject({ reclaimed: 1 });
    expect(await ownerOf(org, c!.id)).toBeNull();
  });

  it('runs as a job with the clock and organisations given in its data', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: SALES, scope: 'self' });
    const [c] = await addCustomers(org, [{ ownerId: user.id }]);
    const jobCtx = {
      db: env.database.db,
      mailer: env.app.kehu.mailer,
      publicUrl: 'http://kehu.test',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      signal: new AbortController().signal,
      job: { id: newId(), name: poolReclaimJob.name },
      send: async () => null,
    } satisfies JobContext;
    const inAYear = new Date(Date.now() + 365 * DAY).toISOString();
    expect(await poolReclaimJob.handler({ orgIds: [org.orgId], now: inAYear }, jobCtx)).toEqual({ organisations: 1, reclaimed: 1, warned: 0 });
    expect(await ownerOf(org, c!.id)).toBeNull();
  });
});
