import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { createTestOrg, createTestUser, expectError, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { customFields } from './customfields.schema.ts';

const env = useTestApp();

const option = (value: string) => ({ value, labelZh: `选项${value}`, labelEn: `Option ${value}` });

async function create(org: TestOrg, body: Record<string, unknown>) {
  const res = await org.admin.post('/api/v1/custom-fields', { recordType: 'customer', labelZh: '字段', labelEn: 'Field', type: 'text', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const rowsOf = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(customFields).where(eq(customFields.orgId, org.orgId)).orderBy(customFields.position));

describe('custom field definitions (CFG-03)', () => {
  it('creates, lists in position order, updates and audits; the key and type stay fixed', async () => {
    const org = await createTestOrg(env);
    const a = await create(org, { key: 'budget', type: 'money' });
    const b = await create(org, { key: 'grade', type: 'option', options: [option('x'), option('y')] });
    expect([a.position, b.position]).toEqual([10, 20]);
    const res = await org.admin.put(`/api/v1/custom-fields/${b.id}`, {
      key: 'renamed',
      type: 'text',
      labelZh: '等级',
      labelEn: 'Grade',
      options: [option('x'), option('z')],
      required: true,
      position: 5,
      enabled: true,
      version: b.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ key: 'grade', type: 'option', labelZh: '等级', required: true, position: 5, options: [option('x'), option('z')] });
    expectError(await org.admin.put(`/api/v1/custom-fields/${b.id}`, { labelZh: 'x', labelEn: 'x', options: [option('x')], required: false, position: 1, enabled: true, version: b.version }), 409, 'version_conflict');
    const listed = (await org.admin.get('/api/v1/custom-fields?recordType=customer')).json();
    expect(listed.items.map((f: { key: string }) => f.key)).toEqual(['grade', 'budget']);
    const audit = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select().from(auditLogs).where(and(eq(auditLogs.module, 'customfields'), eq(auditLogs.recordId, b.id))),
    );
    expect(audit.map((x) => x.action).sort()).toEqual(['create', 'update']);
  });

  it('refuses bad definitions: key format, duplicate key, options not fitting the type', async () => {
    const org = await createTestOrg(env);
    expectError(await org.admin.post('/api/v1/custom-fields', { recordType: 'customer', key: 'Bad-Key', labelZh: 'a', labelEn: 'a', type: 'text' }), 400, 'validation_failed', {
      key: 'v.fieldKey',
    });
    expectError(await org.admin.post('/api/v1/custom-fields', { recordType: 'customer', key: 'opt', labelZh: 'a', labelEn: 'a', type: 'option' }), 400, 'validation_failed', {
      options: 'v.optionsRequired',
    });
    expectError(
      await org.admin.post('/api/v1/custom-fields', { recordType: 'customer', key: 'opt', labelZh: 'a', labelEn: 'a', type: 'option', options: [option('a'), option('a')] }),
      400,
      'validation_failed',
      { options: 'v.duplicateOption' },
    );
    await create(org, { key: 'same' });
    expectError(await org.admin.post('/api/v1/custom-fields', { recordType: 'customer', key: 'same', labelZh: 'a', labelEn: 'a', type: 'text' }), 409, 'duplicate', {
      key: 'v.codeTaken',
    });
    expect((await rowsOf(org)).length).toBe(1);
  });

  it('reorders; disabled fields are listed only on request', async () => {
    const org = await createTestOrg(env);
    const a = await create(org, { key: 'aa' });
    const b = await create(org, { key: 'bb', enabled: false });
    const c = await create(org, { key: 'cc' });
    const res = await org.admin.post('/api/v1/custom-fields/reorder', { recordType: 'customer', ids: [c.id, a.id] });
    expect(res.json().items.map((f: { key: string }) => f.key)).toEqual(['cc', 'aa', 'bb']);
    const enabled = (await org.admin.get('/api/v1/custom-fields?recordType=customer')).json();
    expect(enabled.items.map((f: { key: string }) => f.key)).toEqual(['cc', 'aa']);
    expect(b.enabled).toBe(false);
  });

  it('deletes a field no customer uses; one in use is refused (disable it instead)', async () => {
    const org = await createTestOrg(env);
    const used = await create(org, { key: 'used' });
    const unused = await create(org, { key: 'unused' });
    const customer = await org.admin.post('/api/v1/customers', { name: '字段客户', custom: { used: '有值' } });
    expect(customer.statusCode, customer.body).toBe(201);
    expectError(await org.admin.delete(`/api/v1/custom-fields/${used.id}`), 409, 'in_use');
    expect((await org.admin.delete(`/api/v1/custom-fields/${unused.id}`)).statusCode).toBe(204);
    expect((await rowsOf(org)).map((f) => f.key)).toEqual(['used']);
  });

  it('a disabled field keeps its stored value but takes no new one; a required field must be filled', async () => {
    const org = await createTestOrg(env);
    const f = await create(org, { key: 'note' });
    const res = await org.admin.post('/api/v1/customers', { name: '停用字段客户', custom: { note: '旧值' } });
    const customer = res.json();
    await org.admin.put(`/api/v1/custom-fields/${f.id}`, { labelZh: '字段', labelEn: 'Field', options: [], required: true, position: 10, enabled: false, version: f.version });
    const body = { name: customer.name, version: customer.version };
    const kept = await org.admin.put(`/api/v1/customers/${customer.id}`, { ...body, custom: { note: '旧值' } });
    expect(kept.statusCode, kept.body).toBe(200);
    expectError(await org.admin.put(`/api/v1/customers/${customer.id}`, { ...body, version: kept.json().version, custom: { note: '新值' } }), 422, 'validation_failed', {
      'custom.note': 'v.customDisabled',
    });
    await org.admin.put(`/api/v1/custom-fields/${f.id}`, { labelZh: '字段', labelEn: 'Field', options: [], required: true, position: 10, enabled: true, version: f.version + 1 });
    expectError(await org.admin.post('/api/v1/customers', { name: '必填字段客户' }), 422, 'validation_failed', { 'custom.note': 'v.required' });
  });

  it('reading needs only a session; changing needs settings:edit', async () => {
    const org = await createTestOrg(env);
    const f = await create(org, { key: 'perm' });
    const { client } = await createTestUser(org, { permissions: [] });
    expect((await client.get('/api/v1/custom-fields?recordType=customer')).statusCode).toBe(200);
    expectError(await client.post('/api/v1/custom-fields', { recordType: 'customer', key: 'x1', labelZh: 'a', labelEn: 'a', type: 'text' }), 403, 'forbidden');
    expectError(await client.delete(`/api/v1/custom-fields/${f.id}`), 403, 'forbidden');
  });
});
