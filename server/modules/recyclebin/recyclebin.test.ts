import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { withOrg, withSystem } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import { attachmentContents, attachments } from '../attachments/attachments.schema.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { salesTeam, SALES, shareCustomer } from '../contacts/contacts.testing.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { customers } from '../customers/customers.schema.ts';
import { runFollowupReminders } from '../followups/followups.reminders.ts';
import { followups } from '../followups/followups.schema.ts';
import { Mailer } from '../notifications/mailer.ts';
import { reclaimOrg } from '../pool/pool.service.ts';

const env = useTestApp();
const mailer = () => new Mailer(env.database.db, undefined, 'Kehu <no-reply@kehu.local>');

/** Sales people who may also create and delete customers. */
const TEAM: Permission[] = [...SALES, 'customer:create', 'customer:delete'];

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const unique = (base: string) => `${base}${randomBytes(3).toString('hex')}`;

async function createCustomer(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/customers', { name: unique('回收站客户'), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; number: string; version: number };
}

async function addContact(client: Client, customerId: string, name = unique('联系人')) {
  const res = await client.post('/api/v1/contacts', { customerId, name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

async function logFollowup(client: Client, customerId: string, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/followups', { customerId, method: 'phone', content: '电话沟通', occurredAt: hoursAgo(48), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const bin = async (client: Client, type: string, extra = '') => {
  const res = await client.get(`/api/v1/recycle-bin?type=${type}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const binIds = async (client: Client, type: string) => (await bin(client, type)).items.map((i: { id: string }) => i.id);
const restore = (client: Client, type: string, ids: string[]) => client.post('/api/v1/recycle-bin/restore', { type, ids });
const purge = (client: Client, type: string, ids: string[]) => client.post('/api/v1/recycle-bin/purge', { type, ids });

/** A file on a contact or follow-up, written straight to the tables. */
async function attach(org: TestOrg, recordType: 'contact' | 'followup', recordId: string) {
  return withOrg(env.database.db, org.orgId, async (tx) => {
    const [row] = await tx
      .insert(attachments)
      .values({ orgId: org.orgId, recordType, recordId, fileName: 'a.txt', mimeType: 'text/plain', size: 1, sha256: 'x' })
      .returning();
    await tx.insert(attachmentContents).values({ orgId: org.orgId, attachmentId: row!.id, content: Buffer.from('a') });
    return row!.id;
  });
}

const db = (org: TestOrg) => <T>(fn: Parameters<typeof withOrg<T>>[2]) => withOrg(env.database.db, org.orgId, fn);

const auditActions = (org: TestOrg, recordId: string) =>
  db(org)(async (tx) => (await tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.recordId, recordId))).orderBy(auditLogs.at)).map((a) => a.action));

describe('deleting puts records in the recycle bin, out of sight everywhere else', () => {
  it('hides a deleted customer, its contacts and follow-ups from lists, search, the 360° page, work lists, reminders and the pool', async () => {
    const org = await createTestOrg(env);
    const name = unique('深圳回收科技');
    const customer = await createCustomer(org.admin, { name, phone: '0755-86001234' });
    const contact = await addContact(org.admin, customer.id, '回收联系人');
    const followup = await logFollowup(org.admin, customer.id, { nextContactAt: hoursAgo(24) });
    const control = await createCustomer(org.admin);
    await logFollowup(org.admin, control.id, { nextContactAt: hoursAgo(24) });
    const ids = async (url: string) => ((await org.admin.get(url)).json().items as { id: string }[]).map((i) => i.id);
    const searchHits = async (q: string) => {
      const res = (await org.admin.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json();
      return [...res.customers, ...res.contacts].map((h: { id: string }) => h.id);
    };
    expect(await ids('/api/v1/customers')).toContain(customer.id);
    expect(await searchHits(name)).toContain(customer.id);
    expect(await ids('/api/v1/worklists/overdue')).toEqual(expect.arrayContaining([customer.id, control.id]));

    const res = await org.admin.delete(`/api/v1/customers/${customer.id}`);
    expect(res.statusCode, res.body).toBe(200);

    expect(await ids('/api/v1/customers')).toEqual([control.id]);
    expect(await ids('/api/v1/customers?view=mine')).toEqual([control.id]);
    expect(await searchHits(name)).toEqual([]);
    expect(await searchHits('回收联系人')).toEqual([]);
    expect(await ids('/api/v1/contacts')).toEqual([]);
    expect((await ids('/api/v1/followups')).length).toBe(1);
    expect(await ids('/api/v1/worklists/overdue')).toEqual([control.id]);
    expect((await org.admin.get('/api/v1/worklists')).json().overdue).toMatchObject({ count: 1 });
    expectError(await org.admin.get(`/api/v1/customers/${customer.id}`), 404, 'not_found');
    expectError(await org.admin.get(`/api/v1/customers/${customer.id}/overview`), 404, 'not_found');
    expectError(await org.admin.get(`/api/v1/customers/${customer.id}/contacts`), 404, 'not_found');
    expectError(await org.admin.get(`/api/v1/customers/${customer.id}/followups`), 404, 'not_found');
    expectError(await org.admin.get(`/api/v1/contacts/${contact.id}`), 404, 'not_found');
    expectError(await org.admin.get(`/api/v1/followups/${followup.id}`), 404, 'not_found');
    expectError(await org.admin.put(`/api/v1/customers/${customer.id}`, { name, version: customer.version }), 404, 'not_found');
    expectError(await org.admin.delete(`/api/v1/customers/${customer.id}`), 404, 'not_found');
    const logOnBinned = await org.admin.post('/api/v1/followups', { customerId: customer.id, method: 'phone', content: '再联系', occurredAt: hoursAgo(1) });
    expectError(logOnBinned, 422, 'validation_failed', { customerId: 'v.customerNoFollowup' });
    expectError(await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '新人' }), 422, 'validation_failed', { customerId: 'v.customerNotWritable' });

    // The name, phone and credit code are free again: the duplicate check and the unique index count living customers only.
    expect((await org.admin.get(`/api/v1/customers/duplicates?name=${encodeURIComponent(name)}`)).json().items).toEqual([]);
    const again = await createCustomer(org.admin, { name, phone: '0755-86001234' });
    expect(again.id).not.toBe(customer.id);

    // The reminder of the binned follow-up is never sent; the living customer's is.
    const sent = await runFollowupReminders(env.database.db, mailer(), { orgIds: [org.orgId] });
    expect(sent).toEqual({ reminded: 1, skipped: 0 });
  });

  it('keeps a binned customer out of the pool reclaim, the returning list and the owner limit', async () => {
    const org = await createTestOrg(env);
    const old = await createCustomer(org.admin);
    const binned = await createCustomer(org.admin);
    await db(org)((tx) =>
      tx.execute(sql`update customers set created_at = now() - interval '60 days', owner_since = now() - interval '60 days' where id in (${old.id}, ${binned.id})`),
    );
    expect((await org.admin.get('/api/v1/worklists/returning')).json().items).toHaveLength(2);
    expect((await org.admin.get('/api/v1/pool/me')).json().owned).toBe(2);
    await org.admin.delete(`/api/v1/customers/${binned.id}`);
    expect((await org.admin.get('/api/v1/worklists/returning')).json().items.map((i: { id: string }) => i.id)).toEqual([old.id]);
    expect((await org.admin.get('/api/v1/pool/me')).json().owned).toBe(1);
    const result = await reclaimOrg(env.database.db, { mailer: mailer(), publicUrl: '' }, org.orgId);
    expect(result.reclaimed).toBe(1);
    const rows = await db(org)((tx) => tx.select({ id: customers.id, ownerId: customers.ownerId }).from(customers).where(eq(customers.orgId, org.orgId)));
    expect(rows.find((r) => r.id === binned.id)!.ownerId).toBe(org.adminId);
    expect(rows.find((r) => r.id === old.id)!.ownerId).toBeNull();
  });

  it('a deleted contact or follow-up leaves only itself; the customer keeps its latest living follow-up', async () => {
    const org = await createTestOrg(env);
    const customer = await createCustomer(org.admin);
    const contact = await addContact(org.admin, customer.id);
    const older = await logFollowup(org.admin, customer.id, { content: '较早', occurredAt: hoursAgo(10), contactId: contact.id });
    const latest = await logFollowup(org.admin, customer.id, { content: '最新', occurredAt: hoursAgo(2) });
    expect((await org.admin.delete(`/api/v1/followups/${latest.id}`)).statusCode).toBe(204);
    expect((await org.admin.get(`/api/v1/customers/${customer.id}`)).json().lastFollowupContent).toBe('较早');
    expect((await org.admin.get(`/api/v1/customers/${customer.id}/followups`)).json().items.map((f: { id: string }) => f.id)).toEqual([older.id]);
    expect((await org.admin.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(204);
    expect((await org.admin.get(`/api/v1/customers/${customer.id}/contacts`)).json().items).toEqual([]);
    const overview = (await org.admin.get(`/api/v1/customers/${customer.id}/overview`)).json();
    expect(overview.contacts.items).toEqual([]);
    expect(overview.followups.items.map((f: { id: string }) => f.id)).toEqual([older.id]);
    // Its follow-up keeps the link and can still be edited as it is; a binned contact cannot be newly linked.
    const edit = await org.admin.put(`/api/v1/followups/${older.id}`, { method: 'phone', content: '较早（改）', occurredAt: hoursAgo(10), contactId: contact.id, version: 0 });
    expect(edit.statusCode, edit.body).toBe(200);
    const link = await org.admin.post('/api/v1/followups', { customerId: customer.id, contactId: contact.id, method: 'phone', content: '新', occurredAt: hoursAgo(1) });
    expectError(link, 422, 'validation_failed', { contactId: 'v.contactNotOfCustomer' });
    expect(await binIds(org.admin, 'contact')).toEqual([contact.id]);
    expect(await binIds(org.admin, 'followup')).toEqual([latest.id]);
  });
});

describe('the recycle bin list', () => {
  it('shows what the actor could see while it was live, who deleted it and when, newest first, keyset paged', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org, TEAM);
    const repCustomer = await createCustomer(team.rep.client);
    await addContact(team.rep.client, repCustomer.id);
    await logFollowup(team.rep.client, repCustomer.id);
    await logFollowup(team.rep.client, repCustomer.id);
    const shared = await createCustomer(team.rep.client);
    await shareCustomer(org, shared.id, team.rep2.user.id, 'read');
    const third = await createCustomer(team.rep.client);
    for (const c of [repCustomer, shared, third]) expect((await team.rep.client.delete(`/api/v1/customers/${c.id}`)).statusCode).toBe(200);

    const mine = await bin(team.rep.client, 'customer');
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([third.id, shared.id, repCustomer.id]);
    expect(mine.canPurge).toBe(false);
    expect(mine.items.find((i: { id: string }) => i.id === repCustomer.id)).toMatchObject({
      name: repCustomer.name,
      owner: { id: team.rep.user.id },
      deletedBy: { id: team.rep.user.id, name: team.rep.user.name },
      contacts: 1,
      followups: 2,
      mergedInto: null,
      canRestore: true,
    });
    // The manager above the rep sees them, a read-only co-owner sees the shared one but may not restore it, an outsider nothing.
    expect((await binIds(team.manager.client, 'customer')).sort()).toEqual([repCustomer.id, shared.id, third.id].sort());
    const coOwner = await bin(team.rep2.client, 'customer');
    expect(coOwner.items).toMatchObject([{ id: shared.id, canRestore: false }]);
    expect(await binIds(team.outsider.client, 'customer')).toEqual([]);
    expect((await bin(org.admin, 'customer')).canPurge).toBe(true);

    // Children deleted with their customer are listed, waiting for it.
    const binnedContacts = await bin(team.rep.client, 'contact');
    expect(binnedContacts.items).toMatchObject([{ customer: { id: repCustomer.id, inBin: true }, withCustomer: true, canRestore: false }]);
    const binnedFollowups = await bin(team.rep.client, 'followup');
    expect(binnedFollowups.items).toHaveLength(2);
    expect(binnedFollowups.items[0]).toMatchObject({ content: '电话沟通', method: 'phone', author: { id: team.rep.user.id }, withCustomer: true });

    // Keyset pages: every row once, in order.
    const first = await bin(team.manager.client, 'customer', '&limit=2');
    expect(first.items).toHaveLength(2);
    const second = await bin(team.manager.client, 'customer', `&limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i: { id: string }) => i.id)).toEqual(await binIds(team.manager.client, 'customer'));

    // Searching by name.
    expect((await bin(team.rep.client, 'customer', `&q=${encodeURIComponent(shared.name)}`)).items.map((i: { id: string }) => i.id)).toEqual([shared.id]);
  });

  it('checks the view permission of the type and validates the query', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: ['contact:view'] });
    expect((await client.get('/api/v1/recycle-bin?type=contact')).statusCode).toBe(200);
    expectError(await client.get('/api/v1/recycle-bin?type=customer'), 403, 'forbidden');
    expectError(await client.get('/api/v1/recycle-bin?type=followup'), 403, 'forbidden');
    expectFieldsFlagged(await org.admin.get('/api/v1/recycle-bin?type=lead'), ['type']);
    expectFieldsFlagged(await org.admin.get('/api/v1/recycle-bin?type=customer&limit=500'), ['limit']);
    expectError(await org.admin.get('/api/v1/recycle-bin?type=customer&cursor=nonsense'), 400, 'validation_failed', { cursor: 'v.cursor' });
  });
});

