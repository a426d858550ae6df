import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { withOrg } from '../../lib/tx.ts';
import { ALL_PERMISSIONS, DATA_SCOPES, ROLE_TEMPLATES, SCOPED_MODULES, SHAREABLE_MODULES, SHARING_MODES } from '../../../shared/permissions.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { userRoles } from '../users/users.schema.ts';
import { roles, sharingModes } from './roles.schema.ts';

const env = useTestApp();

interface RoleBody {
  id: string;
  name: string;
  description: string;
  templateKey: string | null;
  permissions: string[];
  dataScopes: Record<string, string>;
  isSystem: boolean;
  userCount: number;
  version: number;
}

async function createRole(c: Client, body: Record<string, unknown>): Promise<RoleBody> {
  const res = await c.post('/api/v1/roles', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const roleRows = (org: TestOrg) => withOrg(env.database.db, org.orgId, (tx) => tx.select().from(roles).where(eq(roles.orgId, org.orgId)));

const auditOf = (org: TestOrg, recordType: string) =>
  withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.module, 'role'), eq(auditLogs.recordType, recordType)))
      .orderBy(auditLogs.at),
  );

async function roleOfUser(org: TestOrg, userId: string) {
  const [row] = await withOrg(env.database.db, org.orgId, (tx) =>
    tx.select({ roleId: userRoles.roleId }).from(userRoles).where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.userId, userId))),
  );
  return row!.roleId;
}

async function systemRole(org: TestOrg): Promise<RoleBody> {
  const items: RoleBody[] = (await org.admin.get('/api/v1/roles')).json().items;
  return items.find((r) => r.isSystem)!;
}

describe('permission catalogue', () => {
  it('lists modules with actions, scopes, sharing modes and templates', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.get('/api/v1/permissions/catalogue');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.modules).toContainEqual({ module: 'customer', actions: expect.arrayContaining(['view', 'assign']), scoped: true, shareable: true });
    expect(body.modules).toContainEqual({ module: 'role', actions: ['view', 'create', 'edit', 'delete'], scoped: false, shareable: false });
    expect(body.modules.flatMap((m: { module: string; actions: string[] }) => m.actions.map((a) => `${m.module}:${a}`))).toEqual(ALL_PERMISSIONS);
    expect(body.scopes).toEqual(DATA_SCOPES);
    expect(body.sharingModes).toEqual(SHARING_MODES);
    expect(body.templates).toContainEqual({ key: 'sales_rep', name: '销售代表', permissions: ROLE_TEMPLATES.sales_rep.permissions, scope: 'subordinates' });
    expect(body.templates).toHaveLength(6);
  });

  it('needs a signed-in user with role:view', async () => {
    const org = await createTestOrg(env);
    expectError(await new Client(env.app).get('/api/v1/permissions/catalogue'), 401, 'unauthenticated');
    const { client: nobody } = await createTestUser(org);
    expectError(await nobody.get('/api/v1/permissions/catalogue'), 403, 'forbidden');
    const { client: viewer } = await createTestUser(org, { permissions: ['role:view'] });
    expect((await viewer.get('/api/v1/permissions/catalogue')).statusCode).toBe(200);
  });
});

