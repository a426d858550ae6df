import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { followups } from '../followups/followups.schema.ts';
import { customers } from './customers.schema.ts';

const env = useTestApp();

const REP: Permission[] = ['customer:view', 'customer:create', 'customer:edit', 'contact:view', 'activity:view'];
const VALID_CREDIT = '91350100M000100Y43';

let seq = 0;
/** A name no other test uses, within the Chinese-name rule. */
const cname = (base = '测试客户') => `${base}${(++seq).toString(36)}${Math.random().toString(36).slice(2, 7)}`;

async function create(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/customers', { name: cname(), ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The organisation's living customers, and those in the recycle bin. */
const rowsOf = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(customers).where(and(eq(customers.orgId, org.orgId), isNull(customers.deletedAt))));
const binnedOf = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(customers).where(and(eq(customers.orgId, org.orgId), isNotNull(customers.deletedAt))));

const auditOf = (org: TestOrg, recordId: string) =>
  withOrg(env.database.db, org.orgId, (tx) =>
    tx.select().from(auditLogs).where(and(eq(auditLogs.recordType, 'customer'), eq(auditLogs.recordId, recordId))).orderBy(auditLogs.at),
  );

describe('create', () => {
  it('creates a customer with a number, keys, owner and audit entry', async () => {
    const org = await createTestOrg(env);
    const c = await create(org.admin, {
      name: '青岛海尔（集团）',
      englishName: 'Haier Group Co., Ltd.',
      industry: 'manufacturing',
      source: 'referral',
      level: 'a',
      importance: 5,
      status: 'formal',
      tags: ['VIP客户', '重点', 'VIP客户'],
      phone: '+86 138-0013-8000',
      email: 'Info@Haier.com',
      provinceCode: '370000',
      cityCode: '370200',
      districtCode: '370212',
      address: '青岛市崂山区海尔路1号',
      creditCode: VALID_CREDIT.toLowerCase(),
      website: 'www.haier.com',
    });
    expect(c.number).toMatch(/^KH\d{8}$/);
    expect(c.owner).toEqual({ id: org.adminId, name: '管理员' });
    expect(c).toMatchObject({ createdBy: org.adminId, createdByName: '管理员', updatedByName: '管理员' });
    expect(c.tags).toEqual(['VIP客户', '重点']);
    expect(c.creditCode).toBe(VALID_CREDIT);
    expect(c.website).toBe('https://www.haier.com');
    expect(c.email).toBe('info@haier.com');
    expect(c.approvalState).toBe('active');
    expect(c.permissions).toMatchObject({ canEdit: true, canDelete: true, canAssign: true });
    const [row] = await rowsOf(org);
    expect(row!.nameKey).toBe('青岛海尔集团');
    expect(row!.phoneKey).toBe('13800138000');
    expect(row!.searchGrams).toEqual(expect.arrayContaining(['海尔', 'i:hr', 'a:崂山']));
    const audit = await auditOf(org, c.id);
    expect(audit.map((a) => a.action)).toEqual(['create']);
    const second = await create(org.admin);
    expect(Number(second.number.slice(2))).toBe(Number(c.number.slice(2)) + 1);
  });

  it('refuses every bad field at once, in the user language, and writes nothing', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.post('/api/v1/customers', {
      name: '海尔#集团',
      englishName: 'Haier & Co',
      importance: 6,
      status: 'unknown',
      phone: 'call me',
      email: 'nope',
      creditCode: '91350100M000100Y44',
      website: 'not a site',
      provinceCode: '370000',
      cityCode: '110000',
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
    });
    expectFieldsFlagged(res, ['name', 'englishName', 'importance', 'status', 'phone', 'email', 'creditCode', 'website', 'cityCode', 'tags']);
    const fields = res.json().error.fields;
    expect(fields.name).toBe(translate('zh-CN', 'v.customerName'));
    expect(fields.creditCode).toBe(translate('zh-CN', 'v.creditCode'));
    const en = await new Client(env.app, 'en-US').login('admin', undefined, org.code);
    const resEn = await en.post('/api/v1/customers', { name: '()' , englishName: 'A+B' });
    expect(resEn.json().error.fields.name).toBe(translate('en-US', 'v.customerName'));
    expect(resEn.json().error.fields.englishName).toBe(translate('en-US', 'v.englishName'));
    expect(await rowsOf(org)).toEqual([]);
  });

  it('checks the district against the city and the city against the province', async () => {
    const org = await createTestOrg(env);
    const wrongDistrict = await org.admin.post('/api/v1/customers', { name: cname(), provinceCode: '440000', cityCode: '440300', districtCode: '110101' });
    expectError(wrongDistrict, 400, 'validation_failed', { districtCode: 'v.region' });
    const noProvince = await org.admin.post('/api/v1/customers', { name: cname(), cityCode: '440300' });
    expectError(noProvince, 400, 'validation_failed', { cityCode: 'v.region' });
    const municipality = await create(org.admin, { provinceCode: '110000', cityCode: '110000', districtCode: '110105' });
    expect(municipality.districtCode).toBe('110105');
  });

  it('checks dictionary codes, the owner and custom fields against the organisation', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.post('/api/v1/customers', { name: cname(), industry: 'no_such', ownerId: '00000000-0000-7000-8000-000000000000' });
    expectError(res, 422, 'validation_failed', { industry: 'v.unknownOption', ownerId: 'v.ownerInvalid' });
    expect(await rowsOf(org)).toEqual([]);
  });

  it('names someone else as owner only with customer:assign', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: REP });
    const res = await client.post('/api/v1/customers', { name: cname(), ownerId: org.adminId });
    expectError(res, 403, 'forbidden');
    const mine = await create(client);
    expect(mine.owner.id).toBe(user.id);
    const assigned = await create(org.admin, { ownerId: user.id });
    expect(assigned.owner.id).toBe(user.id);
  });

  it('refuses a channel customer without a related customer (CUS-05)', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.post('/api/v1/customers', { name: cname(), channel: 'channel' });
    expectError(res, 422, 'validation_failed', { relatedIds: 'v.channelNeedsRelated' });
    const end = await create(org.admin);
    const channel = await create(org.admin, { channel: 'channel', relatedIds: [end.id] });
    const overview = (await org.admin.get(`/api/v1/customers/${channel.id}/overview`)).json();
    expect(overview.related.map((r: { id: string }) => r.id)).toEqual([end.id]);
    const other = (await org.admin.get(`/api/v1/customers/${end.id}/overview`)).json();
    expect(other.relatedBy.map((r: { id: string }) => r.id)).toEqual([channel.id]);
  });
});