describe('restoring', () => {
  it('brings a customer back with what was deleted with it, not what was deleted before', async () => {
    const org = await createTestOrg(env);
    const customer = await createCustomer(org.admin);
    const early = await addContact(org.admin, customer.id, '先删的');
    const kept = await addContact(org.admin, customer.id, '一起删的');
    const f1 = await logFollowup(org.admin, customer.id, { content: '第一次', occurredAt: hoursAgo(30) });
    await logFollowup(org.admin, customer.id, { content: '第二次', occurredAt: hoursAgo(20) });
    const fileId = await attach(org, 'contact', kept.id);
    await org.admin.delete(`/api/v1/contacts/${early.id}`);
    await org.admin.delete(`/api/v1/customers/${customer.id}`);

    const res = await restore(org.admin, 'customer', [customer.id]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ restored: 1, contacts: 1, followups: 2 });
    const back = (await org.admin.get(`/api/v1/customers/${customer.id}/overview`)).json();
    expect(back.customer).toMatchObject({ id: customer.id, lastFollowupContent: '第二次', version: customer.version + 2 });
    expect(back.contacts.items.map((c: { id: string }) => c.id)).toEqual([kept.id]);
    expect(back.followups.items).toHaveLength(2);
    expect((await org.admin.get(`/api/v1/attachments?recordType=contact&recordId=${kept.id}`)).json().items.map((a: { id: string }) => a.id)).toEqual([fileId]);
    expect(await binIds(org.admin, 'customer')).toEqual([]);
    // The contact deleted on its own stays in the bin and may now come back on its own.
    expect((await bin(org.admin, 'contact')).items).toMatchObject([{ id: early.id, customer: { inBin: false }, withCustomer: false, canRestore: true }]);
    expect((await restore(org.admin, 'contact', [early.id])).json()).toEqual({ restored: 1 });
    expect((await org.admin.get(`/api/v1/customers/${customer.id}/contacts`)).json().items).toHaveLength(2);
    expect(await auditActions(org, customer.id)).toEqual(['create', 'delete', 'restore']);
    const [entry] = await db(org)((tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.recordId, customer.id), eq(auditLogs.action, 'restore'))));
    expect(entry).toMatchObject({ module: 'customer', actorId: org.adminId, after: { number: customer.number, contacts: 1, followups: 2 } });
    expect(await auditActions(org, early.id)).toEqual(['create', 'delete', 'restore']);

    // A follow-up comes back into the customer's facts.
    await org.admin.delete(`/api/v1/followups/${f1.id}`);
    const latest = (await org.admin.get(`/api/v1/customers/${customer.id}/followups`)).json().items[0];
    await org.admin.delete(`/api/v1/followups/${latest.id}`);
    expect((await org.admin.get(`/api/v1/customers/${customer.id}`)).json().lastFollowupContent).toBeNull();
    expect((await restore(org.admin, 'followup', [f1.id])).json()).toEqual({ restored: 1 });
    expect((await org.admin.get(`/api/v1/customers/${customer.id}`)).json().lastFollowupContent).toBe('第一次');
  });

  it('refuses a contact or follow-up whose customer is in the bin, a customer whose name was taken, and records one cannot see or change', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org, TEAM);
    const customer = await createCustomer(team.rep.client, { phone: '021-66778899' });
    const contact = await addContact(team.rep.client, customer.id);
    const followup = await logFollowup(team.rep.client, customer.id);
    await team.rep.client.delete(`/api/v1/customers/${customer.id}`);

    const waiting = await restore(team.rep.client, 'contact', [contact.id]);
    expectError(waiting, 409, 'parent_in_bin');
    expect(waiting.json().error.errors).toEqual([{ id: contact.id, code: 'parent_in_bin', message: translate('zh-CN', 'parent_in_bin') }]);
    expectError(await restore(team.rep.client, 'followup', [followup.id]), 409, 'parent_in_bin');

    // Someone else took the name meanwhile (the rep cannot open theirs: the id is withheld, the owner named).
    const twin = await createCustomer(org.admin, { name: customer.name });
    const clash = await restore(team.rep.client, 'customer', [customer.id]);
    expectError(clash, 409, 'duplicate', { name: 'v.duplicateName' });
    expect(clash.json().error).toMatchObject({ existingId: null, existingName: customer.name, existingOwnerName: '管理员', errors: [{ id: customer.id, code: 'duplicate' }] });
    expect(await binIds(team.rep.client, 'customer')).toEqual([customer.id]);
    await org.admin.delete(`/api/v1/customers/${twin.id}`);
    // Two binned customers of the same name cannot both come back.
    const both = await restore(org.admin, 'customer', [customer.id, twin.id]);
    expectError(both, 409, 'duplicate', { name: 'v.duplicateName' });
    expect(both.json().error).toMatchObject({ existingId: null, existingName: customer.name, errors: [{ code: 'duplicate' }] });

    // Not in the bin, not visible, not writable, no permission.
    const living = await createCustomer(team.rep.client);
    expectError(await restore(team.rep.client, 'customer', [living.id]), 404, 'not_found');
    expectError(await restore(team.outsider.client, 'customer', [customer.id]), 404, 'not_found');
    await shareCustomer(org, customer.id, team.rep2.user.id, 'read');
    expectError(await restore(team.rep2.client, 'customer', [customer.id]), 403, 'forbidden');
    const { client: viewer } = await createTestUser(org, { permissions: [...SALES] });
    expectError(await restore(viewer, 'customer', [customer.id]), 403, 'forbidden');
    expectFieldsFlagged(await restore(team.rep.client, 'customer', []), ['ids']);
    expectFieldsFlagged(await restore(team.rep.client, 'customer', [customer.id, customer.id]), ['ids']);
    expectFieldsFlagged(await team.rep.client.post('/api/v1/recycle-bin/restore', { type: 'customer', ids: Array.from({ length: 501 }, () => customer.id) }), ['ids']);

    // All or nothing, then everything at once.
    expect((await restore(team.rep.client, 'customer', [customer.id])).json()).toEqual({ restored: 1, contacts: 1, followups: 1 });
    expect((await team.rep.client.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(200);
    expect((await team.rep.client.get(`/api/v1/followups/${followup.id}`)).statusCode).toBe(200);
  });

  it('keeps one primary contact per customer among the living ones', async () => {
    const org = await createTestOrg(env);
    const customer = await createCustomer(org.admin);
    const first = (await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '原主联系人', isPrimary: true })).json();
    await org.admin.delete(`/api/v1/contacts/${first.id}`);
    // A primary in the bin does not block a new one, even one written straight to the table (as an import does).
    const [second] = await db(org)((tx) =>
      tx.insert(contacts).values({ orgId: org.orgId, customerId: customer.id, ownerId: org.adminId, name: '新主联系人', isPrimary: true }).returning(),
    );
    expect((await restore(org.admin, 'contact', [first.id])).json()).toEqual({ restored: 1 });
    const primaries = async () =>
      (await db(org)((tx) => tx.select().from(contacts).where(and(eq(contacts.customerId, customer.id), eq(contacts.isPrimary, true))))).map((c) => c.id);
    expect(await primaries()).toEqual([second!.id]);
    // Two primaries in the bin restored together: one of them stays primary.
    await db(org)((tx) => tx.update(contacts).set({ isPrimary: true, deletedAt: new Date(), deletedBy: org.adminId }).where(eq(contacts.id, first.id)));
    await org.admin.delete(`/api/v1/contacts/${second!.id}`);
    expect((await restore(org.admin, 'contact', [first.id, second!.id])).json()).toEqual({ restored: 2 });
    expect(await primaries()).toHaveLength(1);
  });

  it("lets a follow-up's author restore it, as they could delete it", async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org, TEAM);
    const customer = await createCustomer(org.admin);
    await shareCustomer(org, customer.id, team.rep.user.id, 'read');
    const mine = await logFollowup(team.rep.client, customer.id);
    const theirs = await logFollowup(org.admin, customer.id);
    expect((await team.rep.client.delete(`/api/v1/followups/${mine.id}`)).statusCode).toBe(204);
    await org.admin.delete(`/api/v1/followups/${theirs.id}`);
    const listed = await bin(team.rep.client, 'followup');
    expect(listed.items.map((i: { id: string; canRestore: boolean }) => [i.id, i.canRestore])).toEqual([
      [theirs.id, false],
      [mine.id, true],
    ]);
    expectError(await restore(team.rep.client, 'followup', [theirs.id, mine.id]), 403, 'forbidden');
    expect((await restore(team.rep.client, 'followup', [mine.id])).json()).toEqual({ restored: 1 });
  });

  it('brings back a merged duplicate as the bare customer, saying what it was merged into', async () => {
    const org = await createTestOrg(env);
    const survivor = await createCustomer(org.admin);
    const merged = await createCustomer(org.admin);
    await addContact(org.admin, merged.id);
    await logFollowup(org.admin, merged.id);
    expect((await org.admin.post('/api/v1/customers/merge', { survivorId: survivor.id, mergedId: merged.id })).statusCode).toBe(200);
    const [entry] = (await bin(org.admin, 'customer')).items;
    expect(entry).toMatchObject({ id: merged.id, contacts: 0, followups: 0, mergedInto: { id: survivor.id, name: survivor.name } });
    expect((await restore(org.admin, 'customer', [merged.id])).json()).toEqual({ restored: 1, contacts: 0, followups: 0 });
    const back = (await org.admin.get(`/api/v1/customers/${merged.id}/overview`)).json();
    expect(back.customer).toMatchObject({ lastFollowupAt: null, lastFollowupContent: null });
    expect(back.contacts.items).toEqual([]);
    expect((await org.admin.get(`/api/v1/customers/${survivor.id}/overview`)).json().contacts.items).toHaveLength(1);
  });

  it('brings back a customer whose deletion was approved', async () => {
    const org = await createTestOrg(env);
    const current = (await org.admin.get('/api/v1/approval-flows/customer/delete')).json();
    const flow = await org.admin.put('/api/v1/approval-flows/customer/delete', {
      enabled: true,
      levels: [{ approvers: { kind: 'users', userIds: [org.adminId] }, signoff: 'any' }],
      version: current.version ?? null,
    });
    expect(flow.statusCode, flow.body).toBe(200);
    const { client } = await createTestUser(org, { permissions: TEAM });
    const c = await createCustomer(client);
    const asked = await client.delete(`/api/v1/customers/${c.id}`);
    expect(asked.statusCode, asked.body).toBe(202);
    const request = (await org.admin.get(`/api/v1/approvals/${asked.json().approval.id}`)).json();
    const decided = await org.admin.post(`/api/v1/approvals/${request.id}/approve`, { comment: '同意', version: request.version });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await binIds(client, 'customer')).toEqual([c.id]);
    expect((await restore(client, 'customer', [c.id])).json()).toMatchObject({ restored: 1 });
    const back = (await client.get(`/api/v1/customers/${c.id}`)).json();
    expect(back).toMatchObject({ pendingRequestId: null, permissions: { canEdit: true, canDelete: true } });
  });
});

