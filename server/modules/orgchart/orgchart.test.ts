import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { withOrg } from '../../lib/tx.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { departments, positions } from './orgchart.schema.ts';

const env = useTestApp();

interface Node {
  id: string;
  parentId: string | null;
  path: string;
  name: string;
  sort: number;
  version: number;
  memberCount?: number;
  holderCount?: number;
  departmentId?: string;
}

async function created(res: LightMyRequestResponse): Promise<Node> {
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const dept = (c: Client, name: string, parentId?: string | null, sort?: number) =>
  c.post('/api/v1/departments', { name, parentId, sort }).then(created);
const pos = (c: Client, name: string, departmentId: string, parentId?: string | null) =>
  c.post('/api/v1/positions', { name, departmentId, parentId }).then(created);

function rowsOf(org: TestOrg, table: typeof departments): Promise<(typeof departments.$inferSelect)[]>;
function rowsOf(org: TestOrg, table: typeof positions): Promise<(typeof positions.$inferSelect)[]>;
function rowsOf(org: TestOrg, table: typeof departments | typeof positions) {
  return withOrg(env.database.db, org.orgId, (tx) => tx.select().from(table).where(eq(table.orgId, org.orgId)));
}

async function auditOf(org: TestOrg, recordId: string) {
  return withOrg(env.database.db, org.orgId, (tx) =>
    tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.recordId, recordId))).orderBy(auditLogs.at),
  );
}

