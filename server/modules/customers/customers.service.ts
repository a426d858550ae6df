import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, notFound, versionConflict, violatedUnique } from '../../lib/errors.ts';
import type { Access } from '../../lib/visibility.ts';
import type { CustomerCreate, CustomerUpdate } from '../../../shared/validation/customers.ts';
import {
  approvalFlowFor,
  openApprovalRequest,
  registerApprovalHandler,
  submitApproval,
  type ApprovalCtx,
  type ApprovalRequestRow,
} from '../approvals/approvals.service.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { searchCondition } from '../search/search.keys.ts';
import { users } from '../users/users.schema.ts';
import { customerAccessLevel, customerVisible, getAccessibleCustomer, loadCustomerAccess, type CustomerAccess } from './customers.access.ts';
import { nameKey } from './customers.keys.ts';
import { auditView, customerColumns, ownerName, presentCustomer, type CustomerRow } from './customers.present.ts';
import {
  assertNoDuplicate,
  BUSINESS_FIELDS,
  checkValues,
  derivedColumns,
  nextCustomerNumbers,
  ownerErrors,
  readableActiveIds,
  relationCount,
  type CustomerValues,
} from './customers.rules.ts';
import { customerRelations, customers } from './customers.schema.ts';
import { lookup } from '../../lib/lookup.ts';

export const AUDIT = { module: 'customer', recordType: 'customer' } as const;

const auditOf = (c: Pick<CustomerRow, 'id' | 'name'>) => ({ ...AUDIT, recordId: c.id, recordLabel: c.name });

export function presentApproval(r: ApprovalRequestRow | undefined | null) {
  return r ? { id: r.id, action: r.action, status: r.status, submitterId: r.submitterId, submittedAt: r.submittedAt, version: r.version } : null;
}

/** What the actor may do with a customer, for the buttons the web shows; the server checks each again. */
function permissionsFor(actor: Actor, row: Pick<CustomerRow, 'ownerId' | 'approvalState' | 'pendingRequestId' | 'createdBy'>, level: Access) {
  const has = (p: `customer:${string}`) => actor.permissions.has(p as never);
  const write = level === 'write';
  const settled = row.approvalState === 'active' && !row.pendingRequestId;
  return {
    canEdit: has('customer:edit') && write && settled,
    canDelete: has('customer:delete') && write && settled,
    canAssign: has('customer:assign') && write && settled,
    canMoveToPool: has('customer:edit') && write && settled && row.ownerId !== null,
    canClaim: has('customer:edit') && settled && row.ownerId === null,
    canResubmit: row.approvalState === 'rejected' && row.createdBy === actor.userId,
  };
}

/** A living customer (not in the recycle bin). */
async function loadRow(tx: Tx, orgId: string, id: string, lock = false) {
  const q = tx.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, id), isNull(customers.deletedAt)));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

const nameOf = (id: typeof customers.createdBy | typeof customers.updatedBy) =>
  lookup<string | null>(users, users.name, customers.orgId, id);

/** One customer with who created and last changed it, and what the actor may do with it. */
async function presentById(tx: Tx, acc: CustomerAccess, id: string) {
  const [row] = await tx
    .select({
      ...customerColumns,
      ownerName,
      createdByName: nameOf(customers.createdBy),
      updatedByName: nameOf(customers.updatedBy),
      deletedAt: customers.deletedAt,
    })
    .from(customers)
    .where(and(eq(customers.orgId, acc.actor.orgId), eq(customers.id, id)));
  if (!row) throw notFound();
  const level = await customerAccessLevel(tx, acc, row);
  if (level === 'none') throw notFound();
  const { ownerName: owner, createdByName, updatedByName, deletedAt: _, ...c } = row;
  return { ...presentCustomer(c, owner), createdByName, updatedByName, permissions: permissionsFor(acc.actor, c, level) };
}