describe('purging', () => {
  it('is for the delete permission with the all scope only, and removes the records with what hangs off them', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org, TEAM);
    const customer = await createCustomer(team.rep.client);
    const other = await createCustomer(team.rep.client);
    await team.rep.client.put(`/api/v1/customers/${customer.id}/relations`, { related: [{ customerId: other.id }] });
    await shareCustomer(org, customer.id, team.rep2.user.id, 'read');
    const contact = await addContact(team.rep.client, customer.id);
    await logFollowup(team.rep.client, customer.id, { contactId: contact.id });
    await attach(org, 'contact', contact.id);
    await team.rep.client.delete(`/api/v1/customers/${customer.id}`);

    expectError(await purge(team.rep.client, 'customer', [customer.id]), 403, 'forbidden');
    const { client: allScope } = await createTestUser(org, { permissions: TEAM, scope: 'all' });
    expectError(await purge(allScope, 'customer', [other.id]), 404, 'not_found');
    const res = await purge(allScope, 'customer', [customer.id]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ purged: 1 });
    const [left] = await db(org)((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select (select count(*) from customers where id = ${customer.id})::int + (select count(*) from contacts where customer_id = ${customer.id})::int
             + (select count(*) from followups where customer_id = ${customer.id})::int + (select count(*) from attachments where record_id = ${contact.id})::int
             + (select count(*) from record_shares where record_id = ${customer.id})::int
             + (select count(*) from customer_relations where customer_id = ${customer.id} or related_id = ${customer.id})::int
             + (select count(*) from pool_events where customer_id = ${customer.id})::int as n`,
      ),
    );
    expect(left!.n).toBe(0);
    expect(await auditActions(org, customer.id)).toEqual(['create', 'relations', 'delete', 'purge']);
    expect(await binIds(allScope, 'contact')).toEqual([]);
    expectError(await purge(allScope, 'customer', [customer.id]), 404, 'not_found');
  });

  it('purges a contact (its follow-ups lose the link) and a follow-up with its files', async () => {
    const org = await createTestOrg(env);
    const customer = await createCustomer(org.admin);
    const contact = await addContact(org.admin, customer.id);
    const linked = await logFollowup(org.admin, customer.id, { contactId: contact.id });
    const doomed = await logFollowup(org.admin, customer.id);
    await attach(org, 'followup', doomed.id);
    await org.admin.delete(`/api/v1/contacts/${contact.id}`);
    await org.admin.delete(`/api/v1/followups/${doomed.id}`);
    expect((await purge(org.admin, 'contact', [contact.id])).json()).toEqual({ purged: 1 });
    expect((await purge(org.admin, 'followup', [doomed.id])).json()).toEqual({ purged: 1 });
    await db(org)(async (tx) => {
      expect(await tx.select().from(contacts).where(eq(contacts.id, contact.id))).toEqual([]);
      expect((await tx.select().from(followups).where(eq(followups.id, linked.id)))[0]).toMatchObject({ contactId: null, deletedAt: null });
      expect(await tx.select().from(followups).where(eq(followups.id, doomed.id))).toEqual([]);
      expect(await tx.select().from(attachments).where(eq(attachments.recordId, doomed.id))).toEqual([]);
    });
    expect(await auditActions(org, contact.id)).toEqual(['create', 'delete', 'purge']);
    expect(await auditActions(org, doomed.id)).toEqual(['create', 'delete', 'purge']);
  });

  it("never reaches another organisation's bin", async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const customer = await createCustomer(a.admin);
    await a.admin.delete(`/api/v1/customers/${customer.id}`);
    expect(await binIds(b.admin, 'customer')).toEqual([]);
    expectError(await restore(b.admin, 'customer', [customer.id]), 404, 'not_found');
    expectError(await purge(b.admin, 'customer', [customer.id]), 404, 'not_found');
    expect(await binIds(a.admin, 'customer')).toEqual([customer.id]);
  });
});

describe('indexes', () => {
  it('serves the bin, the work lists and the reminders from their partial indexes', async () => {
    const org = await createTestOrg(env);
    await db(org)((tx) =>
      tx.execute(sql`insert into customers (org_id, id, number, name, name_key, owner_id, next_contact_at, deleted_at)
        select ${org.orgId}, gen_random_uuid(), 'R' || lpad(g::text, 8, '0'), '索引客户' || g, '索引客户' || g, ${org.adminId}::uuid,
               now() + (g % 48 - 24 || ' hours')::interval, case when g % 20 = 0 then now() - (g || ' minutes')::interval end
          from generate_series(1, 3000) g`),
    );
    await withSystem(env.database.db, (tx) => tx.execute(sql`analyze customers`));
    const plan = (query: ReturnType<typeof sql>) =>
      db(org)(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return (await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query}`)).map((r) => r['QUERY PLAN']).join('\n');
      });
    expect(await plan(sql`select id from customers where org_id = ${org.orgId} and deleted_at is not null order by deleted_at desc, id desc limit 21`)).toMatch(
      /customers_deleted_idx/,
    );
    expect(
      await plan(sql`select id from customers where org_id = ${org.orgId} and owner_id = ${org.adminId} and next_contact_at is not null and deleted_at is null
                       and next_contact_at >= now() and next_contact_at < now() + interval '1 day' order by next_contact_at, id limit 21`),
    ).toMatch(/customers_next_contact_idx/);
    expect(await plan(sql`select id from customers where org_id = ${org.orgId} and deleted_at is null order by name_key limit 21`)).toMatch(/customers_name_key/);
    for (const table of ['contacts', 'followups']) {
      const bin = await plan(sql`select id from ${sql.identifier(table)} where org_id = ${org.orgId} and deleted_at is not null order by deleted_at desc, id desc limit 21`);
      expect(bin).toMatch(new RegExp(`${table}_deleted_idx`));
    }
    expect(
      await plan(sql`select id from followups where next_contact_at is not null and reminded_at is null and deleted_at is null and next_contact_at <= now() order by next_contact_at limit 200`),
    ).toMatch(/followups_reminder_idx/);
  });
});