async function listed(c: Client, what: 'departments' | 'positions'): Promise<Node[]> {
  const res = await c.get(`/api/v1/${what}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

describe('departments', () => {
  it('creates a tree and lists it flat, in path order, with paths and member counts', async () => {
    const org = await createTestOrg(env);
    const root = await dept(org.admin, '总部');
    expect(root).toMatchObject({ parentId: null, path: `/${root.id}/`, sort: 0, memberCount: 0, version: 0 });
    const sales = await dept(org.admin, '销售部', root.id, 2);
    expect(sales).toMatchObject({ parentId: root.id, path: `/${root.id}/${sales.id}/`, sort: 2 });
    await createTestUser(org, { departmentId: sales.id });
    await createTestUser(org, { departmentId: sales.id });

    const items = await listed(org.admin, 'departments');
    expect(items.map((d) => d.id)).toEqual([root.id, sales.id]);
    expect(items.find((d) => d.id === sales.id)?.memberCount).toBe(2);
    expect(items.find((d) => d.id === root.id)?.memberCount).toBe(0);

    const one = await org.admin.get(`/api/v1/departments/${sales.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: sales.id, name: '销售部', memberCount: 2 });

    const [entry] = await auditOf(org, sales.id);
    expect(entry).toMatchObject({ module: 'org', action: 'create', recordType: 'department', recordLabel: '销售部' });
    expect(entry!.after).toEqual({ name: '销售部', parent: '总部', sort: 2 });
  });

  it('keeps sibling names unique but allows the same name under another parent', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const b = await dept(org.admin, 'B');
    expectError(await org.admin.post('/api/v1/departments', { name: 'A' }), 409, 'duplicate', { name: 'v.nameTaken' });
    const innerA = await dept(org.admin, 'A', a.id);
    await dept(org.admin, 'X', b.id);
    expectError(await org.admin.post('/api/v1/departments', { name: 'X', parentId: b.id }), 409, 'duplicate', { name: 'v.nameTaken' });
    expect(await rowsOf(org, departments)).toHaveLength(4);

    // Renaming onto a sibling's name and moving next to a same-named node are both refused.
    expectError(await org.admin.put(`/api/v1/departments/${b.id}`, { name: 'A', parentId: null, sort: 0, version: 0 }), 409, 'duplicate', {
      name: 'v.nameTaken',
    });
    expectError(await org.admin.put(`/api/v1/departments/${innerA.id}`, { name: 'A', parentId: null, sort: 0, version: 0 }), 409, 'duplicate', {
      name: 'v.nameTaken',
    });
    const rows = await rowsOf(org, departments);
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ name: 'B', version: 0 });
    expect(rows.find((r) => r.id === innerA.id)).toMatchObject({ parentId: a.id, version: 0 });
  });

  it('moves a subtree, rewriting the path of every node under it', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const b = await dept(org.admin, 'B', a.id);
    const c = await dept(org.admin, 'C', b.id);
    const d = await dept(org.admin, 'D');

    const moved = await org.admin.put(`/api/v1/departments/${b.id}`, { name: 'B2', parentId: d.id, sort: 5, version: 0 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: 'B2', parentId: d.id, sort: 5, path: `/${d.id}/${b.id}/`, version: 1 });
    const paths = new Map((await rowsOf(org, departments)).map((r) => [r.id, r]));
    expect(paths.get(c.id)!.path).toBe(`/${d.id}/${b.id}/${c.id}/`);
    expect(paths.get(c.id)!.version).toBe(0);
    expect(paths.get(a.id)!.path).toBe(`/${a.id}/`);

    const toRoot = await org.admin.put(`/api/v1/departments/${b.id}`, { name: 'B2', parentId: null, sort: 5, version: 1 });
    expect(toRoot.json().path).toBe(`/${b.id}/`);
    expect((await rowsOf(org, departments)).find((r) => r.id === c.id)!.path).toBe(`/${b.id}/${c.id}/`);

    const [, update] = await auditOf(org, b.id);
    expect(update).toMatchObject({ action: 'update', before: { name: 'B', parent: 'A', sort: 0 }, after: { name: 'B2', parent: 'D', sort: 5 } });
  });

  it('refuses to move a node under itself or one of its descendants', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const b = await dept(org.admin, 'B', a.id);
    const c = await dept(org.admin, 'C', b.id);
    for (const parentId of [a.id, b.id, c.id]) {
      expectError(await org.admin.put(`/api/v1/departments/${a.id}`, { name: 'A', parentId, sort: 0, version: 0 }), 422, 'validation_failed', {
        parentId: 'v.parentCycle',
      });
    }
    const rows = await rowsOf(org, departments);
    expect(rows.find((r) => r.id === a.id)).toMatchObject({ parentId: null, path: `/${a.id}/`, version: 0 });
    expect(rows.find((r) => r.id === c.id)!.path).toBe(`/${a.id}/${b.id}/${c.id}/`);
  });

  it('answers 422 for a parent that does not exist, 404 for an unknown id and 409 for a stale version', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const ghost = '0190f000-0000-7000-8000-000000000000';
    expectError(await org.admin.post('/api/v1/departments', { name: 'Z', parentId: ghost }), 422, 'validation_failed', { parentId: 'v.notFound' });
    expectError(await org.admin.put(`/api/v1/departments/${a.id}`, { name: 'A', parentId: ghost, sort: 0, version: 0 }), 422, 'validation_failed', {
      parentId: 'v.notFound',
    });
    expectError(await org.admin.get(`/api/v1/departments/${ghost}`), 404, 'not_found');
    expectError(await org.admin.put(`/api/v1/departments/${ghost}`, { name: 'A', parentId: null, sort: 0, version: 0 }), 404, 'not_found');
    expectError(await org.admin.delete(`/api/v1/departments/${ghost}`), 404, 'not_found');

    expect((await org.admin.put(`/api/v1/departments/${a.id}`, { name: 'A1', parentId: null, sort: 0, version: 0 })).statusCode).toBe(200);
    expectError(await org.admin.put(`/api/v1/departments/${a.id}`, { name: 'A2', parentId: null, sort: 0, version: 0 }), 409, 'version_conflict');
    expect((await rowsOf(org, departments))[0]).toMatchObject({ name: 'A1', version: 1 });
    expect(await rowsOf(org, departments)).toHaveLength(1);
  });

  it('rejects malformed input with 400 and the failing fields', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    expectFieldsFlagged(await org.admin.post('/api/v1/departments', {}), ['name']);
    expectFieldsFlagged(await org.admin.post('/api/v1/departments', { name: '   ' }), ['name']);
    expectFieldsFlagged(await org.admin.post('/api/v1/departments', { name: 'x'.repeat(51) }), ['name']);
    expectFieldsFlagged(await org.admin.post('/api/v1/departments', { name: 'ok', parentId: 'nope', sort: -1 }), ['parentId', 'sort']);
    expectFieldsFlagged(await org.admin.post('/api/v1/departments', { name: 'ok', sort: 1.5 }), ['sort']);
    expectFieldsFlagged(await org.admin.put(`/api/v1/departments/${a.id}`, { name: 'A' }), ['parentId', 'sort', 'version']);
    expectFieldsFlagged(await org.admin.put('/api/v1/departments/not-a-uuid', { name: 'A', parentId: null, sort: 0, version: 0 }), ['id']);
    expect(await rowsOf(org, departments)).toHaveLength(1);
  });

  it('refuses to delete a department with children, positions or members, and deletes an empty one', async () => {
    const org = await createTestOrg(env);
    const parent = await dept(org.admin, 'P');
    const child = await dept(org.admin, 'C', parent.id);
    expectError(await org.admin.delete(`/api/v1/departments/${parent.id}`), 409, 'in_use', { children: 'v.hasChildren' });

    const withPosition = await dept(org.admin, 'WithPosition');
    await pos(org.admin, '经理', withPosition.id);
    expectError(await org.admin.delete(`/api/v1/departments/${withPosition.id}`), 409, 'in_use', { positions: 'v.hasPositions' });

    await createTestUser(org, { departmentId: child.id });
    const res = await org.admin.delete(`/api/v1/departments/${child.id}`);
    expectError(res, 409, 'in_use', { users: 'v.hasMembers' }, { members: 1 });
    expect(res.json().error.fields.users).toContain('1');
    expect(await rowsOf(org, departments)).toHaveLength(3);

    const empty = await dept(org.admin, 'Empty');
    expect((await org.admin.delete(`/api/v1/departments/${empty.id}`)).statusCode).toBe(204);
    expect((await rowsOf(org, departments)).map((r) => r.id)).not.toContain(empty.id);
    const entries = await auditOf(org, empty.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(entries[1]!.before).toMatchObject({ name: 'Empty' });
  });
});

