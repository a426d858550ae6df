import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError } from '../../lib/errors.ts';
import type { MessageKey } from '../../../shared/i18n/messages.ts';
import type { CustomerCreate, CustomerUpdate } from '../../../shared/validation/customers.ts';
import { checkCustomValues, customUserIds } from '../../../shared/validation/customfields.ts';
import { counters } from '../tenants/tenants.schema.ts';
import { customFieldDefs } from '../customfields/customfields.service.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import { users } from '../users/users.schema.ts';
import { customerVisible, type CustomerAccess } from './customers.access.ts';
import { customerKeys } from './customers.keys.ts';
import type { CustomerRow } from './customers.present.ts';
import { customerRelations, customers } from './customers.schema.ts';
import { lookup } from '../../lib/lookup.ts';

/**
 * The rules a customer's values must meet beyond their format (checked by the shared schemas): dictionary codes
 * the organisation has, custom fields it defines, owners who are active users, uniqueness of name, credit code
 * and phone, and CUS-05's related customers of a channel customer.
 */

/** The business fields a create or update writes, in their stored form. */
export const BUSINESS_FIELDS = [
  'name',
  'englishName',
  'kind',
  'channel',
  'industry',
  'source',
  'importance',
  'level',
  'status',
  'tags',
  'phone',
  'email',
  'provinceCode',
  'cityCode',
  'districtCode',
  'address',
  'creditCode',
  'website',
  'otherInfo',
  'custom',
] as const;
export type BusinessField = (typeof BUSINESS_FIELDS)[number];
export type CustomerValues = Pick<CustomerRow, BusinessField>;

export function valuesOf(input: CustomerCreate | CustomerUpdate, custom: Record<string, unknown>): CustomerValues {
  const out = {} as Record<BusinessField, unknown>;
  for (const f of BUSINESS_FIELDS) out[f] = f === 'custom' ? custom : f === 'tags' ? [...new Set(input.tags)] : input[f];
  return out as CustomerValues;
}

/** The stored derived columns for a set of values. */
export const derivedColumns = (v: Pick<CustomerRow, 'name' | 'englishName' | 'number' | 'phone' | 'email' | 'address'>) => customerKeys(v);

/** Which dictionary each coded field takes its codes from. */
const DICT_OF = { industry: 'industry', source: 'customer_source', level: 'customer_level' } as const;

/**
 * Codes must be enabled items of the organisation's dictionary. A value the record already holds stays valid
 * after its item is disabled, so that unrelated edits still save.
 */
async function dictErrors(tx: Tx, orgId: string, values: CustomerValues, previous?: Partial<CustomerValues>) {
  const wanted = (Object.keys(DICT_OF) as (keyof typeof DICT_OF)[]).filter((f) => values[f] && values[f] !== previous?.[f]);
  if (!wanted.length) return {};
  const found = await tx
    .select({ type: dictItems.dictType, code: dictItems.code })
    .from(dictItems)
    .where(
      and(
        eq(dictItems.orgId, orgId),
        eq(dictItems.enabled, true),
        or(...wanted.map((f) => and(eq(dictItems.dictType, DICT_OF[f]), eq(dictItems.code, values[f]!)))),
      ),
    );
  const have = new Set(found.map((r) => `${r.type}:${r.code}`));
  const errors: Record<string, MessageKey> = {};
  for (const f of wanted) if (!have.has(`${DICT_OF[f]}:${values[f]}`)) errors[f] = 'v.unknownOption';
  return errors;
}

