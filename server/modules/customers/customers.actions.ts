import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError, forbidden } from '../../lib/errors.ts';
import { translate, type MessageKey } from '../../../shared/i18n/messages.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import {
  CUSTOMER_TAGS_MAX,
  type CustomerBulk,
  type CustomerCoOwners,
  type CustomerMerge,
  type CustomerRelations,
  type CustomerTransfer,
} from '../../../shared/validation/customers.ts';
import { approvalFlowFor, submitApproval, type ApprovalCtx } from '../approvals/approvals.service.ts';
import { recordAudit, recordAudits } from '../audit/audit.service.ts';
import { recordShares } from '../roles/roles.schema.ts';
import { customerVisible, getAccessibleCustomer, loadCustomerAccess } from './customers.access.ts';
import { textArray } from './customers.list.ts';
import { changeOwner } from './customers.ownership.ts';
import { coOwnersOf, relationsOf } from './customers.overview.ts';
import { auditView, type CustomerRow } from './customers.present.ts';
import { activeUserIds, derivedColumns, ownerErrors, readableActiveIds, relationTypeErrors } from './customers.rules.ts';
import { customerRelations, customers } from './customers.schema.ts';
import { AUDIT, getCustomer, moveCustomersToBin } from './customers.service.ts';

const auditOf = (c: Pick<CustomerRow, 'id' | 'name'>) => ({ ...AUDIT, recordId: c.id, recordLabel: c.name });
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

function assertActive(row: CustomerRow) {
  if (row.approvalState !== 'active') throw new AppError('conflict', 409, { _: 'v.notActiveCustomer' });
}

/* ---------- owner and co-owners (CUS-06) ---------- */

export async function transferCustomer(tx: Tx, actor: Actor, id: string, input: CustomerTransfer) {
  const acc = await loadCustomerAccess(tx, actor);
  const row = await getAccessibleCustomer(tx, acc, id, 'write');
  assertActive(row);
  const errors = await ownerErrors(tx, actor, input.ownerId);
  if (Object.keys(errors).length) throw fieldError(errors);
  const [changed] = await changeOwner(tx, actor.orgId, actor.userId, [id], input.ownerId, 'transfer', input.reason);
  if (changed) {
    await recordAudit(tx, actor, { ...auditOf(row), action: 'transfer', before: { ownerId: changed.fromOwnerId }, after: { ownerId: input.ownerId, reason: input.reason } });
  }
  return getCustomer(tx, actor, id, acc);
}

/**
 * Replaces the co-owners (record shares, read-only or read-write). The owner is not a co-owner of their own
 * customer; every co-owner must be an active user.
 */
export async function setCoOwners(tx: Tx, actor: Actor, id: string, input: CustomerCoOwners) {
  const acc = await loadCustomerAccess(tx, actor);
  const row = await getAccessibleCustomer(tx, acc, id, 'write');
  assertActive(row);
  const ids = input.coOwners.map((c) => c.userId);
  if (row.ownerId && ids.includes(row.ownerId)) throw fieldError({ coOwners: 'v.ownerNotCoOwner' });
  const active = await activeUserIds(tx, actor.orgId, ids);
  if (ids.some((u) => !active.has(u))) throw fieldError({ coOwners: 'v.userInvalid' });
  const before = await coOwnersOf(tx, actor.orgId, id);
  await tx.delete(recordShares).where(and(eq(recordShares.orgId, actor.orgId), eq(recordShares.recordType, 'customer'), eq(recordShares.recordId, id)));
  if (input.coOwners.length) {
    await tx.insert(recordShares).values(input.coOwners.map((c) => ({ orgId: actor.orgId, recordType: 'customer', recordId: id, userId: c.userId, access: c.access })));
  }
  const after = await coOwnersOf(tx, actor.orgId, id);
  const view = (list: typeof after) => list.map((c) => ({ userId: c.userId, name: c.name, access: c.access }));
  await recordAudit(tx, actor, { ...auditOf(row), action: 'co_owners', before: { coOwners: view(before) }, after: { coOwners: view(after) } });
  return { items: after };
}

