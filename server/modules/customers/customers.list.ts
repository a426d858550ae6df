import { and, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError } from '../../lib/errors.ts';
import { keysetAt } from '../../lib/paginate.ts';
import { CUSTOMER_EXACT_COUNT_MAX, type CustomerListQuery, type CustomerSort, type CustomFilter } from '../../../shared/validation/customers.ts';
import { normalizeCustomValue, type CustomFieldDef } from '../../../shared/validation/customfields.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { customFieldDefs } from '../customfields/customfields.service.ts';
import { normalizeSearch, searchCondition } from '../search/search.keys.ts';
import { customerVisible, loadCustomerAccess } from './customers.access.ts';
import { addressGrams, nameKey } from './customers.keys.ts';
import { customerColumns, ownerName, presentCustomer } from './customers.present.ts';
import { customers } from './customers.schema.ts';
import { containsPattern } from '../../lib/like.ts';

/**
 * The customer list (CUS-07, CUS-08, issue §5): the visibility rule, every filter, one indexed sort, keyset
 * paging. One statement for the page, and on the first page one more for the total.
 */

/** A PostgreSQL array literal of text values, quoted so that commas, quotes and braces stay inside an element. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => '\\' + c)}"`).join(',')}}`;
}


/** Me, the holders of positions below mine and the members of my department: "my team's customers". */
function teamOwners(actor: Actor): SQL {
  const parts = [
    sql`select ${actor.userId}::uuid`,
    sql`select up.user_id
          from user_positions me
          join positions mine on mine.org_id = me.org_id and mine.id = me.position_id
          join positions sub on sub.org_id = mine.org_id and sub.path like (mine.path || '_%')
          join user_positions up on up.org_id = sub.org_id and up.position_id = sub.id
         where me.org_id = ${actor.orgId} and me.user_id = ${actor.userId}`,
  ];
  if (actor.departmentId) parts.push(sql`select id from users where org_id = ${actor.orgId} and department_id = ${actor.departmentId}`);
  return sql`array(${sql.join(parts, sql` union `)})`;
}

/** Substring of the name (CJK bigrams or trigram text first, then the exact check on the folded name). */
function nameFilter(q: string): SQL {
  const key = nameKey(q);
  const exact = sql`${customers.nameKey} like ${containsPattern(key)}`;
  const indexed = searchCondition(customers, q);
  return indexed ? sql`(${indexed} and ${exact})` : exact;
}

function addressFilter(q: string): SQL {
  const norm = normalizeSearch(q);
  const exact = sql`replace(lower(${customers.address}), ' ', '') like ${containsPattern(norm)}`;
  const grams = addressGrams(q);
  return grams.length ? sql`(${customers.searchGrams} @> ${textArray(grams)}::text[] and ${exact})` : exact;
}

/** Phone and e-mail fragments are in `search_text` (trigram index); the column check drops matches elsewhere. */
function fragmentFilter(fragment: string, column: SQL): SQL {
  const exact = sql`${column} like ${containsPattern(fragment)}`;
  return fragment.length >= 3 ? sql`(${customers.searchText} like ${containsPattern(fragment)} and ${exact})` : exact;
}

/**
 * Custom field filters: equality and "contains any" through the GIN index on `custom` (jsonb_path_ops serves
 * `@>`); ranges on number, money and date fields compare the extracted value.
 */
function customFilter(f: CustomFilter, def: CustomFieldDef | undefined): SQL {
  const param = `cf.${f.key}`;
  if (!def) throw fieldError({ [param]: 'v.customUnknown' });
  if (f.op === 'any') {
    const arms = f.values.map((raw) => {
      const r = normalizeCustomValue(def, def.type === 'multi_option' ? [raw] : raw);
      if ('error' in r) throw fieldError({ [param]: r.error as never });
      return sql`${customers.custom} @> ${JSON.stringify({ [f.key]: r.value })}::jsonb`;
    });
    return sql`(${sql.join(arms, sql` or `)})`;
  }
  if (def.type !== 'number' && def.type !== 'money' && def.type !== 'date') throw fieldError({ [param]: 'v.customRange' });
  const bound = (raw: string | undefined, suffix: string) => {
    if (raw === undefined) return undefined;
    const r = normalizeCustomValue(def, raw);
    if ('error' in r) throw fieldError({ [`${param}.${suffix}`]: r.error as never });
    return String(r.value);
  };
  const lo = bound(f.gte, 'gte');
  const hi = bound(f.lte, 'lte');
  const value = def.type === 'date' ? sql`(${customers.custom} ->> ${f.key})` : sql`(${customers.custom} ->> ${f.key})::numeric`;
  const cast = def.type === 'date' ? sql`` : sql`::numeric`;
  const conds = [lo !== undefined ? sql`${value} >= ${lo}${cast}` : undefined, hi !== undefined ? sql`${value} <= ${hi}${cast}` : undefined];
  return and(...conds)!;
}