describe('positions', () => {
  it('creates a hierarchy across departments and lists it with holder counts', async () => {
    const org = await createTestOrg(env);
    const hq = await dept(org.admin, '总部');
    const sales = await dept(org.admin, '销售部', hq.id);
    const top = await pos(org.admin, '总经理', hq.id);
    const mid = await pos(org.admin, '销售经理', sales.id, top.id);
    const leaf = await pos(org.admin, '业务员', sales.id, mid.id);
    expect(top).toMatchObject({ departmentId: hq.id, parentId: null, path: `/${top.id}/`, holderCount: 0 });
    expect(leaf).toMatchObject({ departmentId: sales.id, parentId: mid.id, path: `/${top.id}/${mid.id}/${leaf.id}/` });
    await createTestUser(org, { positionIds: [leaf.id] });
    await createTestUser(org, { positionIds: [leaf.id] });

    const items = await listed(org.admin, 'positions');
    expect(items.map((p) => p.id)).toEqual([top.id, mid.id, leaf.id]);
    expect(items.find((p) => p.id === leaf.id)?.holderCount).toBe(2);
    expect((await org.admin.get(`/api/v1/positions/${leaf.id}`)).json()).toMatchObject({ name: '业务员', holderCount: 2 });
    expect((await auditOf(org, mid.id))[0]).toMatchObject({ module: 'org', action: 'create', recordType: 'position' });
  });

  it('keeps names unique within a department', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const b = await dept(org.admin, 'B');
    const p = await pos(org.admin, '主管', a.id);
    expectError(await org.admin.post('/api/v1/positions', { name: '主管', departmentId: a.id }), 409, 'duplicate', { name: 'v.nameTaken' });
    const q = await pos(org.admin, '主管', b.id);
    expectError(await org.admin.put(`/api/v1/positions/${q.id}`, { name: '主管', departmentId: a.id, parentId: null, sort: 0, version: 0 }), 409, 'duplicate', {
      name: 'v.nameTaken',
    });
    expect((await rowsOf(org, positions)).map((r) => [r.id, r.departmentId]).sort()).toEqual([[p.id, a.id], [q.id, b.id]].sort());
  });

  it('checks that the department and the superior exist, reporting both at once', async () => {
    const org = await createTestOrg(env);
    const other = await createTestOrg(env);
    const foreignDept = await dept(other.admin, 'Foreign');
    const foreignPos = await pos(other.admin, 'Foreign', foreignDept.id);
    expectError(await org.admin.post('/api/v1/positions', { name: 'X', departmentId: foreignDept.id, parentId: foreignPos.id }), 422, 'validation_failed', {
      departmentId: 'v.notFound',
      parentId: 'v.notFound',
    });
    const a = await dept(org.admin, 'A');
    const p = await pos(org.admin, 'P', a.id);
    expectError(
      await org.admin.put(`/api/v1/positions/${p.id}`, { name: 'P', departmentId: a.id, parentId: foreignPos.id, sort: 0, version: 0 }),
      422,
      'validation_failed',
      { parentId: 'v.notFound' },
    );
    expect(await rowsOf(org, positions)).toHaveLength(1);
    expectFieldsFlagged(await org.admin.post('/api/v1/positions', { name: 'X' }), ['departmentId']);
  });

  it('moves a position with its subordinates and refuses cycles and stale versions', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const b = await dept(org.admin, 'B');
    const top = await pos(org.admin, 'Top', a.id);
    const mid = await pos(org.admin, 'Mid', a.id, top.id);
    const leaf = await pos(org.admin, 'Leaf', a.id, mid.id);
    const other = await pos(org.admin, 'Other', b.id);

    for (const parentId of [top.id, mid.id, leaf.id]) {
      expectError(
        await org.admin.put(`/api/v1/positions/${top.id}`, { name: 'Top', departmentId: a.id, parentId, sort: 0, version: 0 }),
        422,
        'validation_failed',
        { parentId: 'v.parentCycle' },
      );
    }
    const moved = await org.admin.put(`/api/v1/positions/${mid.id}`, { name: 'Mid', departmentId: b.id, parentId: other.id, sort: 1, version: 0 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ departmentId: b.id, parentId: other.id, path: `/${other.id}/${mid.id}/`, version: 1 });
    const rows = new Map((await rowsOf(org, positions)).map((r) => [r.id, r]));
    expect(rows.get(leaf.id)!.path).toBe(`/${other.id}/${mid.id}/${leaf.id}/`);
    expect(rows.get(top.id)).toMatchObject({ path: `/${top.id}/`, version: 0 });

    expectError(
      await org.admin.put(`/api/v1/positions/${mid.id}`, { name: 'Mid', departmentId: b.id, parentId: null, sort: 1, version: 0 }),
      409,
      'version_conflict',
    );
    expect((await rowsOf(org, positions)).find((r) => r.id === mid.id)).toMatchObject({ parentId: other.id, version: 1 });
    const [, update] = await auditOf(org, mid.id);
    expect(update).toMatchObject({ action: 'update', before: { department: 'A', superior: 'Top' }, after: { department: 'B', superior: 'Other' } });
  });

  it('refuses to delete a position with subordinates or holders, and deletes a vacant leaf', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const top = await pos(org.admin, 'Top', a.id);
    const held = await pos(org.admin, 'Held', a.id, top.id);
    const vacant = await pos(org.admin, 'Vacant', a.id, top.id);
    await createTestUser(org, { positionIds: [held.id] });
    expectError(await org.admin.delete(`/api/v1/positions/${top.id}`), 409, 'in_use', { children: 'v.hasChildren' });
    expectError(await org.admin.delete(`/api/v1/positions/${held.id}`), 409, 'in_use', { users: 'v.hasMembers' }, { members: 1 });
    expect(await rowsOf(org, positions)).toHaveLength(3);
    expect((await org.admin.delete(`/api/v1/positions/${vacant.id}`)).statusCode).toBe(204);
    expect((await rowsOf(org, positions)).map((r) => r.id).sort()).toEqual([top.id, held.id].sort());
    expect((await auditOf(org, vacant.id)).map((e) => e.action)).toEqual(['create', 'delete']);
    expectError(await org.admin.get(`/api/v1/positions/${vacant.id}`), 404, 'not_found');
  });
});