/** Active users among `ids`, in one query. */
export async function activeUserIds(tx: Tx, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from ${users} where org_id = ${orgId} and status = 'active' and id = any(${`{${[...new Set(ids)].join(',')}}`}::uuid[])`,
  );
  return new Set(rows.map((r) => r.id));
}

/** A relation type code must be an enabled item of the relation_type dictionary. */
export async function relationTypeErrors(tx: Tx, orgId: string, types: readonly (string | null)[]): Promise<boolean> {
  const wanted = [...new Set(types.filter((t): t is string => !!t))];
  if (!wanted.length) return false;
  const rows = await tx
    .select({ code: dictItems.code })
    .from(dictItems)
    .where(and(eq(dictItems.orgId, orgId), eq(dictItems.dictType, 'relation_type'), eq(dictItems.enabled, true)));
  const have = new Set(rows.map((r) => r.code));
  return wanted.some((t) => !have.has(t));
}

/**
 * Checks dictionary codes and custom values and returns the custom values in stored form; throws one 422 naming
 * every failing field. `extra` carries errors the caller found (owner, related customers) so they come together.
 */
export async function checkValues(
  tx: Tx,
  orgId: string,
  input: CustomerCreate | CustomerUpdate,
  previous: CustomerRow | undefined,
  extra: Record<string, MessageKey> = {},
): Promise<CustomerValues> {
  const defs = await customFieldDefs(tx, orgId, 'customer');
  const custom = checkCustomValues(defs, input.custom, previous?.custom ?? {});
  const values = valuesOf(input, custom.values);
  const errors: Record<string, string> = { ...extra, ...custom.errors, ...(await dictErrors(tx, orgId, values, previous)) };
  const refs = customUserIds(defs, custom.values).filter((id) => !Object.values(previous?.custom ?? {}).includes(id));
  if (refs.length) {
    const ok = await activeUserIds(tx, orgId, refs);
    for (const d of defs) if (d.type === 'user' && refs.includes(custom.values[d.key] as string) && !ok.has(custom.values[d.key] as string)) errors[`custom.${d.key}`] = 'v.customUser';
  }
  if (Object.keys(errors).length) throw fieldError(errors as Record<string, MessageKey>);
  return values;
}

/**
 * Refuses a customer whose normalised name, credit code or phone another living customer has (409 duplicate),
 * naming each colliding field; customers in the recycle bin do not count. The body carries the match: its id when the actor may open it, and always its name and
 * owner (CUS-03 shows those of customers one cannot open).
 */
export async function assertNoDuplicate(tx: Tx, acc: CustomerAccess, v: Pick<CustomerRow, 'name' | 'creditCode' | 'phone'>, excludeId?: string) {
  const keys = customerKeys({ name: v.name, phone: v.phone, number: '' });
  const rows = await tx
    .select({
      id: customers.id,
      name: customers.name,
      byName: sql<boolean>`${customers.nameKey} = ${keys.nameKey}`,
      byCredit: sql<boolean>`coalesce(${customers.creditCode} = ${v.creditCode}, false)`,
      byPhone: sql<boolean>`coalesce(${customers.phoneKey} = ${keys.phoneKey}, false)`,
      visible: sql<boolean>`${customerVisible(acc, 'read')}`,
      ownerName: lookup<string | null>(users, users.name, customers.orgId, customers.ownerId),
    })
    .from(customers)
    .where(
      and(
        eq(customers.orgId, acc.actor.orgId),
        isNull(customers.deletedAt),
        or(
          eq(customers.nameKey, keys.nameKey),
          v.creditCode ? eq(customers.creditCode, v.creditCode) : undefined,
          keys.phoneKey ? eq(customers.phoneKey, keys.phoneKey) : undefined,
        ),
        excludeId ? sql`${customers.id} <> ${excludeId}` : undefined,
      ),
    )
    .limit(3);
  if (!rows.length) return;
  const fields: Record<string, MessageKey> = {};
  if (rows.some((r) => r.byName)) fields.name = 'v.duplicateName';
  if (rows.some((r) => r.byCredit)) fields.creditCode = 'v.duplicateCreditCode';
  if (rows.some((r) => r.byPhone)) fields.phone = 'v.duplicatePhone';
  const match = rows.find((r) => r.byName) ?? rows.find((r) => r.byCredit) ?? rows[0]!;
  throw new AppError('duplicate', 409, fields, undefined, {
    existingId: match.visible ? match.id : null,
    existingName: match.name,
    existingOwnerName: match.ownerName,
  });
}

/** The relations a customer has, for CUS-05's rule that a channel customer keeps at least one. */
export async function relationCount(tx: Tx, orgId: string, customerId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ${customerRelations} where org_id = ${orgId} and customer_id = ${customerId}`,
  );
  return row?.n ?? 0;
}

/** Active customers the actor may read among `ids`: relations may only point at those. */
export async function readableActiveIds(tx: Tx, acc: CustomerAccess, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.orgId, acc.actor.orgId),
        sql`${customers.id} = any(${`{${ids.join(',')}}`}::uuid[])`,
        eq(customers.approvalState, 'active'),
        customerVisible(acc, 'read'),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** The owner of a new or transferred customer must be an active user; naming someone else needs customer:assign. */
export async function ownerErrors(tx: Tx, actor: Actor, ownerId: string): Promise<Record<string, MessageKey>> {
  if (ownerId !== actor.userId && !actor.permissions.has('customer:assign')) throw new AppError('forbidden', 403);
  const ok = await activeUserIds(tx, actor.orgId, [ownerId]);
  return ok.has(ownerId) ? {} : { ownerId: 'v.ownerInvalid' };
}

/**
 * Numbers for new customers, "KH" and eight digits from the organisation's counter; `count` at once for bulk
 * loaders (import, demo data), which take one counter update for the whole batch.
 */
export async function nextCustomerNumbers(tx: Tx, orgId: string, count = 1): Promise<string[]> {
  const [row] = await tx
    .insert(counters)
    .values({ orgId, name: 'customer', value: count })
    .onConflictDoUpdate({ target: [counters.orgId, counters.name], set: { value: sql`${counters.value} + ${count}` } })
    .returning({ value: counters.value });
  const last = row!.value;
  return Array.from({ length: count }, (_, i) => formatCustomerNumber(last - count + 1 + i));
}

export const formatCustomerNumber = (n: number) => `KH${String(n).padStart(8, '0')}`;
