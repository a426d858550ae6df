import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { duplicate, fieldError, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { keysetAt } from '../../lib/paginate.ts';
import {
  CONTACT_GROUPS_MAX,
  type ContactBulkDelete,
  type ContactCreate,
  type ContactGroupCreate,
  type ContactGroupUpdate,
  type ContactListQuery,
  type ContactUpdate,
  type CustomerContactsQuery,
} from '../../../shared/validation/contacts.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { childVisible, customerAccessLevel, getAccessibleCustomer, loadCustomerAccess, type CustomerAccess } from '../customers/customers.access.ts';
import { customers } from '../customers/customers.schema.ts';
import { searchCondition, searchKeys } from '../search/search.keys.ts';
import { users } from '../users/users.schema.ts';
import { contactGroups, contacts } from './contacts.schema.ts';
import { afterSortKey, decodeSortCursor, sortPage, type Direction } from './sort-keyset.ts';
import { containsPattern, prefixPattern } from '../../lib/like.ts';

/**
 * Contact persons (CON-01) and contact groups (CON-02). A contact's visibility is its customer's, on the
 * contact's own columns (`owner_id` mirrors the customer's owner; co-owners are shared on the customer id), with
 * the data scope of the `contact` module. Adding, changing or deleting a contact needs write access to its
 * customer, the same access that editing the customer itself takes.
 */

type ContactRow = typeof contacts.$inferSelect;

const COUNT_CAP = 10_000;

const childCols = { customerId: contacts.customerId, ownerId: contacts.ownerId, deletedAt: contacts.deletedAt };

const auditView = (c: ContactRow) => ({
  customerId: c.customerId,
  name: c.name,
  gender: c.gender,
  title: c.title,
  department: c.department,
  mobile: c.mobile,
  phone: c.phone,
  email: c.email,
  wechat: c.wechat,
  birthday: c.birthday,
  isPrimary: c.isPrimary,
  notes: c.notes,
  groupIds: c.groupIds,
});

/** The contact as the API shows it, with the names a list or form needs beside the ids. */
function presentContact(
  c: ContactRow,
  refs: { customerName: string | null; ownerName: string | null; groups: Map<string, string> },
  rights: { canEdit: boolean; canDelete: boolean },
) {
  return {
    id: c.id,
    customerId: c.customerId,
    customer: { id: c.customerId, name: refs.customerName },
    ownerId: c.ownerId,
    owner: c.ownerId ? { id: c.ownerId, name: refs.ownerName } : null,
    name: c.name,
    gender: c.gender,
    title: c.title,
    department: c.department,
    mobile: c.mobile,
    phone: c.phone,
    email: c.email,
    wechat: c.wechat,
    birthday: c.birthday,
    isPrimary: c.isPrimary,
    notes: c.notes,
    groupIds: c.groupIds,
    groups: c.groupIds.filter((g) => refs.groups.has(g)).map((g) => ({ id: g, name: refs.groups.get(g)! })),
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
    ...rights,
  };
}
export type ContactView = ReturnType<typeof presentContact>;

/** Group names of a page of contacts in one query. */
async function groupNames(tx: Tx, orgId: string, rows: Pick<ContactRow, 'groupIds'>[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => r.groupIds))];
  if (!ids.length) return new Map();
  const found = await tx
    .select({ id: contactGroups.id, name: contactGroups.name })
    .from(contactGroups)
    .where(and(eq(contactGroups.orgId, orgId), inArray(contactGroups.id, ids)));
  return new Map(found.map((g) => [g.id, g.name]));
}

const refColumns = { customerName: customers.name, ownerName: users.name };
const joinCustomer = and(eq(customers.orgId, contacts.orgId), eq(customers.id, contacts.customerId));
const joinOwner = and(eq(users.orgId, contacts.orgId), eq(users.id, contacts.ownerId));

/* ---------- reading ---------- */

/** `%`, `_` and `\` typed by the user are literal characters, not wildcards. */

/**
 * The `where` of a contact list: visibility plus the query's filters. Exported for exports of the same list, which
 * must show exactly what the list shows.
 */