describe('org chart permissions', () => {
  it('answers 401 without a session', async () => {
    const anonymous = new Client(env.app);
    for (const what of ['departments', 'positions']) {
      expectError(await anonymous.get(`/api/v1/${what}`), 401, 'unauthenticated');
      expectError(await anonymous.post(`/api/v1/${what}`, {}), 401, 'unauthenticated');
    }
  });

  it('answers 403 without the org permission for each action and lets a holder through', async () => {
    const org = await createTestOrg(env);
    const a = await dept(org.admin, 'A');
    const p = await pos(org.admin, 'P', a.id);
    const { client: nobody } = await createTestUser(org);
    expectError(await nobody.get('/api/v1/departments'), 403, 'forbidden');
    expectError(await nobody.get('/api/v1/positions'), 403, 'forbidden');
    expectError(await nobody.post('/api/v1/departments', {}), 403, 'forbidden');

    const { client: viewer } = await createTestUser(org, { permissions: ['org:view'] });
    expect((await viewer.get('/api/v1/departments')).statusCode).toBe(200);
    expect((await viewer.get(`/api/v1/positions/${p.id}`)).statusCode).toBe(200);
    expectError(await viewer.post('/api/v1/departments', { name: 'B' }), 403, 'forbidden');
    expectError(await viewer.put(`/api/v1/departments/${a.id}`, { name: 'A2', parentId: null, sort: 0, version: 0 }), 403, 'forbidden');
    expectError(await viewer.delete(`/api/v1/positions/${p.id}`), 403, 'forbidden');
    expect(await rowsOf(org, departments)).toHaveLength(1);

    const { client: editor } = await createTestUser(org, { permissions: ['org:view', 'org:create', 'org:edit', 'org:delete'] });
    const b = await dept(editor, 'B');
    expect((await editor.put(`/api/v1/departments/${b.id}`, { name: 'B2', parentId: a.id, sort: 0, version: 0 })).statusCode).toBe(200);
    expect((await editor.delete(`/api/v1/positions/${p.id}`)).statusCode).toBe(204);
    expect((await editor.delete(`/api/v1/departments/${b.id}`)).statusCode).toBe(204);
  });

  it("never shows or touches another organisation's departments and positions", async () => {
    const orgA = await createTestOrg(env);
    const orgB = await createTestOrg(env);
    const d = await dept(orgA.admin, 'Secret');
    const p = await pos(orgA.admin, 'Secret', d.id);
    await dept(orgB.admin, 'Mine');

    expect((await listed(orgB.admin, 'departments')).map((x) => x.name)).toEqual(['Mine']);
    expect(await listed(orgB.admin, 'positions')).toEqual([]);
    expectError(await orgB.admin.get(`/api/v1/departments/${d.id}`), 404, 'not_found');
    expectError(await orgB.admin.put(`/api/v1/departments/${d.id}`, { name: 'X', parentId: null, sort: 0, version: 0 }), 404, 'not_found');
    expectError(await orgB.admin.delete(`/api/v1/departments/${d.id}`), 404, 'not_found');
    expectError(await orgB.admin.get(`/api/v1/positions/${p.id}`), 404, 'not_found');
    expectError(await orgB.admin.put(`/api/v1/positions/${p.id}`, { name: 'X', departmentId: d.id, parentId: null, sort: 0, version: 0 }), 404, 'not_found');
    expectError(await orgB.admin.delete(`/api/v1/positions/${p.id}`), 404, 'not_found');
    expectError(await orgB.admin.post('/api/v1/departments', { name: 'Under', parentId: d.id }), 422, 'validation_failed', { parentId: 'v.notFound' });

    expect(await rowsOf(orgA, departments)).toMatchObject([{ id: d.id, name: 'Secret', version: 0 }]);
    expect(await rowsOf(orgA, positions)).toMatchObject([{ id: p.id, name: 'Secret', version: 0 }]);
  });
});