/* ---------- related customers (CUS-05) ---------- */

/** Replaces the customers this one relates to; a channel customer keeps at least one. */
export async function setRelations(tx: Tx, actor: Actor, id: string, input: CustomerRelations) {
  const acc = await loadCustomerAccess(tx, actor);
  const row = await getAccessibleCustomer(tx, acc, id, 'write');
  const ids = input.related.map((r) => r.customerId);
  if (ids.includes(id)) throw fieldError({ related: 'v.sameCustomer' });
  if (row.channel === 'channel' && !ids.length) throw fieldError({ related: 'v.channelNeedsRelated' });
  const ok = await readableActiveIds(tx, acc, ids);
  if (ids.some((r) => !ok.has(r))) throw fieldError({ related: 'v.notFound' });
  if (await relationTypeErrors(tx, actor.orgId, input.related.map((r) => r.relationType))) throw fieldError({ related: 'v.unknownOption' });
  const before = await relationsOf(tx, acc, id);
  await tx.delete(customerRelations).where(and(eq(customerRelations.orgId, actor.orgId), eq(customerRelations.customerId, id)));
  if (ids.length) {
    await tx.insert(customerRelations).values(input.related.map((r) => ({ orgId: actor.orgId, customerId: id, relatedId: r.customerId, relationType: r.relationType })));
  }
  const after = await relationsOf(tx, acc, id);
  const view = (l: typeof after.related) => l.map((r) => ({ name: r.name, number: r.number, relationType: r.relationType }));
  await recordAudit(tx, actor, { ...auditOf(row), action: 'relations', before: { related: view(before.related) }, after: { related: view(after.related) } });
  return after;
}

/* ---------- merge ---------- */

const FILLABLE = [
  'englishName',
  'industry',
  'source',
  'importance',
  'level',
  'phone',
  'email',
  'provinceCode',
  'cityCode',
  'districtCode',
  'address',
  'creditCode',
  'website',
  'otherInfo',
] as const;

/**
 * Merges a duplicate into the customer that stays (CUS-03): contacts, follow-ups, attachments, co-owners,
 * relations, ownership events and approval history move to the survivor, which also takes the merged one's
 * values for fields it has empty, the union of tags and the latest follow-up facts. The merged customer goes to
 * the recycle bin; both are audited, and the survivor's history shows the merged one's entries from then on.
 */
