import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, uniq, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { SearchResult } from '../../../shared/validation/search.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { customers, type CustomerApprovalState } from '../customers/customers.schema.ts';
import { searchKeys } from './search.keys.ts';

const env = useTestApp();

interface CustomerSeed {
  name: string;
  ownerId: string | null;
  englishName?: string;
  phone?: string;
  email?: string;
  approvalState?: CustomerApprovalState;
  createdBy?: string;
}

/** Rows as the customers module writes them: keys from the name, English name, number, phone digits and e-mail. */
async function addCustomer(org: TestOrg, seed: CustomerSeed) {
  const number = uniq('C');
  const phoneKey = seed.phone?.replace(/\D/g, '') ?? null;
  const [row] = await withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .insert(customers)
      .values({
        orgId: org.orgId,
        number,
        name: seed.name,
        nameKey: seed.name.toLowerCase(),
        englishName: seed.englishName ?? null,
        phone: seed.phone ?? null,
        phoneKey,
        email: seed.email ?? null,
        ownerId: seed.ownerId,
        approvalState: seed.approvalState ?? 'active',
        createdBy: seed.createdBy ?? org.adminId,
        ...searchKeys(seed.name, [seed.englishName, number, phoneKey, seed.email]),
      })
      .returning(),
  );
  return row!;
}

async function addContact(org: TestOrg, customer: { id: string; ownerId: string | null }, seed: { name: string; mobile?: string; email?: string }) {
  const [row] = await withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .insert(contacts)
      .values({
        orgId: org.orgId,
        customerId: customer.id,
        ownerId: customer.ownerId,
        name: seed.name,
        mobile: seed.mobile ?? null,
        email: seed.email ?? null,
        ...searchKeys(seed.name, [seed.mobile, seed.email]),
      })
      .returning(),
  );
  return row!;
}

async function search(client: Client, q: string, limit?: number): Promise<SearchResult> {
  const res = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SearchResult;
}
const names = (r: SearchResult) => r.customers.map((c) => c.name);

/** An organisation with two sales reps who each see only their own customers, and a few Haier companies. */
async function haierOrg() {
  const org = await createTestOrg(env);
  const perms = ['customer:view', 'contact:view'] as const;
  const a = await createTestUser(org, { permissions: [...perms], scope: 'self' });
  const b = await createTestUser(org, { permissions: [...perms], scope: 'self' });
  const group = await addCustomer(org, {
    name: '海尔集团',
    englishName: 'Haier Group',
    phone: '0532-88938888',
    email: 'service@haier-group.com',
    ownerId: a.user.id,
  });
  const appliances = await addCustomer(org, { name: '海尔电器股份有限公司', ownerId: b.user.id });
  const qingdao = await addCustomer(org, { name: '青岛海尔', ownerId: a.user.id });
  const pool = await addCustomer(org, { name: '海尔智家', ownerId: null });
  return { org, a, b, group, appliances, qingdao, pool };
}

