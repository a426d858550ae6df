import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { customers } from '../customers/customers.schema.ts';
import { seedCustomer } from '../attachments/attachments.testing.ts';
import { readXlsx, runImport, uploadImport, xlsxFile } from './imports.testing.ts';

const env = useTestApp();

const customersOf = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(customers).where(eq(customers.orgId, org.orgId)).orderBy(customers.number));

const HEADER = ['客户名称', '电话', '邮箱', '省份', '城市', '区县', '行业', '客户状态', '标签'];

async function createCustomer(org: TestOrg, body: Record<string, unknown>) {
  const res = await org.admin.post('/api/v1/customers', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; version: number };
}

describe('template', () => {
  it("gives the headers in the user's language with the organisation's custom fields, an example row and instructions", async () => {
    const org = await createTestOrg(env);
    const field = await org.admin.post('/api/v1/custom-fields', {
      recordType: 'customer',
      key: 'region_team',
      labelZh: '区域团队',
      labelEn: 'Regional team',
      type: 'option',
      options: [{ value: 'east', labelZh: '华东', labelEn: 'East' }],
    });
    expect(field.statusCode, field.body).toBe(201);
    const res = await org.admin.get('/api/v1/imports/template?recordType=customer&format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('客户-导入模板.xlsx'));
    const [header, example] = await readXlsx(res.rawPayload);
    expect(header).toEqual(expect.arrayContaining(['客户名称', '电话', '负责人', '省份', '区域团队']));
    expect(example![header!.indexOf('客户名称')]).toBe('上海示例科技有限公司');
    expect(example![header!.indexOf('区域团队')]).toBe('华东');
    const help = await readXlsx(res.rawPayload, '填写说明');
    expect(help.find((r) => r[0] === '行业')![2]).toContain('信息技术');

    const en = new Client(env.app, 'en-US');
    en.cookies = org.admin.cookies;
    const csv = await en.get('/api/v1/imports/template?recordType=contact&format=csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['Customer', 'Name', 'Gender']);
    expect(lines).toHaveLength(2);
  });
});

describe('upload and mapping', () => {
  it('suggests a mapping from Chinese and English header names and checks the chosen one', async () => {
    const org = await createTestOrg(env);
    const file = await xlsxFile([['公司名称', 'Phone', '备注', '未知列', 'E-mail'], ['甲公司', '021-12345678', '老客户', 'x', 'a@example.com']]);
    const res = await uploadImport(org.admin, 'customer', { name: '客户.xlsx', content: file });
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ status: 'pending', fileName: '客户.xlsx', headers: ['公司名称', 'Phone', '备注', '未知列', 'E-mail'] });
    expect(imp.mapping).toEqual({ 0: 'name', 1: 'phone', 2: 'otherInfo', 4: 'email' });
    expect(imp.sample).toEqual([['甲公司', '021-12345678', '老客户', 'x', 'a@example.com']]);
    expect(imp.fields.find((f: { key: string }) => f.key === 'name')).toMatchObject({ label: '客户名称', required: true });

    const bad = await org.admin.put(`/api/v1/imports/${imp.id}`, { mapping: { 1: 'phone', 2: 'phone', 3: 'nonsense', 9: 'email' }, duplicateMode: 'skip' });
    expectError(bad, 422, 'validation_failed', {
      'mapping.2': 'v.mappingTwice',
      'mapping.3': 'v.mappingField',
      'mapping.9': 'v.mappingColumn',
      'field.name': 'v.mappingRequired',
    });
    const ok = await org.admin.put(`/api/v1/imports/${imp.id}`, { mapping: { 0: 'name', 1: 'phone' }, duplicateMode: 'update' });
    expect(ok.json()).toMatchObject({ mapping: { 0: 'name', 1: 'phone' }, duplicateMode: 'update' });
  });

  it('refuses files it cannot read, with the reason on the file', async () => {
    const org = await createTestOrg(env);
    expectError(await uploadImport(org.admin, 'customer', { name: 'old.xls', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }), 422, 'validation_failed', { file: 'v.importFileType' });
    expectError(await uploadImport(org.admin, 'customer', { name: 'fake.xlsx', content: 'not a zip' }), 422, 'validation_failed', { file: 'v.importFileBroken' });
    expectError(await uploadImport(org.admin, 'customer', { name: 'empty.csv', content: '客户名称\n' }), 422, 'validation_failed', { file: 'v.importNoRows' });
  });
});