export async function mergeCustomers(tx: Tx, actor: Actor, input: CustomerMerge) {
  const acc = await loadCustomerAccess(tx, actor);
  // Locks in id order, so two merges of the same pair cannot deadlock.
  await tx.execute(sql`select id from customers where org_id = ${actor.orgId} and id in (${input.survivorId}, ${input.mergedId}) order by id for update`);
  const survivor = await getAccessibleCustomer(tx, acc, input.survivorId, 'write');
  const merged = await getAccessibleCustomer(tx, acc, input.mergedId, 'write');
  for (const row of [survivor, merged]) {
    assertActive(row);
    if (row.pendingRequestId) throw new AppError('approval_pending', 409);
  }
  const { orgId } = actor;
  const [S, M] = [survivor.id, merged.id];
  const [moved] = await queryRows<{ contacts: number; followups: number; attachments: number }>(
    tx,
    sql`with c as (
          update contacts set customer_id = ${S}, owner_id = ${survivor.ownerId}::uuid,
                 is_primary = is_primary and not exists (select 1 from contacts p where p.org_id = ${orgId} and p.customer_id = ${S} and p.is_primary)
           where org_id = ${orgId} and customer_id = ${M} returning 1
        ), f as (
          update followups set customer_id = ${S}, owner_id = ${survivor.ownerId}::uuid where org_id = ${orgId} and customer_id = ${M} returning 1
        ), a as (
          update attachments set record_id = ${S} where org_id = ${orgId} and record_type = 'customer' and record_id = ${M} returning 1
        )
        select (select count(*) from c)::int as contacts, (select count(*) from f)::int as followups, (select count(*) from a)::int as attachments`,
  );
  await tx.execute(sql`insert into record_shares (org_id, record_type, record_id, user_id, access, created_at)
      select org_id, record_type, ${S}, user_id, access, created_at from record_shares
       where org_id = ${orgId} and record_type = 'customer' and record_id = ${M} and user_id is distinct from ${survivor.ownerId}::uuid
      on conflict do nothing`);
  await tx.execute(sql`insert into customer_relations (org_id, customer_id, related_id, relation_type, created_at)
      select org_id, case when customer_id = ${M} then ${S}::uuid else customer_id end, case when related_id = ${M} then ${S}::uuid else related_id end, relation_type, created_at
        from customer_relations
       where org_id = ${orgId} and (customer_id = ${M} or related_id = ${M}) and customer_id <> ${S} and related_id <> ${S}
      on conflict do nothing`);
  await tx.execute(sql`update approval_requests set record_id = ${S} where org_id = ${orgId} and record_type = 'customer' and record_id = ${M}`);
  await tx.execute(sql`update pool_events set customer_id = ${S} where org_id = ${orgId} and customer_id = ${M}`);
  // Its contacts and follow-ups live on in the survivor: restoring it from the bin brings back the bare customer.
  await moveCustomersToBin(tx, orgId, actor.userId, [M]);

  const fill: Partial<CustomerRow> = {};
  for (const f of FILLABLE) if (survivor[f] == null && merged[f] != null) (fill as Record<string, unknown>)[f] = merged[f];
  const tags = [...new Set([...survivor.tags, ...merged.tags])].slice(0, CUSTOMER_TAGS_MAX);
  const custom = { ...merged.custom, ...survivor.custom };
  const laterFollowup = (merged.lastFollowupAt?.getTime() ?? 0) > (survivor.lastFollowupAt?.getTime() ?? 0);
  const next = { ...survivor, ...fill };
  const [after] = await tx
    .update(customers)
    .set({
      ...fill,
      tags,
      custom,
      ...derivedColumns(next),
      lastFollowupAt: laterFollowup ? merged.lastFollowupAt : survivor.lastFollowupAt,
      lastFollowupContent: laterFollowup ? merged.lastFollowupContent : survivor.lastFollowupContent,
      nextContactAt: sql`least(${customers.nextContactAt}, ${merged.nextContactAt}::timestamptz)`,
      lastDealAt: sql`greatest(${customers.lastDealAt}, ${merged.lastDealAt}::timestamptz)`,
      updatedBy: actor.userId,
      updatedAt: new Date(),
      version: sql`${customers.version} + 1`,
    })
    .where(and(eq(customers.orgId, orgId), eq(customers.id, S)))
    .returning();
  const summary = { mergedId: M, mergedName: merged.name, mergedNumber: merged.number, ...moved };
  await recordAudits(tx, actor, [
    { ...auditOf(after!), action: 'merge', before: auditView(survivor), after: { ...auditView(after!), ...summary } },
    { ...auditOf(merged), action: 'merged_into', before: { number: merged.number, ...auditView(merged) }, after: { survivorId: S, survivorName: survivor.name } },
  ]);
  return getCustomer(tx, actor, S, acc);
}

/* ---------- bulk actions ---------- */

const BULK_PERMISSION = { transfer: 'customer:assign', tag: 'customer:edit', delete: 'customer:delete', moveToPool: 'customer:edit' } as const;

interface BulkRow extends CustomerRow {
  readable: boolean;
  writable: boolean;
}

interface Refusal {
  id: string;
  code: ErrorCode;
  message: string;
}

/**
 * A bulk action on up to 1,000 selected customers: all or nothing. Every record is checked first (visible,
 * writable, approved, no open request, and the action's own rule); one refusal refuses the whole batch with the
 * reason for each refused record (422 bulk_refused). Otherwise one set-based statement does the work and every
 * record gets its audit entry, in one insert.
 */