describe('duplicates (CUS-03)', () => {
  it('refuses the same normalised name, credit code or phone with 409 and the existing record', async () => {
    const org = await createTestOrg(env);
    const first = await create(org.admin, { name: '海尔（集团）', creditCode: VALID_CREDIT, phone: '0532-88938888' });
    const byName = await org.admin.post('/api/v1/customers', { name: '海尔(集团)' });
    expectError(byName, 409, 'duplicate', { name: 'v.duplicateName' });
    expect(byName.json().error.existingId).toBe(first.id);
    const byCredit = await org.admin.post('/api/v1/customers', { name: cname(), creditCode: VALID_CREDIT });
    expectError(byCredit, 409, 'duplicate', { creditCode: 'v.duplicateCreditCode' });
    const byPhone = await org.admin.post('/api/v1/customers', { name: cname(), phone: '(0532) 8893 8888' });
    expectError(byPhone, 409, 'duplicate', { phone: 'v.duplicatePhone' });
    expect((await rowsOf(org)).length).toBe(1);
  });

  it('hides the id of a match the user cannot open, but shows its name and owner', async () => {
    const org = await createTestOrg(env);
    const hidden = await create(org.admin, { name: '深圳华为技术' });
    const { client } = await createTestUser(org, { permissions: REP });
    const res = await client.post('/api/v1/customers', { name: '深圳华为技术' });
    expectError(res, 409, 'duplicate');
    expect(res.json().error.existingId).toBeNull();
    expect(res.json().error.existingName).toBe('深圳华为技术');
    const list = (await client.get(`/api/v1/customers/duplicates?name=${encodeURIComponent('华为')}`)).json();
    expect(list.items).toEqual([{ id: null, name: '深圳华为技术', exact: false, owner: { name: '管理员' } }]);
    const admin = (await org.admin.get(`/api/v1/customers/duplicates?name=${encodeURIComponent('深圳华为技术')}`)).json();
    expect(admin.items[0]).toMatchObject({ id: hidden.id, exact: true });
  });

  it('lists at most 5, the exact match first', async () => {
    const org = await createTestOrg(env);
    for (const n of ['阿里巴巴集团', '阿里巴巴网络', '阿里巴巴云计算', '阿里巴巴本地生活', '阿里巴巴影业', '阿里巴巴']) await create(org.admin, { name: n });
    const res = (await org.admin.get(`/api/v1/customers/duplicates?name=${encodeURIComponent('阿里巴巴')}`)).json();
    expect(res.items).toHaveLength(5);
    expect(res.items[0]).toMatchObject({ name: '阿里巴巴', exact: true });
  });
});