describe('roles', () => {
  it('lists the preset roles with user counts, the administrator role first', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.get('/api/v1/roles');
    expect(res.statusCode).toBe(200);
    const items: RoleBody[] = res.json().items;
    expect(items).toHaveLength(6);
    expect(items[0]).toMatchObject({ name: '管理员', isSystem: true, templateKey: 'administrator', userCount: 1 });
    expect(items[0]!.permissions).toEqual([...ALL_PERMISSIONS].sort());
    expect(items.filter((r) => r.isSystem)).toHaveLength(1);
    const one = await org.admin.get(`/api/v1/roles/${items[1]!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: items[1]!.id, userCount: 0 });
  });

  it('creates a role from a template, and from an explicit list that wins over the template', async () => {
    const org = await createTestOrg(env);
    const fromTemplate = await createRole(org.admin, { name: '华东销售', templateKey: 'sales_rep' });
    expect(fromTemplate).toMatchObject({ name: '华东销售', description: '', templateKey: 'sales_rep', isSystem: false, userCount: 0, version: 0 });
    expect(fromTemplate.permissions).toEqual([...ROLE_TEMPLATES.sales_rep.permissions].sort());
    expect(fromTemplate.dataScopes).toEqual(Object.fromEntries(SCOPED_MODULES.map((m) => [m, 'subordinates'])));

    const explicit = await createRole(org.admin, {
      name: '只读',
      description: ' 只看客户 ',
      templateKey: 'sales_rep',
      permissions: ['customer:view', 'contact:view', 'customer:view'],
      dataScopes: { customer: 'department' },
    });
    expect(explicit).toMatchObject({ description: '只看客户', permissions: ['contact:view', 'customer:view'], dataScopes: { customer: 'department' } });
    const bare = await createRole(org.admin, { name: '空角色' });
    expect(bare).toMatchObject({ permissions: [], dataScopes: {}, templateKey: null });

    const entries = await auditOf(org, 'role');
    expect(entries.find((e) => e.recordId === explicit.id)).toMatchObject({
      action: 'create',
      recordLabel: '只读',
      after: { name: '只读', permissions: ['contact:view', 'customer:view'], dataScopes: { customer: 'department' } },
    });
  });

  it('rejects unknown permissions, unscoped modules, bad values and duplicate names without writing', async () => {
    const org = await createTestOrg(env);
    const before = (await roleRows(org)).length;
    expectError(await org.admin.post('/api/v1/roles', { name: 'X', permissions: ['customer:view', 'customer:fly'] }), 422, 'validation_failed', {
      permissions: 'v.unknownPermission',
    });
    expectError(await org.admin.post('/api/v1/roles', { name: 'X', permissions: [], dataScopes: { user: 'all', nosuch: 'self', customer: 'all' } }), 422, 'validation_failed', {
      'dataScopes.user': 'v.notScopedModule',
      'dataScopes.nosuch': 'v.notScopedModule',
    });
    expectFieldsFlagged(await org.admin.post('/api/v1/roles', { name: 'X', dataScopes: { customer: 'galaxy' } }), ['dataScopes.customer']);
    expectFieldsFlagged(await org.admin.post('/api/v1/roles', { name: 'X', templateKey: 'wizard' }), ['templateKey']);
    expectFieldsFlagged(await org.admin.post('/api/v1/roles', { name: ' ', permissions: 'customer:view' }), ['name', 'permissions']);
    expectFieldsFlagged(await org.admin.post('/api/v1/roles', { name: 'X', description: 'x'.repeat(501) }), ['description']);
    expectError(await org.admin.post('/api/v1/roles', { name: '管理员' }), 409, 'duplicate', { name: 'v.nameTaken' });
    expect(await roleRows(org)).toHaveLength(before);
  });

  it('does not let anyone grant permissions or scopes beyond their own', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: ['role:view', 'role:create', 'role:edit', 'customer:view'], scope: 'department' });
    expectError(await client.post('/api/v1/roles', { name: 'Mine', permissions: ['customer:view', 'customer:delete'] }), 422, 'validation_failed', {
      permissions: 'v.permissionNotHeld',
    });
    expectError(await client.post('/api/v1/roles', { name: 'Mine', permissions: ['customer:view'], dataScopes: { customer: 'all' } }), 422, 'validation_failed', {
      'dataScopes.customer': 'v.permissionNotHeld',
    });
    expectError(await client.post('/api/v1/roles', { name: 'Mine', templateKey: 'finance' }), 422, 'validation_failed', { permissions: 'v.permissionNotHeld' });
    const mine = await createRole(client, { name: 'Mine', permissions: ['customer:view'], dataScopes: { customer: 'department' } });

    // A role with rights the editor lacks is not theirs to edit at all, even keeping its rights as they are.
    const wide = await createRole(org.admin, { name: 'Wide', permissions: ['customer:view', 'customer:delete'], dataScopes: { customer: 'all' } });
    const kept = await client.put(`/api/v1/roles/${wide.id}`, { name: 'Wide2', description: '', permissions: wide.permissions, dataScopes: wide.dataScopes, version: 0 });
    expectError(kept, 403, 'forbidden');
    expect((await roleRows(org)).find((r) => r.id === wide.id)).toMatchObject({ name: 'Wide', version: 0 });
    expectError(
      await client.put(`/api/v1/roles/${mine.id}`, { name: 'Mine', description: '', permissions: ['customer:view', 'order:view'], dataScopes: {}, version: 0 }),
      422,
      'validation_failed',
      { permissions: 'v.permissionNotHeld' },
    );
  });

  it('lets a role editor change and delete only roles within their own permissions and scopes', async () => {
    const org = await createTestOrg(env);
    const { client } = await createTestUser(org, { permissions: ['role:view', 'role:edit', 'role:delete', 'customer:view'], scope: 'department' });
    const put = (role: RoleBody, body: Partial<RoleBody> = {}) =>
      client.put(`/api/v1/roles/${role.id}`, { name: role.name, description: '', permissions: role.permissions, dataScopes: role.dataScopes, version: role.version, ...body });

    // Every permission held, but a wider scope than the editor's: neither narrowing, renaming nor deleting it.
    const wider = await createRole(org.admin, { name: 'Wider', permissions: ['customer:view'], dataScopes: { customer: 'all' } });
    expectError(await put(wider, { dataScopes: { customer: 'self' } }), 403, 'forbidden');
    expectError(await put(wider, { name: 'Renamed' }), 403, 'forbidden');
    expectError(await client.delete(`/api/v1/roles/${wider.id}`), 403, 'forbidden');
    // A permission the editor lacks, held now: the same, whatever it would become.
    const stronger = await createRole(org.admin, { name: 'Stronger', permissions: ['customer:view', 'order:view'], dataScopes: { customer: 'self' } });
    expectError(await put(stronger, { permissions: ['customer:view'] }), 403, 'forbidden');
    expectError(await client.delete(`/api/v1/roles/${stronger.id}`), 403, 'forbidden');
    const rows = await roleRows(org);
    expect(rows.find((r) => r.id === wider.id)).toMatchObject({ name: 'Wider', dataScopes: { customer: 'all' }, version: 0 });
    expect(rows.find((r) => r.id === stronger.id)).toMatchObject({ permissions: ['customer:view', 'order:view'], version: 0 });

    // Within the editor's own rights all is as before.
    const within = await createRole(org.admin, { name: 'Within', permissions: ['customer:view'], dataScopes: { customer: 'department' } });
    const edited = await put(within, { name: 'Within2', dataScopes: { customer: 'self' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await client.delete(`/api/v1/roles/${within.id}`)).statusCode).toBe(204);
  });

  it('lets only holders of the administrator role edit it, and then only its name and description', async () => {
    const org = await createTestOrg(env);
    const admin = await systemRole(org);
    const allScopes = Object.fromEntries(SCOPED_MODULES.map((m) => [m, 'all']));
    expect(admin.dataScopes).toEqual(allScopes);
    const body = (extra: Record<string, unknown> = {}) => ({ name: admin.name, description: '', permissions: ALL_PERMISSIONS, dataScopes: admin.dataScopes, version: 0, ...extra });

    // role:edit without any business permission: no renaming, no narrowing.
    const { client: editor } = await createTestUser(org, { permissions: ['role:view', 'role:edit'] });
    expectError(await editor.put(`/api/v1/roles/${admin.id}`, body({ name: 'Hijacked', dataScopes: Object.fromEntries(SCOPED_MODULES.map((m) => [m, 'self'])) })), 403, 'forbidden');
    expectError(await editor.put(`/api/v1/roles/${admin.id}`, body({ name: 'Hijacked' })), 403, 'forbidden');
    // Even every permission at every scope, through another role, is not holding the administrator role.
    const deputy = await createRole(org.admin, { name: 'Deputy', permissions: ALL_PERMISSIONS, dataScopes: allScopes });
    const { user: deputyUser, client: deputyClient } = await createTestUser(org);
    await withOrg(env.database.db, org.orgId, (tx) => tx.update(userRoles).set({ roleId: deputy.id }).where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.userId, deputyUser.id))));
    expectError(await deputyClient.put(`/api/v1/roles/${admin.id}`, body({ name: 'Hijacked' })), 403, 'forbidden');

    // Its holder cannot narrow its scopes either; a module left out is kept at 'all'.
    expectError(await org.admin.put(`/api/v1/roles/${admin.id}`, body({ dataScopes: { ...allScopes, customer: 'self' } })), 422, 'validation_failed', {
      'dataScopes.customer': 'v.systemRole',
    });
    expect((await roleRows(org)).find((r) => r.id === admin.id)).toMatchObject({ name: admin.name, dataScopes: allScopes, version: 0 });
    const renamed = await org.admin.put(`/api/v1/roles/${admin.id}`, body({ name: '总管理员', description: '全部权限', dataScopes: { customer: 'all' } }));
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '总管理员', description: '全部权限', isSystem: true, dataScopes: allScopes, permissions: [...ALL_PERMISSIONS].sort() });
  });

  it('updates a role with its version and audits the permission change before and after', async () => {
    const org = await createTestOrg(env);
    const role = await createRole(org.admin, { name: '客服', permissions: ['ticket:view'], dataScopes: { ticket: 'self' } });
    const res = await org.admin.put(`/api/v1/roles/${role.id}`, {
      name: '客服组',
      description: '一线',
      permissions: ['ticket:view', 'ticket:edit'],
      dataScopes: { ticket: 'department' },
      version: 0,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '客服组', description: '一线', permissions: ['ticket:edit', 'ticket:view'], version: 1 });

    expectError(
      await org.admin.put(`/api/v1/roles/${role.id}`, { name: 'stale', description: '', permissions: [], dataScopes: {}, version: 0 }),
      409,
      'version_conflict',
    );
    expect((await roleRows(org)).find((r) => r.id === role.id)).toMatchObject({ name: '客服组', version: 1 });

    const update = (await auditOf(org, 'role')).find((e) => e.recordId === role.id && e.action === 'update');
    expect(update).toMatchObject({
      recordLabel: '客服组',
      before: { name: '客服', description: '', permissions: ['ticket:view'], dataScopes: { ticket: 'self' } },
      after: { name: '客服组', description: '一线', permissions: ['ticket:edit', 'ticket:view'], dataScopes: { ticket: 'department' } },
    });

    const ghost = '0190f000-0000-7000-8000-000000000000';
    expectError(await org.admin.get(`/api/v1/roles/${ghost}`), 404, 'not_found');
    expectError(await org.admin.put(`/api/v1/roles/${ghost}`, { name: 'x', description: '', permissions: [], dataScopes: {}, version: 0 }), 404, 'not_found');
    expectError(await org.admin.delete(`/api/v1/roles/${ghost}`), 404, 'not_found');
    expectFieldsFlagged(await org.admin.put(`/api/v1/roles/${role.id}`, { name: 'x' }), ['description', 'permissions', 'dataScopes', 'version']);
  });

  it('keeps the administrator role: it cannot be deleted nor lose permissions, but can be renamed', async () => {
    const org = await createTestOrg(env);
    const admin = await systemRole(org);
    expectError(await org.admin.delete(`/api/v1/roles/${admin.id}`), 422, 'validation_failed', { _: 'v.systemRole' });
    expectError(
      await org.admin.put(`/api/v1/roles/${admin.id}`, { name: admin.name, description: '', permissions: ALL_PERMISSIONS.slice(1), dataScopes: admin.dataScopes, version: 0 }),
      422,
      'validation_failed',
      { permissions: 'v.systemRole' },
    );
    expect((await roleRows(org)).find((r) => r.id === admin.id)).toMatchObject({ version: 0, permissions: ALL_PERMISSIONS });
    const renamed = await org.admin.put(`/api/v1/roles/${admin.id}`, { name: '超级管理员', description: '', permissions: ALL_PERMISSIONS, dataScopes: admin.dataScopes, version: 0 });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '超级管理员', isSystem: true });
  });

  it('refuses to delete a role that users hold, saying how many, and deletes an unused one', async () => {
    const org = await createTestOrg(env);
    const { user } = await createTestUser(org, { permissions: ['customer:view'] });
    const held = await roleOfUser(org, user.id);
    const res = await org.admin.delete(`/api/v1/roles/${held}`);
    expectError(res, 409, 'in_use', { users: 'v.roleInUse' }, { members: 1 });
    expect(res.json().error.fields.users).toContain('1 名用户');
    expect((await roleRows(org)).map((r) => r.id)).toContain(held);

    const unused = await createRole(org.admin, { name: '临时' });
    expect((await org.admin.delete(`/api/v1/roles/${unused.id}`)).statusCode).toBe(204);
    expectError(await org.admin.get(`/api/v1/roles/${unused.id}`), 404, 'not_found');
    const deleted = (await auditOf(org, 'role')).find((e) => e.recordId === unused.id && e.action === 'delete');
    expect(deleted).toMatchObject({ recordLabel: '临时', before: { name: '临时', permissions: [] } });
  });

  it('takes a revoked permission away on the very next request', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org, { permissions: ['org:view'] });
    expect((await client.get('/api/v1/departments')).statusCode).toBe(200);
    const roleId = await roleOfUser(org, user.id);
    const revoke = await org.admin.put(`/api/v1/roles/${roleId}`, { name: 'revoked', description: '', permissions: [], dataScopes: {}, version: 0 });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expectError(await client.get('/api/v1/departments'), 403, 'forbidden');
    await org.admin.put(`/api/v1/roles/${roleId}`, { name: 'revoked', description: '', permissions: ['org:view'], dataScopes: {}, version: 1 });
    expect((await client.get('/api/v1/departments')).statusCode).toBe(200);
  });

  it('checks role permissions per action', async () => {
    const org = await createTestOrg(env);
    const target = await createRole(org.admin, { name: 'Target' });
    const anonymous = new Client(env.app);
    expectError(await anonymous.get('/api/v1/roles'), 401, 'unauthenticated');
    expectError(await anonymous.post('/api/v1/roles', {}), 401, 'unauthenticated');
    expectError(await anonymous.delete(`/api/v1/roles/${target.id}`), 401, 'unauthenticated');

    const { client: nobody } = await createTestUser(org);
    expectError(await nobody.get('/api/v1/roles'), 403, 'forbidden');
    expectError(await nobody.get(`/api/v1/roles/${target.id}`), 403, 'forbidden');
    const { client: viewer } = await createTestUser(org, { permissions: ['role:view'] });
    expect((await viewer.get('/api/v1/roles')).statusCode).toBe(200);
    expectError(await viewer.post('/api/v1/roles', { name: 'x' }), 403, 'forbidden');
    expectError(await viewer.put('/api/v1/sharing-modes', {}), 403, 'forbidden');
    expectError(await viewer.put(`/api/v1/roles/${target.id}`, { name: 'x', description: '', permissions: [], dataScopes: {}, version: 0 }), 403, 'forbidden');
    expectError(await viewer.delete(`/api/v1/roles/${target.id}`), 403, 'forbidden');
    expect((await roleRows(org)).find((r) => r.id === target.id)).toMatchObject({ name: 'Target', version: 0 });

    const { client: manager } = await createTestUser(org, { permissions: ['role:create', 'role:edit', 'role:delete'] });
    const made = await createRole(manager, { name: 'Made' });
    expect((await manager.put(`/api/v1/roles/${made.id}`, { name: 'Made2', description: '', permissions: [], dataScopes: {}, version: 0 })).statusCode).toBe(200);
    expect((await manager.delete(`/api/v1/roles/${made.id}`)).statusCode).toBe(204);
  });

  it("never shows or touches another organisation's roles", async () => {
    const orgA = await createTestOrg(env);
    const orgB = await createTestOrg(env);
    const secret = await createRole(orgA.admin, { name: 'Secret' });
    const adminA = await systemRole(orgA);
    const names: string[] = (await orgB.admin.get('/api/v1/roles')).json().items.map((r: RoleBody) => r.name);
    expect(names).not.toContain('Secret');
    expect(((await orgB.admin.get('/api/v1/roles')).json().items as RoleBody[]).map((r) => r.id)).not.toContain(adminA.id);
    for (const id of [secret.id, adminA.id]) {
      expectError(await orgB.admin.get(`/api/v1/roles/${id}`), 404, 'not_found');
      expectError(await orgB.admin.put(`/api/v1/roles/${id}`, { name: 'Hijack', description: '', permissions: [], dataScopes: {}, version: 0 }), 404, 'not_found');
      expectError(await orgB.admin.delete(`/api/v1/roles/${id}`), 404, 'not_found');
    }
    expect((await roleRows(orgA)).find((r) => r.id === secret.id)).toMatchObject({ name: 'Secret', version: 0 });
  });
});

describe('sharing modes', () => {
  it('reads every shareable record type as private by default and changes them with an audit entry', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.get('/api/v1/sharing-modes');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ modes: Object.fromEntries(SHAREABLE_MODULES.map((m) => [m, 'private'])) });

    const put = await org.admin.put('/api/v1/sharing-modes', { modes: { customer: 'public_read', lead: 'public_read_write' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().modes).toMatchObject({ customer: 'public_read', lead: 'public_read_write', contact: 'private' });
    expect((await org.admin.get('/api/v1/sharing-modes')).json().modes.customer).toBe('public_read');
    const [entry] = await auditOf(org, 'sharing_modes');
    expect(entry).toMatchObject({
      action: 'update_sharing_modes',
      before: { customer: 'private', lead: 'private' },
      after: { customer: 'public_read', lead: 'public_read_write' },
    });
  });

  it('rejects unknown record types (422) and unknown modes (400) without writing', async () => {
    const org = await createTestOrg(env);
    expectError(await org.admin.put('/api/v1/sharing-modes', { modes: { customer: 'public_read', user: 'public_read', widget: 'private' } }), 422, 'validation_failed', {
      'modes.user': 'v.unknownRecordType',
      'modes.widget': 'v.unknownRecordType',
    });
    expectFieldsFlagged(await org.admin.put('/api/v1/sharing-modes', { modes: { customer: 'everyone' } }), ['modes.customer']);
    expectFieldsFlagged(await org.admin.put('/api/v1/sharing-modes', {}), ['modes']);
    const rows = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(sharingModes).where(eq(sharingModes.orgId, org.orgId)));
    expect(rows.every((r) => r.mode === 'private')).toBe(true);
  });

  it('needs role:view to read and role:edit to change, and stays within the organisation', async () => {
    const org = await createTestOrg(env);
    const other = await createTestOrg(env);
    expectError(await new Client(env.app).get('/api/v1/sharing-modes'), 401, 'unauthenticated');
    const { client: nobody } = await createTestUser(org);
    expectError(await nobody.get('/api/v1/sharing-modes'), 403, 'forbidden');
    const { client: viewer } = await createTestUser(org, { permissions: ['role:view'] });
    expect((await viewer.get('/api/v1/sharing-modes')).statusCode).toBe(200);
    expectError(await viewer.put('/api/v1/sharing-modes', { modes: { customer: 'public_read' } }), 403, 'forbidden');
    const { client: editor } = await createTestUser(org, { permissions: ['role:edit'] });
    expect((await editor.put('/api/v1/sharing-modes', { modes: { document: 'public_read' } })).statusCode).toBe(200);

    expect((await org.admin.get('/api/v1/sharing-modes')).json().modes.document).toBe('public_read');
    expect((await other.admin.get('/api/v1/sharing-modes')).json().modes.document).toBe('private');
  });
});
