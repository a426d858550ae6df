import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { createTestOrg, createTestUser, expectError, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { approvalRequests, approvalSteps } from '../approvals/approvals.schema.ts';
import { salesTeam, SALES, seedCustomer, setTimeZone } from '../contacts/contacts.testing.ts';
import { customers } from '../customers/customers.schema.ts';

const env = useTestApp();

interface Item {
  id: string;
  name: string;
  nextContactAt: string;
  owner: { id: string; name: string } | null;
}
interface Section {
  count: number;
  capped: boolean;
  items: { id: string }[];
}

/** The instant a calendar day starts in a time zone (found by correcting a UTC guess with the zone's offset). */
function zonedMidnight(timeZone: string, day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(new Date(t))
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!) - t;
  };
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first));
}
const todayIn = (timeZone: string, now = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
const minutes = (n: number) => n * 60_000;

async function setNextContact(org: TestOrg, customerId: string, at: Date | null) {
  await withOrg(env.database.db, org.orgId, (tx) =>
    tx.update(customers).set({ nextContactAt: at }).where(and(eq(customers.orgId, org.orgId), eq(customers.id, customerId))),
  );
}

describe('contact work lists', () => {
  it('splits today from overdue at midnight in the reader’s own time zone', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    // Samoa's day differs from Shanghai's (the organisation's) for most of every day.
    const tz = 'Pacific/Pago_Pago';
    await setTimeZone(org, user.id, tz);
    const start = zonedMidnight(tz, todayIn(tz));
    const end = new Date(start.getTime() + 24 * 3600_000);
    const c = {
      early: await seedCustomer(org, { ownerId: user.id, name: '今天一早', nextContactAt: new Date(start.getTime() + minutes(1)) }),
      late: await seedCustomer(org, { ownerId: user.id, name: '今天很晚', nextContactAt: new Date(end.getTime() - minutes(1)) }),
      yesterday: await seedCustomer(org, { ownerId: user.id, name: '昨天', nextContactAt: new Date(start.getTime() - minutes(1)) }),
      lastWeek: await seedCustomer(org, { ownerId: user.id, name: '上周', nextContactAt: new Date(start.getTime() - 7 * 24 * 3600_000) }),
      tomorrow: await seedCustomer(org, { ownerId: user.id, name: '明天', nextContactAt: end }),
      none: await seedCustomer(org, { ownerId: user.id, name: '未约' }),
      others: await seedCustomer(org, { ownerId: org.adminId, name: '别人的', nextContactAt: new Date(start.getTime() + minutes(5)) }),
    };
    const names = async (list: string) => ((await client.get(`/api/v1/worklists/${list}`)).json().items as Item[]).map((i) => i.name);
    expect(await names('today')).toEqual(['今天一早', '今天很晚']);
    // Overdue: the most recently missed first.
    expect(await names('overdue')).toEqual(['昨天', '上周']);

    const summary = (await client.get('/api/v1/worklists')).json() as Record<string, Section | null>;
    expect(summary.today).toMatchObject({ count: 2, capped: false, items: [{ id: c.early.id }, { id: c.late.id }] });
    expect(summary.overdue).toMatchObject({ count: 2, items: [{ id: c.yesterday.id }, { id: c.lastWeek.id }] });
    expect(summary.today!.items[0]).toMatchObject({ name: '今天一早', owner: { id: user.id, name: user.name } });

    // Keyset pages of one row.
    const first = (await client.get('/api/v1/worklists/today?limit=1')).json();
    expect(first.items.map((i: Item) => i.name)).toEqual(['今天一早']);
    const second = (await client.get(`/api/v1/worklists/today?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ items: [{ name: '今天很晚' }], nextCursor: null });
    expectError(await client.get(`/api/v1/worklists/overdue?limit=1&cursor=${first.nextCursor}`), 400, 'validation_failed', { cursor: 'v.cursor' });
    expectError(await client.get('/api/v1/worklists/today?team=maybe'), 400, 'validation_failed');

    // A follow-up that moves the next contact to tomorrow takes the customer off today's list.
    await setNextContact(org, c.early.id, null);
    const res = await client.post('/api/v1/followups', {
      customerId: c.early.id,
      method: 'phone',
      content: '改约明天',
      occurredAt: new Date(Date.now() - minutes(10)).toISOString(),
      nextContactAt: new Date(end.getTime() + minutes(60)).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await names('today')).toEqual(['今天很晚']);
  });

  it('shows the team’s customers with `team`, by the reader’s visibility', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org);
    const soon = new Date(Date.now() + minutes(1));
    const shanghaiEnd = zonedMidnight('Asia/Shanghai', todayIn('Asia/Shanghai', new Date(Date.now() + 24 * 3600_000)));
    // Still today in Shanghai (the tests' users keep the organisation's zone): a minute ahead, unless that crosses midnight.
    const today = soon < shanghaiEnd ? soon : new Date(Date.now() - minutes(1));
    const repCustomer = await seedCustomer(org, { ownerId: team.rep.user.id, nextContactAt: today });
    const mgrCustomer = await seedCustomer(org, { ownerId: team.manager.user.id, nextContactAt: today });
    await seedCustomer(org, { ownerId: team.outsider.user.id, nextContactAt: today });
    await seedCustomer(org, { ownerId: null, nextContactAt: today });
    const ids = async (client: TestOrg['admin'], query = '') => ((await client.get(`/api/v1/worklists/today?${query}`)).json().items as Item[]).map((i) => i.id).sort();
    expect(await ids(team.manager.client)).toEqual([mgrCustomer.id]);
    expect(await ids(team.manager.client, 'team=true')).toEqual([repCustomer.id, mgrCustomer.id].sort());
    expect(await ids(team.rep.client, 'team=true')).toEqual([repCustomer.id]);
    const summary = (await team.manager.client.get('/api/v1/worklists?team=true')).json();
    expect(summary.today.count).toBe(2);
  });
});

describe('other work lists', () => {
  it('lists my customers about to return to the pool and the approvals waiting for me', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const returning = await seedCustomer(org, { ownerId: user.id, name: '快要回公海' });
    await withOrg(env.database.db, org.orgId, (tx) =>
      tx
        .update(customers)
        .set({ lastFollowupAt: new Date(Date.now() - 28 * 24 * 3600_000), createdAt: new Date(Date.now() - 60 * 24 * 3600_000) })
        .where(and(eq(customers.orgId, org.orgId), eq(customers.id, returning.id))),
    );
    await seedCustomer(org, { ownerId: user.id, name: '刚领取' });
    const pending = await seedCustomer(org, { ownerId: org.adminId, name: '待审批客户', approvalState: 'pending' });
    await withOrg(env.database.db, org.orgId, async (tx) => {
      const [request] = await tx
        .insert(approvalRequests)
        .values({ orgId: org.orgId, recordType: 'customer', recordId: pending.id, recordLabel: pending.name, action: 'create', submitterId: org.adminId, levels: [{ approvers: { kind: 'users', userIds: [user.id] }, signoff: 'any' }] })
        .returning();
      await tx.insert(approvalSteps).values({ orgId: org.orgId, requestId: request!.id, level: 0, approverId: user.id });
    });
    const summary = (await client.get('/api/v1/worklists')).json();
    expect(summary.returning).toMatchObject({ count: 1, items: [{ id: returning.id, name: '快要回公海', reason: 'no_followup' }] });
    expect(summary.approvals).toMatchObject({ count: 1, items: [{ recordId: pending.id, recordLabel: '待审批客户' }] });
    expect((await client.get('/api/v1/worklists/returning')).json()).toMatchObject({ total: 1, items: [{ id: returning.id }] });
    expect((await client.get('/api/v1/worklists/approvals')).json()).toMatchObject({ items: [{ recordId: pending.id }], nextCursor: null });
    expect((await client.get('/api/v1/worklists/returning?limit=500')).statusCode).toBe(400);
  });

  it('gives a user who may not view customers only the approvals', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: [] });
    expect((await client.get('/api/v1/worklists')).json()).toEqual({ today: null, overdue: null, returning: null, approvals: { count: 0, capped: false, items: [] } });
    expectError(await client.get('/api/v1/worklists/today'), 403, 'forbidden');
    expect((await client.get('/api/v1/worklists/approvals')).statusCode).toBe(200);
  });
});