/** The actor may approve customer entries themselves: their entries take effect at once (003-K). */
const approvalNeeded = async (tx: Tx, actor: Actor, action: 'create' | 'modify' | 'delete') =>
  actor.permissions.has('customer:approve') ? null : approvalFlowFor(tx, actor.orgId, 'customer', action);

const assertSettled = (row: CustomerRow) => {
  if (row.approvalState === 'pending' || row.pendingRequestId) throw new AppError('approval_pending', 409);
};

/* ---------- create ---------- */

/**
 * Creates a customer (CUS-01). Under an enabled create flow the row is written as pending, visible to its
 * submitter and approvers only, and the request is submitted; the approval handler activates it.
 */
export async function createCustomer(tx: Tx, ctx: ApprovalCtx, actor: Actor, input: CustomerCreate) {
  const acc = await loadCustomerAccess(tx, actor);
  const ownerId = input.ownerId ?? actor.userId;
  const extra = await ownerErrors(tx, actor, ownerId);
  const relatedOk = await readableActiveIds(tx, acc, input.relatedIds);
  if (input.relatedIds.some((id) => !relatedOk.has(id))) extra.relatedIds = 'v.notFound';
  else if (input.channel === 'channel' && !input.relatedIds.length) extra.relatedIds = 'v.channelNeedsRelated';
  const values = await checkValues(tx, actor.orgId, input, undefined, extra);
  await assertNoDuplicate(tx, acc, values);
  const flow = await approvalNeeded(tx, actor, 'create');
  const [number] = await nextCustomerNumbers(tx, actor.orgId);
  const now = new Date();
  // ON CONFLICT: a concurrent twin that passed the check above is refused the same way, and the transaction stays usable.
  const [row] = await tx
    .insert(customers)
    .values({
      orgId: actor.orgId,
      number: number!,
      ...values,
      ...derivedColumns({ ...values, number: number! }),
      ownerId,
      ownerSince: now,
      approvalState: flow ? 'pending' : 'active',
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    await assertNoDuplicate(tx, acc, values);
    throw new AppError('conflict', 409);
  }
  if (input.relatedIds.length) {
    await tx.insert(customerRelations).values(input.relatedIds.map((relatedId) => ({ orgId: actor.orgId, customerId: row.id, relatedId })));
  }
  await recordAudit(tx, actor, { ...auditOf(row), action: 'create', after: { number: row.number, ...auditView(row), relatedIds: input.relatedIds } });
  const request = flow
    ? await submitApproval(tx, ctx, actor, { recordType: 'customer', recordId: row.id, recordLabel: row.name, action: 'create', payload: auditView(row) })
    : null;
  return { ...(await presentById(tx, acc, row.id)), approval: presentApproval(request) };
}

/* ---------- update ---------- */

/** Writes changed values with the version check; recomputes the derived keys; audits the difference. */
async function applyValues(tx: Tx, actor: Actor, row: CustomerRow, changes: Partial<CustomerValues>, extra: Partial<CustomerRow> = {}) {
  const next = { ...row, ...changes };
  let after: CustomerRow | undefined;
  try {
    [after] = await tx
      .update(customers)
      .set({
        ...changes,
        ...derivedColumns(next),
        ...extra,
        updatedBy: actor.userId,
        updatedAt: new Date(),
        version: sql`${customers.version} + 1`,
      })
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, row.id), eq(customers.version, row.version)))
      .returning();
  } catch (err) {
    if (violatedUnique(err)) throw new AppError('duplicate', 409, { name: 'v.duplicateName' });
    throw err;
  }
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, { ...auditOf(after), action: 'update', ...diff(auditView(row), auditView(after)) });
  return after;
}

/** The fields whose submitted value differs from the record's. */
function changedFields(row: CustomerRow, values: CustomerValues) {
  const changes: Partial<Record<keyof CustomerValues, unknown>> = {};
  const before: Partial<Record<keyof CustomerValues, unknown>> = {};
  for (const f of BUSINESS_FIELDS) {
    if (JSON.stringify(row[f]) !== JSON.stringify(values[f])) {
      changes[f] = values[f];
      before[f] = row[f];
    }
  }
  return { changes: changes as Partial<CustomerValues>, before };
}

