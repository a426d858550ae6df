import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { duplicate, fieldError, notFound, versionConflict } from '../../lib/errors.ts';
import { messages, translate, type Locale } from '../../../shared/i18n/messages.ts';
import { DICT_MAX_ITEMS, type DictItemCreate, type DictItemUpdate, type DictReorder } from '../../../shared/validation/dictionary.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { DICT_TYPES } from './dictionary.defaults.ts';
import { dictItems } from './dictionary.schema.ts';

type DictItem = typeof dictItems.$inferSelect;

/** Step between neighbours, so a single item can later be placed between two others without renumbering. */
const SORT_STEP = 10;

export function presentDictItem(item: DictItem) {
  return {
    id: item.id,
    dictType: item.dictType,
    code: item.code,
    labelZh: item.labelZh,
    labelEn: item.labelEn,
    sort: item.sort,
    color: item.color,
    enabled: item.enabled,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

const auditView = (i: DictItem) => ({ code: i.code, labelZh: i.labelZh, labelEn: i.labelEn, sort: i.sort, color: i.color, enabled: i.enabled });
const auditLabel = (i: Pick<DictItem, 'dictType' | 'code'>) => `${i.dictType}/${i.code}`;

/** Types are the ones the code knows (forms ask for them by name); items under any other name would be orphans. */
function assertKnownType(type: string) {
  if (!DICT_TYPES.includes(type)) throw fieldError({ dictType: 'v.dictType' });
}

function typeLabel(locale: Locale, type: string) {
  const key = `dict.${type}`;
  return key in messages[locale] ? translate(locale, key) : type;
}

const itemsOfType = (tx: Tx, orgId: string, type: string, includeDisabled = true) =>
  tx
    .select()
    .from(dictItems)
    .where(and(eq(dictItems.orgId, orgId), eq(dictItems.dictType, type), includeDisabled ? undefined : eq(dictItems.enabled, true)))
    .orderBy(asc(dictItems.sort), asc(dictItems.code))
    .limit(DICT_MAX_ITEMS);

async function findItem(tx: Tx, orgId: string, id: string): Promise<DictItem | undefined> {
  const [row] = await tx.select().from(dictItems).where(and(eq(dictItems.orgId, orgId), eq(dictItems.id, id)));
  return row;
}

export async function listDictTypes(tx: Tx, actor: Actor, locale: Locale) {
  const counts = await tx
    .select({ type: dictItems.dictType, total: count(), enabled: sql<number>`count(*) filter (where ${dictItems.enabled})`.mapWith(Number) })
    .from(dictItems)
    .where(eq(dictItems.orgId, actor.orgId))
    .groupBy(dictItems.dictType);
  const byType = new Map(counts.map((c) => [c.type, c]));
  return {
    items: DICT_TYPES.map((type) => ({
      type,
      label: typeLabel(locale, type),
      count: byType.get(type)?.total ?? 0,
      enabledCount: byType.get(type)?.enabled ?? 0,
    })),
  };
}

export async function listDictItems(tx: Tx, actor: Actor, query: { type: string; includeDisabled: boolean }) {
  const rows = await itemsOfType(tx, actor.orgId, query.type, query.includeDisabled);
  return { items: rows.map(presentDictItem) };
}

export async function createDictItem(tx: Tx, actor: Actor, input: DictItemCreate) {
  assertKnownType(input.dictType);
  const [stats] = await tx
    .select({ n: count(), maxSort: sql<number | null>`max(${dictItems.sort})` })
    .from(dictItems)
    .where(and(eq(dictItems.orgId, actor.orgId), eq(dictItems.dictType, input.dictType)));
  if (stats!.n >= DICT_MAX_ITEMS) throw fieldError({ dictType: 'v.dictFull' }, { max: DICT_MAX_ITEMS });
  // ON CONFLICT instead of catching the unique violation: the transaction stays usable and the answer is the same.
  const [row] = await tx
    .insert(dictItems)
    .values({
      orgId: actor.orgId,
      dictType: input.dictType,
      code: input.code,
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      sort: input.sort ?? (stats!.maxSort ?? 0) + SORT_STEP,
      color: input.color ?? null,
      enabled: input.enabled,
    })
    .onConflictDoNothing({ target: [dictItems.orgId, dictItems.dictType, dictItems.code] })
    .returning();
  if (!row) throw duplicate({ code: 'v.codeTaken' });
  await recordAudit(tx, actor, { module: 'dictionary', action: 'create', recordType: 'dict_item', recordId: row.id, recordLabel: auditLabel(row), after: auditView(row) });
  return presentDictItem(row);
}

export async function updateDictItem(tx: Tx, actor: Actor, id: string, input: DictItemUpdate) {
  const before = await findItem(tx, actor.orgId, id);
  if (!before) throw notFound();
  const [after] = await tx
    .update(dictItems)
    .set({
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      sort: input.sort ?? before.sort,
      color: input.color ?? null,
      enabled: input.enabled,
      updatedAt: new Date(),
      version: sql`${dictItems.version} + 1`,
    })
    .where(and(eq(dictItems.orgId, actor.orgId), eq(dictItems.id, id), eq(dictItems.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, {
    module: 'dictionary',
    action: 'update',
    recordType: 'dict_item',
    recordId: id,
    recordLabel: auditLabel(after),
    ...diff(auditView(before), auditView(after)),
  });
  return presentDictItem(after);
}

/**
 * Puts the listed items first, in the given order; items of the type the list leaves out keep their relative
 * order after them, so a client with a slightly stale list cannot lose an item's place.
 */
export async function reorderDictItems(tx: Tx, actor: Actor, input: DictReorder) {
  assertKnownType(input.dictType);
  const current = await itemsOfType(tx, actor.orgId, input.dictType);
  const byId = new Map(current.map((i) => [i.id, i]));
  if (input.ids.some((id) => !byId.has(id))) throw fieldError({ ids: 'v.notFound' });
  const listed = new Set(input.ids);
  const order = [...input.ids.map((id) => byId.get(id)!), ...current.filter((i) => !listed.has(i.id))];
  const changed = order.map((item, i) => ({ item, sort: (i + 1) * SORT_STEP })).filter(({ item, sort }) => item.sort !== sort);
  for (const { item, sort } of changed) {
    await tx
      .update(dictItems)
      .set({ sort, updatedAt: new Date(), version: sql`${dictItems.version} + 1` })
      .where(and(eq(dictItems.orgId, actor.orgId), eq(dictItems.id, item.id)));
  }
  if (changed.length) {
    await recordAudit(tx, actor, {
      module: 'dictionary',
      action: 'reorder',
      recordType: 'dict_type',
      recordId: input.dictType,
      recordLabel: input.dictType,
      before: { codes: current.map((i) => i.code) },
      after: { codes: order.map((i) => i.code) },
    });
  }
  return listDictItems(tx, actor, { type: input.dictType, includeDisabled: true });
}

export async function deleteDictItem(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .delete(dictItems)
    .where(and(eq(dictItems.orgId, actor.orgId), eq(dictItems.id, id)))
    .returning();
  if (!row) throw notFound();
  await recordAudit(tx, actor, { module: 'dictionary', action: 'delete', recordType: 'dict_item', recordId: id, recordLabel: auditLabel(row), before: auditView(row) });
}
