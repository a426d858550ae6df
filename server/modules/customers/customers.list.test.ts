import { and, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/columns.ts';
import { queryRows } from '../../db/client.ts';
import { withOrg, withSystem } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, useTestApp } from '../../test/fixtures.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { customerListQuery } from '../../../shared/validation/customers.ts';
import { loadSession } from '../auth/auth.service.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { departments, positions } from '../orgchart/orgchart.schema.ts';
import { customerFilters } from './customers.list.ts';
import { customers } from './customers.schema.ts';

const env = useTestApp();

const REP: Permission[] = ['customer:view', 'customer:create', 'customer:edit'];

let seq = 0;
const cname = (base = '列表客户') => `${base}${(++seq).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function create(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/customers', { name: cname(), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function list(client: Client, query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await client.get(`/api/v1/customers${qs ? `?${qs}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; name: string; owner: { id: string } | null }[]; nextCursor: string | null; total: number | null; totalEstimated: boolean };
}
const names = (r: Awaited<ReturnType<typeof list>>) => r.items.map((i) => i.name).sort();

describe('filters', () => {
  it('filters on keyword, number, name, contact, phone, e-mail, address and codes', async () => {
    const org = await createTestOrg(env);
    const haier = await create(org.admin, {
      name: '青岛海尔集团',
      englishName: 'Haier Group',
      phone: '0532-88938888',
      email: 'sales@haier.com',
      address: '青岛市崂山区海尔路1号',
      industry: 'manufacturing',
      source: 'exhibition',
      level: 'a',
      status: 'signed',
      importance: 5,
      kind: 'enterprise',
      provinceCode: '370000',
      cityCode: '370200',
      districtCode: '370212',
      tags: ['VIP', '制造'],
    });
    await create(org.admin, { name: '北京小米科技', phone: '010-60606666', email: 'info@mi.com', address: '北京市海淀区清河中街68号', industry: 'it', status: 'potential', importance: 2, kind: 'individual', provinceCode: '110000', cityCode: '110000', districtCode: '110108', tags: ['潜在'] });
    await withOrg(env.database.db, org.orgId, (tx) => tx.insert(contacts).values({ orgId: org.orgId, customerId: haier.id, ownerId: org.adminId, name: '张瑞敏', searchGrams: ['张瑞', '瑞敏'], searchText: '张瑞敏' }));
    const cases: [Record<string, string | number>, string[]][] = [
      [{ q: '海尔' }, ['青岛海尔集团']],
      [{ q: 'hr' }, ['青岛海尔集团']],
      [{ q: 'xiaomi' }, ['北京小米科技']],
      [{ number: haier.number }, ['青岛海尔集团']],
      [{ name: '小米' }, ['北京小米科技']],
      [{ contact: '瑞敏' }, ['青岛海尔集团']],
      [{ phone: '8893' }, ['青岛海尔集团']],
      [{ email: 'mi.com' }, ['北京小米科技']],
      [{ address: '海淀' }, ['北京小米科技']],
      [{ address: '海尔路' }, ['青岛海尔集团']],
      [{ industry: 'it,finance' }, ['北京小米科技']],
      [{ source: 'exhibition' }, ['青岛海尔集团']],
      [{ level: 'a' }, ['青岛海尔集团']],
      [{ status: 'signed,formal' }, ['青岛海尔集团']],
      [{ kind: 'individual' }, ['北京小米科技']],
      [{ importanceMin: 3 }, ['青岛海尔集团']],
      [{ importanceMax: 3 }, ['北京小米科技']],
      [{ provinceCode: '110000' }, ['北京小米科技']],
      [{ cityCode: '370200' }, ['青岛海尔集团']],
      [{ districtCode: '110108' }, ['北京小米科技']],
      [{ tags: '潜在,其他' }, ['北京小米科技']],
      [{ ownerIds: org.adminId }, ['北京小米科技', '青岛海尔集团']],
      [{ createdFrom: new Date(Date.now() - 60_000).toISOString(), createdTo: new Date(Date.now() + 60_000).toISOString() }, ['北京小米科技', '青岛海尔集团']],
      [{ updatedTo: new Date(Date.now() - 3_600_000).toISOString() }, []],
      [{ lastFollowupFrom: new Date(Date.now() - 60_000).toISOString() }, []],
      [{ nextContactTo: new Date().toISOString() }, []],
    ];
    for (const [query, expected] of cases) expect(names(await list(org.admin, query)), JSON.stringify(query)).toEqual(expected);
  });

  it('refuses unknown filters, reversed ranges and a cursor of another sort', async () => {
    const org = await createTestOrg(env);
    expectError(await org.admin.get('/api/v1/customers?bogus=1'), 400, 'validation_failed', { bogus: 'v.unknownFilter' });
    expectError(await org.admin.get('/api/v1/customers?importanceMin=4&importanceMax=2'), 400, 'validation_failed', { importanceMax: 'v.range' });
    expectError(await org.admin.get('/api/v1/customers?status=gone'), 400, 'validation_failed');
    expectError(await org.admin.get('/api/v1/customers?limit=201'), 400, 'validation_failed');
    expectError(await org.admin.get('/api/v1/customers?cursor=xyz'), 400, 'validation_failed', { cursor: 'v.cursor' });
    expectError(await org.admin.get('/api/v1/customers?cf.nope=1'), 422, 'validation_failed', { 'cf.nope': 'v.customUnknown' });
  });
});

describe('custom fields', () => {
  it('validates values on write and filters by equality, contains-any and range', async () => {
    const org = await createTestOrg(env);
    const defs = [
      { key: 'budget', labelZh: '预算', labelEn: 'Budget', type: 'money' },
      { key: 'employees', labelZh: '员工数', labelEn: 'Employees', type: 'number' },
      { key: 'founded', labelZh: '成立日期', labelEn: 'Founded', type: 'date' },
      { key: 'region', labelZh: '大区', labelEn: 'Region', type: 'option', options: [{ value: 'north', labelZh: '北区', labelEn: 'North' }, { value: 'south', labelZh: '南区', labelEn: 'South' }] },
      { key: 'channels', labelZh: '渠道', labelEn: 'Channels', type: 'multi_option', options: [{ value: 'web', labelZh: '网站', labelEn: 'Web' }, { value: 'shop', labelZh: '门店', labelEn: 'Shop' }] },
      { key: 'manager', labelZh: '客户经理', labelEn: 'Account manager', type: 'user' },
      { key: 'note', labelZh: '备注', labelEn: 'Note', type: 'text', required: true },
    ];
    for (const d of defs) {
      const res = await org.admin.post('/api/v1/custom-fields', { recordType: 'customer', ...d });
      expect(res.statusCode, res.body).toBe(201);
    }
    const bad = await org.admin.post('/api/v1/customers', {
      name: cname(),
      custom: { budget: '1.234', employees: 'many', founded: '2024-02-30', region: 'east', channels: ['web', 'tv'], manager: newId(), unknown: 1 },
    });
    expectError(bad, 422, 'validation_failed', {
      'custom.budget': 'v.customMoney',
      'custom.employees': 'v.customNumber',
      'custom.founded': 'v.customDate',
      'custom.region': 'v.customOption',
      'custom.channels': 'v.customOption',
      'custom.manager': 'v.customUser',
      'custom.unknown': 'v.customUnknown',
      'custom.note': 'v.required',
    });
    const a = await create(org.admin, { custom: { budget: '1000.50', employees: 50, founded: '2001-05-01', region: 'north', channels: ['web', 'shop'], manager: org.adminId, note: '甲' } });
    expect(a.custom).toEqual({ budget: '1000.50', employees: 50, founded: '2001-05-01', region: 'north', channels: ['web', 'shop'], manager: org.adminId, note: '甲' });
    await create(org.admin, { custom: { budget: '20', employees: '500', founded: '2019-01-01', region: 'south', channels: ['shop'], note: '乙' } });
    const cases: [Record<string, string>, number][] = [
      [{ 'cf.region': 'north' }, 1],
      [{ 'cf.region': 'north,south' }, 2],
      [{ 'cf.channels': 'web' }, 1],
      [{ 'cf.channels': 'shop' }, 2],
      [{ 'cf.employees.gte': '100' }, 1],
      [{ 'cf.budget.gte': '100', 'cf.budget.lte': '2000' }, 1],
      [{ 'cf.founded.lte': '2010-01-01' }, 1],
      [{ 'cf.manager': org.adminId }, 1],
    ];
    for (const [query, n] of cases) expect((await list(org.admin, query)).items.length, JSON.stringify(query)).toBe(n);
    expectError(await org.admin.get('/api/v1/customers?cf.region.gte=a'), 422, 'validation_failed', { 'cf.region': 'v.customRange' });
    expectError(await org.admin.get('/api/v1/customers?cf.employees=abc'), 422, 'validation_failed', { 'cf.employees': 'v.customNumber' });
  });
});

describe('sorting, paging and totals', () => {
  it('pages by keyset in every sort and order without gaps or repeats', async () => {
    const org = await createTestOrg(env);
    for (let i = 0; i < 7; i++) await create(org.admin);
    for (const sort of ['updatedAt', 'createdAt', 'number', 'name']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let first = true;
        do {
          const page: Awaited<ReturnType<typeof list>> = await list(org.admin, { sort, order, limit: 3, ...(cursor ? { cursor } : {}) });
          if (first) expect(page.total).toBe(7);
          else expect(page.total).toBeNull();
          first = false;
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size, `${sort} ${order}`).toBe(7);
        const all = (await list(org.admin, { sort, order, limit: 50 })).items.map((i) => i.id);
        expect(seen, `${sort} ${order}`).toEqual(all);
      }
    }
  });

  it('uses the indexes for the list filters and sorts on a few thousand customers', async () => {
    const org = await createTestOrg(env);
    await withOrg(env.database.db, org.orgId, async (tx) => {
      await tx.execute(sql`insert into customers (org_id, id, number, name, name_key, status, owner_id, industry, search_grams, search_text, created_at, updated_at)
        select ${org.orgId}, gen_random_uuid(), 'B' || lpad(g::text, 8, '0'), '批量客户' || g, '批量客户' || g,
               (array['potential','formal','signed','abandoned'])[1 + g % 4], case when g % 50 = 0 then ${org.adminId}::uuid end, (array['it','finance','retail'])[1 + g % 3],
               array['批量', '量客', '客户', '户' || (g % 500)], '批量客户' || g, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
          from generate_series(1, 4000) g`);
    });
    // The application role may not analyse; the planner needs the statistics to choose as it would in production.
    await withSystem(env.database.db, (tx) => tx.execute(sql`analyze customers`));
    const session = await loadSession(env.database.db, org.admin.cookies.kehu_session!, { ip: null, userAgent: null, locale: 'zh-CN' });
    const plan = async (query: Record<string, string>) =>
      withOrg(env.database.db, org.orgId, async (tx) => {
        const q = customerListQuery.parse(query);
        const filters = await customerFilters(tx, session!.actor, q);
        // customerVisible keeps deleted customers out; the name sort's unique index covers only the living ones.
        const where = and(eq(customers.orgId, org.orgId), isNull(customers.deletedAt), ...filters);
        const order = q.sort === 'createdAt' ? sql`created_at desc nulls last, id` : q.sort === 'name' ? sql`name_key` : sql`updated_at desc nulls last, id`;
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain select id from customers where ${where} order by ${order} limit 21`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    expect(await plan({})).toMatch(/customers_updated_idx/);
    expect(await plan({ sort: 'createdAt' })).toMatch(/customers_created_idx/);
    expect(await plan({ sort: 'name' })).toMatch(/customers_name_key/);
    expect(await plan({ status: 'formal' })).toMatch(/customers_status_idx/);
    expect(await plan({ q: "户7" })).toMatch(/customers_search_grams_idx/);
    expect(await plan({ tags: 'x' })).toMatch(/customers_tags_idx/);
    expect(await plan({ view: 'mine' })).toMatch(/customers_owner_idx/);
    const counted = await list(org.admin, { status: 'formal' });
    expect(counted).toMatchObject({ total: 1000, totalEstimated: false });
  });
});