const range = (column: Parameters<typeof gte>[0], from?: string | number, to?: string | number) => [
  from !== undefined ? gte(column, typeof from === 'string' ? new Date(from) : from) : undefined,
  to !== undefined ? lte(column, typeof to === 'string' ? new Date(to) : to) : undefined,
];

/** Every filter of the query as one condition list (visibility not included). */
export async function customerFilters(tx: Tx, actor: Actor, q: CustomerListQuery): Promise<(SQL | undefined)[]> {
  const defs = q.customFilters.length ? await customFieldDefs(tx, actor.orgId, 'customer') : [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const digits = q.phone?.replace(/\D/g, '');
  return [
    q.view === 'mine' ? eq(customers.ownerId, actor.userId) : undefined,
    q.view === 'team' ? sql`${customers.ownerId} = any(${teamOwners(actor)})` : undefined,
    q.view === 'pool' ? isNull(customers.ownerId) : undefined,
    q.q ? (searchCondition(customers, q.q) ?? sql`${customers.nameKey} like ${containsPattern(nameKey(q.q))}`) : undefined,
    q.number ? eq(customers.number, q.number) : undefined,
    q.name ? nameFilter(q.name) : undefined,
    q.contact
      ? sql`${customers.id} in (select ${contacts.customerId} from ${contacts} where ${contacts.orgId} = ${actor.orgId} and ${contacts.deletedAt} is null and ${
          searchCondition(contacts, q.contact) ?? sql`${contacts.name} like ${containsPattern(q.contact)}`
        })`
      : undefined,
    digits ? fragmentFilter(digits, sql`${customers.phoneKey}`) : undefined,
    q.email ? fragmentFilter(normalizeSearch(q.email), sql`lower(${customers.email})`) : undefined,
    q.address ? addressFilter(q.address) : undefined,
    q.industry?.length ? inArray(customers.industry, q.industry) : undefined,
    q.kind?.length ? inArray(customers.kind, q.kind) : undefined,
    q.channel?.length ? inArray(customers.channel, q.channel) : undefined,
    q.source?.length ? inArray(customers.source, q.source) : undefined,
    q.level?.length ? inArray(customers.level, q.level) : undefined,
    q.status?.length ? inArray(customers.status, q.status) : undefined,
    ...range(customers.importance, q.importanceMin, q.importanceMax),
    ...range(customers.createdAt, q.createdFrom, q.createdTo),
    ...range(customers.updatedAt, q.updatedFrom, q.updatedTo),
    ...range(customers.lastFollowupAt, q.lastFollowupFrom, q.lastFollowupTo),
    ...range(customers.nextContactAt, q.nextContactFrom, q.nextContactTo),
    q.provinceCode ? eq(customers.provinceCode, q.provinceCode) : undefined,
    q.cityCode ? eq(customers.cityCode, q.cityCode) : undefined,
    q.districtCode ? eq(customers.districtCode, q.districtCode) : undefined,
    q.tags?.length ? sql`${customers.tags} && ${textArray(q.tags)}::text[]` : undefined,
    q.ownerIds?.length ? sql`${customers.ownerId} = any(${`{${q.ownerIds.join(',')}}`}::uuid[])` : undefined,
    ...q.customFilters.map((f) => customFilter(f, byKey.get(f.key))),
  ];
}

/* ---------- sort and keyset ---------- */

interface SortDef {
  /** The sort key as text, for the cursor. */
  key: SQL<string>;
  /** ORDER BY in the direction of the index (desc) and its reverse (asc). */
  desc: SQL;
  asc: SQL;
  /** Rows after (value, id) in each direction. */
  after: (value: string, id: string, order: 'asc' | 'desc') => SQL;
}

/**
 * The time indexes run (time desc nulls last, id asc), so "newest first" orders ties by ascending id and
 * "oldest first" is the same index read backwards. The redundant leading bound lets the scan start at the cursor.
 */
function timeSort(column: typeof customers.updatedAt | typeof customers.createdAt): SortDef {
  return {
    key: keysetAt(column),
    desc: sql`${column} desc nulls last, ${customers.id} asc`,
    asc: sql`${column} asc nulls first, ${customers.id} desc`,
    after: (value, id, order) =>
      order === 'desc'
        ? sql`${column} <= ${value}::timestamptz and (${column} < ${value}::timestamptz or ${customers.id} > ${id}::uuid)`
        : sql`${column} >= ${value}::timestamptz and (${column} > ${value}::timestamptz or ${customers.id} < ${id}::uuid)`,
  };
}

/** Number and name key are unique per organisation, so they order rows on their own. */
function uniqueSort(column: typeof customers.number | typeof customers.nameKey): SortDef {
  return {
    key: sql<string>`${column}`,
    desc: sql`${column} desc`,
    asc: sql`${column} asc`,
    after: (value, _id, order) => (order === 'desc' ? sql`${column} < ${value}` : sql`${column} > ${value}`),
  };
}

const SORTS: Record<CustomerSort, SortDef> = {
  updatedAt: timeSort(customers.updatedAt),
  createdAt: timeSort(customers.createdAt),
  number: uniqueSort(customers.number),
  name: uniqueSort(customers.nameKey),
};

interface Cursor {
  sort: CustomerSort;
  order: 'asc' | 'desc';
  value: string;
  id: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify([c.sort, c.order, c.value, c.id])).toString('base64url');

function decode(cursor: string | undefined, sort: CustomerSort, order: 'asc' | 'desc'): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [s, o, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (s === sort && o === order && typeof value === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { sort, order, value, id };
    }
  } catch {
    // Falls through to the same answer as a well-formed cursor of another sort.
  }
  throw new AppError('validation_failed', 400, { cursor: 'v.cursor' });
}

