import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, forbidden, violatedUnique } from '../../lib/errors.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { translate, type MessageKey } from '../../../shared/i18n/messages.ts';
import type { ModuleName, Permission } from '../../../shared/permissions.ts';
import type { RecycleBinAction, RecycleBinQuery, RecycleBinType } from '../../../shared/validation/recyclebin.ts';
import { recordAudits, type AuditEntry } from '../audit/audit.service.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { childVisible, customerVisible, loadCustomerAccess, type CustomerAccess } from '../customers/customers.access.ts';
import { customers } from '../customers/customers.schema.ts';
import { removeCustomers } from '../customers/customers.service.ts';
import { followups } from '../followups/followups.schema.ts';
import { syncCustomerFollowupFacts } from '../followups/followups.service.ts';
import { searchCondition } from '../search/search.keys.ts';
import { users } from '../users/users.schema.ts';
import { lookup } from '../../lib/lookup.ts';
import { prefixPattern } from '../../lib/like.ts';

/**
 * The recycle bin (ARCHITECTURE §4). Deleting a customer, contact or follow-up only marks it (`deleted_at`,
 * `deleted_by`; a customer's contacts and follow-ups get the customer's mark); the bin lists the marked records
 * the actor could see while they were live (customers.access.ts with state 'deleted'), restores them, and purges
 * them for good.
 *
 * - Listing needs the module's view permission (customer:view, contact:view, activity:view).
 * - Restoring needs the module's delete permission and write access to the record, the same as deleting it (a
 *   follow-up's author may restore their own). A customer comes back with the contacts and follow-ups deleted with
 *   it; a contact or follow-up whose customer is in the bin waits for the customer (409 parent_in_bin); a customer
 *   whose name, credit code or phone a living customer has taken meanwhile stays in the bin (409 duplicate).
 * - Purging is the explicit administrator's act: the module's delete permission with the 'all' data scope
 *   (docs/decisions/0007). It removes the records with everything that hangs off them and is audited.
 *
 * Restore and purge act on up to RECYCLE_BIN_BATCH_MAX records, all or nothing, with one statement per table.
 */

const MODULE: Record<RecycleBinType, ModuleName> = { customer: 'customer', contact: 'contact', followup: 'activity' };
/** The audit log's module of each type: what its own writes log under. */
const AUDIT_MODULE: Record<RecycleBinType, string> = { customer: 'customer', contact: 'contact', followup: 'followup' };
/** How many contacts or follow-ups deleted with a customer its bin entry counts before it says "more than". */
export const BIN_COUNT_CAP = 10_000;
/** The part of a follow-up's content the bin shows. */
const CONTENT_CHARS = 200;

const may = (actor: Actor, type: RecycleBinType, action: 'view' | 'delete') => actor.permissions.has(`${MODULE[type]}:${action}` as Permission);

/** Purging needs the module's delete permission and its 'all' data scope (docs/decisions/0007). */
export const mayPurge = (actor: Actor, type: RecycleBinType) => may(actor, type, 'delete') && actor.scopes[MODULE[type]] === 'all';

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;
const idIn = (column: AnyColumn, ids: readonly string[]) => sql`${column} = any(${uuidArray(ids)}::uuid[])`;
const userName = (orgId: AnyColumn, userId: AnyColumn) =>
  lookup<string | null>(users, users.name, orgId, userId);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

/* ---------- listing ---------- */

/** Newest deletions first, paged by (deleted_at desc, id desc): the order of the *_deleted_idx partial indexes. */
export async function listRecycleBin(tx: Tx, actor: Actor, query: RecycleBinQuery) {
  if (!may(actor, query.type, 'view')) throw forbidden();
  const acc = await loadCustomerAccess(tx, actor, MODULE[query.type]);
  const page =
    query.type === 'customer' ? await listCustomers(tx, acc, query) : query.type === 'contact' ? await listContacts(tx, acc, query) : await listFollowups(tx, acc, query);
  return { ...page, canPurge: mayPurge(actor, query.type) };
}

/** Contacts or follow-ups that went to the bin with their customer (same mark), counted up to the cap. */
function deletedWith(table: typeof contacts | typeof followups): SQL<number> {
  return sql<number>`(select count(*) from (select 1 from ${table}
      where ${table.orgId} = ${customers.orgId} and ${table.customerId} = ${customers.id} and ${table.deletedAt} = ${customers.deletedAt}
      limit ${BIN_COUNT_CAP + 1}) n)::int`;
}