/** Positions: manager above rep; a peer in another branch; one department for all. */
async function hierarchy() {
  const org = await createTestOrg(env);
  const dept = newId();
  const dept2 = newId();
  const pos = { mgr: newId(), rep: newId(), peer: newId() };
  await withOrg(env.database.db, org.orgId, async (tx) => {
    await tx.insert(departments).values([
      { orgId: org.orgId, id: dept, name: '销售部', path: `/${dept}/` },
      { orgId: org.orgId, id: dept2, name: '市场部', path: `/${dept2}/` },
    ]);
    await tx.insert(positions).values([
      { orgId: org.orgId, id: pos.mgr, departmentId: dept, name: '经理', path: `/${pos.mgr}/` },
      { orgId: org.orgId, id: pos.rep, departmentId: dept, parentId: pos.mgr, name: '销售', path: `/${pos.mgr}/${pos.rep}/` },
      { orgId: org.orgId, id: pos.peer, departmentId: dept2, name: '市场专员', path: `/${pos.peer}/` },
    ]);
  });
  const mgr = await createTestUser(org, { permissions: REP, positionIds: [pos.mgr], departmentId: dept });
  const rep = await createTestUser(org, { permissions: REP, positionIds: [pos.rep], departmentId: dept });
  const peer = await createTestUser(org, { permissions: REP, positionIds: [pos.peer], departmentId: dept2 });
  const deptWide = await createTestUser(org, { permissions: REP, scope: 'department', departmentId: dept });
  return { org, mgr, rep, peer, deptWide };
}

