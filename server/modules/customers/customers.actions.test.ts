import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { attachments } from '../attachments/attachments.schema.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { followups } from '../followups/followups.schema.ts';
import { poolEvents } from '../pool/pool.schema.ts';
import { recordShares } from '../roles/roles.schema.ts';
import { changeOwner } from './customers.ownership.ts';
import { customers } from './customers.schema.ts';

const env = useTestApp();

const REP: Permission[] = ['customer:view', 'customer:create', 'customer:edit', 'contact:view', 'activity:view'];

let seq = 0;
const cname = (base = '操作客户') => `${base}${(++seq).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function create(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/customers', { name: cname(), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const db = (org: TestOrg) => <T>(fn: Parameters<typeof withOrg<T>>[2]) => withOrg(env.database.db, org.orgId, fn);

async function addChildren(org: TestOrg, customerId: string, ownerId: string, primary = false) {
  return db(org)(async (tx) => {
    const [contact] = await tx.insert(contacts).values({ orgId: org.orgId, customerId, ownerId, name: cname('联系人'), isPrimary: primary }).returning();
    const [followup] = await tx
      .insert(followups)
      .values({ orgId: org.orgId, customerId, contactId: contact!.id, ownerId, method: 'visit', content: '拜访', occurredAt: new Date() })
      .returning();
    return { contact: contact!, followup: followup! };
  });
}

describe('ownership', () => {
  it('transfers a customer with its contacts and follow-ups, records the event and audits', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: REP });
    const c = await create(org.admin);
    await addChildren(org, c.id, org.adminId);
    const res = await org.admin.post(`/api/v1/customers/${c.id}/transfer`, { ownerId: user.id, reason: '区域调整' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ owner: { id: user.id }, previousOwnerId: org.adminId, version: c.version + 1 });
    await db(org)(async (tx) => {
      expect((await tx.select().from(contacts).where(eq(contacts.customerId, c.id))).map((x) => x.ownerId)).toEqual([user.id]);
      expect((await tx.select().from(followups).where(eq(followups.customerId, c.id))).map((x) => x.ownerId)).toEqual([user.id]);
      expect(await tx.select().from(poolEvents).where(eq(poolEvents.customerId, c.id))).toMatchObject([
        { kind: 'transfer', fromOwnerId: org.adminId, toOwnerId: user.id, actorId: org.adminId, reason: '区域调整' },
      ]);
      const [audit] = await tx.select().from(auditLogs).where(and(eq(auditLogs.recordId, c.id), eq(auditLogs.action, 'transfer')));
      expect(audit).toMatchObject({ before: { ownerId: org.adminId }, after: { ownerId: user.id } });
    });
    expectError(await org.admin.post(`/api/v1/customers/${c.id}/transfer`, { ownerId: '00000000-0000-7000-8000-000000000000' }), 422, 'validation_failed', { ownerId: 'v.ownerInvalid' });
  });

  it('changeOwner moves many customers to the pool in one go and skips those already there', async () => {
    const org = await createTestOrg(env);
    const a = await create(org.admin);
    const b = await create(org.admin);
    await addChildren(org, a.id, org.adminId);
    const first = await db(org)((tx) => changeOwner(tx, org.orgId, null, [a.id, b.id], null, 'reclaim', '30 天未跟进'));
    expect(first.map((c) => c.fromOwnerId)).toEqual([org.adminId, org.adminId]);
    const again = await db(org)((tx) => changeOwner(tx, org.orgId, null, [a.id, b.id], null, 'reclaim'));
    expect(again).toEqual([]);
    await db(org)(async (tx) => {
      const rows = await tx.select().from(customers).where(inArray(customers.id, [a.id, b.id]));
      for (const r of rows) expect(r).toMatchObject({ ownerId: null, ownerSince: null, previousOwnerId: org.adminId, poolWarnedAt: null });
      expect(rows.every((r) => r.poolEnteredAt instanceof Date)).toBe(true);
      expect((await tx.select().from(contacts).where(eq(contacts.customerId, a.id)))[0]!.ownerId).toBeNull();
      expect((await tx.select().from(poolEvents).where(inArray(poolEvents.customerId, [a.id, b.id]))).length).toBe(2);
    });
    const tooMany = Array.from({ length: 1001 }, () => a.id);
    await expect(db(org)((tx) => changeOwner(tx, org.orgId, null, tooMany, null, 'reclaim'))).rejects.toMatchObject({ status: 422 });
  });

  it('sets read-only and read-write co-owners, never the owner', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: REP });
    const c = await create(org.admin);
    expectError(await org.admin.put(`/api/v1/customers/${c.id}/co-owners`, { coOwners: [{ userId: org.adminId, access: 'read' }] }), 422, 'validation_failed', {
      coOwners: 'v.ownerNotCoOwner',
    });
    const res = await org.admin.put(`/api/v1/customers/${c.id}/co-owners`, { coOwners: [{ userId: user.id, access: 'write' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([{ userId: user.id, name: user.name, access: 'write' }]);
    const overview = (await org.admin.get(`/api/v1/customers/${c.id}/overview`)).json();
    expect(overview.coOwners).toEqual([{ userId: user.id, name: user.name, access: 'write' }]);
    expect((await org.admin.put(`/api/v1/customers/${c.id}/co-owners`, { coOwners: [] })).json().items).toEqual([]);
  });
});

describe('bulk actions', () => {
  it('is all or nothing, listing the reason for each refused record', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: [...REP, 'customer:assign'] });
    const mine = await create(client);
    const notMine = await create(org.admin);
    const res = await client.post('/api/v1/customers/bulk', { action: 'tag', ids: [mine.id, notMine.id], add: ['重点'] });
    expectError(res, 422, 'bulk_refused');
    expect(res.json().error.errors).toEqual([{ id: notMine.id, code: 'not_found', message: expect.any(String) }]);
    expect((await client.get(`/api/v1/customers/${mine.id}`)).json().tags).toEqual([]);
    expectError(await client.post('/api/v1/customers/bulk', { action: 'delete', ids: [mine.id] }), 403, 'forbidden');
    expectError(await client.post('/api/v1/customers/bulk', { action: 'tag', ids: [] }), 400, 'validation_failed');
  });

  it('tags, transfers, moves to the pool and deletes, auditing each record', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: REP });
    const a = await create(org.admin, { tags: ['旧'] });
    const b = await create(org.admin);
    const ids = [a.id, b.id];
    const tag = await org.admin.post('/api/v1/customers/bulk', { action: 'tag', ids, add: ['重点', '新'], remove: ['旧'] });
    expect(tag.statusCode, tag.body).toBe(200);
    expect(tag.json()).toEqual({ action: 'tag', count: 2, submitted: 0 });
    expect((await org.admin.get(`/api/v1/customers/${a.id}`)).json().tags).toEqual(['新', '重点']);
    const tooMany = await org.admin.post('/api/v1/customers/bulk', { action: 'tag', ids, add: Array.from({ length: 19 }, (_, i) => `标签${i}`) });
    expectError(tooMany, 422, 'bulk_refused');

    const transfer = await org.admin.post('/api/v1/customers/bulk', { action: 'transfer', ids, ownerId: user.id });
    expect(transfer.json()).toMatchObject({ count: 2 });
    const pool = await org.admin.post('/api/v1/customers/bulk', { action: 'moveToPool', ids, reason: '清理' });
    expect(pool.json()).toMatchObject({ count: 2 });
    await db(org)(async (tx) => {
      expect((await tx.select().from(customers).where(inArray(customers.id, ids))).map((c) => c.ownerId)).toEqual([null, null]);
      const actions = (await tx.select().from(auditLogs).where(inArray(auditLogs.recordId, ids))).map((x) => x.action);
      expect(actions.filter((x) => x === 'transfer')).toHaveLength(2);
      expect(actions.filter((x) => x === 'move_to_pool')).toHaveLength(2);
    });
    const del = await org.admin.post('/api/v1/customers/bulk', { action: 'delete', ids });
    expect(del.json()).toMatchObject({ count: 2 });
    const binned = await db(org)((tx) => tx.select().from(customers).where(eq(customers.orgId, org.orgId)));
    expect(binned.map((c) => c.deletedBy)).toEqual([org.adminId, org.adminId]);
    expect(new Set(binned.map((c) => c.deletedAt?.toISOString())).size).toBe(1);
    expect((await org.admin.get('/api/v1/customers')).json().items).toEqual([]);
  });
});

describe('merge', () => {
  it('moves contacts, follow-ups, attachments, co-owners and history to the survivor and bins the duplicate', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: REP });
    const survivor = await create(org.admin, { name: '合并保留公司', tags: ['甲'] });
    const merged = await create(org.admin, { name: '合并重复公司', tags: ['乙'], phone: '021-55556666', email: 'dup@example.com' });
    const related = await create(org.admin);
    await org.admin.put(`/api/v1/customers/${merged.id}/relations`, { related: [{ customerId: related.id }] });
    await org.admin.put(`/api/v1/customers/${merged.id}/co-owners`, { coOwners: [{ userId: user.id, access: 'read' }] });
    await addChildren(org, survivor.id, org.adminId, true);
    const { contact, followup } = await addChildren(org, merged.id, org.adminId, true);
    await db(org)((tx) =>
      tx.insert(attachments).values({ orgId: org.orgId, recordType: 'customer', recordId: merged.id, fileName: 'a.pdf', mimeType: 'application/pdf', size: 1, sha256: 'x' }),
    );
    expectError(await org.admin.post('/api/v1/customers/merge', { survivorId: survivor.id, mergedId: survivor.id }), 400, 'validation_failed', { mergedId: 'v.sameCustomer' });
    const res = await org.admin.post('/api/v1/customers/merge', { survivorId: survivor.id, mergedId: merged.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: survivor.id, tags: ['甲', '乙'], phone: '021-55556666', email: 'dup@example.com' });
    await db(org)(async (tx) => {
      const [moved] = await tx.select().from(contacts).where(eq(contacts.id, contact.id));
      expect(moved).toMatchObject({ customerId: survivor.id, isPrimary: false });
      expect((await tx.select().from(followups).where(eq(followups.id, followup.id)))[0]!.customerId).toBe(survivor.id);
      expect((await tx.select().from(attachments).where(eq(attachments.recordId, survivor.id))).length).toBe(1);
      expect((await tx.select().from(recordShares).where(eq(recordShares.recordId, survivor.id))).map((s) => s.userId)).toEqual([user.id]);
      expect((await tx.select().from(customers).where(eq(customers.id, merged.id)))[0]).toMatchObject({ deletedBy: org.adminId, deletedAt: expect.any(Date) });
    });
    const overview = (await org.admin.get(`/api/v1/customers/${survivor.id}/overview`)).json();
    expect(overview.contacts.items).toHaveLength(2);
    expect(overview.followups.items).toHaveLength(2);
    expect(overview.attachments.total).toBe(1);
    expect(overview.related.map((r: { id: string }) => r.id)).toEqual([related.id]);
    const history = (await org.admin.get(`/api/v1/customers/${survivor.id}/history`)).json();
    const actions = history.items.map((h: { action: string; recordId: string }) => `${h.action}:${h.recordId === survivor.id ? 'S' : 'M'}`);
    expect(actions).toEqual(expect.arrayContaining(['merge:S', 'merged_into:M', 'create:M', 'create:S', 'relations:M']));
  });

  it('needs customer:delete and write access to both', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: [...REP, 'customer:delete'] });
    const mine = await create(client);
    const other = await create(org.admin);
    expectError(await client.post('/api/v1/customers/merge', { survivorId: mine.id, mergedId: other.id }), 404, 'not_found');
    const { client: rep } = await createTestUser(org, { permissions: REP });
    expectError(await rep.post('/api/v1/customers/merge', { survivorId: mine.id, mergedId: other.id }), 403, 'forbidden');
  });
});

describe('overview and history', () => {
  it('shows what the actor may see: no contacts or follow-ups without their view permissions', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: ['customer:view', 'customer:create'] });
    const c = await create(client);
    const overview = (await client.get(`/api/v1/customers/${c.id}/overview`)).json();
    expect(overview).toMatchObject({ customer: { id: c.id }, contacts: null, followups: null, attachments: { items: [], total: 0 }, coOwners: [] });
    const history = (await client.get(`/api/v1/customers/${c.id}/history?limit=1`)).json();
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ action: 'create', changes: expect.arrayContaining([{ field: 'name', before: null, after: c.name }]) });
    expectError(await client.get(`/api/v1/customers/${c.id}/history?cursor=zzz`), 400, 'validation_failed', { cursor: 'v.cursor' });
  });
});