export function contactListWhere(acc: CustomerAccess, query: Omit<ContactListQuery, 'sort' | 'order' | 'limit' | 'cursor'>): SQL {
  const { actor } = acc;
  const tz = actor.timeZone;
  let search: SQL | undefined;
  if (query.q) {
    // A single character is too short for the search keys; it matches the start of the name.
    search = searchCondition(contacts, query.q) ?? sql`${contacts.name} like ${prefixPattern(query.q)}`;
  }
  return and(
    eq(contacts.orgId, actor.orgId),
    childVisible(acc, childCols, 'read'),
    search,
    query.customerId ? eq(contacts.customerId, query.customerId) : undefined,
    query.groupId ? sql`${contacts.groupIds} @> array[${query.groupId}]::uuid[]` : undefined,
    query.gender ? eq(contacts.gender, query.gender) : undefined,
    query.title ? sql`${contacts.title} ilike ${containsPattern(query.title)}` : undefined,
    query.ownerIds?.length ? inArray(contacts.ownerId, query.ownerIds) : undefined,
    query.createdFrom ? sql`${contacts.createdAt} >= (${query.createdFrom}::date::timestamp at time zone ${tz})` : undefined,
    query.createdTo ? sql`${contacts.createdAt} < ((${query.createdTo}::date + 1)::timestamp at time zone ${tz})` : undefined,
    query.birthdayMonth ? sql`extract(month from ${contacts.birthday}) = ${query.birthdayMonth}` : undefined,
  )!;
}

const SORT_COLUMNS = {
  updatedAt: { column: contacts.updatedAt, type: 'timestamptz', defaultDir: 'desc' },
  createdAt: { column: contacts.createdAt, type: 'timestamptz', defaultDir: 'desc' },
  name: { column: contacts.name, type: 'text', defaultDir: 'asc' },
} as const;

export async function listContacts(tx: Tx, actor: Actor, query: ContactListQuery) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const where = contactListWhere(acc, query);
  const sort = SORT_COLUMNS[query.sort];
  const dir: Direction = query.order ?? sort.defaultDir;
  const tag = `${query.sort}:${dir}`;
  const key = decodeSortCursor(tag, query.cursor);
  const order = dir === 'desc' ? [desc(sort.column), desc(contacts.id)] : [asc(sort.column), asc(contacts.id)];
  const rows = await tx
    .select({
      contact: contacts,
      ...refColumns,
      writable: sql<boolean>`coalesce(${childVisible(acc, childCols, 'write')}, false)`,
      sortValue: sort.type === 'timestamptz' ? keysetAt(sort.column) : sql<string>`${sort.column}`,
      id: contacts.id,
    })
    .from(contacts)
    .innerJoin(customers, joinCustomer)
    .leftJoin(users, joinOwner)
    .where(and(where, afterSortKey(sort.column, contacts.id, key, dir, sort.type)))
    .orderBy(...order)
    .limit(query.limit + 1);
  const page = sortPage(tag, rows, query.limit);
  const groups = await groupNames(tx, actor.orgId, page.rows.map((r) => r.contact));
  const items = page.rows.map((r) =>
    presentContact(r.contact, { customerName: r.customerName, ownerName: r.ownerName, groups }, rightsOf(actor, r.writable)),
  );
  // Counted on the first page only, and only up to a cap: past it the list says "10,000+" rather than count millions.
  let total: number | undefined;
  if (!query.cursor) {
    const [row] = await tx.select({ n: count() }).from(tx.select({ one: sql`1`.as('one') }).from(contacts).where(where).limit(COUNT_CAP + 1).as('capped'));
    total = row!.n;
  }
  return { items, nextCursor: page.nextCursor, total: total === undefined ? null : Math.min(total, COUNT_CAP), totalCapped: total !== undefined && total > COUNT_CAP };
}

const rightsOf = (actor: Actor, writable: boolean) => ({
  canEdit: writable && actor.permissions.has('contact:edit'),
  canDelete: writable && actor.permissions.has('contact:delete'),
});

/** A contact the actor may read, with whether they may also write it; 404 when they may not read it. */
async function loadVisible(tx: Tx, acc: CustomerAccess, id: string, lock = false) {
  const query = tx
    .select({ contact: contacts, writable: sql<boolean>`coalesce(${childVisible(acc, childCols, 'write')}, false)` })
    .from(contacts)
    .where(and(eq(contacts.orgId, acc.actor.orgId), eq(contacts.id, id), childVisible(acc, childCols, 'read')));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound();
  return row;
}

async function presentOne(tx: Tx, actor: Actor, contact: ContactRow, writable: boolean) {
  const [refs] = await tx
    .select(refColumns)
    .from(contacts)
    .innerJoin(customers, joinCustomer)
    .leftJoin(users, joinOwner)
    .where(and(eq(contacts.orgId, actor.orgId), eq(contacts.id, contact.id)));
  const groups = await groupNames(tx, actor.orgId, [contact]);
  return presentContact(contact, { customerName: refs?.customerName ?? null, ownerName: refs?.ownerName ?? null, groups }, rightsOf(actor, writable));
}

export async function getContact(tx: Tx, actor: Actor, id: string) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const { contact, writable } = await loadVisible(tx, acc, id);
  return presentOne(tx, actor, contact, writable);
}

/**
 * The contacts of one customer for its 360° page: primary first, then by name (the order of
 * contacts_customer_idx). Whoever may open the customer sees them, approvers of a pending customer included.
 */