describe('importing customers', () => {
  it('writes nothing when one row is bad, and the report names the row and the reason; the fixed file imports', async () => {
    const org = await createTestOrg(env);
    const rows = [
      HEADER,
      ['甲科技有限公司', '021-60000001', 'a@example.com', '广东省', '深圳市', '南山区', '信息技术', '正式客户', '重点,华南'],
      ['乙科技有限公司', '021-60000002', 'not-an-email', '上海', '', '浦东新区', 'Finance', 'potential', ''],
      ['丙科技有限公司', '021-60000003', '', '', '', '', '', '', ''],
    ];
    const failed = await runImport(org.admin, 'customer', { name: '客户.xlsx', content: await xlsxFile(rows) });
    expect(failed).toMatchObject({ status: 'failed', totalRows: 3, processedRows: 3, rejectedRows: 1, createdRows: 0, hasReport: true });
    expect(await customersOf(org)).toEqual([]);

    const report = await org.admin.get(`/api/v1/imports/${failed.id}/report`);
    expect(report.statusCode).toBe(200);
    const [header, bad, more] = await readXlsx(report.rawPayload);
    expect(header!.slice(0, 3)).toEqual(['行号', '原因', '客户名称']);
    expect(bad![0]).toBe(3);
    expect(bad![1]).toBe(`邮箱：${translate('zh-CN', 'v.email')}`);
    expect(bad![2]).toBe('乙科技有限公司');
    expect(more).toBeUndefined();

    rows[2]![2] = 'b@example.com';
    const done = await runImport(org.admin, 'customer', { name: '客户.xlsx', content: await xlsxFile(rows) });
    expect(done).toMatchObject({ status: 'done', createdRows: 3, updatedRows: 0, skippedRows: 0, rejectedRows: 0 });
    const saved = await customersOf(org);
    expect(saved.map((c) => c.name)).toEqual(['甲科技有限公司', '乙科技有限公司', '丙科技有限公司']);
    expect(saved[0]).toMatchObject({
      number: 'KH00000001',
      industry: 'it',
      status: 'formal',
      tags: ['重点', '华南'],
      provinceCode: '440000',
      cityCode: '440300',
      districtCode: '440305',
      ownerId: org.adminId,
      createdBy: org.adminId,
      importId: done.id,
      approvalState: 'active',
    });
    expect(saved[1]).toMatchObject({ industry: 'finance', status: 'potential', provinceCode: '310000', cityCode: '310000', districtCode: '310115' });
    // Found by the same search as customers made by hand.
    const search = await org.admin.get(`/api/v1/customers?q=${encodeURIComponent('乙科技')}`);
    expect(search.json().items.map((c: { name: string }) => c.name)).toEqual(['乙科技有限公司']);
    const byNumber = await org.admin.get('/api/v1/customers?q=kh00000003');
    expect(byNumber.json().items.map((c: { name: string }) => c.name)).toEqual(['丙科技有限公司']);

    const audit = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.action, 'import'))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ module: 'customer', recordId: done.id, after: { created: 3, updated: 0, skipped: 0, rows: 3 } });
  });

  it('reads CSV in UTF-8 and in the GBK that Chinese Excel saves', async () => {
    const org = await createTestOrg(env);
    const utf8 = await runImport(org.admin, 'customer', { name: 'a.csv', content: '\uFEFF客户名称,电话\n"丁公司(北京)","010-1234,5678"\n' });
    expect(utf8, JSON.stringify(utf8)).toMatchObject({ status: 'failed', rejectedRows: 1 });
    // 客户名称 / 海尔 in GBK
    const gbk = Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a, 0xba, 0xa3, 0xb6, 0xfb, 0x0d, 0x0a]);
    const done = await runImport(org.admin, 'customer', { name: 'gbk.csv', content: gbk });
    expect(done).toMatchObject({ status: 'done', createdRows: 1 });
    expect((await customersOf(org)).map((c) => c.name)).toEqual(['海尔']);
  });
});