/** The full replacement body of PUT from a customer as the API returned it. */
function editable(c: Record<string, unknown>, changes: Record<string, unknown> = {}) {
  const keys = ['name', 'englishName', 'kind', 'channel', 'industry', 'source', 'importance', 'level', 'status', 'tags', 'phone', 'email',
    'provinceCode', 'cityCode', 'districtCode', 'address', 'creditCode', 'website', 'otherInfo', 'custom', 'version'];
  return { ...Object.fromEntries(keys.map((k) => [k, c[k]])), ...changes };
}

describe('update', () => {
  it('saves a change with the version it read, recomputes keys and audits the difference', async () => {
    const org = await createTestOrg(env);
    const c = await create(org.admin, { phone: '13800138000' });
    const res = await org.admin.put(`/api/v1/customers/${c.id}`, editable(c, { name: '新名称有限公司', phone: '13900139000', importance: 3 }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '新名称有限公司', importance: 3, version: c.version + 1 });
    const [row] = await rowsOf(org);
    expect(row!.nameKey).toBe('新名称有限公司');
    expect(row!.phoneKey).toBe('13900139000');
    const audit = await auditOf(org, c.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', before: { name: c.name, phone: '13800138000', importance: null }, after: { name: '新名称有限公司', phone: '13900139000', importance: 3 } });
    const history = (await org.admin.get(`/api/v1/customers/${c.id}/history`)).json();
    expect(history.items[0].changes).toEqual(
      expect.arrayContaining([{ field: 'name', before: c.name, after: '新名称有限公司' }, { field: 'importance', before: null, after: 3 }]),
    );
    expect(history.items[0].actor.name).toBe('管理员');
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const org = await createTestOrg(env);
    const c = await create(org.admin);
    expect((await org.admin.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 2 }))).statusCode).toBe(200);
    const stale = await org.admin.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 4 }));
    expectError(stale, 409, 'version_conflict');
    const [row] = await rowsOf(org);
    expect(row!.importance).toBe(2);
  });

  it('refuses a name another customer has, and a channel customer without relations', async () => {
    const org = await createTestOrg(env);
    const a = await create(org.admin);
    const b = await create(org.admin);
    expectError(await org.admin.put(`/api/v1/customers/${b.id}`, editable(b, { name: a.name })), 409, 'duplicate', { name: 'v.duplicateName' });
    expectError(await org.admin.put(`/api/v1/customers/${b.id}`, editable(b, { channel: 'channel' })), 422, 'validation_failed', { channel: 'v.channelNeedsRelated' });
    const relations = await org.admin.put(`/api/v1/customers/${b.id}/relations`, { related: [{ customerId: a.id, relationType: 'partner' }] });
    expect(relations.statusCode, relations.body).toBe(200);
    const ok = await org.admin.put(`/api/v1/customers/${b.id}`, editable(b, { channel: 'channel' }));
    expect(ok.statusCode, ok.body).toBe(200);
    expectError(await org.admin.put(`/api/v1/customers/${b.id}/relations`, { related: [] }), 422, 'validation_failed', { related: 'v.channelNeedsRelated' });
    expectError(await org.admin.put(`/api/v1/customers/${b.id}/relations`, { related: [{ customerId: b.id }] }), 422, 'validation_failed', { related: 'v.sameCustomer' });
  });

  it('lets a reader see but not change a customer shared read-only', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: REP });
    const c = await create(org.admin);
    expectError(await client.get(`/api/v1/customers/${c.id}`), 404, 'not_found');
    expect((await org.admin.put(`/api/v1/customers/${c.id}/co-owners`, { coOwners: [{ userId: user.id, access: 'read' }] })).statusCode).toBe(200);
    const seen = (await client.get(`/api/v1/customers/${c.id}`)).json();
    expect(seen.permissions.canEdit).toBe(false);
    expectError(await client.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 1 })), 403, 'forbidden');
    expect((await org.admin.put(`/api/v1/customers/${c.id}/co-owners`, { coOwners: [{ userId: user.id, access: 'write' }] })).statusCode).toBe(200);
    const edited = await client.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 1 }));
    expect(edited.statusCode, edited.body).toBe(200);
  });
});

