import { randomInt } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as schema from '../../db/schema.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, PASSWORD, uniq, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { translate, type MessageKey } from '../../../shared/i18n/messages.ts';
import { ALL_PERMISSIONS, SCOPED_MODULES, type DataScope, type Permission } from '../../../shared/permissions.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { sessions } from '../auth/auth.schema.ts';
import { notifications, outbox } from '../notifications/notifications.schema.ts';
import { departments, positions } from '../orgchart/orgchart.schema.ts';
import { roles } from '../roles/roles.schema.ts';
import { organizations } from '../tenants/tenants.schema.ts';
import { insertUser, type NewUser } from './users.core.ts';
import { accountIdentifiers, loginHistory, userPositions, userRoles, users } from './users.schema.ts';

const env = useTestApp();
// The test connection is not bound to an organisation; tests read rows directly, always naming the org.
const db = () => env.database.db;
const zh = (key: MessageKey) => translate('zh-CN', key);
const mobileNo = () => `137${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** An active user without roles, written straight to the database, to be acted upon. */
async function plainUser(org: TestOrg, overrides: Partial<NewUser> = {}) {
  const username = uniq('p');
  return withOrg(db(), org.orgId, (tx) =>
    insertUser(tx, org.orgId, {
      username,
      name: `用户 ${username}`,
      email: `${username}@example.com`,
      mobile: mobileNo(),
      password: PASSWORD,
      status: 'active',
      emailVerified: true,
      ...overrides,
    }),
  );
}

const pendingUser = (org: TestOrg, overrides: Partial<NewUser> = {}) => plainUser(org, { status: 'pending', ...overrides });

async function templateRole(org: TestOrg, key: string) {
  const [role] = await db()
    .select()
    .from(roles)
    .where(and(eq(roles.orgId, org.orgId), eq(roles.templateKey, key)));
  return role!;
}

async function department(org: TestOrg, name = uniq('部门')) {
  const id = newId();
  await db().insert(departments).values({ orgId: org.orgId, id, name, path: `/${id}/` });
  return id;
}

async function position(org: TestOrg, departmentId: string, name = uniq('岗位')) {
  const id = newId();
  await db().insert(positions).values({ orgId: org.orgId, id, departmentId, name, path: `/${id}/` });
  return id;
}

async function row(orgId: string, id: string) {
  const [u] = await db()
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return u!;
}

async function auditActions(orgId: string, recordId: string) {
  const rows = await db()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.recordId, recordId)))
    .orderBy(auditLogs.at, auditLogs.id);
  return rows;
}

async function sessionCount(orgId: string, userId: string) {
  const rows = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId)));
  return rows[0]!.n;
}

async function setMinPasswordLength(org: TestOrg, min: number) {
  await db()
    .update(organizations)
    .set({ settings: sql`${organizations.settings} || ${JSON.stringify({ passwordMinLength: min })}::jsonb` })
    .where(eq(organizations.id, org.orgId));
}

const signIn = (identifier: string, password = PASSWORD, orgCode?: string) =>
  new Client(env.app).post('/api/v1/auth/login', { identifier, password, orgCode });

/** A role written straight to the database, with exactly these rights. */
async function roleWith(org: TestOrg, permissions: Permission[], dataScopes: Partial<Record<string, DataScope>>) {
  const [role] = await db().insert(roles).values({ orgId: org.orgId, name: uniq('role-'), permissions, dataScopes }).returning();
  return role!;
}

async function roleIdsOf(orgId: string, userId: string) {
  const rows = await db().select().from(userRoles).where(and(eq(userRoles.orgId, orgId), eq(userRoles.userId, userId)));
  return rows.map((r) => r.roleId).sort();
}

/** An active user holding these roles, signed in. */
async function signedIn(org: TestOrg, roleIds: string[]) {
  const user = await plainUser(org, { roleIds });
  return { user, client: await new Client(env.app).login(user.username, PASSWORD, org.code) };
}

describe('permissions', () => {
  type Call = { method: 'GET' | 'POST' | 'PUT'; url: string; body?: unknown; ok: number };
  /** Every route with what it needs; each call gets fresh targets, since writes change them. */
  const routes: { name: string; permission: Permission | null; call: (org: TestOrg) => Promise<Call> }[] = [
    { name: 'GET /users', permission: 'user:view', call: async () => ({ method: 'GET', url: '/api/v1/users', ok: 200 }) },
    {
      name: 'GET /users/:id',
      permission: 'user:view',
      call: async (org) => ({ method: 'GET', url: `/api/v1/users/${(await plainUser(org)).id}`, ok: 200 }),
    },
    {
      name: 'POST /users',
      permission: 'user:create',
      call: async () => {
        const username = uniq('n');
        return { method: 'POST', url: '/api/v1/users', body: { username, name: username, password: PASSWORD, confirmPassword: PASSWORD }, ok: 201 };
      },
    },
    {
      name: 'PUT /users/:id',
      permission: 'user:edit',
      call: async (org) => {
        const u = await plainUser(org);
        return { method: 'PUT', url: `/api/v1/users/${u.id}`, body: { name: 'x', email: u.email, positionIds: [], roleIds: [], version: u.version }, ok: 200 };
      },
    },
    {
      name: 'POST /users/:id/status',
      permission: 'user:edit',
      call: async (org) => {
        const u = await plainUser(org);
        return { method: 'POST', url: `/api/v1/users/${u.id}/status`, body: { action: 'lock', version: u.version }, ok: 200 };
      },
    },
    {
      name: 'POST /users/:id/reset-password',
      permission: 'user:edit',
      call: async (org) => ({
        method: 'POST',
        url: `/api/v1/users/${(await plainUser(org)).id}/reset-password`,
        body: { password: 'Fresh-passw0rd', confirmPassword: 'Fresh-passw0rd' },
        ok: 200,
      }),
    },
    { name: 'GET /registrations', permission: 'user:approve', call: async () => ({ method: 'GET', url: '/api/v1/registrations', ok: 200 }) },
    {
      name: 'POST /registrations/:id/approve',
      permission: 'user:approve',
      call: async (org) => {
        // An approver can hand out only roles within their own permissions: this one holds none.
        const [role] = await db().insert(roles).values({ orgId: org.orgId, name: uniq('empty-'), permissions: [], dataScopes: {} }).returning();
        return { method: 'POST', url: `/api/v1/registrations/${(await pendingUser(org)).id}/approve`, body: { roleIds: [role!.id] }, ok: 200 };
      },
    },
    {
      name: 'POST /registrations/:id/reject',
      permission: 'user:approve',
      call: async (org) => ({ method: 'POST', url: `/api/v1/registrations/${(await pendingUser(org)).id}/reject`, body: { reason: 'no' }, ok: 200 }),
    },
    { name: 'GET /users/options', permission: null, call: async () => ({ method: 'GET', url: '/api/v1/users/options', ok: 200 }) },
  ];

  for (const route of routes) {
    it(`${route.name}: anonymous 401, without ${route.permission ?? 'sign-in'} 403, with it 2xx`, async () => {
      const org = await createTestOrg(env);
      const anon = await route.call(org);
      const anonRes = await new Client(env.app).request(anon.method, anon.url, anon.body);
      expect(anonRes.statusCode).toBe(401);
      expect(anonRes.json().error.code).toBe('unauthenticated');

      if (route.permission) {
        // Every other user permission, but not this one.
        const others = (['user:view', 'user:create', 'user:edit', 'user:delete', 'user:approve'] as Permission[]).filter((p) => p !== route.permission);
        const { client: without } = await createTestUser(org, { permissions: ['customer:view', ...others] });
        const denied = await route.call(org);
        const deniedRes = await without.request(denied.method, denied.url, denied.body);
        expect(deniedRes.statusCode).toBe(403);
        expect(deniedRes.json().error.code).toBe('forbidden');
      }

      const { client: allowed } = await createTestUser(org, { permissions: route.permission ? [route.permission] : [] });
      const call = await route.call(org);
      const res = await allowed.request(call.method, call.url, call.body);
      expect(res.statusCode, res.body).toBe(call.ok);
    });
  }

  it('PUT /profile: anonymous 401, any signed-in user 200', async () => {
    const org = await createTestOrg(env);
    const anon = await new Client(env.app).put('/api/v1/profile', { name: 'x', prefs: {}, version: 0 });
    expect(anon.statusCode).toBe(401);
    const { user, client } = await createTestUser(org);
    expect((await client.put('/api/v1/profile', { name: 'x', prefs: {}, version: user.version })).statusCode).toBe(200);
  });

  it('needs user:edit to give a new user roles', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: ['user:create'] });
    const [role] = await db().insert(roles).values({ orgId: org.orgId, name: uniq('empty-'), permissions: [], dataScopes: {} }).returning();
    const username = uniq('n');
    const res = await client.post('/api/v1/users', { username, name: username, password: PASSWORD, confirmPassword: PASSWORD, roleIds: [role!.id] });
    expect(res.statusCode).toBe(403);
    const [written] = await db().select().from(users).where(and(eq(users.orgId, org.orgId), eq(users.username, username)));
    expect(written).toBeUndefined();
  });

  it('does not let user:edit hand out, or act on, more power than the actor holds', async () => {
    const org = await createTestOrg(env);
    const { user: me, client } = await createTestUser(org, { permissions: ['user:view', 'user:edit'] });
    const admin = await templateRole(org, 'administrator');

    // Promoting oneself to administrator is refused, and nothing changes.
    const promote = await client.put(`/api/v1/users/${me.id}`, { name: me.name, email: me.email, positionIds: [], roleIds: [admin.id], version: me.version });
    expect(promote.statusCode).toBe(422);
    expect(promote.json().error.fields).toEqual({ roleIds: zh('v.permissionNotHeld') });
    const held = await db().select().from(userRoles).where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.userId, me.id)));
    expect(held.map((r) => r.roleId)).not.toContain(admin.id);

    // Taking over the administrator's account by resetting its password is refused.
    const takeover = await client.post(`/api/v1/users/${org.adminId}/reset-password`, { password: 'Taken-0ver!', confirmPassword: 'Taken-0ver!' });
    expect(takeover.statusCode).toBe(403);
    expect((await signIn('admin', 'Taken-0ver!', org.code)).statusCode).toBe(401);
    const adminRow = await row(org.orgId, org.adminId);
    const lock = await client.post(`/api/v1/users/${org.adminId}/status`, { action: 'lock', version: adminRow.version });
    expect(lock.statusCode).toBe(403);
    expect((await row(org.orgId, org.adminId)).status).toBe('active');
  });

  it('keeps the installation administrator out of reach of an organisation administrator', async () => {
    const org = await createTestOrg(env, { installationAdmin: true });
    const adminRole = await templateRole(org, 'administrator');
    const { user: second, client } = await signedIn(org, [adminRole.id]);
    expect((await client.get('/api/v1/organizations')).statusCode).toBe(403);
    const installer = await row(org.orgId, org.adminId);

    // Same role, same permissions: still no way into the account that runs every organisation.
    const takeover = await client.post(`/api/v1/users/${org.adminId}/reset-password`, { password: 'Taken-0ver!', confirmPassword: 'Taken-0ver!' });
    expect(takeover.statusCode, takeover.body).toBe(403);
    expect(takeover.json().error.code).toBe('forbidden');
    expect((await signIn('admin', 'Taken-0ver!', org.code)).statusCode).toBe(401);
    for (const action of ['lock', 'disable']) {
      expect((await client.post(`/api/v1/users/${org.adminId}/status`, { action, version: installer.version })).statusCode, action).toBe(403);
    }
    const edit = await client.put(`/api/v1/users/${org.adminId}`, { name: 'x', email: installer.email, positionIds: [], roleIds: [], version: installer.version });
    expect(edit.statusCode).toBe(403);
    expect(await row(org.orgId, org.adminId)).toMatchObject({ name: installer.name, status: 'active', version: installer.version, isInstallationAdmin: true });
    expect(await roleIdsOf(org.orgId, org.adminId)).toEqual([adminRole.id]);
    expect((await org.admin.get('/api/v1/organizations')).statusCode).toBe(200);

    // The installation administrator manages the organisation administrator as before.
    const reset = await org.admin.post(`/api/v1/users/${second.id}/reset-password`, { password: 'Set-by-admin1', confirmPassword: 'Set-by-admin1' });
    expect(reset.statusCode, reset.body).toBe(200);
  });

  it('does not let user:edit hand out, or act on, a wider data scope than the actor holds', async () => {
    const org = await createTestOrg(env);
    const { user: me, client } = await createTestUser(org, {
      permissions: ['user:view', 'user:create', 'user:edit', 'user:approve', 'customer:view'],
      scope: 'self',
    });
    const [own] = await roleIdsOf(org.orgId, me.id);
    const everyCustomer = await roleWith(org, ['customer:view'], { customer: 'all' });
    const ownCustomers = await roleWith(org, ['customer:view'], { customer: 'self' });

    // Every permission of the role is held, but its scope is wider than the actor's own 'self'.
    const escalate = await client.put(`/api/v1/users/${me.id}`, { name: me.name, email: me.email, positionIds: [], roleIds: [own, everyCustomer.id], version: me.version });
    expect(escalate.statusCode, escalate.body).toBe(422);
    expect(escalate.json().error.fields).toEqual({ roleIds: zh('v.permissionNotHeld') });
    expect(await roleIdsOf(org.orgId, me.id)).toEqual([own]);
    expect((await client.get('/api/v1/auth/me')).json().scopes.customer).toBe('self');

    const username = uniq('n');
    const created = await client.post('/api/v1/users', { username, name: username, password: PASSWORD, confirmPassword: PASSWORD, roleIds: [everyCustomer.id] });
    expect(created.statusCode).toBe(422);
    expect(created.json().error.fields).toEqual({ roleIds: zh('v.permissionNotHeld') });
    expect(await db().select().from(users).where(and(eq(users.orgId, org.orgId), eq(users.username, username)))).toHaveLength(0);
    const pending = await pendingUser(org);
    const approved = await client.post(`/api/v1/registrations/${pending.id}/approve`, { roleIds: [everyCustomer.id] });
    expect(approved.statusCode).toBe(422);
    expect(approved.json().error.fields).toEqual({ roleIds: zh('v.permissionNotHeld') });
    expect((await row(org.orgId, pending.id)).status).toBe('pending');

    // A role within the actor's own scope can be given.
    const within = await client.put(`/api/v1/users/${me.id}`, { name: me.name, email: me.email, positionIds: [], roleIds: [own, ownCustomers.id], version: me.version });
    expect(within.statusCode, within.body).toBe(200);

    // A user who sees more than the actor cannot be edited, locked or given a new password by them.
    const wider = await plainUser(org, { roleIds: [everyCustomer.id] });
    const reset = await client.post(`/api/v1/users/${wider.id}/reset-password`, { password: 'Taken-0ver!', confirmPassword: 'Taken-0ver!' });
    expect(reset.statusCode).toBe(403);
    expect((await client.post(`/api/v1/users/${wider.id}/status`, { action: 'lock', version: 0 })).statusCode).toBe(403);
    const edit = await client.put(`/api/v1/users/${wider.id}`, { name: 'x', email: wider.email, positionIds: [], roleIds: [], version: 0 });
    expect(edit.statusCode).toBe(403);
    expect(await row(org.orgId, wider.id)).toMatchObject({ status: 'active', version: 0, name: wider.name });
    expect(await roleIdsOf(org.orgId, wider.id)).toEqual([everyCustomer.id]);
    expect((await signIn(wider.username, PASSWORD, org.code)).statusCode).toBe(200);
  });
});

describe('the last administrator', () => {
  /** Everything the administrator role has, but through another role: can manage administrators without being one. */
  const deputyRole = (org: TestOrg) => roleWith(org, ALL_PERMISSIONS, Object.fromEntries(SCOPED_MODULES.map((m) => [m, 'all' as DataScope])));

  it('cannot give up the administrator role, nor be demoted, locked or disabled, while nobody else is an active administrator', async () => {
    const org = await createTestOrg(env);
    const adminRole = await templateRole(org, 'administrator');
    const sales = await templateRole(org, 'sales_rep');
    // A disabled holder of the role does not count.
    await plainUser(org, { roleIds: [adminRole.id], status: 'disabled' });
    const me = await row(org.orgId, org.adminId);
    const drop = await org.admin.put(`/api/v1/users/${org.adminId}`, { name: me.name, email: me.email, positionIds: [], roleIds: [sales.id], version: me.version });
    expect(drop.statusCode, drop.body).toBe(422);
    expect(drop.json().error.fields).toEqual({ roleIds: zh('v.lastAdministrator') });
    expect(await roleIdsOf(org.orgId, org.adminId)).toEqual([adminRole.id]);
    expect((await row(org.orgId, org.adminId)).version).toBe(me.version);

    const { client: deputy } = await signedIn(org, [(await deputyRole(org)).id]);
    const demote = await deputy.put(`/api/v1/users/${org.adminId}`, { name: me.name, email: me.email, positionIds: [], roleIds: [], version: me.version });
    expect(demote.statusCode, demote.body).toBe(422);
    expect(demote.json().error.fields).toEqual({ roleIds: zh('v.lastAdministrator') });
    for (const action of ['lock', 'disable']) {
      const res = await deputy.post(`/api/v1/users/${org.adminId}/status`, { action, version: me.version });
      expect(res.statusCode, action).toBe(422);
      expect(res.json().error.fields).toEqual({ action: zh('v.lastAdministrator') });
    }
    expect(await row(org.orgId, org.adminId)).toMatchObject({ status: 'active', version: me.version });
    expect(await roleIdsOf(org.orgId, org.adminId)).toEqual([adminRole.id]);
    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await auditActions(org.orgId, org.adminId)).map((a) => a.action)).not.toContain('update');
  });

  it('lets one administrator go while another active one remains, but not the last', async () => {
    const org = await createTestOrg(env);
    const adminRole = await templateRole(org, 'administrator');
    const second = await plainUser(org, { roleIds: [adminRole.id] });

    // Locking another administrator is fine while the actor still is one; so is unlocking.
    const locked = await org.admin.post(`/api/v1/users/${second.id}/status`, { action: 'lock', version: 0 });
    expect(locked.statusCode, locked.body).toBe(200);
    expect((await org.admin.post(`/api/v1/users/${second.id}/status`, { action: 'unlock', version: 1 })).statusCode).toBe(200);

    // The second administrator demotes the first; the first is then an ordinary user.
    const secondAdmin = await new Client(env.app).login(second.username, PASSWORD, org.code);
    const me = await row(org.orgId, org.adminId);
    const demote = await secondAdmin.put(`/api/v1/users/${org.adminId}`, { name: me.name, email: me.email, positionIds: [], roleIds: [], version: me.version });
    expect(demote.statusCode, demote.body).toBe(200);
    expect(await roleIdsOf(org.orgId, org.adminId)).toEqual([]);

    // Now the second is the last one and cannot step down.
    const now = await row(org.orgId, second.id);
    const stepDown = await secondAdmin.put(`/api/v1/users/${second.id}`, { name: now.name, email: now.email, positionIds: [], roleIds: [], version: now.version });
    expect(stepDown.statusCode).toBe(422);
    expect(stepDown.json().error.fields).toEqual({ roleIds: zh('v.lastAdministrator') });
    expect(await roleIdsOf(org.orgId, second.id)).toEqual([adminRole.id]);
  });

  it('lets only one of two administrators demoting each other at the same moment succeed', async () => {
    const org = await createTestOrg(env);
    const adminRole = await templateRole(org, 'administrator');
    const { user: second, client: secondAdmin } = await signedIn(org, [adminRole.id]);
    const first = await row(org.orgId, org.adminId);
    const [a, b] = await Promise.all([
      org.admin.put(`/api/v1/users/${second.id}`, { name: second.name, email: second.email, positionIds: [], roleIds: [], version: second.version }),
      secondAdmin.put(`/api/v1/users/${org.adminId}`, { name: first.name, email: first.email, positionIds: [], roleIds: [], version: first.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 422]);
    const holders = await db()
      .select({ id: users.id })
      .from(userRoles)
      .innerJoin(users, and(eq(users.orgId, userRoles.orgId), eq(users.id, userRoles.userId)))
      .where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.roleId, adminRole.id), eq(users.status, 'active')));
    expect(holders).toHaveLength(1);
  });
});

describe('user list', () => {
  it('searches, filters and pages, with role and position names per row', async () => {
    const org = await createTestOrg(env);
    const dept = await department(org, '销售部');
    const pos = await position(org, dept, '销售经理');
    const sales = await templateRole(org, 'sales_rep');
    const finance = await templateRole(org, 'finance');
    const tag = uniq('zz');
    const a = await plainUser(org, { username: `${tag}a`, name: '张三', departmentId: dept, roleIds: [sales.id, finance.id], positionIds: [pos] });
    const b = await plainUser(org, { username: `${tag}b`, name: '李四' });
    await plainUser(org, { username: `${tag}c`, name: '王五', status: 'disabled' });

    const byName = await org.admin.get(`/api/v1/users?q=${encodeURIComponent('张三')}`);
    expect(byName.json().items.map((u: { id: string }) => u.id)).toEqual([a.id]);
    const item = byName.json().items[0];
    expect(item.roles.map((r: { name: string }) => r.name).sort()).toEqual([finance.name, sales.name].sort());
    expect(item.positions).toEqual([{ id: pos, name: '销售经理', departmentId: dept, isPrimary: true }]);
    expect(item.department).toEqual({ id: dept, name: '销售部' });
    expect(item).not.toHaveProperty('passwordHash');
    expect(item).not.toHaveProperty('prefs');

    const byEmail = await org.admin.get(`/api/v1/users?q=${encodeURIComponent(b.email!.toUpperCase())}`);
    expect(byEmail.json().items.map((u: { id: string }) => u.id)).toEqual([b.id]);
    const byMobile = await org.admin.get(`/api/v1/users?q=${b.mobile!.slice(-6)}`);
    expect(byMobile.json().items.map((u: { id: string }) => u.id)).toEqual([b.id]);
    // `%` and `_` are searched literally.
    expect((await org.admin.get('/api/v1/users?q=%25')).json().total).toBe(0);

    const byTag = await org.admin.get(`/api/v1/users?q=${tag}`);
    expect(byTag.json().total).toBe(3);
    expect(byTag.json().items.map((u: { username: string }) => u.username)).toEqual([`${tag}a`, `${tag}b`, `${tag}c`]);
    const disabled = await org.admin.get(`/api/v1/users?q=${tag}&status=disabled`);
    expect(disabled.json().items.map((u: { username: string }) => u.username)).toEqual([`${tag}c`]);
    expect((await org.admin.get(`/api/v1/users?departmentId=${dept}`)).json().items.map((u: { id: string }) => u.id)).toEqual([a.id]);
    // A department stands for its subtree.
    const team = await org.admin.post('/api/v1/departments', { name: '华东组', parentId: dept });
    const member = await plainUser(org, { departmentId: team.json().id });
    const subtree = await org.admin.get(`/api/v1/users?departmentId=${dept}`);
    expect(subtree.json().items.map((u: { id: string }) => u.id).sort()).toEqual([a.id, member.id].sort());
    expect((await org.admin.get(`/api/v1/users?departmentId=${team.json().id}`)).json().items.map((u: { id: string }) => u.id)).toEqual([member.id]);
    expect((await org.admin.get(`/api/v1/users?roleId=${finance.id}`)).json().items.map((u: { id: string }) => u.id)).toEqual([a.id]);

    const page = await org.admin.get(`/api/v1/users?q=${tag}&limit=2&offset=2`);
    expect(page.json().total).toBe(3);
    expect(page.json().items.map((u: { username: string }) => u.username)).toEqual([`${tag}c`]);

    const tooMany = await org.admin.get('/api/v1/users?limit=201');
    expect(tooMany.statusCode).toBe(400);
    expect(Object.keys(tooMany.json().error.fields)).toEqual(['limit']);
    expect((await org.admin.get('/api/v1/users?status=sleeping')).statusCode).toBe(400);
  });

  it('fetches roles and positions for a whole page at once', async () => {
    const org = await createTestOrg(env);
    const dept = await department(org);
    const pos = await position(org, dept);
    const sales = await templateRole(org, 'sales_rep');
    const tag = uniq('bulk');
    for (let i = 0; i < 12; i++) await plainUser(org, { username: `${tag}${String(i).padStart(2, '0')}`, roleIds: [sales.id], positionIds: [pos] });
    // A second app on the same database whose driver logs every statement; the admin's session works there too.
    const statements: string[] = [];
    const logger = { logQuery: (query: string) => void statements.push(query) };
    const { database } = env;
    const logged = (database.pglite ? drizzlePglite(database.pglite, { schema, logger }) : drizzlePg(database.pool!, { schema, logger })) as unknown as Db;
    const app = await createApp({ db: logged });
    try {
      const client = Object.assign(new Client(app), { cookies: org.admin.cookies });
      const countFor = async (limit: number) => {
        statements.length = 0;
        const res = await client.get(`/api/v1/users?q=${tag}&limit=${limit}`);
        expect(res.json().items).toHaveLength(limit);
        for (const item of res.json().items) {
          expect(item.roles.map((r: { name: string }) => r.name)).toEqual([sales.name]);
          expect(item.positions.map((p: { id: string }) => p.id)).toEqual([pos]);
        }
        return statements.length;
      };
      expect(await countFor(12)).toBe(await countFor(2));
      expect(statements.filter((q) => q.includes('from "user_positions"'))).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('offers a picker of active users to any signed-in user, at most 20', async () => {
    const org = await createTestOrg(env);
    const tag = uniq('opt');
    for (let i = 0; i < 22; i++) await plainUser(org, { username: `${tag}${String(i).padStart(2, '0')}` });
    await plainUser(org, { username: `${tag}zz-locked`, status: 'locked' });
    const { client } = await createTestUser(org);
    const res = await client.get(`/api/v1/users/options?q=${tag}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(20);
    expect(Object.keys(res.json().items[0]).sort()).toEqual(['id', 'name', 'username']);
    expect(res.json().items.map((u: { username: string }) => u.username)).not.toContain(`${tag}zz-locked`);
    expect((await client.get(`/api/v1/users/options?q=${tag}&limit=21`)).statusCode).toBe(400);
  });
});

