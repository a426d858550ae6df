import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { Permission } from '../../../shared/permissions.ts';
import type { SavedView } from '../../../shared/validation/views.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { savedViews } from './views.schema.ts';

const env = useTestApp();

const definition = {
  filters: { view: 'mine', status: ['potential', 'formal'], importanceMin: 3, 'cf.region_code': 'east' },
  sort: { field: 'createdAt', order: 'desc' },
  columns: ['number', 'name', 'owner', 'cf.region_code'],
};

async function create(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/views', { list: 'customer', name: '重点客户', definition, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as SavedView;
}

const list = async (client: Client, which = 'customer') => {
  const res = await client.get(`/api/v1/views?list=${which}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: SavedView[] }).items;
};

const rowsOf = (org: TestOrg) => withOrg(env.database.db, org.orgId, (tx) => tx.select().from(savedViews).where(eq(savedViews.orgId, org.orgId)));

const VIEWER: Permission[] = ['customer:view', 'contact:view'];

describe('saved views', () => {
  it('lists the four built-in customer views first, named in the user’s language', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: VIEWER });
    const items = await list(client);
    expect(items.map((v) => [v.id, v.name, v.builtin, v.editable, v.definition])).toEqual([
      ['builtin:mine', '我的客户', true, false, { filters: { view: 'mine' } }],
      ['builtin:team', '我团队的客户', true, false, { filters: { view: 'team' } }],
      ['builtin:all', '我可见的全部客户', true, false, { filters: { view: 'all' } }],
      ['builtin:pool', '公海客户', true, false, { filters: { view: 'pool' } }],
    ]);
    const english = await createTestOrg(env, { locale: 'en-US' });
    expect((await list(english.admin)).map((v) => v.name)).toEqual(['My customers', "My team's customers", 'All customers I can see', 'Public pool']);
    // Other lists have no built-in views.
    expect(await list(client, 'contact')).toEqual([]);
  });

  it('creates a private view that only its owner sees, with an audit entry', async () => {
    const org = await createTestOrg(env);
    const { user, client: owner } = await createTestUser(org, { permissions: VIEWER });
    const { client: colleague } = await createTestUser(org, { permissions: VIEWER });
    const view = await create(owner);
    expect(view).toMatchObject({ list: 'customer', name: '重点客户', builtin: false, shared: false, editable: true, owner: { id: user.id, name: user.name }, definition, version: 0 });
    expect((await list(owner)).map((v) => v.name)).toContain('重点客户');
    expect((await list(colleague)).map((v) => v.name)).not.toContain('重点客户');
    expect((await owner.get(`/api/v1/views/${view.id}`)).json()).toEqual(view);
    expectError(await colleague.get(`/api/v1/views/${view.id}`), 404, 'not_found');
    expectError(await colleague.put(`/api/v1/views/${view.id}`, { name: 'x', shared: true, definition, version: 0 }), 404, 'not_found');
    expectError(await colleague.delete(`/api/v1/views/${view.id}`), 404, 'not_found');
    const [entry] = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select().from(auditLogs).where(and(eq(auditLogs.recordType, 'saved_view'), eq(auditLogs.recordId, view.id))),
    );
    expect(entry).toMatchObject({ module: 'customer', action: 'create', actorId: user.id, recordLabel: '重点客户' });
  });

  it('shares a view with the organisation: others read it, only the owner or settings:edit change it', async () => {
    const org = await createTestOrg(env);
    const { client: owner } = await createTestUser(org, { permissions: VIEWER });
    const { client: colleague } = await createTestUser(org, { permissions: VIEWER });
    const { client: settings } = await createTestUser(org, { permissions: [...VIEWER, 'settings:edit'] });
    const view = await create(owner, { shared: true, name: '华东大客户' });
    const seen = (await list(colleague)).find((v) => v.id === view.id);
    expect(seen).toMatchObject({ shared: true, editable: false });
    expectError(await colleague.put(`/api/v1/views/${view.id}`, { name: '改名', shared: true, definition, version: 0 }), 403, 'forbidden');
    expectError(await colleague.delete(`/api/v1/views/${view.id}`), 403, 'forbidden');

    expect((await list(settings)).find((v) => v.id === view.id)?.editable).toBe(true);
    const renamed = await settings.put(`/api/v1/views/${view.id}`, { name: '华东重点', shared: true, definition, version: 0 });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '华东重点', version: 1, editable: true });

    // Unsharing makes it private again: gone for the colleague.
    const unshared = await owner.put(`/api/v1/views/${view.id}`, { name: '华东重点', shared: false, definition, version: 1 });
    expect(unshared.statusCode, unshared.body).toBe(200);
    expect((await list(colleague)).find((v) => v.id === view.id)).toBeUndefined();
    expect((await owner.delete(`/api/v1/views/${view.id}`)).statusCode).toBe(204);
    expect(await rowsOf(org)).toEqual([]);
  });

  it('lists own views before shared ones, each by name', async () => {
    const org = await createTestOrg(env);
    const { client: me } = await createTestUser(org, { permissions: VIEWER });
    const { client: other } = await createTestUser(org, { permissions: VIEWER });
    await create(other, { name: '甲 共享', shared: true });
    await create(me, { name: 'B 我的' });
    await create(me, { name: 'A 我的', shared: true });
    await create(other, { name: '乙 私有' });
    expect((await list(me)).filter((v) => !v.builtin).map((v) => v.name)).toEqual(['A 我的', 'B 我的', '甲 共享']);
  });

  it('refuses a second view of the same name by the same owner, any case; another owner may use it', async () => {
    const org = await createTestOrg(env);
    const { client: me } = await createTestUser(org, { permissions: VIEWER });
    const { client: other } = await createTestUser(org, { permissions: VIEWER });
    await create(me, { name: 'Key accounts' });
    expectError(await me.post('/api/v1/views', { list: 'customer', name: 'KEY ACCOUNTS', definition }), 409, 'duplicate', { name: 'v.nameTaken' });
    await create(other, { name: 'Key accounts' });
    // The same name on another list is another view.
    await create(me, { name: 'Key accounts', list: 'contact', definition: { filters: {} } });
    const second = await create(me, { name: 'Others' });
    expectError(await me.put(`/api/v1/views/${second.id}`, { name: 'key accounts', shared: false, definition, version: 0 }), 409, 'duplicate', { name: 'v.nameTaken' });
  });

  it('refuses a stale version', async () => {
    const org = await createTestOrg(env);
    const view = await create(org.admin);
    expect((await org.admin.put(`/api/v1/views/${view.id}`, { name: 'v2', shared: false, definition, version: 0 })).statusCode).toBe(200);
    expectError(await org.admin.put(`/api/v1/views/${view.id}`, { name: 'v3', shared: false, definition, version: 0 }), 409, 'version_conflict');
  });

  it('validates the name and the definition, writing nothing', async () => {
    const org = await createTestOrg(env);
    expectError(await org.admin.post('/api/v1/views', { list: 'customer', name: '  ', definition }), 400, 'validation_failed', { name: 'v.required' });
    expectFieldsFlagged(await org.admin.post('/api/v1/views', { list: 'customer', name: 'x'.repeat(51), definition }), ['name']);
    expectFieldsFlagged(await org.admin.post('/api/v1/views', { list: 'orders', name: 'x', definition }), ['list']);
    expectFieldsFlagged(await org.admin.post('/api/v1/views', { list: 'customer', name: 'x' }), ['definition']);
    const bad = [
      { filters: { 'bad key': 'x' } },
      { filters: { status: { nested: true } } },
      { filters: { q: 'x'.repeat(501) } },
      { filters: Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`f${i}`, 'x'])) },
      { filters: {}, sort: { field: 'name', order: 'up' } },
      { filters: {}, columns: ['name', 'name'] },
      { filters: {}, columns: ['drop table'] },
    ];
    for (const d of bad) {
      const res = await org.admin.post('/api/v1/views', { list: 'customer', name: 'x', definition: d });
      expect(res.statusCode, JSON.stringify(d)).toBe(400);
      expect(Object.keys(res.json().error.fields).some((f) => f.startsWith('definition')), res.body).toBe(true);
    }
    expect(await rowsOf(org)).toEqual([]);
  });

  it('accepts only filters, values and sorts of the view’s own list', async () => {
    const org = await createTestOrg(env);
    const post = (list: string, d: Record<string, unknown>) => org.admin.post('/api/v1/views', { list, name: 'x', definition: d });
    expectError(await post('customer', { filters: { colour: 'red' } }), 422, 'validation_failed', { 'definition.filters.colour': 'v.unknownFilter' });
    expectError(await post('customer', { filters: { status: 'nonsense' } }), 422, 'validation_failed', { 'definition.filters.status': 'v.viewFilter' });
    expectError(await post('customer', { filters: { importanceMin: 4, importanceMax: 2 } }), 422, 'validation_failed', { 'definition.filters.importanceMax': 'v.range' });
    expectError(await post('customer', { filters: { limit: 200 } }), 422, 'validation_failed', { 'definition.filters.limit': 'v.viewFilter' });
    expectError(await post('customer', { filters: {}, sort: { field: 'phone', order: 'asc' } }), 422, 'validation_failed', { 'definition.sort': 'v.viewFilter' });
    // Contacts: a customer filter means nothing there, and would otherwise be dropped without a word.
    expectError(await post('contact', { filters: { status: 'formal' } }), 422, 'validation_failed', { 'definition.filters.status': 'v.viewFilter' });
    expectError(await post('contact', { filters: { gender: 'robot' } }), 422, 'validation_failed', { 'definition.filters.gender': 'v.viewFilter' });
    expectError(await post('followup', { filters: { occurredFrom: '2026-05-01', occurredTo: '2026-04-01' } }), 422, 'validation_failed', { 'definition.filters.occurredTo': 'v.dateRange' });
    expect(await rowsOf(org)).toEqual([]);
    for (const [list, d] of [
      ['contact', { filters: { gender: 'female', ownerIds: [org.adminId] }, sort: { field: 'name', order: 'asc' } }],
      ['followup', { filters: { occurredFrom: '2026-04-01', hasNextContact: true } }],
      ['customer', { filters: { view: 'pool', tags: ['VIP', '重点'], provinceCode: '370000', createdFrom: '2026-01-01T00:00:00.000Z' }, sort: { field: 'number', order: 'asc' } }],
    ] as const) {
      const res = await post(list, d);
      expect(res.statusCode, `${list} ${res.body}`).toBe(201);
      await org.admin.delete(`/api/v1/views/${res.json().id}`);
    }
  });

  it('limits how many views one user keeps per list', async () => {
    const org = await createTestOrg(env);
    await withOrg(env.database.db, org.orgId, (tx) =>
      tx.insert(savedViews).values(Array.from({ length: 50 }, (_, i) => ({ orgId: org.orgId, list: 'customer', name: `v${i}`, ownerId: org.adminId, definition: { filters: {} } }))),
    );
    expectError(await org.admin.post('/api/v1/views', { list: 'customer', name: 'one more', definition }), 422, 'validation_failed', { name: 'v.viewsFull' }, { max: 50 });
  });

  it('needs the view permission of the list', async () => {
    const org = await createTestOrg(env);
    const { client: contactsOnly } = await createTestUser(org, { permissions: ['contact:view'] });
    const { client: nobody } = await createTestUser(org, { permissions: ['customer:create'] });
    expectError(await contactsOnly.get('/api/v1/views?list=customer'), 403, 'forbidden');
    expectError(await contactsOnly.post('/api/v1/views', { list: 'customer', name: 'x', definition }), 403, 'forbidden');
    expectError(await contactsOnly.post('/api/v1/views', { list: 'followup', name: 'x', definition }), 403, 'forbidden');
    expect((await contactsOnly.post('/api/v1/views', { list: 'contact', name: 'x', definition: { filters: {} } })).statusCode).toBe(201);
    // A shared customer view stays hidden from someone who may not read customers.
    const shared = await create(org.admin, { shared: true });
    expectError(await contactsOnly.get(`/api/v1/views/${shared.id}`), 404, 'not_found');
    expectError(await nobody.get('/api/v1/views?list=contact'), 403, 'forbidden');
    expect((await new Client(env.app).get('/api/v1/views?list=customer')).statusCode).toBe(401);
  });

  it('keeps organisations apart', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const view = await create(a.admin, { shared: true });
    expect((await list(b.admin)).filter((v) => !v.builtin)).toEqual([]);
    expectError(await b.admin.get(`/api/v1/views/${view.id}`), 404, 'not_found');
    expectError(await b.admin.put(`/api/v1/views/${view.id}`, { name: 'x', shared: true, definition, version: 0 }), 404, 'not_found');
    expectError(await b.admin.delete(`/api/v1/views/${view.id}`), 404, 'not_found');
  });
});