/**
 * Saves an edit (CUS-09). Under an enabled modify flow the record stays as it is: the change is submitted with
 * the values it replaces and applied on approval. A rejected new customer is edited and resubmitted this way.
 */
export async function updateCustomer(tx: Tx, ctx: ApprovalCtx, actor: Actor, id: string, input: CustomerUpdate) {
  const acc = await loadCustomerAccess(tx, actor);
  const row = await getAccessibleCustomer(tx, acc, id, 'write');
  assertSettled(row);
  if (input.version !== row.version) throw versionConflict();
  const extra: Record<string, 'v.channelNeedsRelated'> = {};
  if (input.channel === 'channel' && row.channel !== 'channel' && (await relationCount(tx, actor.orgId, id)) === 0) extra.channel = 'v.channelNeedsRelated';
  const values = await checkValues(tx, actor.orgId, input, row, extra);
  await assertNoDuplicate(tx, acc, values, id);
  const { changes, before } = changedFields(row, values);

  if (row.approvalState === 'rejected') {
    const flow = await approvalNeeded(tx, actor, 'create');
    const after = await applyValues(tx, actor, row, changes, { approvalState: flow ? 'pending' : 'active' });
    const request = flow
      ? await submitApproval(tx, ctx, actor, { recordType: 'customer', recordId: id, recordLabel: after.name, action: 'create', payload: auditView(after) })
      : null;
    return { ...(await presentById(tx, acc, id)), approval: presentApproval(request) };
  }

  if (!Object.keys(changes).length) return { ...(await presentById(tx, acc, id)), approval: null };
  const flow = await approvalNeeded(tx, actor, 'modify');
  if (!flow) {
    await applyValues(tx, actor, row, changes);
    return { ...(await presentById(tx, acc, id)), approval: null };
  }
  const request = await submitApproval(tx, ctx, actor, {
    recordType: 'customer',
    recordId: id,
    recordLabel: row.name,
    action: 'modify',
    payload: { changes, before },
  });
  await tx.update(customers).set({ pendingRequestId: request.id }).where(and(eq(customers.orgId, actor.orgId), eq(customers.id, id)));
  return { ...(await presentById(tx, acc, id)), approval: presentApproval(request) };
}

/* ---------- delete ---------- */

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Removes customers for good with everything that hangs off them: contacts, follow-ups, attachments (of the
 * customer, its contacts and follow-ups), co-owner shares, relations in both directions and ownership events.
 * Approval requests and the audit log stay as the record of what happened. Deleting moves customers to the recycle
 * bin (`moveCustomersToBin`); this is for purging the bin and for undoing an import.
 */
export async function removeCustomers(tx: Tx, orgId: string, customerIds: readonly string[]) {
  if (!customerIds.length) return;
  const ids = uuidArray(customerIds);
  await tx.execute(sql`with doomed as (
      select id from attachments
       where org_id = ${orgId} and (
         (record_type = 'customer' and record_id = any(${ids}::uuid[]))
         or (record_type = 'contact' and record_id in (select id from contacts where org_id = ${orgId} and customer_id = any(${ids}::uuid[])))
         or (record_type = 'followup' and record_id in (select id from followups where org_id = ${orgId} and customer_id = any(${ids}::uuid[]))))
    ), gone as (
      delete from attachment_contents where org_id = ${orgId} and attachment_id in (select id from doomed) returning 1
    )
    delete from attachments where org_id = ${orgId} and id in (select id from doomed)`);
  await tx.execute(sql`delete from followups where org_id = ${orgId} and customer_id = any(${ids}::uuid[])`);
  await tx.execute(sql`delete from contacts where org_id = ${orgId} and customer_id = any(${ids}::uuid[])`);
  await tx.execute(sql`delete from record_shares where org_id = ${orgId} and record_type = 'customer' and record_id = any(${ids}::uuid[])`);
  await tx.execute(sql`delete from customer_relations where org_id = ${orgId} and (customer_id = any(${ids}::uuid[]) or related_id = any(${ids}::uuid[]))`);
  await tx.execute(sql`delete from pool_events where org_id = ${orgId} and customer_id = any(${ids}::uuid[])`);
  await tx.execute(sql`delete from customers where org_id = ${orgId} and id = any(${ids}::uuid[])`);
}

