import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from '../db/client.ts';
import { recordShares } from '../modules/roles/roles.schema.ts';
import type { DataScope, ModuleName, SharingMode } from '../../shared/permissions.ts';
import type { Actor } from './context.ts';
import { forbidden, notFound } from './errors.ts';

/**
 * Row visibility for owned records (USR-06, USR-08, CUS-06), the one rule behind every list, detail, export and
 * report. It is resolved in two steps so that the predicate that runs against large tables stays simple:
 * `loadVisibility` asks the organisation's small tables (users, positions, departments, sharing modes) once per
 * request, and `visibleRecords` turns the answer into `owner_id = any(<array>) or id = any(<shared ids>)`, which
 * an index on (org_id, owner_id) and the primary key serve directly, without per-row joins or function calls.
 *
 *   const vis = await loadVisibility(tx, actor, 'customer');
 *   const rows = await tx.select().from(customers)
 *     .where(and(eq(customers.orgId, actor.orgId), visibleRecords(vis, customers, 'read')));
 *   await assertCanAccess(tx, vis, { id: row.id, ownerId: row.ownerId }, 'write');
 *
 * Records without an owner (pools) are not covered, except by the 'all' scope and by a public sharing mode;
 * modules with pools add their own rule next to this one.
 */

export type Access = 'read' | 'write';

export interface Visibility {
  orgId: string;
  userId: string;
  recordType: string;
  scope: DataScope;
  mode: SharingMode;
  /**
   * Owners whose records the actor reads and writes: the actor, every holder of a position below one of the
   * actor's positions (in every scope: superiors always act on what their subordinates own) and, by scope, the
   * members of the actor's department or department subtree. Null for the 'all' scope.
   */
  ownerIds: readonly string[] | null;
}

export interface OwnedColumns {
  id: PgColumn;
  ownerId: PgColumn;
}

/** The users below any of the actor's positions; a peer in the same position is not below it. */
function subordinatesQuery(actor: Actor): SQL {
  return sql`select up.user_id
      from user_positions me
      join positions mine on mine.org_id = me.org_id and mine.id = me.position_id
      join positions sub on sub.org_id = mine.org_id and sub.path like (mine.path || '_%')
      join user_positions up on up.org_id = sub.org_id and up.position_id = sub.id
     where me.org_id = ${actor.orgId} and me.user_id = ${actor.userId}`;
}

function ownersQuery(actor: Actor, scope: DataScope): SQL {
  const parts = [sql`select ${actor.userId}::uuid`, subordinatesQuery(actor)];
  if (actor.departmentId && scope === 'department') {
    parts.push(sql`select id from users where org_id = ${actor.orgId} and department_id = ${actor.departmentId}`);
  }
  if (actor.departmentId && scope === 'department_tree') {
    parts.push(sql`select u.id
        from departments mine
        join departments d on d.org_id = mine.org_id and d.path like (mine.path || '%')
        join users u on u.org_id = d.org_id and u.department_id = d.id
       where mine.org_id = ${actor.orgId} and mine.id = ${actor.departmentId}`);
  }
  return sql.join(parts, sql` union `);
}

/**
 * Resolves what the actor may see of one record type: their data scope for `module` (default 'self'), the
 * owners it covers and the organisation's sharing mode for `recordType` (default private).
 */
export async function loadVisibility(tx: Tx, actor: Actor, module: ModuleName, recordType: string = module): Promise<Visibility> {
  const scope = actor.scopes[module] ?? 'self';
  const owners = scope === 'all' ? sql`null` : sql`array(${ownersQuery(actor, scope)})::text[]`;
  const [row] = await queryRows<{ mode: SharingMode | null; owners: string[] | null }>(
    tx,
    sql`select (select mode from sharing_modes where org_id = ${actor.orgId} and record_type = ${recordType}) as mode, ${owners} as owners`,
  );
  return { orgId: actor.orgId, userId: actor.userId, recordType, scope, mode: row?.mode ?? 'private', ownerIds: row?.owners ?? null };
}

function coversEverything(vis: Visibility, access: Access): boolean {
  return vis.ownerIds === null || vis.mode === 'public_read_write' || (access === 'read' && vis.mode === 'public_read');
}

/** Ids of the records shared with the actor; `write` keeps only read-write co-ownership. */
function sharedIds(vis: Visibility, access: Access): SQL {
  return sql`select ${recordShares.recordId} from ${recordShares}
     where ${recordShares.orgId} = ${vis.orgId} and ${recordShares.userId} = ${vis.userId} and ${recordShares.recordType} = ${vis.recordType}
     ${access === 'write' ? sql`and ${recordShares.access} = 'write'` : sql``}`;
}

/**
 * A boolean predicate for a `where` on the table the columns belong to. The owner set is a literal array and the
 * shared ids an array computed once per statement (`array(...)` is an InitPlan), so both arms can use indexes.
 */
export function visibleRecords(vis: Visibility, cols: OwnedColumns, access: Access): SQL {
  if (coversEverything(vis, access)) return sql`true`;
  const owners = `{${vis.ownerIds!.join(',')}}`;
  return sql`(${cols.ownerId} = any(${owners}::uuid[]) or ${cols.id} = any(array(${sharedIds(vis, access)})))`;
}

/** How far the actor may go with one record already read: 'none', 'read' or 'write'. */
export async function accessLevel(tx: Tx, vis: Visibility, record: { id: string; ownerId: string | null }): Promise<Access | 'none'> {
  if (coversEverything(vis, 'write')) return 'write';
  if (record.ownerId !== null && vis.ownerIds!.includes(record.ownerId)) return 'write';
  const [share] = await tx
    .select({ access: recordShares.access })
    .from(recordShares)
    .where(
      and(
        eq(recordShares.orgId, vis.orgId),
        eq(recordShares.recordType, vis.recordType),
        eq(recordShares.recordId, record.id),
        eq(recordShares.userId, vis.userId),
      ),
    );
  if (share?.access === 'write') return 'write';
  return share || coversEverything(vis, 'read') ? 'read' : 'none';
}

/**
 * Throws 404 when the actor may not see the record (its existence stays hidden) and 403 when they may see it
 * but not change it.
 */
export async function assertCanAccess(tx: Tx, vis: Visibility, record: { id: string; ownerId: string | null }, access: Access): Promise<void> {
  const level = await accessLevel(tx, vis, record);
  if (level === 'none') throw notFound();
  if (access === 'write' && level !== 'write') throw forbidden();
}
