import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { fieldError, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import type { MessageKey } from '../../../shared/i18n/messages.ts';
import type { CustomerFollowupsQuery, FollowupCreate, FollowupListQuery, FollowupUpdate } from '../../../shared/validation/followups.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import {
  childVisible,
  customerAccessLevel,
  getAccessibleCustomer,
  loadCustomerAccess,
  type CustomerAccess,
  type CustomerAccessRow,
} from '../customers/customers.access.ts';
import { customers } from '../customers/customers.schema.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import { users } from '../users/users.schema.ts';
import { followups } from './followups.schema.ts';

/**
 * Follow-up records (ACT-01..ACT-05): contact records and visits, with the customer's denormalised follow-up
 * facts kept in step.
 *
 * Who may do what (data scope of the `activity` module, customer visibility from customers.access.ts):
 * - read: the follow-ups of customers the actor can see (owner, co-owners, hierarchy, scope, sharing mode, pool);
 * - log one (activity:create): on a customer the actor can read and that has an owner, or can write. Logging a call
 *   is part of working with a customer, so read-only co-owners and support staff who see it may log theirs; a pool
 *   customer is claimed first (only the 'all' scope writes the pool), so a follow-up never keeps it out of the pool
 *   for someone who does not own it;
 * - change one (activity:edit) or delete one (activity:delete): its author, while they can still see it, or
 *   whoever may write to its customer.
 */

type FollowupRow = typeof followups.$inferSelect;

const childCols = { customerId: followups.customerId, ownerId: followups.ownerId, deletedAt: followups.deletedAt };
/** How much of the latest follow-up the customer row keeps for lists and the home page. */
const LAST_CONTENT_CHARS = 500;

/**
 * Recomputes the customers' last follow-up time and content and next contact time from their latest follow-up
 * (by time of contact), set-based, in the caller's transaction. Whoever adds, changes, moves or removes
 * follow-ups in bulk (imports, merges) calls this once with every customer touched.
 */
export async function syncCustomerFollowupFacts(tx: Tx, orgId: string, customerIds: string[]): Promise<void> {
  if (!customerIds.length) return;
  await tx.execute(sql`
    update customers c
       set (last_followup_at, last_followup_content, next_contact_at) = (
             select f.occurred_at, left(f.content, ${LAST_CONTENT_CHARS}), f.next_contact_at
               from followups f
              where f.org_id = c.org_id and f.customer_id = c.id and f.deleted_at is null
              order by f.occurred_at desc, f.id desc
              limit 1)
     where c.org_id = ${orgId} and c.id = any(${`{${[...new Set(customerIds)].join(',')}}`}::uuid[])`);
}

/* ---------- presenting ---------- */

const author = alias(users, 'author');

const refColumns = {
  customerName: customers.name,
  contactName: contacts.name,
  contactMobile: contacts.mobile,
  contactPhone: contacts.phone,
  contactEmail: contacts.email,
  authorName: author.name,
};
type Refs = { [K in keyof typeof refColumns]: string | null };

function withRefs<T extends PgSelect>(query: T) {
  return query
    .innerJoin(customers, and(eq(customers.orgId, followups.orgId), eq(customers.id, followups.customerId)))
    .leftJoin(contacts, and(eq(contacts.orgId, followups.orgId), eq(contacts.id, followups.contactId)))
    .leftJoin(author, and(eq(author.orgId, followups.orgId), eq(author.id, followups.createdBy)));
}

function presentFollowup(f: FollowupRow, refs: Refs, rights: { canEdit: boolean; canDelete: boolean }) {
  return {
    id: f.id,
    customerId: f.customerId,
    customer: { id: f.customerId, name: refs.customerName },
    contactId: f.contactId,
    contact: f.contactId
      ? { id: f.contactId, name: refs.contactName, mobile: refs.contactMobile, phone: refs.contactPhone, email: refs.contactEmail }
      : null,
    ownerId: f.ownerId,
    method: f.method,
    content: f.content,
    occurredAt: f.occurredAt,
    nextContactAt: f.nextContactAt,
    remindedAt: f.remindedAt,
    authorId: f.createdBy,
    author: f.createdBy ? { id: f.createdBy, name: refs.authorName } : null,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    version: f.version,
    ...rights,
  };
}
export type FollowupView = ReturnType<typeof presentFollowup>;

function rightsOf(actor: Actor, f: Pick<FollowupRow, 'createdBy'>, writable: boolean) {
  const mayChange = writable || f.createdBy === actor.userId;
  return { canEdit: mayChange && actor.permissions.has('activity:edit'), canDelete: mayChange && actor.permissions.has('activity:delete') };
}

const auditView = (f: FollowupRow) => ({
  customerId: f.customerId,
  contactId: f.contactId,
  method: f.method,
  content: f.content,
  occurredAt: f.occurredAt,
  nextContactAt: f.nextContactAt,
});

/* ---------- reading ---------- */

