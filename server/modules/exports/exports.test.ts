import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { readXlsx } from '../imports/imports.testing.ts';

const env = useTestApp();

async function exportOf(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/exports', body);
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as string;
  for (let i = 0; i < 200; i++) {
    const state = (await client.get(`/api/v1/exports/${id}`)).json();
    if (state.status !== 'running') {
      expect(state.status, JSON.stringify(state)).toBe('done');
      const file = await client.get(`/api/v1/exports/${id}/download`);
      expect(file.statusCode).toBe(200);
      return { state, file };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('export did not finish');
}

async function createCustomer(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/customers', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
}

async function setUp() {
  const org = await createTestOrg(env);
  const perms = ['customer:view', 'customer:create', 'customer:export', 'contact:view', 'contact:create', 'contact:export', 'activity:view', 'activity:create', 'activity:export'] as const;
  const { user: rep, client } = await createTestUser(org, { permissions: [...perms], scope: 'self' });
  const field = await org.admin.post('/api/v1/custom-fields', {
    recordType: 'customer',
    key: 'team',
    labelZh: '区域团队',
    labelEn: 'Team',
    type: 'option',
    options: [{ value: 'east', labelZh: '华东', labelEn: 'East' }],
  });
  expect(field.statusCode, field.body).toBe(201);
  const mine = await createCustomer(client, { name: '甲科技有限公司', industry: 'it', status: 'formal', provinceCode: '440000', cityCode: '440300', districtCode: '440305', custom: { team: 'east' } });
  await createCustomer(client, { name: '乙科技有限公司', status: 'potential' });
  const hidden = await createCustomer(org.admin, { name: '丙科技有限公司', status: 'formal' });
  for (const [customerId, name] of [
    [mine.id, '张三'],
    [hidden.id, '李四'],
  ] as const) {
    const c = await (customerId === mine.id ? client : org.admin).post('/api/v1/contacts', { customerId, name, mobile: '13800000000' });
    expect(c.statusCode, c.body).toBe(201);
    const f = await (customerId === mine.id ? client : org.admin).post('/api/v1/followups', {
      customerId,
      contactId: c.json().id,
      method: 'phone',
      content: `与${name}电话沟通`,
      occurredAt: '2024-05-01T02:00:00.000Z',
    });
    expect(f.statusCode, f.body).toBe(201);
  }
  return { org, rep, client, mine, hidden };
}

const auditOf = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.action, 'export'))));

describe('exports', () => {
  it('exports only the customers the reader may see, with the list filters and columns, to Excel', async () => {
    const { org, client } = await setUp();
    const { state, file } = await exportOf(client, {
      list: 'customer',
      format: 'xlsx',
      filters: { status: 'formal', sort: 'name', order: 'asc' },
      columns: ['number', 'name', 'industry', 'status', 'region', 'owner', 'cf.team', 'createdAt'],
    });
    expect(state).toMatchObject({ totalRows: 1, processedRows: 1 });
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''%E5%AE%A2%E6%88%B7-\d{8}\.xlsx$/);
    const rows = await readXlsx(file.rawPayload);
    expect(rows[0]).toEqual(['客户编号', '客户名称', '行业', '客户状态', '省 / 市 / 区', '负责人', '区域团队', '创建时间']);
    expect(rows.slice(1).map((r) => r.slice(1, 7))).toEqual([['甲科技有限公司', '信息技术', '正式客户', '广东省 深圳市 南山区', (await client.get('/api/v1/auth/me')).json().user.name, '华东']]);
    expect(rows[1]![7]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // The administrator sees all three; in English.
    const en = new Client(env.app, 'en-US');
    en.cookies = org.admin.cookies;
    const all = await exportOf(en, { list: 'customer', format: 'xlsx', filters: { sort: 'name', order: 'asc' }, columns: ['name', 'status', 'cf.team'] });
    const allRows = await readXlsx(all.file.rawPayload);
    expect(allRows).toEqual([
      ['Name', 'Status', 'Team'],
      ['丙科技有限公司', 'Formal'],
      ['乙科技有限公司', 'Potential'],
      ['甲科技有限公司', 'Formal', 'East'],
    ]);
    const audit = await auditOf(org);
    expect(audit).toHaveLength(2);
    expect(audit.find((a) => a.actorId === org.adminId)!.after).toMatchObject({ list: 'customer', format: 'xlsx', rows: 3 });
  });

  it('exports contacts and follow-ups to CSV within the same visibility', async () => {
    const { client } = await setUp();
    const contacts = await exportOf(client, { list: 'contact', format: 'csv', filters: {}, columns: ['name', 'customer', 'mobile', 'gender'] });
    const lines = contacts.file.body.split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toBe('\uFEFF姓名,所属客户,手机,性别');
    expect(lines.slice(1)).toEqual(['张三,甲科技有限公司,13800000000,未知']);
    const followups = await exportOf(client, { list: 'followup', format: 'csv', filters: { occurredFrom: '2024-05-01' }, columns: ['occurredAt', 'customer', 'contact', 'method', 'content'] });
    expect(followups.file.body.split(/\r?\n/).filter(Boolean).slice(1)).toEqual(['2024-05-01 10:00,甲科技有限公司,张三,电话,与张三电话沟通']);
  });

  it('renders a PDF with the Chinese font embedded and numbered pages', async () => {
    const { org } = await setUp();
    for (let i = 0; i < 60; i++) await createCustomer(org.admin, { name: `批量客户${i}` });
    const { file } = await exportOf(org.admin, { list: 'customer', format: 'pdf', filters: {}, columns: ['number', 'name', 'status', 'owner'] });
    const pdf = file.rawPayload;
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdf.toString('latin1');
    const pages = Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(pages);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
  });

  it('checks permissions, columns and filters, and keeps each export to its maker', async () => {
    const { org, client } = await setUp();
    const { client: viewer } = await createTestUser(org, { permissions: ['customer:view', 'contact:export'] });
    expectError(await viewer.post('/api/v1/exports', { list: 'customer', format: 'xlsx', filters: {}, columns: ['name'] }), 403, 'forbidden');
    expectError(await client.post('/api/v1/exports', { list: 'customer', format: 'xlsx', filters: {}, columns: ['name', 'passwordHash'] }), 422, 'validation_failed', { columns: 'v.exportColumn' });
    const badFilter = await client.post('/api/v1/exports', { list: 'customer', format: 'xlsx', filters: { status: 'nonsense' }, columns: ['name'] });
    expect(badFilter.statusCode).toBe(400);
    expect(Object.keys(badFilter.json().error.fields)).toEqual(['filters.status.0']);
    const { state } = await exportOf(client, { list: 'customer', format: 'csv', filters: {}, columns: ['name'] });
    expect((await org.admin.get(`/api/v1/exports/${state.id}`)).statusCode).toBe(404);
    expect((await org.admin.get(`/api/v1/exports/${state.id}/download`)).statusCode).toBe(404);
    expect((await new Client(env.app).get(`/api/v1/exports/${state.id}`)).statusCode).toBe(401);
  });
});
