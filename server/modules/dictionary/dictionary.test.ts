import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { DEFAULT_DICTIONARY, DICT_TYPES } from './dictionary.defaults.ts';
import { dictItems } from './dictionary.schema.ts';

const env = useTestApp();

interface Item {
  id: string;
  dictType: string;
  code: string;
  labelZh: string;
  labelEn: string;
  sort: number;
  color: string | null;
  enabled: boolean;
  version: number;
}

const itemsOf = (org: TestOrg, type: string) =>
  withOrg(env.database.db, org.orgId, (tx) =>
    tx.select().from(dictItems).where(and(eq(dictItems.orgId, org.orgId), eq(dictItems.dictType, type))).orderBy(dictItems.sort),
  );

const auditOf = (org: TestOrg, action: string) =>
  withOrg(env.database.db, org.orgId, (tx) =>
    tx.select().from(auditLogs).where(and(eq(auditLogs.module, 'dictionary'), eq(auditLogs.action, action))),
  );

async function create(org: TestOrg, body: Record<string, unknown>) {
  const res = await org.admin.post('/api/v1/dictionary', { dictType: 'customer_source', labelZh: '测试', labelEn: 'Test', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Item;
}

describe('permissions', () => {
  it('every route: anonymous 401, without the permission 403, with it 2xx', async () => {
    const org = await createTestOrg(env);
    const item = await create(org, { code: 'perm' });
    const other = await create(org, { code: 'perm2' });
    const routes = [
      { method: 'GET', url: '/api/v1/dictionary/types', perm: 'dictionary:view', ok: 200 },
      { method: 'POST', url: '/api/v1/dictionary', perm: 'dictionary:edit', ok: 201, body: { dictType: 'industry', code: 'x1', labelZh: '甲', labelEn: 'A' } },
      { method: 'PUT', url: `/api/v1/dictionary/${item.id}`, perm: 'dictionary:edit', ok: 200, body: { labelZh: '乙', labelEn: 'B', enabled: true, version: 0 } },
      { method: 'POST', url: '/api/v1/dictionary/reorder', perm: 'dictionary:edit', ok: 200, body: { dictType: 'customer_source', ids: [item.id] } },
      { method: 'DELETE', url: `/api/v1/dictionary/${other.id}`, perm: 'dictionary:edit', ok: 204 },
    ] as const;
    const { client: viewer } = await createTestUser(org, { permissions: ['dictionary:view'] });
    const { client: nobody } = await createTestUser(org);
    const { client: editor } = await createTestUser(org, { permissions: ['dictionary:edit'] });
    for (const r of routes) {
      const send = (c: Client) => c.request(r.method, r.url, 'body' in r ? r.body : undefined);
      expect((await send(new Client(env.app))).statusCode, r.url).toBe(401);
      const refused = await send(r.perm === 'dictionary:view' ? nobody : viewer);
      expect(refused.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
      const allowed = await send(r.perm === 'dictionary:view' ? viewer : editor);
      expect(allowed.statusCode, `${r.method} ${r.url} ${allowed.body}`).toBe(r.ok);
    }
  });

  it('lets any signed-in user read a type for forms, and nobody anonymous', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org);
    const res = await client.get('/api/v1/dictionary?type=ticket_priority');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: Item) => i.code)).toEqual(DEFAULT_DICTIONARY.ticket_priority!.map(([code]) => code));
    expect((await new Client(env.app).get('/api/v1/dictionary?type=ticket_priority')).statusCode).toBe(401);
  });
});

describe('reading', () => {
  it('lists the known types with their item counts and localized labels', async () => {
    const org = await createTestOrg(env);
    await create(org, { dictType: 'industry', code: 'mining', enabled: false });
    const res = await org.admin.get('/api/v1/dictionary/types');
    expect(res.statusCode).toBe(200);
    const types = res.json().items as { type: string; label: string; count: number; enabledCount: number }[];
    expect(types.map((t) => t.type)).toEqual(DICT_TYPES);
    expect(types.find((t) => t.type === 'industry')).toEqual({
      type: 'industry',
      label: '行业类别',
      count: DEFAULT_DICTIONARY.industry!.length + 1,
      enabledCount: DEFAULT_DICTIONARY.industry!.length,
    });
    const en = await new Client(env.app, 'en-US').login('admin', undefined, org.code);
    expect((await en.get('/api/v1/dictionary/types')).json().items[0].label).toBe('Industry');
  });

  it('orders by sort and hides disabled items unless asked', async () => {
    const org = await createTestOrg(env);
    await create(org, { code: 'first', sort: 1 });
    await create(org, { code: 'off', sort: 2, enabled: false });
    const enabled = (await org.admin.get('/api/v1/dictionary?type=customer_source')).json().items as Item[];
    expect(enabled[0]!.code).toBe('first');
    expect(enabled.map((i) => i.code)).not.toContain('off');
    const all = (await org.admin.get('/api/v1/dictionary?type=customer_source&includeDisabled=true')).json().items as Item[];
    expect(all.map((i) => i.code).slice(0, 2)).toEqual(['first', 'off']);
    expect(all.map((i) => i.sort)).toEqual([...all.map((i) => i.sort)].sort((a, b) => a - b));
    const bad = await org.admin.get('/api/v1/dictionary?type=customer_source&includeDisabled=yes');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['includeDisabled']);
    const missing = await org.admin.get('/api/v1/dictionary');
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields)).toEqual(['type']);
  });
});

