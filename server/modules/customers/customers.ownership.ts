import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { fieldError } from '../../lib/errors.ts';
import { CUSTOMER_BULK_MAX } from '../../../shared/validation/customers.ts';
import { poolEvents, type PoolEventKind } from '../pool/pool.schema.ts';

export interface OwnerChange {
  id: string;
  name: string;
  number: string;
  fromOwnerId: string | null;
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Moves customers to a new owner, or to the public pool when `toOwnerId` is null: transfers, assignments,
 * claims, returns and automatic reclaims all come through here, so the customer row, the owner mirrored on its
 * contacts and follow-ups, and the pool event log always agree.
 *
 * Set-based: one update of the customers (with the owner each one had), one of contacts, one of follow-ups and
 * one insert of events, whatever the number of customers (at most CUSTOMER_BULK_MAX per call). Customers that
 * already have the target owner are left alone and not returned. Access checks and the audit entry are the
 * caller's: it knows why the owner changes.
 */
export async function changeOwner(
  tx: Tx,
  orgId: string,
  actorId: string | null,
  customerIds: readonly string[],
  toOwnerId: string | null,
  kind: PoolEventKind,
  reason?: string | null,
): Promise<OwnerChange[]> {
  if (customerIds.length > CUSTOMER_BULK_MAX) throw fieldError({ ids: 'v.tooMany' });
  if (!customerIds.length) return [];
  const to = sql`${toOwnerId}::uuid`;
  // The CTE reads each row's current owner under a row lock, so the returned "from" is the owner replaced.
  const changed = await queryRows<OwnerChange>(
    tx,
    sql`with old as (
          select id, owner_id from customers
           where org_id = ${orgId} and id = any(${uuidArray(customerIds)}::uuid[]) and owner_id is distinct from ${to}
           for update
        )
        update customers c set
          owner_id = ${to},
          owner_since = case when ${to} is null then null else now() end,
          previous_owner_id = coalesce(old.owner_id, c.previous_owner_id),
          pool_entered_at = case when ${to} is null then now() else null end,
          pool_warned_at = null,
          updated_by = coalesce(${actorId}::uuid, c.updated_by),
          updated_at = now(),
          version = c.version + 1
        from old
        where c.org_id = ${orgId} and c.id = old.id
        returning c.id, c.name, c.number, old.owner_id as "fromOwnerId"`,
  );
  if (!changed.length) return [];
  const ids = uuidArray(changed.map((c) => c.id));
  await tx.execute(sql`update contacts set owner_id = ${to} where org_id = ${orgId} and customer_id = any(${ids}::uuid[])`);
  await tx.execute(sql`update followups set owner_id = ${to} where org_id = ${orgId} and customer_id = any(${ids}::uuid[])`);
  await tx.insert(poolEvents).values(
    changed.map((c) => ({ orgId, customerId: c.id, kind, fromOwnerId: c.fromOwnerId, toOwnerId, actorId, reason: reason ?? null })),
  );
  return changed;
}