describe('duplicates', () => {
  async function setUp() {
    const org = await createTestOrg(env);
    const existing = await createCustomer(org, { name: '甲科技有限公司', phone: '021-60000001', industry: 'it' });
    const file = await xlsxFile([
      ['客户名称', '电话', '行业'],
      ['甲科技有限公司', '021-60009999', ''],
      ['乙科技有限公司', '021-60000002', 'finance'],
    ]);
    return { org, existing, file };
  }

  it('skip leaves the matching customer alone and creates the rest', async () => {
    const { org, existing, file } = await setUp();
    const done = await runImport(org.admin, 'customer', { name: 'c.xlsx', content: file }, { duplicateMode: 'skip' });
    expect(done).toMatchObject({ status: 'done', createdRows: 1, updatedRows: 0, skippedRows: 1 });
    const saved = await customersOf(org);
    expect(saved.find((c) => c.id === existing.id)).toMatchObject({ phone: '021-60000001', version: existing.version });
  });

  it("update writes the row's filled cells into the matching customer and leaves its other fields", async () => {
    const { org, existing, file } = await setUp();
    const done = await runImport(org.admin, 'customer', { name: 'c.xlsx', content: file }, { duplicateMode: 'update' });
    expect(done).toMatchObject({ status: 'done', createdRows: 1, updatedRows: 1, skippedRows: 0 });
    const updated = (await customersOf(org)).find((c) => c.id === existing.id)!;
    expect(updated).toMatchObject({ phone: '021-60009999', phoneKey: '02160009999', industry: 'it', version: existing.version + 1, number: existing.number });
    // A customer matched by its phone gets the file's name: a third customer with that name would make it ambiguous.
    const byPhone = await xlsxFile([['客户名称', '电话'], ['乙科技有限公司', '021-60009999']]);
    const ambiguous = await runImport(org.admin, 'customer', { name: 'd.xlsx', content: byPhone }, { duplicateMode: 'update' });
    expect(ambiguous).toMatchObject({ status: 'failed', rejectedRows: 1 });
  });

  it('create refuses rows whose name already exists, and rows repeated within the file', async () => {
    const { org, file } = await setUp();
    const failed = await runImport(org.admin, 'customer', { name: 'c.xlsx', content: file }, { duplicateMode: 'create' });
    expect(failed).toMatchObject({ status: 'failed', rejectedRows: 1 });
    const [, row] = await readXlsx((await org.admin.get(`/api/v1/imports/${failed.id}/report`)).rawPayload);
    expect(row!.slice(0, 2)).toEqual([2, `客户名称：${translate('zh-CN', 'v.dupExists', { name: '甲科技有限公司' })}`]);

    const twice = await xlsxFile([['客户名称'], ['丙公司(北京)'], ['丙公司（北京）'], ['丁公司']]);
    const again = await runImport(org.admin, 'customer', { name: 'e.xlsx', content: twice });
    const [, dup] = await readXlsx((await org.admin.get(`/api/v1/imports/${again.id}/report`)).rawPayload);
    expect(dup!.slice(0, 2)).toEqual([3, `客户名称：${translate('zh-CN', 'v.dupInFile', { line: 2 })}`]);
  });
});

