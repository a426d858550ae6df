import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditOf, customerRow, salesTeam, SALES, seedCustomer, setCustomerSharing, shareCustomer } from '../contacts/contacts.testing.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import { followups } from './followups.schema.ts';

const env = useTestApp();

interface Followup {
  id: string;
  customerId: string;
  customer: { id: string; name: string };
  contactId: string | null;
  contact: { id: string; name: string; mobile: string | null } | null;
  method: string;
  content: string;
  occurredAt: string;
  nextContactAt: string | null;
  remindedAt: string | null;
  author: { id: string; name: string } | null;
  version: number;
  canEdit: boolean;
  canDelete: boolean;
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const hoursAhead = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

const followupsOf = (org: TestOrg) => withOrg(env.database.db, org.orgId, (tx) => tx.select().from(followups).where(eq(followups.orgId, org.orgId)));

async function logFollowup(client: TestOrg['admin'], body: Record<string, unknown>) {
  const res = await client.post('/api/v1/followups', { method: 'phone', content: '电话沟通需求', occurredAt: hoursAgo(1), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Followup;
}

async function facts(org: TestOrg, customerId: string) {
  const c = await customerRow(org, customerId);
  return { lastFollowupAt: c.lastFollowupAt?.toISOString() ?? null, lastFollowupContent: c.lastFollowupContent, nextContactAt: c.nextContactAt?.toISOString() ?? null, version: c.version };
}

describe('logging follow-ups', () => {
  it('stores the record with its contact, keeps the customer facts and audits', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const customer = await seedCustomer(org, { ownerId: user.id, name: '青岛啤酒' });
    const contact = (await client.post('/api/v1/contacts', { customerId: customer.id, name: '王强', mobile: '13700001111' })).json();
    const occurredAt = hoursAgo(2);
    const nextContactAt = hoursAhead(48);
    const f = await logFollowup(client, { customerId: customer.id, contactId: contact.id, method: 'visit', content: '上门拜访，介绍新产品', occurredAt, nextContactAt });
    expect(f).toMatchObject({
      customer: { id: customer.id, name: '青岛啤酒' },
      contact: { id: contact.id, name: '王强', mobile: '13700001111' },
      method: 'visit',
      content: '上门拜访，介绍新产品',
      occurredAt,
      nextContactAt,
      remindedAt: null,
      author: { id: user.id, name: user.name },
      version: 0,
      canEdit: true,
      canDelete: true,
    });
    expect(await facts(org, customer.id)).toEqual({ lastFollowupAt: occurredAt, lastFollowupContent: '上门拜访，介绍新产品', nextContactAt, version: 0 });
    const [row] = await followupsOf(org);
    expect(row).toMatchObject({ ownerId: user.id, createdBy: user.id });
    const [logged] = await auditOf(org, 'followup', 'create');
    expect(logged).toMatchObject({ recordId: f.id, recordLabel: '青岛啤酒', after: { method: 'visit', contactId: contact.id } });
    expect((await client.get(`/api/v1/followups/${f.id}`)).json()).toMatchObject({ id: f.id, method: 'visit' });
  });

  it('refuses each bad input with its field error and writes nothing', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const other = await seedCustomer(org, { ownerId: org.adminId });
    const otherContact = (await org.admin.post('/api/v1/contacts', { customerId: other.id, name: '赵六' })).json();
    await withOrg(env.database.db, org.orgId, (tx) =>
      tx.update(dictItems).set({ enabled: false }).where(and(eq(dictItems.orgId, org.orgId), eq(dictItems.dictType, 'followup_method'), eq(dictItems.code, 'qq'))),
    );
    const base = { customerId: customer.id, method: 'phone', content: '沟通', occurredAt: hoursAgo(1) };
    const flagged: [Record<string, unknown>, string[]][] = [
      [{ content: '   ' }, ['content']],
      [{ content: 'x'.repeat(5001) }, ['content']],
      [{ method: '' }, ['method']],
      [{ occurredAt: 'yesterday' }, ['occurredAt']],
      [{ occurredAt: '2024-01-01T10:00:00' }, ['occurredAt']],
      [{ occurredAt: hoursAhead(1) }, ['occurredAt']],
      [{ nextContactAt: hoursAgo(2) }, ['nextContactAt']],
      [{ nextContactAt: 'soon' }, ['nextContactAt']],
      [{ contactId: 'x' }, ['contactId']],
      [{ customerId: undefined }, ['customerId']],
      [{ content: '', nextContactAt: hoursAgo(3) }, ['content', 'nextContactAt']],
    ];
    for (const [patch, fields] of flagged) expectFieldsFlagged(await org.admin.post('/api/v1/followups', { ...base, ...patch }), fields);
    const ruled: [Record<string, unknown>, Record<string, 'v.contactNotOfCustomer' | 'v.unknownOption' | 'v.customerNoFollowup'>][] = [
      [{ contactId: otherContact.id }, { contactId: 'v.contactNotOfCustomer' }],
      [{ contactId: '0190f5a0-0000-7000-8000-000000000000' }, { contactId: 'v.contactNotOfCustomer' }],
      [{ method: 'pigeon' }, { method: 'v.unknownOption' }],
      [{ method: 'qq' }, { method: 'v.unknownOption' }],
      [{ method: 'pigeon', contactId: otherContact.id }, { method: 'v.unknownOption', contactId: 'v.contactNotOfCustomer' }],
      [{ customerId: '0190f5a0-0000-7000-8000-000000000000' }, { customerId: 'v.customerNoFollowup' }],
    ];
    for (const [patch, fields] of ruled) expectError(await org.admin.post('/api/v1/followups', { ...base, ...patch }), 422, 'validation_failed', fields);
    expect(await followupsOf(org)).toEqual([]);
    expect(await auditOf(org, 'followup')).toEqual([]);
    expect(await facts(org, customer.id)).toMatchObject({ lastFollowupAt: null, nextContactAt: null });
    // The next contact must be strictly after this one; a blank one means none.
    expectFieldsFlagged(await org.admin.post('/api/v1/followups', { ...base, nextContactAt: base.occurredAt }), ['nextContactAt']);
    expect((await logFollowup(org.admin, { ...base, nextContactAt: '' })).nextContactAt).toBeNull();
  });

  it('lets those who see an owned customer log on it; the pool must be claimed first', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org);
    const repCustomer = await seedCustomer(org, { ownerId: team.rep.user.id });
    const pool = await seedCustomer(org, { ownerId: null });
    const pendingOfRep = await seedCustomer(org, { ownerId: team.rep.user.id, approvalState: 'pending' });
    // Owner, superior, read-only co-owner: yes.
    await logFollowup(team.rep.client, { customerId: repCustomer.id });
    await logFollowup(team.manager.client, { customerId: repCustomer.id });
    await shareCustomer(org, repCustomer.id, team.outsider.user.id, 'read');
    await logFollowup(team.outsider.client, { customerId: repCustomer.id });
    await logFollowup(team.rep.client, { customerId: pendingOfRep.id });
    // Someone who cannot see it, the pool under a narrow scope, a pending customer of someone else: no.
    for (const [client, customerId] of [
      [team.rep2.client, repCustomer.id],
      [team.rep.client, pool.id],
      [team.manager.client, pendingOfRep.id],
    ] as const) {
      expectError(await client.post('/api/v1/followups', { customerId, method: 'phone', content: '沟通', occurredAt: hoursAgo(1) }), 422, 'validation_failed', {
        customerId: 'v.customerNoFollowup',
      });
    }
    await logFollowup(org.admin, { customerId: pool.id });
    expect((await followupsOf(org)).map((f) => f.ownerId).sort()).toEqual([team.rep.user.id, team.rep.user.id, team.rep.user.id, team.rep.user.id, null].sort());
    const { client: viewer } = await createTestUser(org, { permissions: ['customer:view', 'activity:view'], scope: 'all' });
    expectError(await viewer.post('/api/v1/followups', { customerId: repCustomer.id, method: 'phone', content: '沟通', occurredAt: hoursAgo(1) }), 403, 'forbidden');
  });
});