/**
 * Deleting customers (ARCHITECTURE §4): they go to the recycle bin with their contacts and follow-ups, all marked
 * with the transaction's time, so restoring a customer brings back exactly what went with it (contacts or
 * follow-ups already in the bin keep their own time). One statement per table, whatever the number of customers.
 * Attachments, shares, relations and ownership events stay in place for a restore; purging removes them.
 */
export async function moveCustomersToBin(tx: Tx, orgId: string, actorId: string, customerIds: readonly string[]) {
  if (!customerIds.length) return;
  const ids = uuidArray(customerIds);
  const mark = sql`deleted_at = now(), deleted_by = ${actorId}::uuid`;
  await tx.execute(sql`update contacts set ${mark} where org_id = ${orgId} and customer_id = any(${ids}::uuid[]) and deleted_at is null`);
  await tx.execute(sql`update followups set ${mark} where org_id = ${orgId} and customer_id = any(${ids}::uuid[]) and deleted_at is null`);
  await tx.execute(sql`update customers set ${mark}, pending_request_id = null, version = version + 1 where org_id = ${orgId} and id = any(${ids}::uuid[]) and deleted_at is null`);
}

/** Deletes a customer (into the recycle bin), or under an enabled delete flow submits the deletion and leaves the record as it is. */
export async function deleteCustomer(tx: Tx, ctx: ApprovalCtx, actor: Actor, id: string) {
  const acc = await loadCustomerAccess(tx, actor);
  const row = await getAccessibleCustomer(tx, acc, id, 'write');
  assertSettled(row);
  const flow = row.approvalState === 'active' ? await approvalNeeded(tx, actor, 'delete') : null;
  if (flow) {
    const request = await submitApproval(tx, ctx, actor, { recordType: 'customer', recordId: id, recordLabel: row.name, action: 'delete', payload: {} });
    await tx.update(customers).set({ pendingRequestId: request.id }).where(and(eq(customers.orgId, actor.orgId), eq(customers.id, id)));
    return { deleted: false, approval: presentApproval(request) };
  }
  await moveCustomersToBin(tx, actor.orgId, actor.userId, [id]);
  await recordAudit(tx, actor, { ...auditOf(row), action: 'delete', before: { number: row.number, ...auditView(row) } });
  return { deleted: true, approval: null };
}

/* ---------- approvals ---------- */

/** A modify request applies only if the fields it changes still hold the values it was based on. */
async function applyModify(tx: Tx, actor: Actor, row: CustomerRow, payload: Record<string, unknown>) {
  const changes = (payload.changes ?? {}) as Partial<CustomerValues>;
  const before = (payload.before ?? {}) as Record<string, unknown>;
  for (const [f, v] of Object.entries(before)) {
    if (JSON.stringify(row[f as keyof CustomerRow]) !== JSON.stringify(v)) throw new AppError('version_conflict', 409, { _: 'v.rejectedChange' });
  }
  const acc = await loadCustomerAccess(tx, actor);
  const next = { ...row, ...changes };
  await assertNoDuplicate(tx, acc, next, row.id);
  await applyValues(tx, actor, row, changes, { pendingRequestId: null });
}

/**
 * The engine calls these in the deciding transaction. `actor` is the approver: the audit entries of the applied
 * change name them, beside the engine's own entries for the submission and the decisions.
 */
