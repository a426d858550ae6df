import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { withOrg, withSystem } from '../lib/tx.ts';
import { departments, positions } from '../modules/orgchart/orgchart.schema.ts';
import { notifications, outbox } from '../modules/notifications/notifications.schema.ts';
import { insertUser } from '../modules/users/users.core.ts';
import { customers } from '../modules/customers/customers.schema.ts';
import { customFields } from '../modules/customfields/customfields.schema.ts';
import { contactGroups, contacts } from '../modules/contacts/contacts.schema.ts';
import { followups } from '../modules/followups/followups.schema.ts';
import { savedViews } from '../modules/views/views.schema.ts';
import { approvalFlows, approvalRequests, approvalSteps } from '../modules/approvals/approvals.schema.ts';
import { poolEvents, poolSettings } from '../modules/pool/pool.schema.ts';
import { attachmentContents, attachments } from '../modules/attachments/attachments.schema.ts';
import { importFiles, imports } from '../modules/imports/imports.schema.ts';
import { exportChunks, exportJobs } from '../modules/exports/exports.schema.ts';
import { DEFAULT_POOL_RULES } from '../../shared/validation/pool.ts';
import { Client, createTestOrg, createTestUser, PASSWORD, uniq, useTestApp, type TestOrg } from './fixtures.ts';

/**
 * Rules that hold for every API route, including routes added by later modules: the list comes from the app
 * itself, so a new route is covered the moment it exists.
 */
const env = useTestApp();

/** Routes that answer without a session. */
const PUBLIC = new Set([
  'GET /api/v1/setup/status',
  'POST /api/v1/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/verify-email',
  'POST /api/v1/auth/forgot-password',
  'POST /api/v1/auth/reset-password',
]);

/** Routes any signed-in user may call: about themselves, or reference data every form needs. */
const SIGNED_IN = [
  /^GET \/api\/v1\/auth\/(me|login-history)$/,
  /^POST \/api\/v1\/auth\/(logout|change-password)$/,
  /^PUT \/api\/v1\/profile$/,
  /^(GET|POST) \/api\/v1\/notifications/,
  /^GET \/api\/v1\/users\/options$/,
  /^GET \/api\/v1\/dictionary$/,
  // Inbox, decisions and history: whether the user approves, submitted or may read the record is checked per request.
  /^(GET|POST) \/api\/v1\/approvals/,
  // Forms say whether a change needs approval; the pool page shows its rules. Changing either is settings:edit.
  /^GET \/api\/v1\/approval-flows/,
  /^GET \/api\/v1\/pool\/settings$/,
  // Forms, lists and imports read the custom field definitions; changing them is settings:edit.
  /^GET \/api\/v1\/custom-fields$/,
  // The home page's work lists: the customer lists inside check customer:view themselves.
  /^GET \/api\/v1\/worklists(\/approvals)?$/,
];

/** Refusals of a bulk move name each id they were given and why; the fingerprint still proves nothing moved. */
const ECHOES_GIVEN_IDS = [/^POST \/api\/v1\/pool\/(claim|return|assign)$/];

const apiRoutes = () => env.app.routeList.filter((r) => r.url.startsWith('/api/v1/'));
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Which table a route's `:id` names, so another organisation's real ids can be tried on it. */
const TABLE_OF_PREFIX: Record<string, string> = {
  users: 'users',
  registrations: 'users',
  departments: 'departments',
  positions: 'positions',
  roles: 'roles',
  dictionary: 'dict_items',
  'audit-logs': 'audit_logs',
  outbox: 'outbox',
  notifications: 'notifications',
  views: 'saved_views',
  contacts: 'contacts',
  'contact-groups': 'contact_groups',
  followups: 'followups',
  approvals: 'approval_requests',
  customers: 'customers',
  'custom-fields': 'custom_fields',
  attachments: 'attachments',
  imports: 'imports',
  exports: 'exports',
};