describe('the customer facts', () => {
  it('follow the latest follow-up through creation, edits and deletion, without bumping the customer version', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const old = await logFollowup(org.admin, { customerId: customer.id, content: '第一次', occurredAt: hoursAgo(48), nextContactAt: hoursAhead(1) });
    const latest = await logFollowup(org.admin, { customerId: customer.id, content: '第二次', occurredAt: hoursAgo(24), nextContactAt: hoursAhead(72) });
    // Logged later but about an earlier contact: the latest stays the latest.
    await logFollowup(org.admin, { customerId: customer.id, content: '补录', occurredAt: hoursAgo(100) });
    expect(await facts(org, customer.id)).toEqual({ lastFollowupAt: latest.occurredAt, lastFollowupContent: '第二次', nextContactAt: latest.nextContactAt, version: 0 });

    // Moving the latest one back in time makes the older one the latest.
    const moved = await org.admin.put(`/api/v1/followups/${latest.id}`, { method: 'phone', content: '第二次（改）', occurredAt: hoursAgo(72), nextContactAt: null, version: 0 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await facts(org, customer.id)).toMatchObject({ lastFollowupAt: old.occurredAt, lastFollowupContent: '第一次', nextContactAt: old.nextContactAt });

    // Editing the latest one's next contact shows at once.
    const next = hoursAhead(5);
    await org.admin.put(`/api/v1/followups/${old.id}`, { method: 'visit', content: '第一次', occurredAt: old.occurredAt, nextContactAt: next, version: 0 });
    expect((await facts(org, customer.id)).nextContactAt).toBe(next);

    expect((await org.admin.delete(`/api/v1/followups/${old.id}`)).statusCode).toBe(204);
    expect(await facts(org, customer.id)).toMatchObject({ lastFollowupContent: '第二次（改）', nextContactAt: null });
    for (const f of (await followupsOf(org)).filter((r) => !r.deletedAt)) expect((await org.admin.delete(`/api/v1/followups/${f.id}`)).statusCode).toBe(204);
    expect(await facts(org, customer.id)).toEqual({ lastFollowupAt: null, lastFollowupContent: null, nextContactAt: null, version: 0 });
    expect(await auditOf(org, 'followup', 'delete')).toHaveLength(3);
  });

  it('keeps the first 500 characters of a long follow-up on the customer', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    await logFollowup(org.admin, { customerId: customer.id, content: '长'.repeat(800) });
    expect((await facts(org, customer.id)).lastFollowupContent).toBe('长'.repeat(500));
  });
});