describe('GET /search', () => {
  it('finds Chinese substrings of two and four characters, names starting with the query first, shorter first', async () => {
    const { org } = await haierOrg();
    await addCustomer(org, { name: '上海贝尔', ownerId: org.adminId });
    expect(names(await search(org.admin, '海尔', 10))).toEqual(['海尔智家', '海尔集团', '海尔电器股份有限公司', '青岛海尔']);
    expect(names(await search(org.admin, '海尔集团'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, '岛海'))).toEqual(['青岛海尔']);
    // Full-width letters and spaces in the query are folded like the keys.
    expect(names(await search(org.admin, ' 海尔 集团 '))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, '贝尔集团'))).toEqual([]);
  });

  it('finds by full pinyin and by pinyin initials', async () => {
    const { org } = await haierOrg();
    expect(names(await search(org.admin, 'haier', 10))).toEqual(['海尔智家', '海尔集团', '海尔电器股份有限公司', '青岛海尔']);
    expect(names(await search(org.admin, 'HaiErJiTuan'))).toEqual(['海尔集团']);
    // Initials match anywhere in the name's initials, those that start with them first.
    expect(names(await search(org.admin, 'hr', 10))).toEqual(['海尔智家', '海尔集团', '海尔电器股份有限公司', '青岛海尔']);
    expect(names(await search(org.admin, 'hejt'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, 'hrjt'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, 'qdhe'))).toEqual(['青岛海尔']);
  });

  it('finds by English name, phone and e-mail fragments', async () => {
    const { org, group } = await haierOrg();
    expect(names(await search(org.admin, 'haier group'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, '88938'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, '0532-8893'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, '(0532) 889'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, 'haier-group.com'))).toEqual(['海尔集团']);
    expect(names(await search(org.admin, group.number.toLowerCase()))).toEqual(['海尔集团']);
    // LIKE wildcards in the query are literal characters.
    expect(names(await search(org.admin, 'hai%er'))).toEqual([]);
    expect(names(await search(org.admin, 'ha_er'))).toEqual([]);
  });

  it('shows each customer with its owner, pool customers without one', async () => {
    const { org, a, group } = await haierOrg();
    const res = await search(org.admin, '海尔', 10);
    expect(res.customers.find((c) => c.id === group.id)).toEqual({
      id: group.id,
      number: group.number,
      name: '海尔集团',
      englishName: 'Haier Group',
      status: 'potential',
      owner: { id: a.user.id, name: a.user.name },
      pending: false,
    });
    expect(res.customers.find((c) => c.name === '海尔智家')?.owner).toBeNull();
  });

  it('finds only what the user may see: own customers and the pool, not a colleague’s, nor another organisation’s', async () => {
    const { org, a, b, group, appliances } = await haierOrg();
    expect(names(await search(a.client, '海尔', 10))).toEqual(['海尔智家', '海尔集团', '青岛海尔']);
    expect(names(await search(b.client, '海尔', 10))).toEqual(['海尔智家', '海尔电器股份有限公司']);
    await addContact(org, group, { name: '张海尔', mobile: '13800138000' });
    await addContact(org, appliances, { name: '李海尔', mobile: '13900139000' });
    expect((await search(a.client, '海尔')).contacts.map((c) => c.name)).toEqual(['张海尔']);
    expect((await search(b.client, '13900')).contacts.map((c) => c.name)).toEqual(['李海尔']);
    expect((await search(b.client, '13800')).contacts).toEqual([]);

    const other = await createTestOrg(env);
    await addCustomer(other, { name: '海尔别家', ownerId: other.adminId });
    expect(names(await search(org.admin, '海尔', 10))).not.toContain('海尔别家');
    expect(names(await search(other.admin, '海尔', 10))).toEqual(['海尔别家']);
  });

  it('finds a customer pending approval only for its submitter', async () => {
    const { org, a, b } = await haierOrg();
    await addCustomer(org, { name: '海尔新公司', ownerId: a.user.id, approvalState: 'pending', createdBy: a.user.id });
    const mine = await search(a.client, '海尔新');
    expect(mine.customers.map((c) => [c.name, c.pending])).toEqual([['海尔新公司', true]]);
    expect(names(await search(b.client, '海尔新'))).toEqual([]);
  });

  it('does not find what is in the recycle bin', async () => {
    const { org, group } = await haierOrg();
    const contact = await addContact(org, group, { name: '海尔老王' });
    const res = await org.admin.delete(`/api/v1/customers/${group.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const found = await search(org.admin, '海尔', 10);
    expect(names(found)).not.toContain('海尔集团');
    expect(found.contacts.map((c) => c.id)).not.toContain(contact.id);
  });

  it('finds contacts with their customer', async () => {
    const { org, group } = await haierOrg();
    const contact = await addContact(org, group, { name: '王建国', mobile: '13700137000', email: 'wang@haier-group.com' });
    const expected = { id: contact.id, name: '王建国', title: null, mobile: '13700137000', email: 'wang@haier-group.com', customer: { id: group.id, name: '海尔集团' } };
    expect((await search(org.admin, '建国')).contacts).toEqual([expected]);
    expect((await search(org.admin, 'wjg')).contacts).toEqual([expected]);
    expect((await search(org.admin, 'wangjianguo')).contacts).toEqual([expected]);
    expect((await search(org.admin, '0137000')).contacts).toEqual([expected]);
    expect((await search(org.admin, 'wang@haier')).contacts).toEqual([expected]);
    const desk = await addContact(org, group, { name: '前台', mobile: '0532-6666-1234' });
    expect((await search(org.admin, '0532-6666')).contacts.map((c) => c.id)).toEqual([desk.id]);
  });

  it('answers a query shorter than two characters with nothing', async () => {
    const { org } = await haierOrg();
    for (const q of ['', ' ', '海', 'h', '1', '%', '  海  ']) expect(await search(org.admin, q)).toEqual({ customers: [], contacts: [] });
  });

  it('limits each group, and refuses a limit outside 1–20', async () => {
    const { org } = await haierOrg();
    expect(names(await search(org.admin, '海尔', 2))).toEqual(['海尔智家', '海尔集团']);
    expect((await org.admin.get('/api/v1/search?q=海尔&limit=21')).statusCode).toBe(400);
    expect((await org.admin.get('/api/v1/search?q=海尔&limit=0')).statusCode).toBe(400);
    expect((await org.admin.get(`/api/v1/search?q=${'海'.repeat(101)}`)).statusCode).toBe(400);
  });

  it('searches only the lists the user may view', async () => {
    const { org, group } = await haierOrg();
    await addContact(org, group, { name: '海尔小王' });
    const { client: customersOnly } = await createTestUser(org, { permissions: ['customer:view'], scope: 'all' });
    const { client: contactsOnly } = await createTestUser(org, { permissions: ['contact:view'], scope: 'all' });
    const { client: nobody } = await createTestUser(org, { permissions: ['customer:create'] });
    const c = await search(customersOnly, '海尔');
    expect(c.customers.length).toBeGreaterThan(0);
    expect(c.contacts).toEqual([]);
    const k = await search(contactsOnly, '海尔');
    expect(k.customers).toEqual([]);
    expect(k.contacts.map((x) => x.name)).toEqual(['海尔小王']);
    expect((await nobody.get('/api/v1/search?q=海尔')).statusCode).toBe(403);
    expect((await new Client(env.app).get('/api/v1/search?q=海尔')).statusCode).toBe(401);
  });
});