/** The `where` of a follow-up list: visibility plus filters. Exported for exports of the same list. */
export function followupListWhere(acc: CustomerAccess, query: Omit<FollowupListQuery, 'limit' | 'cursor'>): SQL {
  const { actor } = acc;
  const tz = actor.timeZone;
  return and(
    eq(followups.orgId, actor.orgId),
    childVisible(acc, childCols, 'read'),
    query.customerId ? eq(followups.customerId, query.customerId) : undefined,
    query.contactId ? eq(followups.contactId, query.contactId) : undefined,
    query.method ? eq(followups.method, query.method) : undefined,
    query.authorIds?.length ? inArray(followups.createdBy, query.authorIds) : undefined,
    query.occurredFrom ? sql`${followups.occurredAt} >= (${query.occurredFrom}::date::timestamp at time zone ${tz})` : undefined,
    query.occurredTo ? sql`${followups.occurredAt} < ((${query.occurredTo}::date + 1)::timestamp at time zone ${tz})` : undefined,
    query.hasNextContact === true ? sql`${followups.nextContactAt} is not null` : undefined,
    query.hasNextContact === false ? sql`${followups.nextContactAt} is null` : undefined,
  )!;
}

/** Newest contact first, paged by (occurred_at desc, id desc), the order of every follow-up index. */
export async function listFollowups(tx: Tx, actor: Actor, query: FollowupListQuery) {
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const rows = await withRefs(
    tx
      .select({ f: followups, ...refColumns, writable: sql<boolean>`coalesce(${childVisible(acc, childCols, 'write')}, false)`, cursorAt: keysetAt(followups.occurredAt), id: followups.id })
      .from(followups)
      .$dynamic(),
  )
    .where(and(followupListWhere(acc, query), afterCursor(followups.occurredAt, followups.id, decodeCursor(query.cursor))))
    .orderBy(desc(followups.occurredAt), desc(followups.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  return { items: page.items.map(({ f, writable, id: _, ...refs }) => presentFollowup(f, refs, rightsOf(actor, f, writable))), nextCursor: page.nextCursor };
}

/** May the actor log a follow-up on this customer (see the module comment)? */
async function mayLogOn(tx: Tx, acc: CustomerAccess, customer: CustomerAccessRow): Promise<boolean> {
  const level = await customerAccessLevel(tx, acc, customer);
  return level === 'write' || (level === 'read' && customer.ownerId !== null && customer.approvalState === 'active');
}

/**
 * The follow-up timeline of one customer's 360° page. Whoever may open the customer reads its follow-ups
 * (approvers of a pending customer included).
 */
export async function listCustomerFollowups(tx: Tx, actor: Actor, customerId: string, query: CustomerFollowupsQuery) {
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const customer = await getAccessibleCustomer(tx, acc, customerId, 'read');
  const writable = (await customerAccessLevel(tx, acc, customer)) === 'write';
  const rows = await withRefs(tx.select({ f: followups, ...refColumns, cursorAt: keysetAt(followups.occurredAt), id: followups.id }).from(followups).$dynamic())
    .where(and(eq(followups.orgId, actor.orgId), eq(followups.customerId, customerId), isNull(followups.deletedAt), afterCursor(followups.occurredAt, followups.id, decodeCursor(query.cursor))))
    .orderBy(desc(followups.occurredAt), desc(followups.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  return {
    items: page.items.map(({ f, id: _, ...refs }) => presentFollowup(f, refs, rightsOf(actor, f, writable))),
    nextCursor: page.nextCursor,
    canCreate: actor.permissions.has('activity:create') && (await mayLogOn(tx, acc, customer)),
  };
}

/** A follow-up the actor may read, with whether they may write its customer; 404 when they may not read it. */
async function loadVisible(tx: Tx, acc: CustomerAccess, id: string) {
  const [row] = await tx
    .select({ f: followups, writable: sql<boolean>`coalesce(${childVisible(acc, childCols, 'write')}, false)` })
    .from(followups)
    .where(and(eq(followups.orgId, acc.actor.orgId), eq(followups.id, id), childVisible(acc, childCols, 'read')));
  if (!row) throw notFound();
  return row;
}

async function presentOne(tx: Tx, actor: Actor, f: FollowupRow, writable: boolean) {
  const [refs] = await withRefs(tx.select(refColumns).from(followups).$dynamic()).where(and(eq(followups.orgId, actor.orgId), eq(followups.id, f.id)));
  return presentFollowup(f, refs!, rightsOf(actor, f, writable));
}

export async function getFollowup(tx: Tx, actor: Actor, id: string) {
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const { f, writable } = await loadVisible(tx, acc, id);
  return presentOne(tx, actor, f, writable);
}

/* ---------- writing ---------- */

/**
 * Locks the customer row for the rest of the transaction. Follow-up writes on one customer thus take turns, and
 * each recomputation of the customer's facts sees the follow-ups the writes before it committed.
 */
async function lockCustomer(tx: Tx, orgId: string, customerId: string) {
  const [row] = await tx.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, customerId))).for('no key update');
  return row;
}

/**
 * Field errors of the contact and method, added to `fields`. A method already on the record may stay, even if since
 * disabled, and so may its contact, even if since moved to the recycle bin; a new one must be a living contact.
 */
async function checkRefs(
  tx: Tx,
  orgId: string,
  input: { contactId: string | null; method: string },
  customerId: string,
  keepMethod: string | null,
  fields: Record<string, MessageKey>,
  keepContactId: string | null = null,
) {
  if (input.contactId && input.contactId !== keepContactId) {
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, input.contactId), eq(contacts.customerId, customerId), isNull(contacts.deletedAt)));
    if (!contact) fields.contactId = 'v.contactNotOfCustomer';
  }
  if (input.method !== keepMethod) {
    const [method] = await tx
      .select({ id: dictItems.id })
      .from(dictItems)
      .where(and(eq(dictItems.orgId, orgId), eq(dictItems.dictType, 'followup_method'), eq(dictItems.code, input.method), eq(dictItems.enabled, true)));
    if (!method) fields.method = 'v.unknownOption';
  }
}