describe('delete', () => {
  it('moves the customer with its contacts and follow-ups to the recycle bin, keeping shares and relations, audited', async () => {
    const org = await createTestOrg(env);
    const other = await create(org.admin);
    const c = await create(org.admin, { relatedIds: [other.id] });
    const { user } = await createTestUser(org, { permissions: REP });
    await org.admin.put(`/api/v1/customers/${c.id}/co-owners`, { coOwners: [{ userId: user.id, access: 'read' }] });
    await withOrg(env.database.db, org.orgId, async (tx) => {
      const [contact] = await tx.insert(contacts).values({ orgId: org.orgId, customerId: c.id, ownerId: org.adminId, name: '张三' }).returning();
      await tx.insert(followups).values({ orgId: org.orgId, customerId: c.id, contactId: contact!.id, ownerId: org.adminId, method: 'phone', content: '电话', occurredAt: new Date() });
    });
    const res = await org.admin.delete(`/api/v1/customers/${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ deleted: true, approval: null });
    await withOrg(env.database.db, org.orgId, async (tx) => {
      const [left] = await queryRows<{ binned: number; live: number; kept: number; marks: number }>(
        tx,
        sql`select (select count(*) from contacts where customer_id = ${c.id} and deleted_at is not null)::int
                 + (select count(*) from followups where customer_id = ${c.id} and deleted_at is not null)::int as binned,
                   (select count(*) from contacts where customer_id = ${c.id} and deleted_at is null)::int
                 + (select count(*) from followups where customer_id = ${c.id} and deleted_at is null)::int as live,
                   (select count(*) from record_shares where record_id = ${c.id})::int + (select count(*) from customer_relations where customer_id = ${c.id})::int as kept,
                   (select count(distinct deleted_at) from (select deleted_at from customers where id = ${c.id}
                      union all select deleted_at from contacts where customer_id = ${c.id} union all select deleted_at from followups where customer_id = ${c.id}) d)::int as marks`,
      );
      expect(left).toEqual({ binned: 2, live: 0, kept: 2, marks: 1 });
    });
    expect(await rowsOf(org)).toEqual([expect.objectContaining({ id: other.id })]);
    expect((await auditOf(org, c.id)).map((a) => a.action)).toContain('delete');
    expectError(await org.admin.get(`/api/v1/customers/${c.id}`), 404, 'not_found');
  });

  it('needs customer:delete and write access', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: REP });
    const mine = await create(client);
    expectError(await client.delete(`/api/v1/customers/${mine.id}`), 403, 'forbidden');
    const { client: deleter } = await createTestUser(org, { permissions: [...REP, 'customer:delete'] });
    expectError(await deleter.delete(`/api/v1/customers/${mine.id}`), 404, 'not_found');
    expect((await rowsOf(org)).length).toBe(1);
  });
});

/** A flow of one level whose approver is the administrator. */
async function setFlow(org: TestOrg, action: 'create' | 'modify' | 'delete') {
  const current = (await org.admin.get(`/api/v1/approval-flows/customer/${action}`)).json();
  const res = await org.admin.put(`/api/v1/approval-flows/customer/${action}`, {
    enabled: true,
    levels: [{ approvers: { kind: 'users', userIds: [org.adminId] }, signoff: 'any' }],
    version: current.version,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function decide(org: TestOrg, requestId: string, decision: 'approve' | 'reject') {
  const request = (await org.admin.get(`/api/v1/approvals/${requestId}`)).json();
  const res = await org.admin.post(`/api/v1/approvals/${requestId}/${decision}`, { version: request.version, comment: decision === 'reject' ? '资料不全' : undefined });
  return res;
}

describe('approvals (CUS-02, CUS-09)', () => {
  it('a new customer under a create flow is pending, seen only by submitter and approver, active once approved', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'create');
    const { client } = await createTestUser(org, { permissions: REP });
    const { client: colleague } = await createTestUser(org, { permissions: REP, scope: 'all' });
    const c = await create(client);
    expect(c.approvalState).toBe('pending');
    expect(c.approval).toMatchObject({ action: 'create', status: 'pending' });
    expectError(await colleague.get(`/api/v1/customers/${c.id}`), 404, 'not_found');
    expect((await colleague.get('/api/v1/customers')).json().items).toEqual([]);
    const asApprover = (await org.admin.get(`/api/v1/customers/${c.id}`)).json();
    expect(asApprover.approvalState).toBe('pending');
    expectError(await client.put(`/api/v1/customers/${c.id}`, editable(c)), 409, 'approval_pending');
    const res = await decide(org, c.approval.id, 'approve');
    expect(res.statusCode, res.body).toBe(200);
    expect((await colleague.get(`/api/v1/customers/${c.id}`)).json().approvalState).toBe('active');
  });

  it('a rejected new customer is edited and resubmitted by PUT', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'create');
    const { client } = await createTestUser(org, { permissions: REP });
    const c = await create(client);
    expect((await decide(org, c.approval.id, 'reject')).statusCode).toBe(200);
    const rejected = (await client.get(`/api/v1/customers/${c.id}`)).json();
    expect(rejected).toMatchObject({ approvalState: 'rejected', permissions: { canResubmit: true } });
    const res = await client.put(`/api/v1/customers/${c.id}`, editable(rejected, { otherInfo: '补充资料' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ approvalState: 'pending', otherInfo: '补充资料', approval: { action: 'create', status: 'pending' } });
  });

  it('a holder of customer:approve bypasses the flow (003-K)', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'create');
    const c = await create(org.admin);
    expect(c.approvalState).toBe('active');
    expect(c.approval).toBeNull();
  });

  it('a change under a modify flow leaves the record as it was until approved', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'modify');
    const { client } = await createTestUser(org, { permissions: REP });
    const c = await create(client);
    const res = await client.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 5, tags: ['大客户'] }));
    expect(res.statusCode, res.body).toBe(200);
    const pending = res.json();
    expect(pending).toMatchObject({ importance: null, tags: [], approval: { action: 'modify', status: 'pending' } });
    expect(pending.pendingRequestId).toBe(pending.approval.id);
    expectError(await client.put(`/api/v1/customers/${c.id}`, editable(pending, { importance: 1 })), 409, 'approval_pending');
    const request = (await org.admin.get(`/api/v1/approvals/${pending.approval.id}`)).json();
    expect(request.payload ?? request).toBeTruthy();
    expect((await decide(org, pending.approval.id, 'approve')).statusCode).toBe(200);
    const after = (await client.get(`/api/v1/customers/${c.id}`)).json();
    expect(after).toMatchObject({ importance: 5, tags: ['大客户'], pendingRequestId: null, approval: null });
  });

  it('shows the approval history of a customer only to users who may view customers', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'modify');
    const { client } = await createTestUser(org, { permissions: REP });
    const c = await create(client);
    const pending = (await client.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 5 }))).json();
    const { client: viewer } = await createTestUser(org, { permissions: ['customer:view'], scope: 'all' });
    const { client: outsider } = await createTestUser(org, { permissions: ['contact:view'], scope: 'all' });
    const history = `/api/v1/approvals?recordType=customer&recordId=${c.id}`;
    expect((await viewer.get(history)).json().items).toHaveLength(1);
    expect((await viewer.get(`/api/v1/approvals/${pending.approval.id}`)).statusCode).toBe(200);
    expect((await outsider.get(history)).json().items).toEqual([]);
    expectError(await outsider.get(`/api/v1/approvals/${pending.approval.id}`), 404, 'not_found');
  });

  it('a rejected change clears the pending mark; a change outdated meanwhile cannot be approved', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'modify');
    const { client } = await createTestUser(org, { permissions: REP });
    const c = await create(client);
    const first = (await client.put(`/api/v1/customers/${c.id}`, editable(c, { importance: 5 }))).json();
    expect((await decide(org, first.approval.id, 'reject')).statusCode).toBe(200);
    const cleared = (await client.get(`/api/v1/customers/${c.id}`)).json();
    expect(cleared).toMatchObject({ importance: null, pendingRequestId: null });
    const second = (await client.put(`/api/v1/customers/${c.id}`, editable(cleared, { importance: 4 }))).json();
    // The field changes underneath the request (as an administrator's direct write would).
    await withOrg(env.database.db, org.orgId, (tx) => tx.update(customers).set({ importance: 2 }).where(eq(customers.id, c.id)));
    const res = await decide(org, second.approval.id, 'approve');
    expectError(res, 409, 'version_conflict');
    expect((await client.get(`/api/v1/customers/${c.id}`)).json().importance).toBe(2);
  });

  it('a deletion under a delete flow waits for approval, then deletes', async () => {
    const org = await createTestOrg(env);
    await setFlow(org, 'delete');
    const { client } = await createTestUser(org, { permissions: [...REP, 'customer:delete'] });
    const c = await create(client);
    const res = await client.delete(`/api/v1/customers/${c.id}`);
    expect(res.statusCode, res.body).toBe(202);
    expect((await client.get(`/api/v1/customers/${c.id}`)).json()).toMatchObject({ pendingRequestId: res.json().approval.id, permissions: { canEdit: false, canDelete: false } });
    expect((await decide(org, res.json().approval.id, 'approve')).statusCode).toBe(200);
    expect((await rowsOf(org)).length).toBe(0);
    expect((await binnedOf(org)).map((r) => ({ id: r.id, pendingRequestId: r.pendingRequestId }))).toEqual([{ id: c.id, pendingRequestId: null }]);
  });
});