async function tenantTables(): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    env.database.db,
    sql`select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'org_id' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** A fingerprint of every row an organisation owns; any change by another organisation would alter it. */
async function fingerprint(orgId: string, tables: string[]): Promise<Record<string, string>> {
  return withSystem(env.database.db, async (tx) => {
    const out: Record<string, string> = {};
    for (const table of tables) {
      const [row] = await queryRows<{ digest: string | null; n: number }>(
        tx,
        sql`select md5(string_agg(t::text, ',' order by t::text)) as digest, count(*)::int as n
              from ${sql.identifier(table)} t where org_id = ${orgId}`,
      );
      out[table] = `${row!.n}:${row!.digest}`;
    }
    return out;
  });
}

/** Gives org A a row in every table a route can name: a department, position, pending user, mail, notice. */
async function populate(org: TestOrg) {
  await withOrg(env.database.db, org.orgId, async (tx) => {
    const [dept] = await tx.insert(departments).values({ orgId: org.orgId, name: '销售部', path: '/' }).returning();
    await tx.execute(sql`update departments set path = '/' || id || '/' where org_id = ${org.orgId} and id = ${dept!.id}`);
    const [pos] = await tx.insert(positions).values({ orgId: org.orgId, departmentId: dept!.id, name: '销售经理', path: '/' }).returning();
    await tx.execute(sql`update positions set path = '/' || id || '/' where org_id = ${org.orgId} and id = ${pos!.id}`);
    const pending = uniq('p');
    await insertUser(tx, org.orgId, { username: pending, name: pending, email: `${pending}@example.com`, password: PASSWORD, status: 'pending' });
    await tx.insert(outbox).values({ orgId: org.orgId, to: 'x@example.com', subject: 'hello', text: 'hello', status: 'kept' });
    await tx.insert(notifications).values({ orgId: org.orgId, userId: org.adminId, kind: 'test', title: 'hello' });
    await tx.insert(savedViews).values({ orgId: org.orgId, list: 'customer', name: '共享视图', ownerId: org.adminId, shared: true, definition: { filters: {} } });
    const [owned] = await tx.insert(customers).values({ orgId: org.orgId, number: uniq('C'), name: '矩阵客户', nameKey: uniq('k'), ownerId: org.adminId }).returning();
    const [group] = await tx.insert(contactGroups).values({ orgId: org.orgId, name: '矩阵分组' }).returning();
    const [person] = await tx.insert(contacts).values({ orgId: org.orgId, customerId: owned!.id, ownerId: org.adminId, name: '矩阵联系人', groupIds: [group!.id] }).returning();
    await tx.insert(followups).values({ orgId: org.orgId, customerId: owned!.id, contactId: person!.id, ownerId: org.adminId, method: 'phone', content: '矩阵', occurredAt: new Date() });
    const levels = [{ approvers: { kind: 'users' as const, userIds: [org.adminId] }, signoff: 'any' as const }];
    await tx.insert(approvalFlows).values({ orgId: org.orgId, recordType: 'customer', action: 'modify', levels });
    const [request] = await tx
      .insert(approvalRequests)
      .values({ orgId: org.orgId, recordType: 'customer', recordId: owned!.id, recordLabel: '矩阵客户', action: 'modify', submitterId: org.adminId, levels })
      .returning();
    await tx.insert(approvalSteps).values({ orgId: org.orgId, requestId: request!.id, level: 0, approverId: org.adminId });
    await tx.insert(poolSettings).values({ orgId: org.orgId, rules: DEFAULT_POOL_RULES });
    await tx.insert(poolEvents).values({ orgId: org.orgId, customerId: owned!.id, kind: 'claim', toOwnerId: org.adminId, actorId: org.adminId });
    await tx.insert(customFields).values({ orgId: org.orgId, recordType: 'customer', key: 'matrix', labelZh: '矩阵', labelEn: 'Matrix', type: 'text' });
    const [file] = await tx
      .insert(attachments)
      .values({ orgId: org.orgId, recordType: 'customer', recordId: owned!.id, fileName: '矩阵.pdf', mimeType: 'application/pdf', size: 5, sha256: 'x', uploadedBy: org.adminId })
      .returning();
    await tx.insert(attachmentContents).values({ orgId: org.orgId, attachmentId: file!.id, content: Buffer.from('%PDF-') });
    const [upload] = await tx
      .insert(imports)
      .values({ orgId: org.orgId, recordType: 'customer', fileName: '矩阵.csv', duplicateMode: 'skip', headers: ['客户名称'], mapping: { 0: 'name' }, createdBy: org.adminId })
      .returning();
    await tx.insert(importFiles).values({ orgId: org.orgId, importId: upload!.id, content: Buffer.from('客户名称\n矩阵导入\n') });
    const [exported] = await tx.insert(exportJobs).values({ orgId: org.orgId, list: 'customer', format: 'csv', status: 'done', fileName: '矩阵.csv', size: 3, createdBy: org.adminId }).returning();
    await tx.insert(exportChunks).values({ orgId: org.orgId, exportId: exported!.id, seq: 0, content: Buffer.from('abc') });
  });
}

async function idsOf(orgId: string): Promise<Record<string, string>> {
  return withSystem(env.database.db, async (tx) => {
    const ids: Record<string, string> = {};
    for (const table of new Set(Object.values(TABLE_OF_PREFIX))) {
      const [row] = await queryRows<{ id: string }>(tx, sql`select id::text from ${sql.identifier(table)} where org_id = ${orgId} order by id limit 1`);
      if (row) ids[table] = row.id;
    }
    return ids;
  });
}

function fillParams(url: string, ids: Record<string, string>): string {
  const prefix = url.replace('/api/v1/', '').split('/')[0]!;
  const id = ids[TABLE_OF_PREFIX[prefix] ?? 'users']!;
  return url.replace(/:[A-Za-z]+/g, id);
}

describe('every API route', () => {
  it('refuses anonymous callers with 401, except the public ones', async () => {
    const anonymous = new Client(env.app);
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      if (PUBLIC.has(key(route))) continue;
      const res = await anonymous.request(route.method as never, route.url.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000'), route.method === 'GET' ? undefined : {});
      if (res.statusCode !== 401) failures.push(`${key(route)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a signed-in user without permissions with 403, except routes about themselves', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: [] });
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      const k = key(route);
      if (PUBLIC.has(k) || SIGNED_IN.some((re) => re.test(k))) continue;
      const res = await client.request(route.method as never, route.url.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000'), route.method === 'GET' ? undefined : {});
      if (res.statusCode !== 403) failures.push(`${k} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("never lets one organisation read or change another's rows", async () => {
    const a = await createTestOrg(env);
    await populate(a);
    const b = await createTestOrg(env);
    const tables = await tenantTables();
    const before = await fingerprint(a.orgId, tables);
    const ids = await idsOf(a.orgId);
    const foreignIds = Object.values(ids);
    const leaks: string[] = [];
    for (const route of apiRoutes()) {
      const k = key(route);
      if (k === 'POST /api/v1/auth/logout' || PUBLIC.has(k)) continue;
      const url = fillParams(route.url, ids);
      const body = route.method === 'GET' ? undefined : { ids: foreignIds, all: false, version: 0 };
      const res = await b.admin.request(route.method as never, url, body);
      const text = res.body;
      if (route.url.includes(':') && res.statusCode < 300) leaks.push(`${k} answered ${res.statusCode} for another organisation's id`);
      const leaked = foreignIds.filter((id) => text.includes(id));
      if (leaked.length && !ECHOES_GIVEN_IDS.some((re) => re.test(k))) leaks.push(`${k} → ${res.statusCode} returned ids of another organisation`);
    }
    expect(leaks).toEqual([]);
    expect(await fingerprint(a.orgId, tables)).toEqual(before);
  });
});