describe('visibility', () => {
  it('owner, superior, department scope, co-owner, sharing mode and pool', async () => {
    const { org, mgr, rep, peer, deptWide } = await hierarchy();
    const repCustomer = await create(rep.client);
    const peerCustomer = await create(peer.client);
    const adminCustomer = await create(org.admin);
    const pooled = await create(org.admin);
    await withOrg(env.database.db, org.orgId, (tx) => tx.execute(sql`update customers set owner_id = null, pool_entered_at = now() where id = ${pooled.id}`));
    const ids = async (c: Client, view = 'all') => (await list(c, { view })).items.map((i) => i.id).sort();
    const sorted = (...xs: string[]) => xs.sort();

    expect(await ids(rep.client)).toEqual(sorted(repCustomer.id, pooled.id));
    expect(await ids(mgr.client)).toEqual(sorted(repCustomer.id, pooled.id));
    expect(await ids(peer.client)).toEqual(sorted(peerCustomer.id, pooled.id));
    expect(await ids(deptWide.client)).toEqual(sorted(repCustomer.id, pooled.id));
    expect(await ids(mgr.client, 'mine')).toEqual([]);
    expect(await ids(mgr.client, 'team')).toEqual([repCustomer.id]);
    expect(await ids(rep.client, 'pool')).toEqual([pooled.id]);

    // A superior edits what a subordinate owns; a peer does not even see it.
    const edit = await mgr.client.put(`/api/v1/customers/${repCustomer.id}`, { name: repCustomer.name, importance: 4, version: repCustomer.version });
    expect(edit.statusCode, edit.body).toBe(200);
    expectError(await peer.client.get(`/api/v1/customers/${repCustomer.id}`), 404, 'not_found');
    // The pool is read by all, written only by the 'all' scope (others claim first).
    expect((await rep.client.get(`/api/v1/customers/${pooled.id}`)).json().permissions).toMatchObject({ canEdit: false, canClaim: true });
    expectError(await rep.client.put(`/api/v1/customers/${pooled.id}`, { name: pooled.name, version: pooled.version }), 403, 'forbidden');

    // Co-owner read-only share.
    await org.admin.put(`/api/v1/customers/${adminCustomer.id}/co-owners`, { coOwners: [{ userId: peer.user.id, access: 'read' }] });
    expect(await ids(peer.client)).toContain(adminCustomer.id);

    // Public read-only sharing mode: everyone reads every customer.
    await withOrg(env.database.db, org.orgId, (tx) => tx.execute(sql`insert into sharing_modes (org_id, record_type, mode) values (${org.orgId}, 'customer', 'public_read') on conflict (org_id, record_type) do update set mode = excluded.mode`));
    expect((await ids(peer.client)).length).toBe(4);
    expectError(await peer.client.put(`/api/v1/customers/${repCustomer.id}`, { name: repCustomer.name, version: 1 }), 403, 'forbidden');
  });
});

describe('count threshold', () => {
  it('estimates the total past the exact-count threshold', async () => {
    const org = await createTestOrg(env);
    await withOrg(env.database.db, org.orgId, async (tx) => {
      await tx.execute(sql`insert into customers (org_id, id, number, name, name_key, owner_id)
        select ${org.orgId}, gen_random_uuid(), 'E' || g, '估算客户' || g, '估算客户' || g, ${org.adminId}::uuid from generate_series(1, 10050) g`);
    });
    // The application role may not analyse; the planner needs the statistics to choose as it would in production.
    await withSystem(env.database.db, (tx) => tx.execute(sql`analyze customers`));
    const page = await list(org.admin, { limit: 5 });
    expect(page.totalEstimated).toBe(true);
    // The planner's figure comes from sampled statistics: near the 10,050 rows, not exactly them.
    expect(page.total).toBeGreaterThan(9_000);
    expect(page.total).toBeLessThan(11_000);
  });
});