/** The customer a merged duplicate went into: the merge's own audit entry says (audit_logs_record_idx). */
const mergedInto = sql<{ id: string; name: string } | null>`(select json_build_object('id', ${auditLogs.after} ->> 'survivorId', 'name', ${auditLogs.after} ->> 'survivorName')
    from ${auditLogs}
   where ${auditLogs.orgId} = ${customers.orgId} and ${auditLogs.recordType} = 'customer' and ${auditLogs.recordId} = ${customers.id}::text
     and ${auditLogs.action} = 'merged_into'
   limit 1)`;

/** Who deleted a customer. Joined rather than a subquery: with a join Drizzle names every column's table, which the correlated subqueries below need. */
const deleter = alias(users, 'deleter');

async function listCustomers(tx: Tx, acc: CustomerAccess, query: RecycleBinQuery) {
  const { actor } = acc;
  const search = query.q ? (searchCondition(customers, query.q) ?? sql`${customers.name} like ${prefixPattern(query.q)}`) : undefined;
  const rows = await tx
    .select({
      id: customers.id,
      number: customers.number,
      name: customers.name,
      ownerId: customers.ownerId,
      ownerName: userName(customers.orgId, customers.ownerId),
      approvalState: customers.approvalState,
      deletedAt: customers.deletedAt,
      deletedBy: customers.deletedBy,
      deletedByName: deleter.name,
      contacts: deletedWith(contacts),
      followups: deletedWith(followups),
      mergedInto,
      writable: sql<boolean>`${customerVisible(acc, 'write', 'deleted')}`,
      cursorAt: keysetAt(customers.deletedAt),
    })
    .from(customers)
    .leftJoin(deleter, and(eq(deleter.orgId, customers.orgId), eq(deleter.id, customers.deletedBy)))
    .where(and(eq(customers.orgId, actor.orgId), customerVisible(acc, 'read', 'deleted'), search, afterCursor(customers.deletedAt, customers.id, decodeCursor(query.cursor))))
    .orderBy(desc(customers.deletedAt), desc(customers.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  const canRestore = may(actor, 'customer', 'delete');
  return {
    items: page.items.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      owner: person(r.ownerId, r.ownerName),
      pending: r.approvalState !== 'active',
      deletedAt: r.deletedAt,
      deletedBy: person(r.deletedBy, r.deletedByName),
      contacts: r.contacts,
      followups: r.followups,
      mergedInto: r.mergedInto,
      canRestore: canRestore && r.writable,
    })),
    nextCursor: page.nextCursor,
  };
}

const parentColumns = {
  customerName: customers.name,
  customerInBin: sql<boolean>`${customers.deletedAt} is not null`,
};

async function listContacts(tx: Tx, acc: CustomerAccess, query: RecycleBinQuery) {
  const { actor } = acc;
  const search = query.q ? (searchCondition(contacts, query.q) ?? sql`${contacts.name} like ${prefixPattern(query.q)}`) : undefined;
  const rows = await tx
    .select({
      id: contacts.id,
      name: contacts.name,
      title: contacts.title,
      mobile: contacts.mobile,
      email: contacts.email,
      customerId: contacts.customerId,
      ...parentColumns,
      withCustomer: sql<boolean>`coalesce(${customers.deletedAt} = ${contacts.deletedAt}, false)`,
      deletedAt: contacts.deletedAt,
      deletedBy: contacts.deletedBy,
      deletedByName: userName(contacts.orgId, contacts.deletedBy),
      writable: sql<boolean>`${childVisible(acc, contacts, 'write', 'deleted')}`,
      cursorAt: keysetAt(contacts.deletedAt),
    })
    .from(contacts)
    .innerJoin(customers, and(eq(customers.orgId, contacts.orgId), eq(customers.id, contacts.customerId)))
    .where(and(eq(contacts.orgId, actor.orgId), childVisible(acc, contacts, 'read', 'deleted'), search, afterCursor(contacts.deletedAt, contacts.id, decodeCursor(query.cursor))))
    .orderBy(desc(contacts.deletedAt), desc(contacts.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  const canRestore = may(actor, 'contact', 'delete');
  return {
    items: page.items.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      mobile: r.mobile,
      email: r.email,
      customer: { id: r.customerId, name: r.customerName, inBin: r.customerInBin },
      withCustomer: r.withCustomer,
      deletedAt: r.deletedAt,
      deletedBy: person(r.deletedBy, r.deletedByName),
      canRestore: canRestore && r.writable && !r.customerInBin,
    })),
    nextCursor: page.nextCursor,
  };
}