export async function bulkCustomers(tx: Tx, ctx: ApprovalCtx, actor: Actor, input: CustomerBulk) {
  if (!actor.permissions.has(BULK_PERMISSION[input.action])) throw forbidden();
  const acc = await loadCustomerAccess(tx, actor);
  const rows: BulkRow[] = await tx
    .select({ ...getTableColumns(customers), readable: sql<boolean>`${customerVisible(acc, 'read')}`, writable: sql<boolean>`${customerVisible(acc, 'write')}` })
    .from(customers)
    .where(and(eq(customers.orgId, actor.orgId), sql`${customers.id} = any(${uuidArray(input.ids)}::uuid[])`))
    .for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const refusals: Refusal[] = [];
  const refuse = (id: string, code: ErrorCode, key: MessageKey | ErrorCode) => refusals.push({ id, code, message: translate(actor.locale, key) });
  for (const id of input.ids) {
    const row = byId.get(id);
    if (!row || !row.readable) refuse(id, 'not_found', 'not_found');
    else if (!row.writable) refuse(id, 'forbidden', 'forbidden');
    else if (row.approvalState !== 'active') refuse(id, 'conflict', 'v.notActiveCustomer');
    else if (row.pendingRequestId) refuse(id, 'approval_pending', 'approval_pending');
    else if (input.action === 'tag' && new Set([...row.tags.filter((t) => !input.remove.includes(t)), ...input.add]).size > CUSTOMER_TAGS_MAX) {
      refuse(id, 'validation_failed', 'v.tooManyTags');
    }
  }
  if (input.action === 'transfer') {
    const errors = await ownerErrors(tx, actor, input.ownerId);
    if (Object.keys(errors).length) throw fieldError(errors);
  }
  if (refusals.length) throw new AppError('bulk_refused', 422, undefined, undefined, { errors: refusals });

  switch (input.action) {
    case 'transfer':
    case 'moveToPool': {
      const to = input.action === 'transfer' ? input.ownerId : null;
      const changed = await changeOwner(tx, actor.orgId, actor.userId, input.ids, to, input.action === 'transfer' ? 'transfer' : 'return', input.reason);
      await recordAudits(
        tx,
        actor,
        changed.map((c) => ({ ...auditOf(c), action: input.action === 'transfer' ? 'transfer' : 'move_to_pool', before: { ownerId: c.fromOwnerId }, after: { ownerId: to, reason: input.reason } })),
      );
      return { action: input.action, count: changed.length, submitted: 0 };
    }
    case 'tag': {
      const changed = await queryRows<{ id: string; name: string; tags: string[] }>(
        tx,
        sql`update customers c set
              tags = array(select t from (select distinct unnest(c.tags || ${textArray(input.add)}::text[]) as t) u
                            where t <> all(${textArray(input.remove)}::text[]) order by t),
              updated_by = ${actor.userId}, updated_at = now(), version = c.version + 1
            where org_id = ${actor.orgId} and id = any(${uuidArray(input.ids)}::uuid[])
            returning id, name, tags`,
      );
      await recordAudits(
        tx,
        actor,
        changed
          .filter((c) => JSON.stringify(c.tags) !== JSON.stringify(byId.get(c.id)!.tags))
          .map((c) => ({ ...auditOf(c), action: 'update', before: { tags: byId.get(c.id)!.tags }, after: { tags: c.tags } })),
      );
      return { action: input.action, count: changed.length, submitted: 0 };
    }
    case 'delete': {
      const flow = actor.permissions.has('customer:approve') ? null : await approvalFlowFor(tx, actor.orgId, 'customer', 'delete');
      if (flow) {
        // Each deletion is its own request: approvers decide on each customer.
        for (const row of rows) {
          const request = await submitApproval(tx, ctx, actor, { recordType: 'customer', recordId: row.id, recordLabel: row.name, action: 'delete', payload: {} });
          await tx.update(customers).set({ pendingRequestId: request.id }).where(and(eq(customers.orgId, actor.orgId), eq(customers.id, row.id)));
        }
        return { action: input.action, count: 0, submitted: rows.length };
      }
      await moveCustomersToBin(tx, actor.orgId, actor.userId, input.ids);
      await recordAudits(
        tx,
        actor,
        rows.map((r) => ({ ...auditOf(r), action: 'delete', before: { number: r.number, ...auditView(r) } })),
      );
      return { action: input.action, count: rows.length, submitted: 0 };
    }
  }
}
