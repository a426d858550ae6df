import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { accessLevel, loadVisibility, visibleRecords, type Access, type Visibility } from '../../lib/visibility.ts';
import type { ModuleName } from '../../../shared/permissions.ts';
import { approvalRequests, approvalSteps } from '../approvals/approvals.schema.ts';
import { customers, type CustomerApprovalState } from './customers.schema.ts';

/**
 * Who sees which customers, and the records that hang off them (contacts, follow-ups, attachments). Every query
 * on these tables takes its `where` from here, so the rules live in one place:
 *
 * - an approved customer with an owner: the platform's visibility (owner, co-owners, position hierarchy, data
 *   scope, sharing mode);
 * - a customer in the public pool (no owner): anyone who may view customers reads it; only the 'all' data scope
 *   writes it (everyone else claims it first);
 * - a customer whose creation is pending or was rejected: only its submitter and its approvers.
 *
 * Contacts and follow-ups mirror their customer's owner in `owner_id` and are shared through the customer's
 * co-owners, so `childVisible` is the same rule on their own indexed columns.
 *
 * Records in the recycle bin (`deleted_at` set) are hidden from all of it. The recycle bin asks for them with
 * `state = 'deleted'`: the same rules, so the bin shows what the actor could see of them while they were live.
 */
export interface CustomerAccess {
  actor: Actor;
  vis: Visibility;
}

/** Living records, or the ones in the recycle bin. */
export type RecordState = 'live' | 'deleted';

/** A plain null test on the row's own column: no index the lists use has to change for it. */
const inState = (deletedAt: PgColumn, state: RecordState) => (state === 'live' ? sql`${deletedAt} is null` : sql`${deletedAt} is not null`);

export async function loadCustomerAccess(tx: Tx, actor: Actor, module: ModuleName = 'customer'): Promise<CustomerAccess> {
  return { actor, vis: await loadVisibility(tx, actor, module, 'customer') };
}

/** Ids of customers whose creation request the actor approves or approved; computed once per statement. */
function approverCustomerIds(actor: Actor): SQL {
  return sql`array(select ${approvalRequests.recordId} from ${approvalSteps}
      join ${approvalRequests} on ${approvalRequests.orgId} = ${approvalSteps.orgId} and ${approvalRequests.id} = ${approvalSteps.requestId}
     where ${approvalSteps.orgId} = ${actor.orgId} and ${approvalSteps.approverId} = ${actor.userId}
       and ${approvalRequests.recordType} = 'customer' and ${approvalRequests.action} = 'create')`;
}

function poolArm(acc: CustomerAccess, ownerId: PgColumn, access: Access): SQL {
  if (access === 'write' && acc.vis.scope !== 'all') return sql`false`;
  return sql`${ownerId} is null`;
}

/** The `where` for the customers table: what the actor may read, or write. */
export function customerVisible(acc: CustomerAccess, access: Access, state: RecordState = 'live'): SQL {
  const { actor } = acc;
  return sql`(${inState(customers.deletedAt, state)} and ((${customers.approvalState} = 'active' and (${visibleRecords(acc.vis, customers, access)} or ${poolArm(acc, customers.ownerId, access)}))
    or (${customers.approvalState} <> 'active' and (${customers.createdBy} = ${actor.userId} or ${customers.id} = any(${approverCustomerIds(actor)})))))`;
}

/**
 * The `where` for a table of records that belong to a customer and mirror its owner (contacts, follow-ups).
 * Records of customers pending creation are covered by the owner arm: their owner is the submitter.
 */
export function childVisible(
  acc: CustomerAccess,
  cols: { customerId: PgColumn; ownerId: PgColumn; deletedAt: PgColumn },
  access: Access,
  state: RecordState = 'live',
): SQL {
  return sql`(${inState(cols.deletedAt, state)} and (${visibleRecords(acc.vis, { id: cols.customerId, ownerId: cols.ownerId }, access)} or ${poolArm(acc, cols.ownerId, access)}))`;
}

export interface CustomerAccessRow {
  id: string;
  ownerId: string | null;
  approvalState: CustomerApprovalState;
  createdBy: string | null;
  deletedAt: Date | null;
}

/**
 * How far the actor may go with one customer already read: 'none', 'read' or 'write'. A customer in the recycle
 * bin is 'none' unless `state` asks for the bin (and the other way round).
 */
export async function customerAccessLevel(tx: Tx, acc: CustomerAccess, row: CustomerAccessRow, state: RecordState = 'live'): Promise<Access | 'none'> {
  if ((row.deletedAt === null) !== (state === 'live')) return 'none';
  if (row.approvalState !== 'active') {
    if (row.createdBy === acc.actor.userId) return 'write';
    const [step] = await tx
      .select({ id: approvalSteps.id })
      .from(approvalSteps)
      .innerJoin(approvalRequests, and(eq(approvalRequests.orgId, approvalSteps.orgId), eq(approvalRequests.id, approvalSteps.requestId)))
      .where(
        and(
          eq(approvalSteps.orgId, acc.actor.orgId),
          eq(approvalSteps.approverId, acc.actor.userId),
          eq(approvalRequests.recordType, 'customer'),
          eq(approvalRequests.recordId, row.id),
        ),
      )
      .limit(1);
    return step ? 'read' : 'none';
  }
  if (row.ownerId === null) return acc.vis.scope === 'all' ? 'write' : 'read';
  return accessLevel(tx, acc.vis, { id: row.id, ownerId: row.ownerId });
}

/** 404 when the actor may not see the customer (its existence stays hidden), 403 when they may see but not change it. */
export async function assertCustomerAccess(tx: Tx, acc: CustomerAccess, row: CustomerAccessRow, access: Access, state: RecordState = 'live'): Promise<void> {
  const level = await customerAccessLevel(tx, acc, row, state);
  if (level === 'none') throw notFound();
  if (access === 'write' && level !== 'write') throw forbidden();
}

/** Loads a customer the actor may access (a living one unless `state` says otherwise), or throws 404/403. */
export async function getAccessibleCustomer(tx: Tx, acc: CustomerAccess, id: string, access: Access, state: RecordState = 'live') {
  const [row] = await tx.select().from(customers).where(and(eq(customers.orgId, acc.actor.orgId), eq(customers.id, id), inState(customers.deletedAt, state)));
  if (!row) throw notFound();
  await assertCustomerAccess(tx, acc, row, access, state);
  return row;
}