describe('provenance, undo and permissions', () => {
  it('keeps the owner, creator and times the file gives', async () => {
    const org = await createTestOrg(env);
    const { user: rep } = await createTestUser(org, { permissions: ['customer:view'], username: 'wangfang' });
    const file = await xlsxFile([
      ['客户名称', '负责人', '创建人', '创建时间', '更新时间'],
      ['甲公司', 'wangfang', 'wangfang', '2020-01-02 03:04', new Date(Date.UTC(2021, 5, 1, 8, 0))],
      ['乙公司', '', '', '', ''],
    ]);
    const done = await runImport(org.admin, 'customer', { name: 'c.xlsx', content: file });
    expect(done.status, JSON.stringify(done)).toBe('done');
    const [a, b] = await customersOf(org);
    expect(a).toMatchObject({ ownerId: rep.id, createdBy: rep.id, updatedBy: rep.id });
    // Wall-clock times in the organisation's zone (Asia/Shanghai); Excel's date cells hold the wall clock too.
    expect(a!.createdAt.toISOString()).toBe('2020-01-01T19:04:00.000Z');
    expect(a!.updatedAt.toISOString()).toBe('2021-06-01T00:00:00.000Z');
    expect(b).toMatchObject({ ownerId: org.adminId, createdBy: org.adminId });

    // Naming someone else as owner needs customer:assign.
    const { client: importer } = await createTestUser(org, { permissions: ['customer:view', 'customer:import'], scope: 'all' });
    const refused = await runImport(importer, 'customer', { name: 'd.xlsx', content: await xlsxFile([['客户名称', '负责人'], ['丙公司', 'wangfang']]) });
    expect(refused).toMatchObject({ status: 'failed', rejectedRows: 1 });
  });

  it('undoes a whole import, and refuses once a record was changed since', async () => {
    const org = await createTestOrg(env);
    const existing = await createCustomer(org, { name: '甲公司', phone: '021-60000001' });
    const file = await xlsxFile([['客户名称', '电话'], ['甲公司', '021-60000009'], ['乙公司', ''], ['丙公司', '']]);
    const done = await runImport(org.admin, 'customer', { name: 'c.xlsx', content: file }, { duplicateMode: 'update' });
    expect(done).toMatchObject({ createdRows: 2, updatedRows: 1 });
    const undone = await org.admin.post(`/api/v1/imports/${done.id}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ status: 'undone' });
    const left = await customersOf(org);
    expect(left.map((c) => c.name)).toEqual(['甲公司']);
    expect(left[0]).toMatchObject({ phone: '021-60000001', phoneKey: '02160000001', version: existing.version + 2 });
    expectError(await org.admin.post(`/api/v1/imports/${done.id}/undo`), 409, 'import_state');
    const audit = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.action, 'undo_import'))));
    expect(audit[0]).toMatchObject({ recordId: done.id, after: { deleted: 2, restored: 1 } });

    const second = await runImport(org.admin, 'customer', { name: 'd.xlsx', content: await xlsxFile([['客户名称'], ['丁公司'], ['戊公司']]) });
    const ding = (await customersOf(org)).find((c) => c.name === '丁公司')!;
    const edit = await org.admin.put(`/api/v1/customers/${ding.id}`, { name: '丁公司', phone: '010-88888888', version: ding.version });
    expect(edit.statusCode, edit.body).toBe(200);
    expectError(await org.admin.post(`/api/v1/imports/${second.id}/undo`), 409, 'import_changed');
    expect((await customersOf(org)).map((c) => c.name)).toEqual(['甲公司', '丁公司', '戊公司']);
  });

  it("refuses to undo an import whose records the actor may not change (another user's customers)", async () => {
    const org = await createTestOrg(env);
    const done = await runImport(org.admin, 'customer', { name: 'c.xlsx', content: await xlsxFile([['客户名称'], ['甲公司'], ['乙公司']]) });
    expect(done).toMatchObject({ status: 'done', createdRows: 2 });
    const { client: rep } = await createTestUser(org, { permissions: ['customer:view', 'customer:import'], scope: 'self' });
    // Another user's import stays hidden from a narrower scope: no undo, no details, no rejected rows.
    expectError(await rep.post(`/api/v1/imports/${done.id}/undo`), 404, 'not_found');
    expectError(await rep.get(`/api/v1/imports/${done.id}`), 404, 'not_found');
    expectError(await rep.get(`/api/v1/imports/${done.id}/report`), 404, 'not_found');
    expect((await rep.get('/api/v1/imports')).json().items).toEqual([]);
    expect((await customersOf(org)).map((c) => c.name)).toEqual(['甲公司', '乙公司']);
  });

  it('needs the import permission of the record type', async () => {
    const org = await createTestOrg(env);
    const { client: nobody } = await createTestUser(org, { permissions: ['customer:view', 'customer:create'] });
    const { client: contactsOnly } = await createTestUser(org, { permissions: ['contact:import', 'contact:view'], scope: 'all' });
    const file = { name: 'c.xlsx', content: await xlsxFile([['客户名称'], ['甲公司']]) };
    expectError(await uploadImport(nobody, 'customer', file), 403, 'forbidden');
    expectError(await nobody.get('/api/v1/imports/template?recordType=customer'), 403, 'forbidden');
    expectError(await uploadImport(contactsOnly, 'customer', file), 403, 'forbidden');
    expectError(await contactsOnly.get('/api/v1/imports/template?recordType=customer'), 403, 'forbidden');
    const mine = await runImport(org.admin, 'customer', file);
    expectError(await contactsOnly.get(`/api/v1/imports/${mine.id}`), 403, 'forbidden');
    expectError(await contactsOnly.post(`/api/v1/imports/${mine.id}/undo`), 403, 'forbidden');
    expect((await contactsOnly.get('/api/v1/imports')).json().items).toEqual([]);
    expect((await org.admin.get('/api/v1/imports')).json().items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await new Client(env.app).get('/api/v1/imports')).statusCode).toBe(401);
  });
});

describe('importing contacts and follow-ups', () => {
  it('finds the customer by number or name, refuses unknown and unwritable ones, and one primary contact per customer', async () => {
    const org = await createTestOrg(env);
    const a = await createCustomer(org, { name: '甲公司' });
    await createCustomer(org, { name: '乙公司' });
    const { user: other } = await createTestUser(org, { permissions: ['customer:view'] });
    const theirs = await createCustomer(org, { name: '丙公司', ownerId: other.id });
    const { client: importer } = await createTestUser(org, { permissions: ['contact:import', 'contact:view', 'customer:view'], scope: 'self' });
    const rows = [
      ['所属客户', '姓名', '手机', '主联系人', '性别', '生日'],
      [a.number, '张三', '13800000001', '是', '男', '1980-02-03'],
      ['乙公司', '李四', '13800000002', '否', '女', ''],
    ];
    const done = await runImport(org.admin, 'contact', { name: 'c.xlsx', content: await xlsxFile(rows) });
    expect(done).toMatchObject({ status: 'done', createdRows: 2 });
    const saved = await withOrg(env.database.db, org.orgId, (tx) => queryRows<{ name: string; customer_id: string; is_primary: boolean; gender: string; birthday: string; owner_id: string }>(tx, sql`select name, customer_id, is_primary, gender, birthday::text, owner_id from contacts where org_id = ${org.orgId} order by name`));
    expect(saved.find((c) => c.name === '张三')).toMatchObject({ customer_id: a.id, is_primary: true, gender: 'male', birthday: '1980-02-03', owner_id: org.adminId });

    const again = await runImport(org.admin, 'contact', {
      name: 'd.xlsx',
      content: await xlsxFile([['所属客户', '姓名', '主联系人'], ['甲公司', '王五', '是'], ['不存在的公司', '赵六', ''], ['丙公司', '钱七', '']]),
    });
    expect(again).toMatchObject({ status: 'failed', rejectedRows: 2 });
    const [, r1, r2] = await readXlsx((await org.admin.get(`/api/v1/imports/${again.id}/report`)).rawPayload);
    expect(r1!.slice(0, 2)).toEqual([2, `主联系人：${translate('zh-CN', 'v.primaryTaken')}`]);
    expect(r2!.slice(0, 2)).toEqual([3, `所属客户：${translate('zh-CN', 'v.customerUnknown')}`]);

    // Someone with a 'self' scope sees neither the administrator's nor a colleague's customer; a pool customer they
    // see but may not change.
    await seedCustomer(org, null, '公海客户');
    const byImporter = await runImport(importer, 'contact', {
      name: 'e.xlsx',
      content: await xlsxFile([['所属客户', '姓名'], ['甲公司', '王五'], [theirs.number, '钱七'], ['公海客户', '孙八']]),
    });
    expect(byImporter).toMatchObject({ status: 'failed', rejectedRows: 3 });
    const [, h1, h2, h3] = await readXlsx((await importer.get(`/api/v1/imports/${byImporter.id}/report`)).rawPayload);
    expect([h1![1], h2![1]]).toEqual([`所属客户：${translate('zh-CN', 'v.customerUnknown')}`, `所属客户：${translate('zh-CN', 'v.customerUnknown')}`]);
    expect(h3![1]).toBe(`所属客户：${translate('zh-CN', 'v.customerNotWritable')}`);
  });

  it('imports follow-ups with the contact by name and keeps the customer\'s last follow-up in step, also on undo', async () => {
    const org = await createTestOrg(env);
    const customer = await createCustomer(org, { name: '甲公司' });
    const contact = await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '张三' });
    expect(contact.statusCode, contact.body).toBe(201);
    const header = ['客户', '联系人', '跟进方式', '跟进内容', '跟进时间', '下次联系时间'];
    const bad = await runImport(org.admin, 'followup', {
      name: 'f.xlsx',
      content: await xlsxFile([
        header,
        ['甲公司', '李四', '电话', '沟通', '2024-05-01 10:00', ''],
        ['甲公司', '', '飞鸽传书', '沟通', '2024-05-01 10:00', ''],
        ['甲公司', '', '电话', '沟通', '2999-01-01 10:00', ''],
        ['甲公司', '', '电话', '沟通', '2024-05-01 10:00', '2024-04-01 10:00'],
      ]),
    });
    expect(bad).toMatchObject({ status: 'failed', rejectedRows: 4 });
    const [, ...reasons] = await readXlsx((await org.admin.get(`/api/v1/imports/${bad.id}/report`)).rawPayload);
    expect(reasons.map((r) => r[1])).toEqual([
      `联系人：${translate('zh-CN', 'v.contactUnknown')}`,
      `跟进方式：${translate('zh-CN', 'v.unknownOption')}`,
      `跟进时间：${translate('zh-CN', 'v.occurredFuture')}`,
      `下次联系时间：${translate('zh-CN', 'v.nextContactAfter')}`,
    ]);

    const file = await xlsxFile([header, ['甲公司', '张三', '电话', '首次沟通', '2024-05-01 10:00', '2024-05-08 10:00'], [customer.number, '', 'visit', '上门拜访', '2024-05-03 15:00', '']]);
    const done = await runImport(org.admin, 'followup', { name: 'f.xlsx', content: file });
    expect(done).toMatchObject({ status: 'done', createdRows: 2 });
    const facts = () =>
      withOrg(env.database.db, org.orgId, (tx) =>
        queryRows<{ last: string | null; content: string | null; next: string | null }>(
          tx,
          sql`select to_char(last_followup_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as last, last_followup_content as content, next_contact_at::text as next from customers where id = ${customer.id}`,
        ),
      );
    expect((await facts())[0]).toEqual({ last: '2024-05-03 07:00', content: '上门拜访', next: null });
    const saved = await withOrg(env.database.db, org.orgId, (tx) =>
      queryRows<{ content: string; contact_id: string | null; method: string; reminded: boolean; created_by: string }>(
        tx,
        sql`select content, contact_id, method, reminded_at is not null as reminded, created_by from followups where org_id = ${org.orgId} order by occurred_at`,
      ),
    );
    // The next contact in the past is history: no reminder goes out for it.
    expect(saved).toEqual([
      { content: '首次沟通', contact_id: contact.json().id, method: 'phone', reminded: true, created_by: org.adminId },
      { content: '上门拜访', contact_id: null, method: 'visit', reminded: false, created_by: org.adminId },
    ]);

    const again = await runImport(org.admin, 'followup', { name: 'f.xlsx', content: file }, { duplicateMode: 'skip' });
    expect(again).toMatchObject({ status: 'done', createdRows: 0, skippedRows: 2 });
    expect((await org.admin.post(`/api/v1/imports/${done.id}/undo`)).statusCode).toBe(200);
    expect((await facts())[0]).toEqual({ last: null, content: null, next: null });
  });

  it('matches contacts by name or mobile within the customer: update fills the given cells, create adds another', async () => {
    const org = await createTestOrg(env);
    const customer = await createCustomer(org, { name: '甲公司' });
    const existing = await org.admin.post('/api/v1/contacts', { customerId: customer.id, name: '张三', mobile: '13800000001', title: '经理' });
    expect(existing.statusCode, existing.body).toBe(201);
    const file = await xlsxFile([['所属客户', '姓名', '手机', '部门'], ['甲公司', '张三', '', '采购部'], ['甲公司', '张 三', '13800000001', '']]);
    const twice = await runImport(org.admin, 'contact', { name: 'c.xlsx', content: file }, { duplicateMode: 'update' });
    expect(twice).toMatchObject({ status: 'failed', rejectedRows: 1 });

    const once = await xlsxFile([['所属客户', '姓名', '手机', '部门'], ['甲公司', '张三', '', '采购部']]);
    const updated = await runImport(org.admin, 'contact', { name: 'c.xlsx', content: once }, { duplicateMode: 'update' });
    expect(updated).toMatchObject({ status: 'done', createdRows: 0, updatedRows: 1 });
    const after = (await org.admin.get(`/api/v1/contacts/${existing.json().id}`)).json();
    expect(after).toMatchObject({ department: '采购部', title: '经理', mobile: '13800000001', version: existing.json().version + 1 });

    const created = await runImport(org.admin, 'contact', { name: 'c.xlsx', content: once }, { duplicateMode: 'create' });
    expect(created).toMatchObject({ status: 'done', createdRows: 1 });
    expect((await org.admin.get(`/api/v1/contacts?customerId=${customer.id}`)).json().items).toHaveLength(2);
  });
});