export async function createFollowup(tx: Tx, actor: Actor, input: FollowupCreate) {
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const customer = await lockCustomer(tx, actor.orgId, input.customerId);
  const fields: Record<string, MessageKey> = {};
  if (!customer || !(await mayLogOn(tx, acc, customer))) fields.customerId = 'v.customerNoFollowup';
  else await checkRefs(tx, actor.orgId, input, customer.id, null, fields);
  if (Object.keys(fields).length) throw fieldError(fields);
  const [row] = await tx
    .insert(followups)
    .values({
      orgId: actor.orgId,
      customerId: customer!.id,
      contactId: input.contactId,
      ownerId: customer!.ownerId,
      method: input.method,
      content: input.content,
      occurredAt: new Date(input.occurredAt),
      nextContactAt: input.nextContactAt ? new Date(input.nextContactAt) : null,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .returning();
  await syncCustomerFollowupFacts(tx, actor.orgId, [customer!.id]);
  await recordAudit(tx, actor, { module: 'followup', action: 'create', recordType: 'followup', recordId: row!.id, recordLabel: customer!.name, after: auditView(row!) });
  return presentOne(tx, actor, row!, (await customerAccessLevel(tx, acc, customer!)) === 'write');
}

export async function updateFollowup(tx: Tx, actor: Actor, id: string, input: FollowupUpdate) {
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const { f: before, writable } = await loadVisible(tx, acc, id);
  if (!writable && before.createdBy !== actor.userId) throw forbidden();
  const customer = await lockCustomer(tx, actor.orgId, before.customerId);
  const fields: Record<string, MessageKey> = {};
  await checkRefs(tx, actor.orgId, input, before.customerId, before.method, fields, before.contactId);
  if (Object.keys(fields).length) throw fieldError(fields);
  const nextContactAt = input.nextContactAt ? new Date(input.nextContactAt) : null;
  const rescheduled = nextContactAt?.getTime() !== before.nextContactAt?.getTime();
  const [after] = await tx
    .update(followups)
    .set({
      contactId: input.contactId,
      method: input.method,
      content: input.content,
      occurredAt: new Date(input.occurredAt),
      nextContactAt,
      // A new next-contact time gets its own reminder.
      ...(rescheduled ? { remindedAt: null } : {}),
      updatedBy: actor.userId,
      updatedAt: new Date(),
      version: sql`${followups.version} + 1`,
    })
    .where(and(eq(followups.orgId, actor.orgId), eq(followups.id, id), eq(followups.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  await syncCustomerFollowupFacts(tx, actor.orgId, [before.customerId]);
  await recordAudit(tx, actor, {
    module: 'followup',
    action: 'update',
    recordType: 'followup',
    recordId: id,
    recordLabel: customer?.name,
    ...diff(auditView(before), auditView(after)),
  });
  return presentOne(tx, actor, after, writable);
}

/** Moves a follow-up to the recycle bin (ARCHITECTURE §4); its attachments stay until the bin is purged. */
export async function deleteFollowup(tx: Tx, actor: Actor, id: string) {
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const { f, writable } = await loadVisible(tx, acc, id);
  if (!writable && f.createdBy !== actor.userId) throw forbidden();
  const customer = await lockCustomer(tx, actor.orgId, f.customerId);
  const [gone] = await tx
    .update(followups)
    .set({ deletedAt: sql`now()`, deletedBy: actor.userId, version: sql`${followups.version} + 1` })
    .where(and(eq(followups.orgId, actor.orgId), eq(followups.id, id), isNull(followups.deletedAt)))
    .returning();
  if (!gone) throw notFound();
  await syncCustomerFollowupFacts(tx, actor.orgId, [f.customerId]);
  await recordAudit(tx, actor, { module: 'followup', action: 'delete', recordType: 'followup', recordId: id, recordLabel: customer?.name, before: auditView(gone) });
}