export async function listCustomerContacts(tx: Tx, actor: Actor, customerId: string, query: CustomerContactsQuery) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const customer = await getAccessibleCustomer(tx, acc, customerId, 'read');
  const writable = (await customerAccessLevel(tx, acc, customer)) === 'write';
  const rows = await tx
    .select({ contact: contacts, ownerName: users.name })
    .from(contacts)
    .leftJoin(users, joinOwner)
    .where(and(eq(contacts.orgId, actor.orgId), eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.name), asc(contacts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const groups = await groupNames(tx, actor.orgId, page.map((r) => r.contact));
  return {
    customer: { id: customer.id, name: customer.name },
    items: page.map((r) => presentContact(r.contact, { customerName: customer.name, ownerName: r.ownerName, groups }, rightsOf(actor, writable))),
    more: rows.length > query.limit,
    canCreate: writable && actor.permissions.has('contact:create'),
  };
}

/* ---------- writing ---------- */

/** The customer a contact is added to: it must exist and the actor must be able to change it (CON-01). */
async function writableCustomer(tx: Tx, acc: CustomerAccess, customerId: string) {
  const [row] = await tx.select().from(customers).where(and(eq(customers.orgId, acc.actor.orgId), eq(customers.id, customerId)));
  if (!row || (await customerAccessLevel(tx, acc, row)) !== 'write') throw fieldError({ customerId: 'v.customerNotWritable' });
  return row;
}

async function assertGroupsExist(tx: Tx, orgId: string, ids: string[]) {
  if (!ids.length) return;
  const [row] = await tx
    .select({ n: count() })
    .from(contactGroups)
    .where(and(eq(contactGroups.orgId, orgId), inArray(contactGroups.id, ids)));
  if (row!.n !== ids.length) throw fieldError({ groupIds: 'v.notFound' });
}

/**
 * One primary contact per customer among living contacts: making one primary demotes the other, in the caller's
 * transaction. A primary in the recycle bin is left as it was deleted; restoring it settles the clash.
 */
async function demoteOtherPrimary(tx: Tx, orgId: string, customerId: string, keepId: string | null) {
  await tx
    .update(contacts)
    .set({ isPrimary: false })
    .where(
      and(
        eq(contacts.orgId, orgId),
        eq(contacts.customerId, customerId),
        eq(contacts.isPrimary, true),
        isNull(contacts.deletedAt),
        keepId ? sql`${contacts.id} <> ${keepId}` : undefined,
      ),
    );
}

function editableValues(input: Omit<ContactCreate, 'customerId'>) {
  return {
    name: input.name,
    gender: input.gender,
    title: input.title,
    department: input.department,
    mobile: input.mobile,
    phone: input.phone,
    email: input.email,
    wechat: input.wechat,
    birthday: input.birthday,
    isPrimary: input.isPrimary,
    notes: input.notes,
    groupIds: input.groupIds,
    ...searchKeys(input.name, [input.mobile, input.phone, input.email, input.wechat]),
  };
}

export async function createContact(tx: Tx, actor: Actor, input: ContactCreate) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const customer = await writableCustomer(tx, acc, input.customerId);
  await assertGroupsExist(tx, actor.orgId, input.groupIds);
  if (input.isPrimary) await demoteOtherPrimary(tx, actor.orgId, customer.id, null);
  const [row] = await tx
    .insert(contacts)
    .values({ orgId: actor.orgId, customerId: customer.id, ownerId: customer.ownerId, ...editableValues(input), createdBy: actor.userId, updatedBy: actor.userId })
    .returning();
  await recordAudit(tx, actor, { module: 'contact', action: 'create', recordType: 'contact', recordId: row!.id, recordLabel: row!.name, after: auditView(row!) });
  return presentOne(tx, actor, row!, true);
}

export async function updateContact(tx: Tx, actor: Actor, id: string, input: ContactUpdate) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const { contact: before, writable } = await loadVisible(tx, acc, id);
  if (!writable) throw forbidden();
  await assertGroupsExist(tx, actor.orgId, input.groupIds);
  if (input.isPrimary && !before.isPrimary) await demoteOtherPrimary(tx, actor.orgId, before.customerId, id);
  const [after] = await tx
    .update(contacts)
    .set({ ...editableValues(input), updatedBy: actor.userId, updatedAt: new Date(), version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.orgId, actor.orgId), eq(contacts.id, id), eq(contacts.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, { module: 'contact', action: 'update', recordType: 'contact', recordId: id, recordLabel: after.name, ...diff(auditView(before), auditView(after)) });
  return presentOne(tx, actor, after, true);
}

/**
 * Moves contacts to the recycle bin (ARCHITECTURE §4). Their follow-ups keep the link, so a restored contact finds
 * its history again, and their attachments stay until the bin is purged. Every write goes in the caller's
 * transaction.
 */