/**
 * The total of a filtered list: exact while it is at most CUSTOMER_EXACT_COUNT_MAX (counting stops there), past
 * that the planner's estimate, flagged, since counting a million visible rows would cost more than the page.
 */
async function countCustomers(tx: Tx, where: SQL | undefined): Promise<{ total: number; estimated: boolean }> {
  const plan = await queryRows<{ 'QUERY PLAN': unknown }>(tx, sql`explain (format json) select 1 from ${customers} where ${where}`);
  const raw = plan[0]?.['QUERY PLAN'];
  const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  const estimate = Math.round(json[0]!.Plan['Plan Rows']);
  // Counting a large set costs more than the page itself; the planner's guess is off by small factors, not tens.
  if (estimate > CUSTOMER_EXACT_COUNT_MAX * 10) return { total: estimate, estimated: true };
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from (select 1 from ${customers} where ${where} limit ${CUSTOMER_EXACT_COUNT_MAX + 1}) capped`,
  );
  const n = row?.n ?? 0;
  if (n <= CUSTOMER_EXACT_COUNT_MAX) return { total: n, estimated: false };
  return { total: Math.max(estimate, n), estimated: true };
}

export async function listCustomers(tx: Tx, actor: Actor, q: CustomerListQuery) {
  const acc = await loadCustomerAccess(tx, actor);
  const filters = await customerFilters(tx, actor, q);
  const where = and(eq(customers.orgId, actor.orgId), customerVisible(acc, 'read'), ...filters);
  const sort = SORTS[q.sort];
  const cursor = decode(q.cursor, q.sort, q.order);
  const rows = await tx
    .select({ ...customerColumns, ownerName, cursorValue: sort.key })
    .from(customers)
    .where(cursor ? and(where, sort.after(cursor.value, cursor.id, q.order)) : where)
    .orderBy(q.order === 'desc' ? sort.desc : sort.asc)
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const count = cursor ? null : await countCustomers(tx, where);
  return {
    items: page.map(({ ownerName: owner, cursorValue: _, ...c }) => presentCustomer(c, owner)),
    nextCursor: rows.length > q.limit && last ? encode({ sort: q.sort, order: q.order, value: last.cursorValue, id: last.id }) : null,
    /** Only the first page counts; later pages keep the first page's total. */
    total: count?.total ?? null,
    totalEstimated: count?.estimated ?? false,
  };
}