describe('user detail', () => {
  it('shows roles, positions, department and the last 20 sign-ins', async () => {
    const org = await createTestOrg(env);
    const dept = await department(org, '客服部');
    const p1 = await position(org, dept, '主管');
    const p2 = await position(org, dept, '专员');
    const support = await templateRole(org, 'support_rep');
    const u = await plainUser(org, { departmentId: dept, roleIds: [support.id], positionIds: [p2, p1] });
    await db()
      .insert(loginHistory)
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          orgId: org.orgId,
          userId: u.id,
          at: new Date(Date.now() - (25 - i) * 60_000),
          ip: `10.0.0.${i}`,
          success: i % 2 === 0,
          reason: i % 2 === 0 ? null : 'password',
        })),
      );
    const res = await org.admin.get(`/api/v1/users/${u.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: u.id, username: u.username, email: u.email, mobile: u.mobile, status: 'active', version: 0 });
    expect(body.department).toEqual({ id: dept, name: '客服部' });
    expect(body.roles).toEqual([{ id: support.id, name: support.name }]);
    // The first position given is the primary one and comes first.
    expect(body.positions.map((p: { name: string; isPrimary: boolean }) => [p.name, p.isPrimary])).toEqual([
      ['专员', true],
      ['主管', false],
    ]);
    expect(body.loginHistory).toHaveLength(20);
    expect(body.loginHistory[0].ip).toBe('10.0.0.24');
    expect(body.loginHistory[19].ip).toBe('10.0.0.5');

    expect((await org.admin.get(`/api/v1/users/${newId()}`)).statusCode).toBe(404);
    expect((await org.admin.get('/api/v1/users/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('creating users', () => {
  it('creates an active user with roles, positions and department, who can sign in', async () => {
    const org = await createTestOrg(env);
    const dept = await department(org);
    const pos = await position(org, dept);
    const sales = await templateRole(org, 'sales_rep');
    const username = uniq('new');
    const mobile = mobileNo();
    const res = await org.admin.post('/api/v1/users', {
      username,
      name: '新同事',
      email: `${username.toUpperCase()}@Example.com`,
      mobile: `+86${mobile}`,
      password: PASSWORD,
      confirmPassword: PASSWORD,
      departmentId: dept,
      positionIds: [pos],
      roleIds: [sales.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ username, name: '新同事', email: `${username}@example.com`, mobile, status: 'active', emailVerified: true });
    expect(body.roles).toEqual([{ id: sales.id, name: sales.name }]);
    expect(body.positions.map((p: { id: string }) => p.id)).toEqual([pos]);

    const written = await row(org.orgId, body.id);
    expect(written).toMatchObject({ status: 'active', departmentId: dept, email: `${username}@example.com`, mobile });
    const ids = await db().select().from(accountIdentifiers).where(and(eq(accountIdentifiers.orgId, org.orgId), eq(accountIdentifiers.userId, body.id)));
    expect(ids.map((i) => [i.kind, i.value]).sort()).toEqual([
      ['email', `${username}@example.com`],
      ['mobile', mobile],
    ]);
    const [audit] = (await auditActions(org.orgId, body.id)).filter((a) => a.action === 'create');
    expect(audit).toMatchObject({ module: 'user', actorId: org.adminId, recordLabel: username });
    expect(audit!.after).toMatchObject({ username, roles: [sales.name], departmentId: dept });
    expect(JSON.stringify(audit!.after)).not.toContain(PASSWORD);

    const c = new Client(env.app);
    expect((await c.post('/api/v1/auth/login', { identifier: mobile, password: PASSWORD })).statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/me')).json().permissions).toContain('customer:create');
  });

  it('accepts a user with no e-mail or mobile, sent as empty fields', async () => {
    const org = await createTestOrg(env);
    const username = uniq('bare');
    const res = await org.admin.post('/api/v1/users', { username, name: username, email: '', mobile: '', departmentId: '', password: PASSWORD, confirmPassword: PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: null, mobile: null, department: null, emailVerified: false });
  });

  it('reports bad input per field, all at once', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.post('/api/v1/users', {
      username: '9x',
      name: '',
      email: 'nope',
      mobile: '123',
      password: 'short',
      confirmPassword: 'other',
      roleIds: ['not-a-uuid'],
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['confirmPassword', 'email', 'mobile', 'name', 'password', 'roleIds.0', 'username']);
    expect(res.json().error.fields.confirmPassword).toBe(zh('v.passwordMismatch'));
  });

  it('reports every taken identifier at once and writes nothing', async () => {
    const org = await createTestOrg(env);
    const other = await createTestOrg(env);
    const existing = await plainUser(org);
    // E-mail and mobile are unique across organisations too: people sign in with them alone.
    const elsewhere = await plainUser(other);
    const res = await org.admin.post('/api/v1/users', {
      username: existing.username.toUpperCase(),
      name: 'dup',
      email: elsewhere.email,
      mobile: existing.mobile,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'duplicate',
      fields: { username: zh('v.usernameTaken'), email: zh('v.emailTaken'), mobile: zh('v.mobileTaken') },
    });
    const count = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.orgId, org.orgId));
    expect(count[0]!.n).toBe(2);
  });

  it('refuses roles, positions and departments that are not in the organisation', async () => {
    const org = await createTestOrg(env);
    const other = await createTestOrg(env);
    const foreignRole = await templateRole(other, 'sales_rep');
    const foreignDept = await department(other);
    const username = uniq('ref');
    const res = await org.admin.post('/api/v1/users', {
      username,
      name: username,
      password: PASSWORD,
      confirmPassword: PASSWORD,
      roleIds: [foreignRole.id],
      positionIds: [newId()],
      departmentId: foreignDept,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual({ roleIds: zh('v.notFound'), positionIds: zh('v.notFound'), departmentId: zh('v.notFound') });
    const [written] = await db().select().from(users).where(eq(users.username, username));
    expect(written).toBeUndefined();
  });

  it('applies the organisation password policy', async () => {
    const org = await createTestOrg(env);
    await setMinPasswordLength(org, 12);
    const username = uniq('pol');
    const res = await org.admin.post('/api/v1/users', { username, name: username, password: 'Short-pw1', confirmPassword: 'Short-pw1' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual({ password: '密码长度不足 12 位' });
    const ok = await org.admin.post('/api/v1/users', { username, name: username, password: 'Long-enough-pw1', confirmPassword: 'Long-enough-pw1' });
    expect(ok.statusCode).toBe(201);
  });
});

describe('editing users', () => {
  it('changes details, roles and positions with a version check, and audits before → after', async () => {
    const org = await createTestOrg(env);
    const d1 = await department(org);
    const d2 = await department(org);
    const p1 = await position(org, d1, '岗位甲');
    const p2 = await position(org, d2, '岗位乙');
    const sales = await templateRole(org, 'sales_rep');
    const finance = await templateRole(org, 'finance');
    const u = await plainUser(org, { departmentId: d1, roleIds: [sales.id], positionIds: [p1] });
    const newEmail = `${uniq('moved')}@example.com`;
    const newMobile = mobileNo();

    const res = await org.admin.put(`/api/v1/users/${u.id}`, {
      name: '改名',
      email: newEmail,
      mobile: newMobile,
      departmentId: d2,
      positionIds: [p2],
      roleIds: [finance.id],
      version: 0,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '改名', email: newEmail, mobile: newMobile, version: 1, department: { id: d2 } });
    expect(res.json().roles).toEqual([{ id: finance.id, name: finance.name }]);

    const written = await row(org.orgId, u.id);
    expect(written).toMatchObject({ name: '改名', email: newEmail, mobile: newMobile, departmentId: d2, version: 1 });
    const roleRows = await db().select().from(userRoles).where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.userId, u.id)));
    expect(roleRows.map((r) => r.roleId)).toEqual([finance.id]);
    const posRows = await db().select().from(userPositions).where(and(eq(userPositions.orgId, org.orgId), eq(userPositions.userId, u.id)));
    expect(posRows.map((p) => p.positionId)).toEqual([p2]);

    const [audit] = (await auditActions(org.orgId, u.id)).filter((a) => a.action === 'update');
    expect(audit!.before).toEqual({ name: u.name, email: u.email, mobile: u.mobile, departmentId: d1, roles: [sales.name], positions: ['岗位甲'] });
    expect(audit!.after).toEqual({ name: '改名', email: newEmail, mobile: newMobile, departmentId: d2, roles: [finance.name], positions: ['岗位乙'] });

    // The new identifiers sign in; the old ones are released.
    expect((await signIn(newEmail)).statusCode).toBe(200);
    expect((await signIn(u.email!)).statusCode).toBe(401);
    const reuse = await plainUser(org, { email: u.email, mobile: u.mobile });
    expect(reuse.email).toBe(u.email);

    const stale = await org.admin.put(`/api/v1/users/${u.id}`, { name: 'stale', positionIds: [], roleIds: [], version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await row(org.orgId, u.id)).name).toBe('改名');
  });

  it('re-checks uniqueness when e-mail or mobile change', async () => {
    const org = await createTestOrg(env);
    const a = await plainUser(org);
    const b = await plainUser(org);
    const res = await org.admin.put(`/api/v1/users/${b.id}`, { name: b.name, email: a.email, mobile: a.mobile, positionIds: [], roleIds: [], version: 0 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields).toEqual({ email: zh('v.emailTaken'), mobile: zh('v.mobileTaken') });
    expect((await row(org.orgId, b.id)).email).toBe(b.email);
    // Keeping one's own identifiers is not a clash.
    const same = await org.admin.put(`/api/v1/users/${b.id}`, { name: '同名', email: b.email, mobile: b.mobile, positionIds: [], roleIds: [], version: 0 });
    expect(same.statusCode).toBe(200);
  });

  it('refuses unknown roles, positions and departments, and unknown users', async () => {
    const org = await createTestOrg(env);
    const u = await plainUser(org);
    const res = await org.admin.put(`/api/v1/users/${u.id}`, { name: 'x', positionIds: [newId()], roleIds: [newId()], departmentId: newId(), version: 0 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual({ roleIds: zh('v.notFound'), positionIds: zh('v.notFound'), departmentId: zh('v.notFound') });
    expect((await row(org.orgId, u.id)).version).toBe(0);
    const missing = await org.admin.put(`/api/v1/users/${newId()}`, { name: 'x', positionIds: [], roleIds: [], version: 0 });
    expect(missing.statusCode).toBe(404);
  });

  it('revokes a role by saving fewer roles; the next request of that user feels it', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: ['user:view'] });
    expect((await client.get('/api/v1/users')).statusCode).toBe(200);
    const res = await org.admin.put(`/api/v1/users/${user.id}`, { name: user.name, email: user.email, positionIds: [], roleIds: [], version: user.version });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual([]);
    // Still signed in, but without the permission.
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await client.get('/api/v1/users')).statusCode).toBe(403);
    const [audit] = (await auditActions(org.orgId, user.id)).filter((a) => a.action === 'update');
    expect((audit!.before as { roles: string[] }).roles).toHaveLength(1);
    expect((audit!.after as { roles: string[] }).roles).toEqual([]);
  });
});

describe('user status', () => {
  it('locks (ending sessions at once) and unlocks', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    expect(await sessionCount(org.orgId, user.id)).toBe(1);
    const locked = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'lock', version: 0 });
    expect(locked.statusCode).toBe(200);
    expect(locked.json()).toMatchObject({ status: 'locked', version: 1 });
    expect(await sessionCount(org.orgId, user.id)).toBe(0);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const refused = await signIn(user.username, PASSWORD, org.code);
    expect(refused.statusCode).toBe(403);

    const again = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'lock', version: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');

    const unlocked = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'unlock', version: 1 });
    expect(unlocked.json()).toMatchObject({ status: 'active', version: 2 });
    expect((await signIn(user.username, PASSWORD, org.code)).statusCode).toBe(200);
    const actions = (await auditActions(org.orgId, user.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['lock', 'unlock']));
  });

  it('unlock also lifts the lock-out after failed sign-ins', async () => {
    const org = await createTestOrg(env);
    const u = await plainUser(org);
    for (let i = 0; i < 5; i++) await signIn(u.username, 'Wrong-passw0rd', org.code);
    // While locked out even the right password is refused, with the same answer as a wrong one.
    expect((await signIn(u.username, PASSWORD, org.code)).statusCode).toBe(401);
    const before = await row(org.orgId, u.id);
    expect(before.status).toBe('active');
    const res = await org.admin.post(`/api/v1/users/${u.id}/status`, { action: 'unlock', version: before.version });
    expect(res.statusCode).toBe(200);
    const after = await row(org.orgId, u.id);
    expect(after).toMatchObject({ status: 'active', lockedUntil: null, failedLogins: 0 });
    expect((await signIn(u.username, PASSWORD, org.code)).statusCode).toBe(200);
    // Nothing left to unlock now.
    const nothing = await org.admin.post(`/api/v1/users/${u.id}/status`, { action: 'unlock', version: after.version });
    expect(nothing.statusCode).toBe(409);
  });

  it('disables and enables', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const enableActive = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'enable', version: 0 });
    expect(enableActive.statusCode).toBe(409);
    const disabled = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'disable', version: 0 });
    expect(disabled.json().status).toBe('disabled');
    expect(await sessionCount(org.orgId, user.id)).toBe(0);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const enabled = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'enable', version: 1 });
    expect(enabled.json().status).toBe('active');
    expect((await row(org.orgId, user.id)).status).toBe('active');
    expect((await auditActions(org.orgId, user.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['disable', 'enable']));
  });

  it('refuses to lock or disable oneself, a stale version, and a bad action', async () => {
    const org = await createTestOrg(env);
    const me = await row(org.orgId, org.adminId);
    for (const action of ['lock', 'disable']) {
      const res = await org.admin.post(`/api/v1/users/${org.adminId}/status`, { action, version: me.version });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual({ action: zh('v.notOnSelf') });
    }
    expect((await row(org.orgId, org.adminId)).status).toBe('active');
    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(200);

    const u = await plainUser(org);
    const stale = await org.admin.post(`/api/v1/users/${u.id}/status`, { action: 'lock', version: 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await org.admin.post(`/api/v1/users/${u.id}/status`, { action: 'delete', version: 0 })).statusCode).toBe(400);
    expect((await org.admin.post(`/api/v1/users/${newId()}/status`, { action: 'lock', version: 0 })).statusCode).toBe(404);
  });
});

describe('administrator password reset', () => {
  it('sets a new password and ends the user’s sessions', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const res = await org.admin.post(`/api/v1/users/${user.id}/reset-password`, { password: 'Set-by-admin1', confirmPassword: 'Set-by-admin1' });
    expect(res.statusCode).toBe(200);
    expect(await sessionCount(org.orgId, user.id)).toBe(0);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await signIn(user.username, PASSWORD, org.code)).statusCode).toBe(401);
    expect((await signIn(user.username, 'Set-by-admin1', org.code)).statusCode).toBe(200);
    expect((await row(org.orgId, user.id)).version).toBe(1);
    const [audit] = (await auditActions(org.orgId, user.id)).filter((a) => a.action === 'reset_password');
    expect(audit).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain('Set-by-admin1');
  });

  it('keeps the administrator’s own current session when resetting their own password', async () => {
    const org = await createTestOrg(env);
    const second = await new Client(env.app).login('admin', PASSWORD, org.code);
    const res = await org.admin.post(`/api/v1/users/${org.adminId}/reset-password`, { password: 'Own-reset-pw1', confirmPassword: 'Own-reset-pw1' });
    expect(res.statusCode).toBe(200);
    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await second.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('applies the policy and the confirmation', async () => {
    const org = await createTestOrg(env);
    const u = await plainUser(org);
    const mismatch = await org.admin.post(`/api/v1/users/${u.id}/reset-password`, { password: 'Set-by-admin1', confirmPassword: 'Set-by-admin2' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.fields).toEqual({ confirmPassword: zh('v.passwordMismatch') });
    await setMinPasswordLength(org, 16);
    const weak = await org.admin.post(`/api/v1/users/${u.id}/reset-password`, { password: 'Set-by-admin1', confirmPassword: 'Set-by-admin1' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.fields).toEqual({ password: '密码长度不足 16 位' });
    expect((await signIn(u.username, PASSWORD, org.code)).statusCode).toBe(200);
  });
});

describe('registrations', () => {
  it('lists pending and unverified applications, newest first, and nothing else', async () => {
    const org = await createTestOrg(env);
    const older = await plainUser(org, { status: 'unverified', emailVerified: false });
    const newer = await pendingUser(org);
    await plainUser(org, { status: 'rejected' });
    const res = await org.admin.get('/api/v1/registrations');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(2);
    expect(res.json().items.map((u: { id: string }) => u.id)).toEqual([newer.id, older.id]);
    expect(res.json().items[0]).toMatchObject({ status: 'pending', emailVerified: true });
    const onlyPending = await org.admin.get('/api/v1/registrations?status=pending');
    expect(onlyPending.json().items.map((u: { id: string }) => u.id)).toEqual([newer.id]);
  });

  it('approves a pending user with roles, positions and department, and tells them', async () => {
    const org = await createTestOrg(env);
    const dept = await department(org);
    const pos = await position(org, dept, '销售员');
    const sales = await templateRole(org, 'sales_rep');
    const u = await pendingUser(org, { prefs: { locale: 'en-US' } });
    const res = await org.admin.post(`/api/v1/registrations/${u.id}/approve`, { roleIds: [sales.id], positionIds: [pos], departmentId: dept });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', department: { id: dept }, roles: [{ id: sales.id }], positions: [{ id: pos, name: '销售员' }] });
    expect(await row(org.orgId, u.id)).toMatchObject({ status: 'active', departmentId: dept, version: 1 });

    const [mail] = await db().select().from(outbox).where(and(eq(outbox.orgId, org.orgId), eq(outbox.to, u.email!)));
    expect(mail!.subject).toBe('Kehu: your registration was approved');
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.orgId, org.orgId), eq(notifications.userId, u.id)));
    expect(notice!.kind).toBe('registration_approved');
    const [audit] = (await auditActions(org.orgId, u.id)).filter((a) => a.action === 'approve_registration');
    expect(audit!.after).toMatchObject({ status: 'active', roles: [sales.name], positions: ['销售员'], departmentId: dept });

    expect((await signIn(u.username, PASSWORD, org.code)).statusCode).toBe(200);
    // Approving twice is a conflict.
    const twice = await org.admin.post(`/api/v1/registrations/${u.id}/approve`, { roleIds: [sales.id] });
    expect(twice.statusCode).toBe(409);
  });

  it('approves only verified (pending) applications, with at least one existing role', async () => {
    const org = await createTestOrg(env);
    const sales = await templateRole(org, 'sales_rep');
    const unverified = await plainUser(org, { status: 'unverified', emailVerified: false });
    const early = await org.admin.post(`/api/v1/registrations/${unverified.id}/approve`, { roleIds: [sales.id] });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('conflict');
    expect((await row(org.orgId, unverified.id)).status).toBe('unverified');
    const active = await plainUser(org);
    expect((await org.admin.post(`/api/v1/registrations/${active.id}/approve`, { roleIds: [sales.id] })).statusCode).toBe(409);

    const pending = await pendingUser(org);
    const noRole = await org.admin.post(`/api/v1/registrations/${pending.id}/approve`, { roleIds: [] });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.json().error.fields).toEqual({ roleIds: zh('v.required') });
    const badRefs = await org.admin.post(`/api/v1/registrations/${pending.id}/approve`, { roleIds: [newId()], positionIds: [newId()], departmentId: newId() });
    expect(badRefs.statusCode).toBe(422);
    expect(Object.keys(badRefs.json().error.fields).sort()).toEqual(['departmentId', 'positionIds', 'roleIds']);
    expect((await row(org.orgId, pending.id)).status).toBe('pending');
    const roleRows = await db().select().from(userRoles).where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.userId, pending.id)));
    expect(roleRows).toHaveLength(0);
  });

  it('rejects with a reason, mails the applicant and frees the e-mail and mobile', async () => {
    const org = await createTestOrg(env);
    const u = await pendingUser(org);
    const res = await org.admin.post(`/api/v1/registrations/${u.id}/reject`, { reason: '非本公司员工' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('rejected');
    expect((await row(org.orgId, u.id)).status).toBe('rejected');
    const [mail] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.orgId, org.orgId), eq(outbox.to, u.email!)))
      .orderBy(desc(outbox.createdAt));
    expect(mail!.subject).toBe('客户 Kehu：您的注册申请未通过');
    expect(mail!.text).toContain('非本公司员工');
    const [audit] = (await auditActions(org.orgId, u.id)).filter((a) => a.action === 'reject_registration');
    expect(audit!.after).toEqual({ status: 'rejected', reason: '非本公司员工' });
    expect((await signIn(u.username, PASSWORD, org.code)).statusCode).toBe(403);

    // The rejected application no longer holds the identifiers, so a corrected one can use them.
    const again = await new Client(env.app).post('/api/v1/auth/register', {
      orgCode: org.code,
      username: uniq('again'),
      password: PASSWORD,
      confirmPassword: PASSWORD,
      email: u.email,
      mobile: u.mobile,
      acceptTerms: true,
    });
    expect(again.statusCode).toBe(201);

    const twice = await org.admin.post(`/api/v1/registrations/${u.id}/reject`, {});
    expect(twice.statusCode).toBe(409);
    const active = await plainUser(org);
    expect((await org.admin.post(`/api/v1/registrations/${active.id}/reject`, {})).statusCode).toBe(409);
  });

  it('rejects an unverified application without mailing an address nobody confirmed', async () => {
    const org = await createTestOrg(env);
    const u = await plainUser(org, { status: 'unverified', emailVerified: false });
    const res = await org.admin.post(`/api/v1/registrations/${u.id}/reject`, {});
    expect(res.statusCode).toBe(200);
    expect(await db().select().from(outbox).where(and(eq(outbox.orgId, org.orgId), eq(outbox.to, u.email!)))).toHaveLength(0);
  });
});

describe('profile', () => {
  it('updates the own name and preferences with a version check', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const prefs = { locale: 'en-US', timeZone: 'Europe/Berlin', pageSize: 50, notifyByEmail: false, notifyInApp: true };
    const res = await client.put('/api/v1/profile', { name: '新名字', prefs, version: user.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '新名字', prefs, version: 1 });
    expect(await row(org.orgId, user.id)).toMatchObject({ name: '新名字', prefs, version: 1 });
    // The chosen language applies to the next answer.
    const stale = await client.put('/api/v1/profile', { name: 'x', prefs: {}, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe(translate('en-US', 'version_conflict'));
    const bad = await client.put('/api/v1/profile', { name: '', prefs: { pageSize: 7, timeZone: 'Mars/Base' }, version: 1 });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['name', 'prefs.pageSize', 'prefs.timeZone']);
    const [audit] = (await auditActions(org.orgId, user.id)).filter((a) => a.action === 'update_profile');
    expect(audit!.after).toMatchObject({ name: '新名字' });
  });
});

describe('organisations are kept apart', () => {
  it('answers 404 for another organisation’s users and never lists them', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const target = await plainUser(a);
    const pending = await pendingUser(a);
    const bRole = await templateRole(b, 'sales_rep');
    const aRole = await templateRole(a, 'sales_rep');

    const calls: [string, () => Promise<{ statusCode: number }>][] = [
      ['GET', () => b.admin.get(`/api/v1/users/${target.id}`)],
      ['PUT', () => b.admin.put(`/api/v1/users/${target.id}`, { name: 'hijack', positionIds: [], roleIds: [], version: 0 })],
      ['status', () => b.admin.post(`/api/v1/users/${target.id}/status`, { action: 'lock', version: 0 })],
      ['reset', () => b.admin.post(`/api/v1/users/${target.id}/reset-password`, { password: 'Hijack-passw0rd', confirmPassword: 'Hijack-passw0rd' })],
      ['approve', () => b.admin.post(`/api/v1/registrations/${pending.id}/approve`, { roleIds: [bRole.id] })],
      ['reject', () => b.admin.post(`/api/v1/registrations/${pending.id}/reject`, {})],
    ];
    for (const [name, call] of calls) expect((await call()).statusCode, name).toBe(404);
    expect(await row(a.orgId, target.id)).toMatchObject({ name: target.name, status: 'active', version: 0 });
    expect((await row(a.orgId, pending.id)).status).toBe('pending');
    expect((await signIn(target.username, PASSWORD, a.code)).statusCode).toBe(200);

    const lists = [
      await b.admin.get(`/api/v1/users?q=${target.username}`),
      await b.admin.get('/api/v1/users?limit=200'),
      await b.admin.get(`/api/v1/users/options?q=${target.username}`),
      await b.admin.get('/api/v1/registrations'),
    ];
    for (const res of lists) {
      const ids = res.json().items.map((u: { id: string }) => u.id);
      expect(ids).not.toContain(target.id);
      expect(ids).not.toContain(pending.id);
    }
    expect(lists[0]!.json().total).toBe(0);
    expect(lists[3]!.json().total).toBe(0);

    // Another organisation's role cannot be given to one's own user.
    const own = await plainUser(b);
    const foreign = await b.admin.put(`/api/v1/users/${own.id}`, { name: own.name, email: own.email, positionIds: [], roleIds: [aRole.id], version: 0 });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.fields).toEqual({ roleIds: zh('v.notFound') });
  });
});

describe('audit', () => {
  it('records every write in the audit log', async () => {
    const org = await createTestOrg(env);
    const sales = await templateRole(org, 'sales_rep');
    const username = uniq('aud');
    const created = (await org.admin.post('/api/v1/users', { username, name: username, password: PASSWORD, confirmPassword: PASSWORD })).json();
    await org.admin.put(`/api/v1/users/${created.id}`, { name: 'renamed', positionIds: [], roleIds: [sales.id], version: 0 });
    await org.admin.post(`/api/v1/users/${created.id}/status`, { action: 'lock', version: 1 });
    await org.admin.post(`/api/v1/users/${created.id}/status`, { action: 'unlock', version: 2 });
    await org.admin.post(`/api/v1/users/${created.id}/status`, { action: 'disable', version: 3 });
    await org.admin.post(`/api/v1/users/${created.id}/status`, { action: 'enable', version: 4 });
    await org.admin.post(`/api/v1/users/${created.id}/reset-password`, { password: 'Audit-passw0rd', confirmPassword: 'Audit-passw0rd' });
    const pending = await pendingUser(org);
    await org.admin.post(`/api/v1/registrations/${pending.id}/approve`, { roleIds: [sales.id] });
    const rejected = await pendingUser(org);
    await org.admin.post(`/api/v1/registrations/${rejected.id}/reject`, {});
    const me = await row(org.orgId, org.adminId);
    await org.admin.put('/api/v1/profile', { name: '管理员二号', prefs: {}, version: me.version });

    const entries = await db()
      .select({ action: auditLogs.action, recordId: auditLogs.recordId, actorId: auditLogs.actorId, module: auditLogs.module })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.module, 'user')))
      .orderBy(auditLogs.at, auditLogs.id);
    expect(entries.map((e) => [e.action, e.recordId])).toEqual([
      ['create', created.id],
      ['update', created.id],
      ['lock', created.id],
      ['unlock', created.id],
      ['disable', created.id],
      ['enable', created.id],
      ['reset_password', created.id],
      ['approve_registration', pending.id],
      ['reject_registration', rejected.id],
      ['update_profile', org.adminId],
    ]);
    expect(new Set(entries.map((e) => e.actorId))).toEqual(new Set([org.adminId]));
  });
});