export const customerApprovalHandler = {
  async apply(tx: Tx, _ctx: ApprovalCtx, actor: Actor, request: ApprovalRequestRow) {
    const row = await loadRow(tx, actor.orgId, request.recordId, true);
    if (!row) throw notFound();
    if (request.action === 'create') {
      const [after] = await tx
        .update(customers)
        .set({ approvalState: 'active', updatedAt: new Date(), version: sql`${customers.version} + 1` })
        .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, row.id)))
        .returning();
      await recordAudit(tx, actor, { ...auditOf(after!), action: 'approve_create', before: { approvalState: row.approvalState }, after: { approvalState: 'active' } });
    } else if (request.action === 'modify') {
      await applyModify(tx, actor, row, request.payload);
    } else {
      await moveCustomersToBin(tx, actor.orgId, actor.userId, [row.id]);
      await recordAudit(tx, actor, { ...auditOf(row), action: 'delete', before: { number: row.number, ...auditView(row) } });
    }
  },
  async reject(tx: Tx, _ctx: ApprovalCtx, actor: Actor, request: ApprovalRequestRow) {
    const row = await loadRow(tx, actor.orgId, request.recordId, true);
    if (!row) return;
    const set = request.action === 'create' ? { approvalState: 'rejected' as const } : { pendingRequestId: null };
    await tx
      .update(customers)
      .set({ ...set, version: sql`${customers.version} + 1` })
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, row.id)));
  },
  async before(tx: Tx, actor: Actor, request: ApprovalRequestRow) {
    if (request.action !== 'modify') return null;
    const row = await loadRow(tx, actor.orgId, request.recordId);
    if (!row) return null;
    const fields = Object.keys((request.payload.changes ?? {}) as object) as (keyof CustomerRow)[];
    return Object.fromEntries(fields.map((f) => [f, row[f]]));
  },
  async canRead(tx: Tx, actor: Actor, recordId: string) {
    // Approvers read their own requests through their steps; anyone else needs to be able to read the customer.
    if (!actor.permissions.has('customer:view')) return false;
    const row = await loadRow(tx, actor.orgId, recordId);
    if (!row) return false;
    return (await customerAccessLevel(tx, await loadCustomerAccess(tx, actor), row)) !== 'none';
  },
  link: (recordId: string) => `/customers/${recordId}`,
};

/* ---------- reading ---------- */

export async function getCustomer(tx: Tx, actor: Actor, id: string, acc?: CustomerAccess) {
  acc ??= await loadCustomerAccess(tx, actor);
  const customer = await presentById(tx, acc, id);
  const approval = customer.pendingRequestId || customer.approvalState !== 'active' ? await openApprovalRequest(tx, actor.orgId, 'customer', id) : undefined;
  return { ...customer, approval: presentApproval(approval) };
}

/** Up to 5 customers whose name contains the typed text (exact key first, then shortest): CUS-03. */
export async function findDuplicates(tx: Tx, actor: Actor, name: string) {
  const key = nameKey(name);
  if (!key) return { items: [] };
  const acc = await loadCustomerAccess(tx, actor);
  const cols = {
    id: customers.id,
    name: customers.name,
    nameKey: customers.nameKey,
    ownerId: customers.ownerId,
    ownerName,
    visible: sql<boolean>`${customerVisible(acc, 'read')}`,
  };
  const base = and(eq(customers.orgId, actor.orgId), isNull(customers.deletedAt));
  const cond = searchCondition(customers, name);
  const exact = await tx.select(cols).from(customers).where(and(base, eq(customers.nameKey, key))).limit(1);
  // A bounded candidate set: a common two-character term can match a large share of a million names.
  const similar = cond ? await tx.select(cols).from(customers).where(and(base, cond)).limit(200) : [];
  const seen = new Set<string>();
  const merged = [...exact, ...similar.sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name))].filter((r) =>
    seen.has(r.id) ? false : (seen.add(r.id), true),
  );
  return {
    items: merged.slice(0, 5).map((r) => ({
      id: r.visible ? r.id : null,
      name: r.name,
      exact: r.nameKey === key,
      owner: r.ownerId ? { name: r.ownerName ?? '' } : null,
    })),
  };
}

registerApprovalHandler('customer', customerApprovalHandler);
