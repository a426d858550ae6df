import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { followups } from '../followups/followups.schema.ts';
import { contactGroups, contacts } from './contacts.schema.ts';
import { auditOf, salesTeam, seedCustomer, setCustomerSharing, shareCustomer, SALES } from './contacts.testing.ts';

const env = useTestApp();

interface Contact {
  id: string;
  customerId: string;
  customer: { id: string; name: string };
  ownerId: string | null;
  owner: { id: string; name: string } | null;
  name: string;
  gender: string;
  mobile: string | null;
  email: string | null;
  isPrimary: boolean;
  groupIds: string[];
  groups: { id: string; name: string }[];
  version: number;
  canEdit: boolean;
  canDelete: boolean;
}

const contactsOf = (org: TestOrg) => withOrg(env.database.db, org.orgId, (tx) => tx.select().from(contacts).where(eq(contacts.orgId, org.orgId)));

async function addContact(client: TestOrg['admin'], body: Record<string, unknown>) {
  const res = await client.post('/api/v1/contacts', { name: '张伟', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Contact;
}

const ids = (res: { json: () => { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

describe('creating contacts', () => {
  it('stores every field, mirrors the customer owner, computes search keys and audits', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const customer = await seedCustomer(org, { ownerId: user.id, name: '海尔集团' });
    const contact = await addContact(client, {
      customerId: customer.id,
      name: '张伟',
      gender: 'male',
      title: '采购经理',
      department: '采购部',
      mobile: '+8613800138000',
      phone: '0532-88889999 转 123',
      email: 'Zhang.Wei@Haier.com',
      wechat: 'zhangwei_88',
      birthday: '1985-06-15',
      isPrimary: true,
      notes: '喜欢喝茶',
    });
    expect(contact).toMatchObject({
      customer: { id: customer.id, name: '海尔集团' },
      ownerId: user.id,
      owner: { id: user.id, name: user.name },
      name: '张伟',
      gender: 'male',
      title: '采购经理',
      mobile: '13800138000',
      phone: '0532-88889999 转 123',
      email: 'zhang.wei@haier.com',
      wechat: 'zhangwei_88',
      birthday: '1985-06-15',
      isPrimary: true,
      notes: '喜欢喝茶',
      groupIds: [],
      version: 0,
      canEdit: true,
      canDelete: true,
    });
    const [row] = await contactsOf(org);
    expect(row!.searchGrams).toEqual(expect.arrayContaining(['张伟', 'i:zw']));
    expect(row!.searchText).toContain('13800138000');
    expect(row!.createdBy).toBe(user.id);
    const [logged] = await auditOf(org, 'contact', 'create');
    expect(logged).toMatchObject({ recordId: contact.id, recordLabel: '张伟', after: { name: '张伟', customerId: customer.id } });
    expect((await client.get(`/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ id: contact.id, mobile: '13800138000' });
  });

  it('refuses a contact without a customer the actor may change, with a field error, writing nothing', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const { user: other } = await createTestUser(org, { permissions: SALES });
    const theirs = await seedCustomer(org, { ownerId: other.id });
    const readOnly = await seedCustomer(org, { ownerId: other.id });
    await shareCustomer(org, readOnly.id, user.id, 'read');
    const pool = await seedCustomer(org, { ownerId: null });
    const pendingOfOther = await seedCustomer(org, { ownerId: other.id, approvalState: 'pending' });
    for (const customerId of ['0190f5a0-0000-7000-8000-000000000000', theirs.id, readOnly.id, pool.id, pendingOfOther.id]) {
      expectError(await client.post('/api/v1/contacts', { customerId, name: '李娜' }), 422, 'validation_failed', { customerId: 'v.customerNotWritable' });
    }
    expectFieldsFlagged(await client.post('/api/v1/contacts', { name: '李娜' }), ['customerId']);
    expect(await contactsOf(org)).toEqual([]);
    expect(await auditOf(org, 'contact')).toEqual([]);

    // A read-write co-owner, the submitter of a pending customer and the pool under the 'all' scope may.
    const shared = await seedCustomer(org, { ownerId: other.id });
    await shareCustomer(org, shared.id, user.id, 'write');
    await addContact(client, { customerId: shared.id });
    const mine = await seedCustomer(org, { ownerId: user.id, approvalState: 'pending' });
    await addContact(client, { customerId: mine.id });
    const pooled = await addContact(org.admin, { customerId: pool.id });
    expect(pooled.ownerId).toBeNull();
  });

  it('flags every bad field and writes nothing', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '  ' }, 'name'],
      [{ name: 'x'.repeat(51) }, 'name'],
      [{ gender: 'other' }, 'gender'],
      [{ mobile: '12345' }, 'mobile'],
      [{ phone: 'call me' }, 'phone'],
      [{ phone: '12-34' }, 'phone'],
      [{ email: 'not-an-email' }, 'email'],
      [{ wechat: 'a' }, 'wechat'],
      [{ wechat: '中文微信号' }, 'wechat'],
      [{ birthday: '2999-01-01' }, 'birthday'],
      [{ birthday: '2023-02-30' }, 'birthday'],
      [{ birthday: '1899-12-31' }, 'birthday'],
      [{ notes: 'x'.repeat(2001) }, 'notes'],
      [{ isPrimary: 'yes' }, 'isPrimary'],
      [{ groupIds: ['x'] }, 'groupIds.0'],
      [{ customerId: 'nope' }, 'customerId'],
    ];
    for (const [patch, field] of cases) {
      const res = await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '王芳', ...patch });
      expectFieldsFlagged(res, [field]);
    }
    const several = await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '', email: 'x', birthday: '2999-01-01' });
    expectFieldsFlagged(several, ['name', 'email', 'birthday']);
    expectError(await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '王芳', groupIds: ['0190f5a0-0000-7000-8000-000000000000'] }), 422, 'validation_failed', {
      groupIds: 'v.notFound',
    });
    const group = (await org.admin.post('/api/v1/contact-groups', { name: '决策人' })).json();
    expectFieldsFlagged(await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '王芳', groupIds: [group.id, group.id] }), ['groupIds']);
    expect(await contactsOf(org)).toEqual([]);
    expect(await auditOf(org, 'contact', 'create')).toHaveLength(1); // the group only
    // Blank optional fields are stored as "none", not refused.
    const blank = await addContact(org.admin, { customerId: customer.id, mobile: '', phone: '', email: '', wechat: '', birthday: '', title: '' });
    expect(blank).toMatchObject({ mobile: null, email: null, birthday: null, title: null });
  });

  it('keeps one primary contact per customer: a new primary demotes the old one', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const other = await seedCustomer(org, { ownerId: org.adminId });
    const a = await addContact(org.admin, { customerId: customer.id, name: '甲', isPrimary: true });
    const elsewhere = await addContact(org.admin, { customerId: other.id, name: '丙', isPrimary: true });
    const b = await addContact(org.admin, { customerId: customer.id, name: '乙', isPrimary: true });
    const primaries = async () => (await contactsOf(org)).filter((c) => c.isPrimary).map((c) => c.id).sort();
    expect(await primaries()).toEqual([b.id, elsewhere.id].sort());
    const fresh = (await org.admin.get(`/api/v1/contacts/${a.id}`)).json() as Contact;
    const res = await org.admin.put(`/api/v1/contacts/${a.id}`, { name: '甲', isPrimary: true, version: fresh.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(await primaries()).toEqual([a.id, elsewhere.id].sort());
    const list = (await org.admin.get(`/api/v1/customers/${customer.id}/contacts`)).json();
    expect(list.items.map((c: Contact) => c.name)).toEqual(['甲', '乙']);
    // A primary in the recycle bin keeps its flag and does not stand in the way of a new one.
    expect((await org.admin.delete(`/api/v1/contacts/${a.id}`)).statusCode).toBe(204);
    const c = await addContact(org.admin, { customerId: customer.id, name: '丁', isPrimary: true });
    expect(await primaries()).toEqual([a.id, c.id, elsewhere.id].sort());
  });
});

describe('changing and deleting contacts', () => {
  it('updates with the version read, recomputes search keys, audits the difference and answers 409 to a stale version', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const other = await seedCustomer(org, { ownerId: org.adminId });
    const contact = await addContact(org.admin, { customerId: customer.id, name: '张伟', mobile: '13800138000' });
    const res = await org.admin.put(`/api/v1/contacts/${contact.id}`, { customerId: other.id, name: '刘洋', email: 'liu@example.com', version: 0 });
    expect(res.statusCode, res.body).toBe(200);
    // The customer stays; the omitted mobile is cleared.
    expect(res.json()).toMatchObject({ customerId: customer.id, name: '刘洋', mobile: null, email: 'liu@example.com', version: 1 });
    const [row] = await contactsOf(org);
    expect(row!.searchGrams).toContain('刘洋');
    expect(row!.searchText).not.toContain('13800138000');
    const [logged] = await auditOf(org, 'contact', 'update');
    expect(logged).toMatchObject({ recordId: contact.id, before: { name: '张伟', mobile: '13800138000', email: null }, after: { name: '刘洋', mobile: null } });
    expectError(await org.admin.put(`/api/v1/contacts/${contact.id}`, { name: '旧', version: 0 }), 409, 'version_conflict');
    expectFieldsFlagged(await org.admin.put(`/api/v1/contacts/${contact.id}`, { name: '新', email: 'bad', version: 1 }), ['email']);
    expectFieldsFlagged(await org.admin.put(`/api/v1/contacts/${contact.id}`, { name: '新' }), ['version']);
    expect((await contactsOf(org))[0]).toMatchObject({ name: '刘洋', version: 1 });
    expectError(await org.admin.put('/api/v1/contacts/0190f5a0-0000-7000-8000-000000000000', { name: '新', version: 0 }), 404, 'not_found');
  });

  it('deletes a contact into the recycle bin, keeping its follow-ups linked, and audits; bulk delete is all or nothing', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const mine = await seedCustomer(org, { ownerId: user.id });
    const notMine = await seedCustomer(org, { ownerId: org.adminId });
    const a = await addContact(client, { customerId: mine.id, name: '甲' });
    const b = await addContact(client, { customerId: mine.id, name: '乙' });
    const c = await addContact(client, { customerId: mine.id, name: '丙' });
    const theirs = await addContact(org.admin, { customerId: notMine.id, name: '丁' });
    const logged = await client.post('/api/v1/followups', { customerId: mine.id, contactId: a.id, method: 'phone', content: '电话', occurredAt: new Date().toISOString() });
    expect(logged.statusCode, logged.body).toBe(201);

    expect((await client.delete(`/api/v1/contacts/${a.id}`)).statusCode).toBe(204);
    const [followup] = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(followups).where(eq(followups.orgId, org.orgId)));
    expect(followup).toMatchObject({ customerId: mine.id, contactId: a.id, content: '电话' });
    expect((await contactsOf(org)).find((r) => r.id === a.id)).toMatchObject({ deletedBy: user.id, deletedAt: expect.any(Date) });
    expectError(await client.get(`/api/v1/contacts/${a.id}`), 404, 'not_found');
    expect(await auditOf(org, 'contact', 'delete')).toEqual([expect.objectContaining({ recordId: a.id, before: expect.objectContaining({ name: '甲' }) })]);
    expect((await client.delete(`/api/v1/contacts/${a.id}`)).statusCode).toBe(404);
    expect((await client.delete(`/api/v1/contacts/${theirs.id}`)).statusCode).toBe(404);

    expectError(await client.post('/api/v1/contacts/bulk-delete', { ids: [b.id, theirs.id] }), 422, 'validation_failed', { ids: 'v.notDeletable' });
    expectFieldsFlagged(await client.post('/api/v1/contacts/bulk-delete', { ids: [] }), ['ids']);
    expectFieldsFlagged(await client.post('/api/v1/contacts/bulk-delete', { ids: [b.id, b.id] }), ['ids']);
    const living = async () => (await contactsOf(org)).filter((r) => !r.deletedAt).map((r) => r.name).sort();
    expect(await living()).toEqual(['丁', '丙', '乙'].sort());
    const bulk = await client.post('/api/v1/contacts/bulk-delete', { ids: [b.id, c.id] });
    expect(bulk.json()).toEqual({ deleted: 2 });
    expect(await living()).toEqual(['丁']);
  });

  it('needs write access to the customer: a read-only co-owner reads but cannot change', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: SALES });
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    await shareCustomer(org, customer.id, user.id, 'read');
    const contact = await addContact(org.admin, { customerId: customer.id });
    const seen = (await client.get(`/api/v1/contacts/${contact.id}`)).json() as Contact;
    expect(seen).toMatchObject({ canEdit: false, canDelete: false });
    expectError(await client.put(`/api/v1/contacts/${contact.id}`, { name: '改', version: 0 }), 403, 'forbidden');
    expectError(await client.delete(`/api/v1/contacts/${contact.id}`), 403, 'forbidden');
    const onPage = (await client.get(`/api/v1/customers/${customer.id}/contacts`)).json();
    expect(onPage).toMatchObject({ canCreate: false, more: false, items: [expect.objectContaining({ id: contact.id, canEdit: false })] });
    const { client: viewer } = await createTestUser(org, { permissions: ['contact:view'] });
    expectError(await viewer.post('/api/v1/contacts', { customerId: customer.id, name: '李' }), 403, 'forbidden');
  });
});

describe('listing contacts', () => {
  it('filters on every field and searches by Chinese substring, pinyin, initials and phone fragments', async () => {
    const org = await createTestOrg(env);
    const haier = await seedCustomer(org, { ownerId: org.adminId, name: '海尔' });
    const other = await seedCustomer(org, { ownerId: null, name: '格力' });
    const group = (await org.admin.post('/api/v1/contact-groups', { name: '关键人' })).json();
    const a = await addContact(org.admin, { customerId: haier.id, name: '欧阳娜娜', gender: 'female', title: '采购总监', mobile: '13912345678', birthday: '1990-03-08', groupIds: [group.id] });
    const b = await addContact(org.admin, { customerId: haier.id, name: '张三', gender: 'male', title: '工程师', email: 'zhangsan@example.com', birthday: '1988-11-20' });
    const c = await addContact(org.admin, { customerId: other.id, name: '李四', gender: 'male', title: '采购', phone: '021-66668888' });
    const q = async (query: string) => ids(await org.admin.get(`/api/v1/contacts?${query}`)).sort();
    expect(await q('q=欧阳')).toEqual([a.id]);
    expect(await q('q=ouyang')).toEqual([a.id]);
    expect(await q('q=oynn')).toEqual([a.id]);
    expect(await q('q=zs')).toEqual([b.id]);
    expect(await q('q=2345')).toEqual([a.id]);
    expect(await q('q=6666')).toEqual([c.id]);
    expect(await q('q=zhangsan@')).toEqual([b.id]);
    expect(await q('q=张')).toEqual([b.id]);
    expect(await q(`customerId=${haier.id}`)).toEqual([a.id, b.id].sort());
    expect(await q(`groupId=${group.id}`)).toEqual([a.id]);
    expect(await q('gender=male')).toEqual([b.id, c.id].sort());
    expect(await q('title=采购')).toEqual([a.id, c.id].sort());
    expect(await q(`ownerIds=${org.adminId}`)).toEqual([a.id, b.id].sort());
    expect(await q(`ownerIds=${org.adminId},${org.adminId}`)).toEqual([a.id, b.id].sort());
    expect(await q('birthdayMonth=3')).toEqual([a.id]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(await q(`createdFrom=${today}&createdTo=${today}`)).toEqual([a.id, b.id, c.id].sort());
    expect(await q('createdTo=2000-01-01')).toEqual([]);
    expect(await q('gender=&q=')).toHaveLength(3);
    const listed = (await org.admin.get(`/api/v1/contacts?q=欧阳`)).json();
    expect(listed).toMatchObject({ total: 1, totalCapped: false, items: [{ customer: { name: '海尔' }, groups: [{ id: group.id, name: '关键人' }] }] });
    for (const bad of ['gender=x', 'birthdayMonth=13', 'createdFrom=2024-13-01', 'createdFrom=2024-02-01&createdTo=2024-01-01', 'sort=phone', 'limit=500', 'customerId=x', 'ownerIds=x']) {
      expect((await org.admin.get(`/api/v1/contacts?${bad}`)).statusCode, bad).toBe(400);
    }
  });

  it('sorts and pages by keyset without repeating or skipping rows', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const names = ['丙', '甲', '乙', '丁', '戊', '己', '庚'];
    for (const name of names) await addContact(org.admin, { customerId: customer.id, name });
    async function all(query: string) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let first: { total: number | null } | undefined;
      do {
        const res = await org.admin.get(`/api/v1/contacts?limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        first ??= body;
        if (cursor) expect(body.total).toBeNull();
        seen.push(...body.items.map((i: Contact) => i.name));
        cursor = body.nextCursor;
      } while (cursor);
      expect(first!.total).toBe(names.length);
      return seen;
    }
    const rows = await contactsOf(org);
    const byName = [...rows].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)).map((r) => r.name);
    expect(await all('sort=name')).toEqual(byName);
    expect(await all('sort=name&order=desc')).toEqual([...byName].reverse());
    const newest = [...rows].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id > x.id ? 1 : -1)).map((r) => r.name);
    expect(await all('sort=createdAt')).toEqual(newest);
    expect(await all('')).toHaveLength(names.length);
    const page = (await org.admin.get('/api/v1/contacts?limit=3&sort=name')).json();
    expectError(await org.admin.get(`/api/v1/contacts?limit=3&sort=createdAt&cursor=${page.nextCursor}`), 400, 'validation_failed', { cursor: 'v.cursor' });
    expectError(await org.admin.get('/api/v1/contacts?cursor=garbage'), 400, 'validation_failed', { cursor: 'v.cursor' });
  });

  it('shows contacts by the customer visibility: owner, co-owner, hierarchy, data scope, sharing mode and pool', async () => {
    const org = await createTestOrg(env);
    const team = await salesTeam(org);
    const repCustomer = await seedCustomer(org, { ownerId: team.rep.user.id });
    const rep2Customer = await seedCustomer(org, { ownerId: team.rep2.user.id });
    const mgrCustomer = await seedCustomer(org, { ownerId: team.manager.user.id });
    const adminCustomer = await seedCustomer(org, { ownerId: org.adminId });
    const pool = await seedCustomer(org, { ownerId: null });
    const c = {
      rep: await addContact(org.admin, { customerId: repCustomer.id, name: '代表客户联系人' }),
      rep2: await addContact(org.admin, { customerId: rep2Customer.id, name: '代表二联系人' }),
      mgr: await addContact(org.admin, { customerId: mgrCustomer.id, name: '经理客户联系人' }),
      admin: await addContact(org.admin, { customerId: adminCustomer.id, name: '管理员客户联系人' }),
      pool: await addContact(org.admin, { customerId: pool.id, name: '公海联系人' }),
    };
    const names = async (client: TestOrg['admin']) => {
      const res = await client.get('/api/v1/contacts?limit=200');
      return new Set((res.json().items as Contact[]).map((i) => i.id));
    };
    const expectSees = async (client: TestOrg['admin'], seen: (keyof typeof c)[]) =>
      expect([...(await names(client))].sort()).toEqual(seen.map((k) => c[k].id).sort());

    await expectSees(team.rep.client, ['rep', 'pool']);
    // A superior position sees what the positions below it own, whatever department they are in.
    await expectSees(team.manager.client, ['rep', 'rep2', 'mgr', 'pool']);
    await expectSees(team.outsider.client, ['pool']);
    await shareCustomer(org, adminCustomer.id, team.outsider.user.id, 'read');
    await expectSees(team.outsider.client, ['admin', 'pool']);
    expect((await team.outsider.client.get(`/api/v1/contacts/${c.rep.id}`)).statusCode).toBe(404);
    expect((await team.rep.client.get(`/api/v1/customers/${adminCustomer.id}/contacts`)).statusCode).toBe(404);

    // Department scope: everyone of the department's customers.
    const { client: deptViewer } = await createTestUser(org, { permissions: SALES, scope: 'department', departmentId: team.departmentId });
    await expectSees(deptViewer, ['rep', 'mgr', 'pool']);

    // The pool is read by all, written only under the 'all' scope.
    const pooled = (await team.rep.client.get(`/api/v1/contacts/${c.pool.id}`)).json() as Contact;
    expect(pooled.canEdit).toBe(false);
    expectError(await team.rep.client.put(`/api/v1/contacts/${c.pool.id}`, { name: '改', version: 0 }), 403, 'forbidden');

    // Public read: every contact is listed, but only one's own are writable.
    await setCustomerSharing(org, 'public_read');
    await expectSees(team.outsider.client, ['rep', 'rep2', 'mgr', 'admin', 'pool']);
    expect(((await team.outsider.client.get(`/api/v1/contacts/${c.rep.id}`)).json() as Contact).canEdit).toBe(false);
  });

  it('lists the contacts of one customer, bounded, and hides a customer the reader may not open', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    for (const name of ['甲', '乙', '丙']) await addContact(org.admin, { customerId: customer.id, name });
    const res = await org.admin.get(`/api/v1/customers/${customer.id}/contacts?limit=2`);
    expect(res.json()).toMatchObject({ more: true, canCreate: true });
    expect(res.json().items).toHaveLength(2);
    expect((await org.admin.get(`/api/v1/customers/${customer.id}/contacts?limit=201`)).statusCode).toBe(400);
    expect((await org.admin.get('/api/v1/customers/0190f5a0-0000-7000-8000-000000000000/contacts')).statusCode).toBe(404);
  });
});