describe('changing and deleting follow-ups', () => {
  it('the author, or whoever may write the customer, may change one; the version is checked', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org);
    const customer = await seedCustomer(org, { ownerId: team.rep.user.id });
    await shareCustomer(org, customer.id, team.outsider.user.id, 'read');
    const byOutsider = await logFollowup(team.outsider.client, { customerId: customer.id, content: '客服回访' });
    const byRep = await logFollowup(team.rep.client, { customerId: customer.id, content: '销售跟进' });
    const body = (version: number) => ({ method: 'phone', content: '改过', occurredAt: hoursAgo(1), version });

    const seen = (await team.outsider.client.get(`/api/v1/followups?customerId=${customer.id}`)).json().items as Followup[];
    expect(seen.find((f) => f.id === byOutsider.id)).toMatchObject({ canEdit: true, canDelete: true });
    expect(seen.find((f) => f.id === byRep.id)).toMatchObject({ canEdit: false, canDelete: false });
    expectError(await team.outsider.client.put(`/api/v1/followups/${byRep.id}`, body(0)), 403, 'forbidden');
    expectError(await team.outsider.client.delete(`/api/v1/followups/${byRep.id}`), 403, 'forbidden');
    expect((await team.outsider.client.put(`/api/v1/followups/${byOutsider.id}`, body(0))).statusCode).toBe(200);
    // The owner's superior writes the customer, so any of its follow-ups.
    expect((await team.manager.client.put(`/api/v1/followups/${byOutsider.id}`, body(1))).statusCode).toBe(200);
    expectError(await team.rep.client.put(`/api/v1/followups/${byOutsider.id}`, body(1)), 409, 'version_conflict');
    expectError(await team.rep2.client.put(`/api/v1/followups/${byOutsider.id}`, body(2)), 404, 'not_found');
    expectFieldsFlagged(await team.rep.client.put(`/api/v1/followups/${byOutsider.id}`, { ...body(2), nextContactAt: hoursAgo(5) }), ['nextContactAt']);
    const [logged] = (await auditOf(org, 'followup', 'update')).filter((a) => a.actorId === team.manager.user.id);
    // Only what changed: the same text again is not logged as a change.
    expect(logged).toMatchObject({ recordId: byOutsider.id, before: { occurredAt: expect.any(String) }, after: { occurredAt: expect.any(String) } });
    expect(logged!.after).not.toHaveProperty('content');

    // Deleting needs activity:delete besides.
    const { user: noDelete, client: noDeleteClient } = await createTestUser(org, { permissions: SALES.filter((p) => p !== 'activity:delete') });
    const own = await seedCustomer(org, { ownerId: noDelete.id });
    const f = await logFollowup(noDeleteClient, { customerId: own.id });
    expect(f.canDelete).toBe(false);
    expectError(await noDeleteClient.delete(`/api/v1/followups/${f.id}`), 403, 'forbidden');
    expect((await team.outsider.client.delete(`/api/v1/followups/${byOutsider.id}`)).statusCode).toBe(204);
  });

  it('keeps a method that was disabled since, refuses switching to one, and checks the contact', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const f = await logFollowup(org.admin, { customerId: customer.id, method: 'qq' });
    await withOrg(env.database.db, org.orgId, (tx) =>
      tx.update(dictItems).set({ enabled: false }).where(and(eq(dictItems.orgId, org.orgId), eq(dictItems.dictType, 'followup_method'), eq(dictItems.code, 'qq'))),
    );
    const update = (patch: Record<string, unknown>, version: number) => org.admin.put(`/api/v1/followups/${f.id}`, { method: 'qq', content: '改', occurredAt: f.occurredAt, version, ...patch });
    expect((await update({}, 0)).statusCode).toBe(200);
    expectError(await update({ method: 'nope' }, 1), 422, 'validation_failed', { method: 'v.unknownOption' });
    const elsewhere = await seedCustomer(org, { ownerId: org.adminId });
    const stranger = (await org.admin.post('/api/v1/contacts', { customerId: elsewhere.id, name: '陌生人' })).json();
    expectError(await update({ contactId: stranger.id }, 1), 422, 'validation_failed', { contactId: 'v.contactNotOfCustomer' });
    // The customer is fixed: a body naming another one does not move it.
    const res = await update({ customerId: elsewhere.id }, 1);
    expect(res.json().customerId).toBe(customer.id);
  });

  it('a new next contact time clears the reminder mark', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const next = hoursAhead(2);
    const f = await logFollowup(org.admin, { customerId: customer.id, nextContactAt: next });
    const mark = () =>
      withOrg(env.database.db, org.orgId, (tx) => tx.execute(sql`update followups set reminded_at = now() where org_id = ${org.orgId} and id = ${f.id}`));
    const remindedAt = async () => (await followupsOf(org))[0]!.remindedAt;
    await mark();
    await org.admin.put(`/api/v1/followups/${f.id}`, { method: 'phone', content: '只改内容', occurredAt: f.occurredAt, nextContactAt: next, version: 0 });
    expect(await remindedAt()).not.toBeNull();
    await org.admin.put(`/api/v1/followups/${f.id}`, { method: 'phone', content: '改约', occurredAt: f.occurredAt, nextContactAt: hoursAhead(30), version: 1 });
    expect(await remindedAt()).toBeNull();
  });
});