async function removeContacts(tx: Tx, actor: Actor, rows: ContactRow[]) {
  const ids = rows.map((r) => r.id);
  await tx
    .update(contacts)
    .set({ deletedAt: sql`now()`, deletedBy: actor.userId, version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.orgId, actor.orgId), inArray(contacts.id, ids)));
  for (const row of rows) {
    await recordAudit(tx, actor, { module: 'contact', action: 'delete', recordType: 'contact', recordId: row.id, recordLabel: row.name, before: auditView(row) });
  }
}

export async function deleteContact(tx: Tx, actor: Actor, id: string) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const { contact, writable } = await loadVisible(tx, acc, id, true);
  if (!writable) throw forbidden();
  await removeContacts(tx, actor, [contact]);
}

/** All or nothing: one contact the actor may not delete (or cannot see) refuses the whole selection. */
export async function bulkDeleteContacts(tx: Tx, actor: Actor, input: ContactBulkDelete) {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const rows = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, actor.orgId), inArray(contacts.id, input.ids), childVisible(acc, childCols, 'write')))
    .for('update');
  if (rows.length !== input.ids.length) throw fieldError({ ids: 'v.notDeletable' });
  await removeContacts(tx, actor, rows);
  return { deleted: rows.length };
}

/* ---------- contact groups ---------- */

type GroupRow = typeof contactGroups.$inferSelect;
const presentGroup = (g: GroupRow) => ({ id: g.id, name: g.name, createdAt: g.createdAt, version: g.version });

export async function listContactGroups(tx: Tx, actor: Actor) {
  const rows = await tx
    .select()
    .from(contactGroups)
    .where(eq(contactGroups.orgId, actor.orgId))
    .orderBy(asc(contactGroups.name))
    .limit(CONTACT_GROUPS_MAX);
  return { items: rows.map(presentGroup) };
}

export async function createContactGroup(tx: Tx, actor: Actor, input: ContactGroupCreate) {
  const [stats] = await tx.select({ n: count() }).from(contactGroups).where(eq(contactGroups.orgId, actor.orgId));
  if (stats!.n >= CONTACT_GROUPS_MAX) throw fieldError({ name: 'v.groupsFull' }, { max: CONTACT_GROUPS_MAX });
  // ON CONFLICT instead of catching the unique violation: the transaction stays usable and the answer is the same.
  const [row] = await tx
    .insert(contactGroups)
    .values({ orgId: actor.orgId, name: input.name, createdBy: actor.userId })
    .onConflictDoNothing({ target: [contactGroups.orgId, contactGroups.name] })
    .returning();
  if (!row) throw duplicate({ name: 'v.nameTaken' });
  await recordAudit(tx, actor, { module: 'contact', action: 'create', recordType: 'contact_group', recordId: row.id, recordLabel: row.name, after: { name: row.name } });
  return presentGroup(row);
}

export async function updateContactGroup(tx: Tx, actor: Actor, id: string, input: ContactGroupUpdate) {
  const [before] = await tx.select().from(contactGroups).where(and(eq(contactGroups.orgId, actor.orgId), eq(contactGroups.id, id)));
  if (!before) throw notFound();
  const [taken] = await tx
    .select({ id: contactGroups.id })
    .from(contactGroups)
    .where(and(eq(contactGroups.orgId, actor.orgId), eq(contactGroups.name, input.name), sql`${contactGroups.id} <> ${id}`));
  if (taken) throw duplicate({ name: 'v.nameTaken' });
  const [after] = await tx
    .update(contactGroups)
    .set({ name: input.name, version: sql`${contactGroups.version} + 1` })
    .where(and(eq(contactGroups.orgId, actor.orgId), eq(contactGroups.id, id), eq(contactGroups.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, {
    module: 'contact',
    action: 'update',
    recordType: 'contact_group',
    recordId: id,
    recordLabel: after.name,
    ...diff({ name: before.name }, { name: after.name }),
  });
  return presentGroup(after);
}

/** The group's members stay; they only leave the group (set-based, through the GIN index on group_ids). */
export async function deleteContactGroup(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx.delete(contactGroups).where(and(eq(contactGroups.orgId, actor.orgId), eq(contactGroups.id, id))).returning();
  if (!row) throw notFound();
  const members = await tx
    .update(contacts)
    .set({ groupIds: sql`array_remove(${contacts.groupIds}, ${id}::uuid)` })
    .where(and(eq(contacts.orgId, actor.orgId), sql`${contacts.groupIds} @> array[${id}]::uuid[]`))
    .returning({ id: contacts.id });
  await recordAudit(tx, actor, {
    module: 'contact',
    action: 'delete',
    recordType: 'contact_group',
    recordId: id,
    recordLabel: row.name,
    before: { name: row.name, members: members.length },
  });
}