describe('contact groups', () => {
  it('creates, renames and deletes groups; deleting one takes it off its members', async () => {
    const org = await createTestOrg(env);
    const customer = await seedCustomer(org, { ownerId: org.adminId });
    const create = (name: string) => org.admin.post('/api/v1/contact-groups', { name });
    const vip = (await create('VIP')).json();
    const buyers = (await create('采购')).json();
    expectError(await create('VIP'), 409, 'duplicate', { name: 'v.nameTaken' });
    expectFieldsFlagged(await create('  '), ['name']);
    const contact = await addContact(org.admin, { customerId: customer.id, groupIds: [vip.id, buyers.id] });
    expect(contact.groups.map((g) => g.name).sort()).toEqual(['VIP', '采购'].sort());

    expectError(await org.admin.put(`/api/v1/contact-groups/${buyers.id}`, { name: 'VIP', version: 0 }), 409, 'duplicate', { name: 'v.nameTaken' });
    const renamed = await org.admin.put(`/api/v1/contact-groups/${buyers.id}`, { name: '采购决策人', version: 0 });
    expect(renamed.json()).toMatchObject({ name: '采购决策人', version: 1 });
    expectError(await org.admin.put(`/api/v1/contact-groups/${buyers.id}`, { name: '旧', version: 0 }), 409, 'version_conflict');
    expect((await org.admin.get('/api/v1/contact-groups')).json().items.map((g: { name: string }) => g.name)).toEqual(['VIP', '采购决策人']);

    expect((await org.admin.delete(`/api/v1/contact-groups/${vip.id}`)).statusCode).toBe(204);
    expect((await org.admin.delete(`/api/v1/contact-groups/${vip.id}`)).statusCode).toBe(404);
    const [row] = await contactsOf(org);
    expect(row!.groupIds).toEqual([buyers.id]);
    expect(await auditOf(org, 'contact', 'delete')).toEqual([expect.objectContaining({ recordType: 'contact_group', before: { name: 'VIP', members: 1 } })]);
    const groups = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(contactGroups).where(and(eq(contactGroups.orgId, org.orgId))));
    expect(groups.map((g) => g.name)).toEqual(['采购决策人']);

    const { client: viewer } = await createTestUser(org, { permissions: ['contact:view'] });
    expect((await viewer.get('/api/v1/contact-groups')).statusCode).toBe(200);
    expectError(await viewer.post('/api/v1/contact-groups', { name: '新' }), 403, 'forbidden');
  });
});
