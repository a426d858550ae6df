import { and, asc, count, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { keysetAt } from '../../lib/paginate.ts';
import {
  WORKLIST_COUNT_CAP,
  WORKLIST_PREVIEW,
  type WorklistQuery,
  type WorklistReturningQuery,
  type WorklistSummaryQuery,
} from '../../../shared/validation/worklists.ts';
import { approvalInbox, myPendingApprovals } from '../approvals/approvals.service.ts';
import { afterSortKey, decodeSortCursor, sortPage, type Direction } from '../contacts/sort-keyset.ts';
import { customerVisible, loadCustomerAccess } from '../customers/customers.access.ts';
import { customers } from '../customers/customers.schema.ts';
import { aboutToReturn } from '../pool/pool.service.ts';
import { users } from '../users/users.schema.ts';
import { lookup } from '../../lib/lookup.ts';

/**
 * The home page's work lists (ACT-05, CAL-04): customers to contact today, overdue contacts, customers about to
 * return to the pool, approvals waiting for me. "Today" is the reader's calendar day in their time zone (their
 * preference, else the organisation's). The contact lists read the customer's denormalised next contact time
 * through customers_next_contact_idx (org_id, owner_id, next_contact_at): the reader's own customers by default,
 * or, with `team`, every owned customer the reader may see (subordinates' for a manager, by data scope).
 */

type ContactList = 'today' | 'overdue';

const owner = lookup<string | null>(users, users.name, customers.orgId, customers.ownerId);

const itemColumns = {
  id: customers.id,
  number: customers.number,
  name: customers.name,
  status: customers.status,
  level: customers.level,
  ownerId: customers.ownerId,
  ownerName: sql<string | null>`${owner}`,
  nextContactAt: customers.nextContactAt,
  lastFollowupAt: customers.lastFollowupAt,
  lastFollowupContent: customers.lastFollowupContent,
};

/** Midnight at the start of the reader's day containing `now`, and of the next day, as instants. */
function dayBounds(now: Date, timeZone: string) {
  const local = sql`date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${timeZone})`;
  return { start: sql`(${local} at time zone ${timeZone})`, end: sql`((${local} + interval '1 day') at time zone ${timeZone})` };
}

async function listWhere(tx: Tx, actor: Actor, list: ContactList, team: boolean, now: Date): Promise<SQL> {
  const { start, end } = dayBounds(now, actor.timeZone);
  const who = team
    ? and(isNotNull(customers.ownerId), customerVisible(await loadCustomerAccess(tx, actor, 'customer'), 'read'))
    : eq(customers.ownerId, actor.userId);
  const when = list === 'today' ? sql`${customers.nextContactAt} >= ${start} and ${customers.nextContactAt} < ${end}` : sql`${customers.nextContactAt} < ${start}`;
  // Both conditions restate the predicate of customers_next_contact_idx, so the planner may use it.
  return and(eq(customers.orgId, actor.orgId), who, isNotNull(customers.nextContactAt), isNull(customers.deletedAt), when)!;
}

/** Today's earliest first; overdue ones most recently missed first, so the preview shows what can still be saved. */
const DIRECTION: Record<ContactList, Direction> = { today: 'asc', overdue: 'desc' };

export async function customerWorklist(tx: Tx, actor: Actor, list: ContactList, query: WorklistQuery, now = new Date()) {
  const where = await listWhere(tx, actor, list, query.team, now);
  const dir = DIRECTION[list];
  const tag = `${list}:${query.team ? 'team' : 'mine'}`;
  const key = decodeSortCursor(tag, query.cursor);
  const rows = await tx
    .select({ ...itemColumns, sortValue: keysetAt(customers.nextContactAt) })
    .from(customers)
    .where(and(where, afterSortKey(customers.nextContactAt, customers.id, key, dir, 'timestamptz')))
    .orderBy(...(dir === 'asc' ? [asc(customers.nextContactAt), asc(customers.id)] : [desc(customers.nextContactAt), desc(customers.id)]))
    .limit(query.limit + 1);
  const page = sortPage(tag, rows, query.limit);
  return { items: page.rows.map(presentItem), nextCursor: page.nextCursor };
}

function presentItem<T extends { ownerId: string | null; ownerName: string | null }>({ ownerId, ownerName, ...row }: T) {
  return { ...row, owner: ownerId ? { id: ownerId, name: ownerName } : null };
}

/** How many, up to the cap: a team's backlog is not counted row by row past what a card can show. */
async function cappedCount(tx: Tx, where: SQL) {
  const [row] = await tx.select({ n: count() }).from(tx.select({ one: sql`1`.as('one') }).from(customers).where(where).limit(WORKLIST_COUNT_CAP + 1).as('capped'));
  return { count: Math.min(row!.n, WORKLIST_COUNT_CAP), capped: row!.n > WORKLIST_COUNT_CAP };
}

async function contactSection(tx: Tx, actor: Actor, list: ContactList, team: boolean, now: Date) {
  const [page, counted] = [
    await customerWorklist(tx, actor, list, { team, limit: WORKLIST_PREVIEW }, now),
    await cappedCount(tx, await listWhere(tx, actor, list, team, now)),
  ];
  return { ...counted, items: page.items };
}

/** Every card of the home page at once; the customer lists only for those who may view customers. */
export async function worklistSummary(tx: Tx, actor: Actor, query: WorklistSummaryQuery, now = new Date()) {
  const customersVisible = actor.permissions.has('customer:view');
  const approvals = await myPendingApprovals(tx, actor, { limit: WORKLIST_PREVIEW });
  const returning = customersVisible ? await aboutToReturn(tx, actor, { limit: WORKLIST_PREVIEW, now }) : null;
  return {
    today: customersVisible ? await contactSection(tx, actor, 'today', query.team, now) : null,
    overdue: customersVisible ? await contactSection(tx, actor, 'overdue', query.team, now) : null,
    returning: returning && { count: returning.total, capped: false, items: returning.items },
    approvals: { count: approvals.total, capped: false, items: approvals.items },
  };
}

/** The full list behind the "returning to the pool" card: the reader's customers that the pool rules will reclaim soon. */
export async function returningWorklist(tx: Tx, actor: Actor, query: WorklistReturningQuery, now = new Date()) {
  return aboutToReturn(tx, actor, { limit: query.limit, now });
}

/** The full list behind the "approvals waiting for me" card: the approval inbox, newest first. */
export function approvalsWorklist(tx: Tx, actor: Actor, query: WorklistQuery) {
  return approvalInbox(tx, actor, { limit: query.limit, cursor: query.cursor });
}
