import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, duplicate, fieldError, notFound, versionConflict, violatedUnique } from '../../lib/errors.ts';
import type { MessageKey } from '../../../shared/i18n/messages.ts';
import type { DepartmentCreate, DepartmentUpdate, PositionCreate, PositionUpdate } from '../../../shared/validation/orgchart.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { userPositions, users } from '../users/users.schema.ts';
import { departments, positions } from './orgchart.schema.ts';

/** An organisation has at most a few thousand units; the web builds the tree from one flat list. */
const MAX_TREE_NODES = 5000;

type Department = typeof departments.$inferSelect;
type Position = typeof positions.$inferSelect;
type RowLock = 'update' | 'key share';

/**
 * Every write to a tree takes its organisation's lock for that tree, so two moves cannot build a cycle between
 * them and a node added under a moving parent cannot keep the parent's old path.
 */
const TREE_LOCKS = { departments: 7214101, positions: 7214102 } as const;

async function lockTree(tx: Tx, tree: keyof typeof TREE_LOCKS, orgId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCKS[tree]}::int, hashtext(${orgId}))`);
}

/** The unique index on names is the rule itself; its violation becomes the field error. */
async function nameUnique<T>(constraint: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (violatedUnique(err) === constraint) throw duplicate({ name: 'v.nameTaken' });
    throw err;
  }
}

/** Re-roots the descendants of a moved node in one statement; the node itself was updated already. */
async function rewriteSubtree(tx: Tx, table: typeof departments | typeof positions, orgId: string, oldPath: string, newPath: string) {
  await tx
    .update(table)
    .set({ path: sql`${newPath} || substr(${table.path}, ${oldPath.length + 1})` })
    .where(and(eq(table.orgId, orgId), sql`${table.path} like ${`${oldPath}%`}`));
}

/** A new parent inside the node's own subtree (the node included) would make the tree a cycle. */
function isInSubtree(candidatePath: string, nodePath: string) {
  return candidatePath.startsWith(nodePath);
}

function inUse(fields: Record<string, MessageKey>, members: number) {
  return new AppError('in_use', 409, fields, { members });
}

function presentDepartment(d: Department, memberCount: number) {
  return {
    id: d.id,
    parentId: d.parentId,
    name: d.name,
    path: d.path,
    sort: d.sort,
    memberCount,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    version: d.version,
  };
}

/** Audit entries name the related departments and positions, so the log reads without looking up ids. */
async function nameOf(tx: Tx, table: typeof departments | typeof positions, orgId: string, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [row] = await tx.select({ name: table.name }).from(table).where(and(eq(table.orgId, orgId), eq(table.id, id)));
  return row?.name ?? null;
}

const departmentAudit = async (tx: Tx, d: Department) => ({ name: d.name, parent: await nameOf(tx, departments, d.orgId, d.parentId), sort: d.sort });

async function findDepartment(tx: Tx, orgId: string, id: string, lock?: RowLock): Promise<Department | undefined> {
  const query = tx.select().from(departments).where(and(eq(departments.orgId, orgId), eq(departments.id, id)));
  const [row] = lock ? await query.for(lock) : await query;
  return row;
}

const countMembers = (tx: Tx, orgId: string, departmentId: string) =>
  tx.$count(users, and(eq(users.orgId, orgId), eq(users.departmentId, departmentId)));

export async function listDepartments(tx: Tx, actor: Actor) {
  const members = tx
    .select({ departmentId: users.departmentId, n: count().as('n') })
    .from(users)
    .where(eq(users.orgId, actor.orgId))
    .groupBy(users.departmentId)
    .as('members');
  const rows = await tx
    .select({ department: departments, members: sql<number>`coalesce(${members.n}, 0)`.mapWith(Number) })
    .from(departments)
    .leftJoin(members, eq(members.departmentId, departments.id))
    .where(eq(departments.orgId, actor.orgId))
    .orderBy(asc(departments.path), asc(departments.sort))
    .limit(MAX_TREE_NODES);
  return { items: rows.map((r) => presentDepartment(r.department, r.members)) };
}

export async function getDepartment(tx: Tx, actor: Actor, id: string) {
  const row = await findDepartment(tx, actor.orgId, id);
  if (!row) throw notFound();
  return presentDepartment(row, await countMembers(tx, actor.orgId, id));
}

export async function createDepartment(tx: Tx, actor: Actor, input: DepartmentCreate) {
  await lockTree(tx, 'departments', actor.orgId);
  const parent = input.parentId ? await findDepartment(tx, actor.orgId, input.parentId) : null;
  if (input.parentId && !parent) throw fieldError({ parentId: 'v.notFound' });
  const id = newId();
  const [row] = await nameUnique('departments_sibling_name_key', () =>
    tx
      .insert(departments)
      .values({ orgId: actor.orgId, id, parentId: input.parentId, name: input.name, sort: input.sort, path: `${parent?.path ?? '/'}${id}/` })
      .returning(),
  );
  await recordAudit(tx, actor, { module: 'org', action: 'create', recordType: 'department', recordId: id, recordLabel: row!.name, after: await departmentAudit(tx, row!) });
  return presentDepartment(row!, 0);
}

export async function updateDepartment(tx: Tx, actor: Actor, id: string, input: DepartmentUpdate) {
  await lockTree(tx, 'departments', actor.orgId);
  const before = await findDepartment(tx, actor.orgId, id);
  if (!before) throw notFound();
  let path = before.path;
  if (input.parentId !== before.parentId) {
    const parent = input.parentId ? await findDepartment(tx, actor.orgId, input.parentId) : null;
    if (input.parentId && !parent) throw fieldError({ parentId: 'v.notFound' });
    if (parent && isInSubtree(parent.path, before.path)) throw fieldError({ parentId: 'v.parentCycle' });
    path = `${parent?.path ?? '/'}${id}/`;
  }
  const [after] = await nameUnique('departments_sibling_name_key', () =>
    tx
      .update(departments)
      .set({ name: input.name, parentId: input.parentId, sort: input.sort, path, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(departments.orgId, actor.orgId), eq(departments.id, id), eq(departments.version, input.version)))
      .returning(),
  );
  if (!after) throw versionConflict();
  if (path !== before.path) await rewriteSubtree(tx, departments, actor.orgId, before.path, path);
  await recordAudit(tx, actor, {
    module: 'org',
    action: 'update',
    recordType: 'department',
    recordId: id,
    recordLabel: after.name,
    ...diff(await departmentAudit(tx, before), await departmentAudit(tx, after)),
  });
  return presentDepartment(after, await countMembers(tx, actor.orgId, id));
}

export async function deleteDepartment(tx: Tx, actor: Actor, id: string) {
  await lockTree(tx, 'departments', actor.orgId);
  // The row lock makes a concurrent position insert (which key-share locks its department) finish first or fail.
  const row = await findDepartment(tx, actor.orgId, id, 'update');
  if (!row) throw notFound();
  const children = await tx.$count(departments, and(eq(departments.orgId, actor.orgId), eq(departments.parentId, id)));
  const held = await tx.$count(positions, and(eq(positions.orgId, actor.orgId), eq(positions.departmentId, id)));
  const members = await countMembers(tx, actor.orgId, id);
  const fields: Record<string, MessageKey> = {};
  if (children) fields.children = 'v.hasChildren';
  if (held) fields.positions = 'v.hasPositions';
  if (members) fields.users = 'v.hasMembers';
  if (Object.keys(fields).length) throw inUse(fields, members);
  await tx.delete(departments).where(and(eq(departments.orgId, actor.orgId), eq(departments.id, id)));
  await recordAudit(tx, actor, { module: 'org', action: 'delete', recordType: 'department', recordId: id, recordLabel: row.name, before: await departmentAudit(tx, row) });
}

function presentPosition(p: Position, holderCount: number) {
  return {
    id: p.id,
    departmentId: p.departmentId,
    parentId: p.parentId,
    name: p.name,
    path: p.path,
    sort: p.sort,
    holderCount,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}

const positionAudit = async (tx: Tx, p: Position) => ({
  name: p.name,
  department: await nameOf(tx, departments, p.orgId, p.departmentId),
  superior: await nameOf(tx, positions, p.orgId, p.parentId),
  sort: p.sort,
});

async function findPosition(tx: Tx, orgId: string, id: string, lock?: RowLock): Promise<Position | undefined> {
  const query = tx.select().from(positions).where(and(eq(positions.orgId, orgId), eq(positions.id, id)));
  const [row] = lock ? await query.for(lock) : await query;
  return row;
}

const countHolders = (tx: Tx, orgId: string, positionId: string) =>
  tx.$count(userPositions, and(eq(userPositions.orgId, orgId), eq(userPositions.positionId, positionId)));

export async function listPositions(tx: Tx, actor: Actor) {
  const holders = tx
    .select({ positionId: userPositions.positionId, n: count().as('n') })
    .from(userPositions)
    .where(eq(userPositions.orgId, actor.orgId))
    .groupBy(userPositions.positionId)
    .as('holders');
  const rows = await tx
    .select({ position: positions, holders: sql<number>`coalesce(${holders.n}, 0)`.mapWith(Number) })
    .from(positions)
    .leftJoin(holders, eq(holders.positionId, positions.id))
    .where(eq(positions.orgId, actor.orgId))
    .orderBy(asc(positions.path), asc(positions.sort))
    .limit(MAX_TREE_NODES);
  return { items: rows.map((r) => presentPosition(r.position, r.holders)) };
}

export async function getPosition(tx: Tx, actor: Actor, id: string) {
  const row = await findPosition(tx, actor.orgId, id);
  if (!row) throw notFound();
  return presentPosition(row, await countHolders(tx, actor.orgId, id));
}

/**
 * Checks the department and the superior a position names, reporting both at once. The department is
 * key-share locked so that it cannot be deleted before this transaction commits.
 */
async function positionRefs(tx: Tx, orgId: string, input: { departmentId: string; parentId: string | null }, checkParent: boolean) {
  const department = await findDepartment(tx, orgId, input.departmentId, 'key share');
  const parent = checkParent && input.parentId ? await findPosition(tx, orgId, input.parentId) : undefined;
  const fields: Record<string, MessageKey> = {};
  if (!department) fields.departmentId = 'v.notFound';
  if (checkParent && input.parentId && !parent) fields.parentId = 'v.notFound';
  if (Object.keys(fields).length) throw fieldError(fields);
  return parent ?? null;
}

export async function createPosition(tx: Tx, actor: Actor, input: PositionCreate) {
  await lockTree(tx, 'positions', actor.orgId);
  const parent = await positionRefs(tx, actor.orgId, input, true);
  const id = newId();
  const [row] = await nameUnique('positions_department_name_key', () =>
    tx
      .insert(positions)
      .values({
        orgId: actor.orgId,
        id,
        departmentId: input.departmentId,
        parentId: input.parentId,
        name: input.name,
        sort: input.sort,
        path: `${parent?.path ?? '/'}${id}/`,
      })
      .returning(),
  );
  await recordAudit(tx, actor, { module: 'org', action: 'create', recordType: 'position', recordId: id, recordLabel: row!.name, after: await positionAudit(tx, row!) });
  return presentPosition(row!, 0);
}

export async function updatePosition(tx: Tx, actor: Actor, id: string, input: PositionUpdate) {
  await lockTree(tx, 'positions', actor.orgId);
  const before = await findPosition(tx, actor.orgId, id);
  if (!before) throw notFound();
  const moved = input.parentId !== before.parentId;
  const parent = await positionRefs(tx, actor.orgId, input, moved);
  if (parent && isInSubtree(parent.path, before.path)) throw fieldError({ parentId: 'v.parentCycle' });
  const path = moved ? `${parent?.path ?? '/'}${id}/` : before.path;
  const [after] = await nameUnique('positions_department_name_key', () =>
    tx
      .update(positions)
      .set({
        name: input.name,
        departmentId: input.departmentId,
        parentId: input.parentId,
        sort: input.sort,
        path,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(positions.orgId, actor.orgId), eq(positions.id, id), eq(positions.version, input.version)))
      .returning(),
  );
  if (!after) throw versionConflict();
  if (path !== before.path) await rewriteSubtree(tx, positions, actor.orgId, before.path, path);
  await recordAudit(tx, actor, {
    module: 'org',
    action: 'update',
    recordType: 'position',
    recordId: id,
    recordLabel: after.name,
    ...diff(await positionAudit(tx, before), await positionAudit(tx, after)),
  });
  return presentPosition(after, await countHolders(tx, actor.orgId, id));
}

export async function deletePosition(tx: Tx, actor: Actor, id: string) {
  await lockTree(tx, 'positions', actor.orgId);
  const row = await findPosition(tx, actor.orgId, id, 'update');
  if (!row) throw notFound();
  const subordinates = await tx.$count(positions, and(eq(positions.orgId, actor.orgId), eq(positions.parentId, id)));
  const holders = await countHolders(tx, actor.orgId, id);
  const fields: Record<string, MessageKey> = {};
  if (subordinates) fields.children = 'v.hasChildren';
  if (holders) fields.users = 'v.hasMembers';
  if (Object.keys(fields).length) throw inUse(fields, holders);
  await tx.delete(positions).where(and(eq(positions.orgId, actor.orgId), eq(positions.id, id)));
  await recordAudit(tx, actor, { module: 'org', action: 'delete', recordType: 'position', recordId: id, recordLabel: row.name, before: await positionAudit(tx, row) });
}