async function listFollowups(tx: Tx, acc: CustomerAccess, query: RecycleBinQuery) {
  const { actor } = acc;
  const rows = await tx
    .select({
      id: followups.id,
      method: followups.method,
      content: sql<string>`left(${followups.content}, ${CONTENT_CHARS})`,
      occurredAt: followups.occurredAt,
      customerId: followups.customerId,
      ...parentColumns,
      contactId: followups.contactId,
      contactName: contacts.name,
      authorId: followups.createdBy,
      authorName: userName(followups.orgId, followups.createdBy),
      withCustomer: sql<boolean>`coalesce(${customers.deletedAt} = ${followups.deletedAt}, false)`,
      deletedAt: followups.deletedAt,
      deletedBy: followups.deletedBy,
      deletedByName: userName(followups.orgId, followups.deletedBy),
      writable: sql<boolean>`${childVisible(acc, followups, 'write', 'deleted')}`,
      cursorAt: keysetAt(followups.deletedAt),
    })
    .from(followups)
    .innerJoin(customers, and(eq(customers.orgId, followups.orgId), eq(customers.id, followups.customerId)))
    .leftJoin(contacts, and(eq(contacts.orgId, followups.orgId), eq(contacts.id, followups.contactId)))
    .where(and(eq(followups.orgId, actor.orgId), childVisible(acc, followups, 'read', 'deleted'), afterCursor(followups.deletedAt, followups.id, decodeCursor(query.cursor))))
    .orderBy(desc(followups.deletedAt), desc(followups.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  const canRestore = may(actor, 'followup', 'delete');
  return {
    items: page.items.map((r) => ({
      id: r.id,
      method: r.method,
      content: r.content,
      occurredAt: r.occurredAt,
      customer: { id: r.customerId, name: r.customerName, inBin: r.customerInBin },
      contact: r.contactId ? { id: r.contactId, name: r.contactName } : null,
      author: person(r.authorId, r.authorName),
      withCustomer: r.withCustomer,
      deletedAt: r.deletedAt,
      deletedBy: person(r.deletedBy, r.deletedByName),
      canRestore: canRestore && (r.writable || r.authorId === actor.userId) && !r.customerInBin,
    })),
    nextCursor: page.nextCursor,
  };
}

/* ---------- refusals ---------- */

interface Refusal {
  id: string;
  code: ErrorCode;
  message: string;
}

/** The most basic reason decides the answer: a record one cannot see, then one one may not change, then conflicts. */
const PRECEDENCE: [ErrorCode, number][] = [
  ['not_found', 404],
  ['forbidden', 403],
  ['parent_in_bin', 409],
  ['duplicate', 409],
];

/** All or nothing: one refused record refuses the request, naming every refused record and why. */
function refuse(refusals: Refusal[], fields?: Record<string, MessageKey>, details: Record<string, unknown> = {}): never {
  const [code, status] = PRECEDENCE.find(([c]) => refusals.some((r) => r.code === c))!;
  throw new AppError(code, status, code === 'duplicate' ? fields : undefined, undefined, { ...(code === 'duplicate' ? details : {}), errors: refusals });
}

interface Loaded {
  id: string;
  readable: boolean;
  writable: boolean;
}

/** Records asked for that are not in the bin or not visible (not_found), or not the actor's to change (forbidden). */
function accessRefusals(actor: Actor, ids: readonly string[], rows: Map<string, Loaded>, mayChange: (row: Loaded) => boolean): Refusal[] {
  const out: Refusal[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (!row?.readable) out.push({ id, code: 'not_found', message: translate(actor.locale, 'not_found') });
    else if (!mayChange(row)) out.push({ id, code: 'forbidden', message: translate(actor.locale, 'forbidden') });
  }
  return out;
}

/* ---------- restoring ---------- */

export async function restoreFromBin(tx: Tx, actor: Actor, input: RecycleBinAction) {
  if (!may(actor, input.type, 'delete')) throw forbidden();
  const acc = await loadCustomerAccess(tx, actor, MODULE[input.type]);
  if (input.type === 'customer') return restoreCustomers(tx, acc, input.ids);
  return restoreChildren(tx, acc, input.type, input.ids);
}

const DUPLICATE_FIELDS = [
  ['byName', 'name', 'v.duplicateName'],
  ['byCredit', 'creditCode', 'v.duplicateCreditCode'],
  ['byPhone', 'phone', 'v.duplicatePhone'],
] as const;

/**
 * Living customers that took a restoring customer's name key, credit code or phone while it was in the bin, in one
 * statement: each restoring row probes the partial unique indexes and the phone index.
 */
async function livingClashes(tx: Tx, acc: CustomerAccess, ids: readonly string[]) {
  const restoring = alias(customers, 'restoring');
  return tx
    .select({
      restoringId: restoring.id,
      id: customers.id,
      name: customers.name,
      ownerName: userName(customers.orgId, customers.ownerId),
      visible: sql<boolean>`${customerVisible(acc, 'read')}`,
      byName: sql<boolean>`${customers.nameKey} = ${restoring.nameKey}`,
      byCredit: sql<boolean>`coalesce(${customers.creditCode} = ${restoring.creditCode}, false)`,
      byPhone: sql<boolean>`coalesce(${customers.phoneKey} = ${restoring.phoneKey}, false)`,
    })
    .from(restoring)
    .innerJoin(
      customers,
      and(
        eq(customers.orgId, restoring.orgId),
        isNull(customers.deletedAt),
        or(eq(customers.nameKey, restoring.nameKey), eq(customers.creditCode, restoring.creditCode), eq(customers.phoneKey, restoring.phoneKey)),
      ),
    )
    .where(and(eq(restoring.orgId, acc.actor.orgId), idIn(restoring.id, ids)));
}

async function restoreCustomers(tx: Tx, acc: CustomerAccess, ids: readonly string[]) {
  const { actor } = acc;
  const rows = await tx
    .select({
      id: customers.id,
      name: customers.name,
      nameKey: customers.nameKey,
      creditCode: customers.creditCode,
      phoneKey: customers.phoneKey,
      readable: sql<boolean>`${customerVisible(acc, 'read', 'deleted')}`,
      writable: sql<boolean>`${customerVisible(acc, 'write', 'deleted')}`,
    })
    .from(customers)
    .where(and(eq(customers.orgId, actor.orgId), isNotNull(customers.deletedAt), idIn(customers.id, ids)))
    .orderBy(customers.id)
    .for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const refusals = accessRefusals(actor, ids, byId, (r) => r.writable);
  if (refusals.length) refuse(refusals);

  // Duplicates against living customers, and between the customers restored together (the first one wins).
  const fields: Record<string, MessageKey> = {};
  let existing: { id: string | null; name: string; ownerName: string | null } | undefined;
  const clashFields = new Map<string, Set<MessageKey>>();
  const flag = (id: string, field: string, key: MessageKey) => {
    fields[field] = key;
    clashFields.set(id, (clashFields.get(id) ?? new Set()).add(key));
  };
  for (const c of await livingClashes(tx, acc, ids)) {
    for (const [col, field, key] of DUPLICATE_FIELDS) if (c[col]) flag(c.restoringId, field, key);
    existing ??= { id: c.visible ? c.id : null, name: c.name, ownerName: c.ownerName };
  }
  const taken = new Map<string, string>();
  for (const r of rows) {
    const keys: [string | null, string, MessageKey][] = [
      [r.nameKey, 'name', 'v.duplicateName'],
      [r.creditCode, 'creditCode', 'v.duplicateCreditCode'],
      [r.phoneKey, 'phone', 'v.duplicatePhone'],
    ];
    for (const [value, field, key] of keys) {
      if (!value) continue;
      const first = taken.get(`${field}:${value}`);
      if (first) {
        flag(r.id, field, key);
        // The one it clashes with is in the bin too: named, but there is nothing to open.
        existing ??= { id: null, name: byId.get(first)!.name, ownerName: null };
      } else taken.set(`${field}:${value}`, r.id);
    }
  }
  if (clashFields.size) {
    const list = [...clashFields].map(([id, keys]) => ({ id, code: 'duplicate' as const, message: [...keys].map((k) => translate(actor.locale, k)).join('; ') }));
    refuse(list, fields, { existingId: existing?.id ?? null, existingName: existing?.name, existingOwnerName: existing?.ownerName ?? null });
  }

  // The children first, while the customers still carry the mark they share with them.
  const children = await queryRows<{ id: string; contacts: number; followups: number }>(
    tx,
    sql`with r as (
          select id, deleted_at from customers where org_id = ${actor.orgId} and id = any(${uuidArray(ids)}::uuid[]) and deleted_at is not null
        ), c as (
          update contacts k set deleted_at = null, deleted_by = null from r
           where k.org_id = ${actor.orgId} and k.customer_id = r.id and k.deleted_at = r.deleted_at returning k.customer_id
        ), f as (
          update followups x set deleted_at = null, deleted_by = null from r
           where x.org_id = ${actor.orgId} and x.customer_id = r.id and x.deleted_at = r.deleted_at returning x.customer_id
        )
        select r.id, coalesce(cc.n, 0)::int as contacts, coalesce(ff.n, 0)::int as followups
          from r
          left join (select customer_id, count(*) as n from c group by 1) cc on cc.customer_id = r.id
          left join (select customer_id, count(*) as n from f group by 1) ff on ff.customer_id = r.id`,
  );
  let restored: { id: string; name: string; number: string }[];
  try {
    restored = await tx
      .update(customers)
      .set({ deletedAt: null, deletedBy: null, updatedBy: actor.userId, updatedAt: new Date(), version: sql`${customers.version} + 1` })
      .where(and(eq(customers.orgId, actor.orgId), isNotNull(customers.deletedAt), idIn(customers.id, ids)))
      .returning({ id: customers.id, name: customers.name, number: customers.number });
  } catch (err) {
    // A customer created under the same name or credit code since the check above.
    if (violatedUnique(err)) throw new AppError('duplicate', 409, { name: 'v.duplicateName' });
    throw err;
  }
  // A merged duplicate comes back without the follow-ups that moved to its survivor: its facts must say so.
  await syncCustomerFollowupFacts(tx, actor.orgId, [...ids]);
  const counts = new Map(children.map((c) => [c.id, c]));
  await recordAudits(
    tx,
    actor,
    restored.map((c) => ({
      module: AUDIT_MODULE.customer,
      action: 'restore',
      recordType: 'customer',
      recordId: c.id,
      recordLabel: c.name,
      after: { number: c.number, contacts: counts.get(c.id)?.contacts ?? 0, followups: counts.get(c.id)?.followups ?? 0 },
    })),
  );
  return {
    restored: restored.length,
    contacts: children.reduce((n, c) => n + c.contacts, 0),
    followups: children.reduce((n, c) => n + c.followups, 0),
  };
}

type ChildType = 'contact' | 'followup';
const CHILD_TABLE = { contact: contacts, followup: followups } as const;

/** Contacts or follow-ups in the bin with their customer's state, locked for the restore or purge. */
async function loadChildren(tx: Tx, acc: CustomerAccess, type: ChildType, ids: readonly string[]) {
  const table = CHILD_TABLE[type];
  const rows = await tx
    .select({
      id: table.id,
      customerId: table.customerId,
      customerName: customers.name,
      customerInBin: sql<boolean>`${customers.deletedAt} is not null`,
      label: type === 'contact' ? contacts.name : customers.name,
      createdBy: table.createdBy,
      readable: sql<boolean>`${childVisible(acc, table, 'read', 'deleted')}`,
      writable: sql<boolean>`${childVisible(acc, table, 'write', 'deleted')}`,
    })
    .from(table)
    .innerJoin(customers, and(eq(customers.orgId, table.orgId), eq(customers.id, table.customerId)))
    .where(and(eq(table.orgId, acc.actor.orgId), isNotNull(table.deletedAt), idIn(table.id, ids)))
    .orderBy(table.id)
    .for('update', { of: table });
  return new Map(rows.map((r) => [r.id, r]));
}

async function restoreChildren(tx: Tx, acc: CustomerAccess, type: ChildType, ids: readonly string[]) {
  const { actor } = acc;
  const table = CHILD_TABLE[type];
  const rows = await loadChildren(tx, acc, type, ids);
  // A follow-up's author may delete it while they see it, so they may restore it too (followups.service).
  const mayChange = (r: Loaded) => r.writable || (type === 'followup' && rows.get(r.id)!.createdBy === actor.userId);
  const refusals = accessRefusals(actor, ids, rows, mayChange);
  if (refusals.length) refuse(refusals);
  const waiting = [...rows.values()].filter((r) => r.customerInBin);
  if (waiting.length) refuse(waiting.map((r) => ({ id: r.id, code: 'parent_in_bin', message: translate(actor.locale, 'parent_in_bin') })));

  const customerIds = [...new Set([...rows.values()].map((r) => r.customerId))];
  if (type === 'followup') {
    // Follow-up writes on one customer take turns (followups.service), so its facts are recomputed from a settled set.
    await tx.execute(sql`select id from customers where org_id = ${actor.orgId} and id = any(${uuidArray(customerIds)}::uuid[]) order by id for no key update`);
  }
  if (type === 'contact') {
    // One primary contact per customer among the living (contacts_one_primary_key): a restored primary yields to one
    // that took its place meanwhile, and of several restored together the first stays primary. A customer's own
    // restore needs none of this: while it was in the bin no contact of it could be added or restored.
    await tx.execute(sql`update contacts k set is_primary = false
       where k.org_id = ${actor.orgId} and k.id = any(${uuidArray(ids)}::uuid[]) and k.is_primary
         and (exists (select 1 from contacts p where p.org_id = k.org_id and p.customer_id = k.customer_id and p.is_primary and p.deleted_at is null)
           or exists (select 1 from contacts q where q.org_id = k.org_id and q.customer_id = k.customer_id and q.is_primary
                         and q.id = any(${uuidArray(ids)}::uuid[]) and q.id < k.id))`);
  }
  const restored = await tx
    .update(table)
    .set({ deletedAt: null, deletedBy: null, updatedBy: actor.userId, updatedAt: new Date(), version: sql`${table.version} + 1` })
    .where(and(eq(table.orgId, actor.orgId), isNotNull(table.deletedAt), idIn(table.id, ids)))
    .returning({ id: table.id });
  if (type === 'followup') await syncCustomerFollowupFacts(tx, actor.orgId, customerIds);
  await recordAudits(
    tx,
    actor,
    restored.map((r) => {
      const row = rows.get(r.id)!;
      return { module: AUDIT_MODULE[type], action: 'restore', recordType: type, recordId: r.id, recordLabel: row.label, after: { customerId: row.customerId } };
    }),
  );
  return { restored: restored.length };
}

/* ---------- purging ---------- */

/** Files of records purged for good: their content first, then the attachment rows. */
async function removeAttachmentsOf(tx: Tx, orgId: string, recordType: ChildType, ids: readonly string[]) {
  await tx.execute(sql`with doomed as (
      select id from attachments where org_id = ${orgId} and record_type = ${recordType} and record_id = any(${uuidArray(ids)}::uuid[])
    ), gone as (
      delete from attachment_contents where org_id = ${orgId} and attachment_id in (select id from doomed) returning 1
    )
    delete from attachments where org_id = ${orgId} and id in (select id from doomed)`);
}

export async function purgeFromBin(tx: Tx, actor: Actor, input: RecycleBinAction) {
  if (!mayPurge(actor, input.type)) throw forbidden();
  const acc = await loadCustomerAccess(tx, actor, MODULE[input.type]);
  const { orgId } = actor;
  const ids = input.ids;
  let entries: AuditEntry[];
  if (input.type === 'customer') {
    const rows = await tx
      .select({ id: customers.id, name: customers.name, number: customers.number, readable: sql<boolean>`${customerVisible(acc, 'read', 'deleted')}` })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), isNotNull(customers.deletedAt), idIn(customers.id, ids)))
      .orderBy(customers.id)
      .for('update');
    const byId = new Map(rows.map((r) => [r.id, { ...r, writable: true }]));
    const refusals = accessRefusals(actor, ids, byId, () => true);
    if (refusals.length) refuse(refusals);
    // With the customer go its contacts and follow-ups (in the bin or not), attachments, shares, relations, pool events.
    await removeCustomers(tx, orgId, ids);
    entries = rows.map((r) => ({ module: AUDIT_MODULE.customer, action: 'purge', recordType: 'customer', recordId: r.id, recordLabel: r.name, before: { number: r.number } }));
  } else {
    const type = input.type;
    const rows = await loadChildren(tx, acc, type, ids);
    const refusals = accessRefusals(actor, ids, rows, () => true);
    if (refusals.length) refuse(refusals);
    await removeAttachmentsOf(tx, orgId, type, ids);
    if (type === 'contact') {
      // Follow-ups stay with the customer as its history, without the contact.
      await tx.update(followups).set({ contactId: null }).where(and(eq(followups.orgId, orgId), inArray(followups.contactId, [...ids])));
    }
    const table = CHILD_TABLE[type];
    await tx.delete(table).where(and(eq(table.orgId, orgId), idIn(table.id, ids)));
    entries = [...rows.values()].map((r) => ({
      module: AUDIT_MODULE[type],
      action: 'purge',
      recordType: type,
      recordId: r.id,
      recordLabel: r.label,
      before: { customerId: r.customerId, customerName: r.customerName },
    }));
  }
  await recordAudits(tx, actor, entries);
  return { purged: ids.length };
}