describe('writing', () => {
  it('creates an item at the end of its type and logs it', async () => {
    const org = await createTestOrg(env);
    const before = await itemsOf(org, 'customer_source');
    const item = await create(org, { code: 'wechat_ad', labelZh: '微信广告', labelEn: 'WeChat ads', color: '#1677ff' });
    expect(item).toMatchObject({ dictType: 'customer_source', code: 'wechat_ad', color: '#1677ff', enabled: true, version: 0 });
    expect(item.sort).toBe(Math.max(...before.map((i) => i.sort)) + 10);
    const [logged] = await auditOf(org, 'create');
    expect(logged).toMatchObject({ recordId: item.id, recordLabel: 'customer_source/wechat_ad', after: { code: 'wechat_ad', labelZh: '微信广告' } });
  });

  it('refuses a duplicate code in the same type (409) but allows it in another type', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.post('/api/v1/dictionary', { dictType: 'customer_source', code: 'website', labelZh: '重复', labelEn: 'Dup' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('duplicate');
    expect(res.json().error.fields).toEqual({ code: '编码已存在' });
    expect((await itemsOf(org, 'customer_source')).filter((i) => i.code === 'website')).toHaveLength(1);
    expect(await auditOf(org, 'create')).toEqual([]);
    await create(org, { dictType: 'industry', code: 'website' });
  });

  it('rejects bad input field by field and writes nothing', async () => {
    const org = await createTestOrg(env);
    const count = (await itemsOf(org, 'customer_source')).length;
    const cases: [Record<string, unknown>, string, number][] = [
      [{ color: 'red' }, 'color', 400],
      [{ color: '#12345' }, 'color', 400],
      [{ code: '' }, 'code', 400],
      [{ code: 'has space' }, 'code', 400],
      [{ labelZh: '  ' }, 'labelZh', 400],
      [{ labelEn: undefined }, 'labelEn', 400],
      [{ sort: -1 }, 'sort', 400],
      [{ dictType: 'Bad Type' }, 'dictType', 400],
      [{ dictType: 'no_such_type' }, 'dictType', 422],
    ];
    for (const [patch, field, status] of cases) {
      const res = await org.admin.post('/api/v1/dictionary', { dictType: 'customer_source', code: 'ok_code', labelZh: '甲', labelEn: 'A', ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(status);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields), JSON.stringify(patch)).toEqual([field]);
    }
    const colour = await org.admin.post('/api/v1/dictionary', { dictType: 'customer_source', code: 'c', labelZh: '甲', labelEn: 'A', color: 'blue' });
    expect(colour.json().error.fields.color).toBe('请输入 #RRGGBB 格式的颜色');
    expect(await itemsOf(org, 'customer_source')).toHaveLength(count);
    expect(await auditOf(org, 'create')).toEqual([]);
  });

  it('updates with the version read, logs before → after, and answers 409 to a stale version', async () => {
    const org = await createTestOrg(env);
    const item = await create(org, { code: 'upd', color: '#000000' });
    const res = await org.admin.put(`/api/v1/dictionary/${item.id}`, { labelZh: '新名', labelEn: 'New', enabled: false, color: null, version: 0 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'upd', labelZh: '新名', enabled: false, color: null, sort: item.sort, version: 1 });
    const [logged] = await auditOf(org, 'update');
    expect(logged).toMatchObject({
      recordId: item.id,
      before: { labelZh: '测试', labelEn: 'Test', color: '#000000', enabled: true },
      after: { labelZh: '新名', labelEn: 'New', color: null, enabled: false },
    });
    const stale = await org.admin.put(`/api/v1/dictionary/${item.id}`, { labelZh: '旧', labelEn: 'Old', enabled: true, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const [row] = (await itemsOf(org, 'customer_source')).filter((i) => i.id === item.id);
    expect(row).toMatchObject({ labelZh: '新名', version: 1 });
    const badColour = await org.admin.put(`/api/v1/dictionary/${item.id}`, { labelZh: '新名', labelEn: 'New', enabled: false, color: '#GGGGGG', version: 1 });
    expect(badColour.statusCode).toBe(400);
    expect(Object.keys(badColour.json().error.fields)).toEqual(['color']);
    // The code is fixed: a body naming it does not change it.
    const renamed = await org.admin.put(`/api/v1/dictionary/${item.id}`, { code: 'other', labelZh: '新名', labelEn: 'New', enabled: true, version: 1 });
    expect(renamed.json().code).toBe('upd');
  });

  it('answers 404 for unknown ids on update and delete', async () => {
    const org = await createTestOrg(env);
    const unknown = '0190f5a0-0000-7000-8000-000000000000';
    const put = await org.admin.put(`/api/v1/dictionary/${unknown}`, { labelZh: '甲', labelEn: 'A', enabled: true, version: 0 });
    expect(put.statusCode).toBe(404);
    expect(put.json().error.code).toBe('not_found');
    expect((await org.admin.delete(`/api/v1/dictionary/${unknown}`)).statusCode).toBe(404);
    expect((await org.admin.delete('/api/v1/dictionary/not-a-uuid')).statusCode).toBe(400);
  });

  it('deletes an item and logs what it was', async () => {
    const org = await createTestOrg(env);
    const item = await create(org, { code: 'gone' });
    const res = await org.admin.delete(`/api/v1/dictionary/${item.id}`);
    expect(res.statusCode).toBe(204);
    expect((await itemsOf(org, 'customer_source')).map((i) => i.id)).not.toContain(item.id);
    const [logged] = await auditOf(org, 'delete');
    expect(logged).toMatchObject({ recordId: item.id, before: { code: 'gone' } });
  });
});

describe('reorder', () => {
  it('puts the listed items first and keeps the rest in order after them', async () => {
    const org = await createTestOrg(env);
    const current = await itemsOf(org, 'customer_type');
    const [a, b, c, d] = current;
    const res = await org.admin.post('/api/v1/dictionary/reorder', { dictType: 'customer_type', ids: [c!.id, a!.id] });
    expect(res.statusCode).toBe(200);
    const codes = (res.json().items as Item[]).map((i) => i.code);
    expect(codes).toEqual([c!.code, a!.code, b!.code, d!.code]);
    expect((await itemsOf(org, 'customer_type')).map((i) => i.sort)).toEqual([10, 20, 30, 40]);
    const [logged] = await auditOf(org, 'reorder');
    expect(logged).toMatchObject({ recordId: 'customer_type', after: { codes } });
  });

  it('refuses ids of another type, unknown types and repeated ids, changing nothing', async () => {
    const org = await createTestOrg(env);
    const types = await itemsOf(org, 'customer_type');
    const [industry] = await itemsOf(org, 'industry');
    const cases: [Record<string, unknown>, string, number][] = [
      [{ dictType: 'customer_type', ids: [industry!.id] }, 'ids', 422],
      [{ dictType: 'nope', ids: [types[0]!.id] }, 'dictType', 422],
      [{ dictType: 'customer_type', ids: [types[0]!.id, types[0]!.id] }, 'ids', 400],
      [{ dictType: 'customer_type', ids: [] }, 'ids', 400],
      [{ dictType: 'customer_type', ids: ['x'] }, 'ids.0', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await org.admin.post('/api/v1/dictionary/reorder', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
    }
    expect(await itemsOf(org, 'customer_type')).toEqual(types);
    expect(await auditOf(org, 'reorder')).toEqual([]);
  });
});

describe('isolation', () => {
  it('organisation B never sees or changes organisation A items', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const item = await create(a, { code: 'a_only' });
    const list = (await b.admin.get('/api/v1/dictionary?type=customer_source&includeDisabled=true')).json().items as Item[];
    expect(list.map((i) => i.id)).not.toContain(item.id);
    expect(list.map((i) => i.code)).not.toContain('a_only');
    const put = await b.admin.put(`/api/v1/dictionary/${item.id}`, { labelZh: '篡改', labelEn: 'Hijack', enabled: true, version: 0 });
    expect(put.statusCode).toBe(404);
    expect((await b.admin.delete(`/api/v1/dictionary/${item.id}`)).statusCode).toBe(404);
    const reorder = await b.admin.post('/api/v1/dictionary/reorder', { dictType: 'customer_source', ids: [item.id] });
    expect(reorder.statusCode).toBe(422);
    const [row] = (await itemsOf(a, 'customer_source')).filter((i) => i.id === item.id);
    expect(row).toMatchObject({ labelZh: '测试', version: 0, sort: item.sort });
    // The same code is free in B: codes are unique per organisation.
    await create(b, { code: 'a_only' });
  });
});