describe('listing follow-ups', () => {
  it('filters by customer, contact, method, time range, author and next contact, newest contact first, paged by keyset', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const a = await seedCustomer(org, { ownerId: user.id });
    const b = await seedCustomer(org, { ownerId: user.id });
    const contact = (await client.post('/api/v1/contacts', { customerId: a.id, name: '钱七' })).json();
    const f1 = await logFollowup(client, { customerId: a.id, contactId: contact.id, method: 'visit', occurredAt: '2024-03-01T02:00:00.000Z', nextContactAt: '2024-03-05T02:00:00.000Z' });
    const f2 = await logFollowup(client, { customerId: a.id, method: 'phone', occurredAt: '2024-03-01T17:00:00.000Z' });
    const f3 = await logFollowup(org.admin, { customerId: b.id, method: 'email', occurredAt: '2024-03-10T08:00:00.000Z' });
    const q = async (query: string) => ((await client.get(`/api/v1/followups?${query}`)).json().items as Followup[]).map((f) => f.id);
    expect(await q('')).toEqual([f3.id, f2.id, f1.id]);
    expect(await q(`customerId=${a.id}`)).toEqual([f2.id, f1.id]);
    expect(await q(`contactId=${contact.id}`)).toEqual([f1.id]);
    expect(await q('method=email')).toEqual([f3.id]);
    expect(await q(`authorIds=${org.adminId}`)).toEqual([f3.id]);
    expect(await q(`authorIds=${org.adminId},${user.id}`)).toEqual([f3.id, f2.id, f1.id]);
    expect(await q('hasNextContact=true')).toEqual([f1.id]);
    expect(await q('hasNextContact=false')).toEqual([f3.id, f2.id]);
    // Days are the reader's (Asia/Shanghai): 2024-03-01T17:00Z is already 2 March there.
    expect(await q('occurredFrom=2024-03-01&occurredTo=2024-03-01')).toEqual([f1.id]);
    expect(await q('occurredFrom=2024-03-02&occurredTo=2024-03-09')).toEqual([f2.id]);
    const first = (await client.get('/api/v1/followups?limit=2')).json();
    expect(first.items.map((f: Followup) => f.id)).toEqual([f3.id, f2.id]);
    const second = (await client.get(`/api/v1/followups?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [expect.objectContaining({ id: f1.id })], nextCursor: null });
    for (const bad of ['occurredFrom=2024-03-05&occurredTo=2024-03-01', 'hasNextContact=maybe', 'limit=0', 'cursor=nope', 'method=has space']) {
      expect((await client.get(`/api/v1/followups?${bad}`)).statusCode, bad).toBe(400);
    }
  });

  it('shows follow-ups by the customer visibility and gives each customer its timeline', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org);
    const repCustomer = await seedCustomer(org, { ownerId: team.rep.user.id });
    const pool = await seedCustomer(org, { ownerId: null });
    const adminCustomer = await seedCustomer(org, { ownerId: org.adminId });
    const fRep = await logFollowup(team.rep.client, { customerId: repCustomer.id });
    const fPool = await logFollowup(org.admin, { customerId: pool.id });
    const fAdmin = await logFollowup(org.admin, { customerId: adminCustomer.id });
    const seen = async (client: TestOrg['admin']) => ((await client.get('/api/v1/followups')).json().items as Followup[]).map((f) => f.id).sort();
    expect(await seen(team.rep.client)).toEqual([fRep.id, fPool.id].sort());
    expect(await seen(team.manager.client)).toEqual([fRep.id, fPool.id].sort());
    expect(await seen(team.rep2.client)).toEqual([fPool.id]);
    await shareCustomer(org, adminCustomer.id, team.rep2.user.id, 'read');
    expect(await seen(team.rep2.client)).toEqual([fPool.id, fAdmin.id].sort());
    await setCustomerSharing(org, 'public_read');
    expect(await seen(team.outsider.client)).toEqual([fRep.id, fPool.id, fAdmin.id].sort());
    await setCustomerSharing(org, 'private');

    const timeline = (await team.manager.client.get(`/api/v1/customers/${repCustomer.id}/followups`)).json();
    expect(timeline).toMatchObject({ canCreate: true, nextCursor: null, items: [{ id: fRep.id, canEdit: true }] });
    const poolTimeline = (await team.rep.client.get(`/api/v1/customers/${pool.id}/followups`)).json();
    expect(poolTimeline).toMatchObject({ canCreate: false, items: [{ id: fPool.id, canEdit: false }] });
    expect((await team.rep2.client.get(`/api/v1/customers/${repCustomer.id}/followups`)).statusCode).toBe(404);
    expect((await team.rep2.client.get(`/api/v1/followups/${fRep.id}`)).statusCode).toBe(404);
  });
});
