import { and, asc, count, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, duplicate, fieldError, notFound, versionConflict } from '../../lib/errors.ts';
import {
  CUSTOM_FIELDS_MAX,
  type CustomFieldCreate,
  type CustomFieldDef,
  type CustomFieldListQuery,
  type CustomFieldReorder,
  type CustomFieldUpdate,
  type CustomRecordType,
} from '../../../shared/validation/customfields.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { customFields } from './customfields.schema.ts';

type CustomFieldRow = typeof customFields.$inferSelect;

/** Step between neighbours, so one field can later be placed between two others without renumbering. */
const POSITION_STEP = 10;

/** The table whose `custom` column holds each record type's values. */
const VALUE_TABLES: Record<CustomRecordType, string> = { customer: 'customers' };

export function presentCustomField(f: CustomFieldRow) {
  return {
    id: f.id,
    recordType: f.recordType,
    key: f.key,
    labelZh: f.labelZh,
    labelEn: f.labelEn,
    type: f.type,
    options: f.options,
    required: f.required,
    position: f.position,
    enabled: f.enabled,
    updatedAt: f.updatedAt,
    version: f.version,
  };
}
export type CustomFieldView = ReturnType<typeof presentCustomField>;

const auditView = (f: CustomFieldRow) => ({
  key: f.key,
  labelZh: f.labelZh,
  labelEn: f.labelEn,
  type: f.type,
  options: f.options,
  required: f.required,
  position: f.position,
  enabled: f.enabled,
});

const fieldsOf = (tx: Tx, orgId: string, recordType: string) =>
  tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.orgId, orgId), eq(customFields.recordType, recordType)))
    .orderBy(asc(customFields.position), asc(customFields.key))
    .limit(CUSTOM_FIELDS_MAX);

/** Every definition of a record type, disabled ones included: writes keep their values, filters name them. */
export async function customFieldDefs(tx: Tx, orgId: string, recordType: CustomRecordType): Promise<(CustomFieldDef & CustomFieldView)[]> {
  return (await fieldsOf(tx, orgId, recordType)).map(presentCustomField);
}

export async function listCustomFields(tx: Tx, actor: Actor, query: CustomFieldListQuery) {
  const rows = await fieldsOf(tx, actor.orgId, query.recordType);
  return { items: rows.filter((f) => query.includeDisabled || f.enabled).map(presentCustomField) };
}

async function findField(tx: Tx, orgId: string, id: string) {
  const [row] = await tx.select().from(customFields).where(and(eq(customFields.orgId, orgId), eq(customFields.id, id)));
  if (!row) throw notFound();
  return row;
}

export async function createCustomField(tx: Tx, actor: Actor, input: CustomFieldCreate) {
  const [stats] = await tx
    .select({ n: count(), maxPos: sql<number | null>`max(${customFields.position})` })
    .from(customFields)
    .where(and(eq(customFields.orgId, actor.orgId), eq(customFields.recordType, input.recordType)));
  if (stats!.n >= CUSTOM_FIELDS_MAX) throw fieldError({ key: 'v.customFieldsFull' }, { max: CUSTOM_FIELDS_MAX });
  const [row] = await tx
    .insert(customFields)
    .values({
      orgId: actor.orgId,
      recordType: input.recordType,
      key: input.key,
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      type: input.type,
      options: input.options,
      required: input.required,
      position: input.position ?? (stats!.maxPos ?? 0) + POSITION_STEP,
      enabled: input.enabled,
    })
    .onConflictDoNothing({ target: [customFields.orgId, customFields.recordType, customFields.key] })
    .returning();
  if (!row) throw duplicate({ key: 'v.codeTaken' });
  await recordAudit(tx, actor, { module: 'customfields', action: 'create', recordType: 'custom_field', recordId: row.id, recordLabel: `${row.recordType}/${row.key}`, after: auditView(row) });
  return presentCustomField(row);
}

export async function updateCustomField(tx: Tx, actor: Actor, id: string, input: CustomFieldUpdate) {
  const before = await findField(tx, actor.orgId, id);
  const optionType = before.type === 'option' || before.type === 'multi_option';
  if (optionType !== input.options.length > 0) throw fieldError({ options: 'v.optionsRequired' });
  const [after] = await tx
    .update(customFields)
    .set({
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      options: input.options,
      required: input.required,
      position: input.position,
      enabled: input.enabled,
      updatedAt: new Date(),
      version: sql`${customFields.version} + 1`,
    })
    .where(and(eq(customFields.orgId, actor.orgId), eq(customFields.id, id), eq(customFields.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, {
    module: 'customfields',
    action: 'update',
    recordType: 'custom_field',
    recordId: id,
    recordLabel: `${after.recordType}/${after.key}`,
    ...diff(auditView(before), auditView(after)),
  });
  return presentCustomField(after);
}

/** Puts the listed fields first in the given order; the others keep their relative order after them. */
export async function reorderCustomFields(tx: Tx, actor: Actor, input: CustomFieldReorder) {
  const current = await fieldsOf(tx, actor.orgId, input.recordType);
  const byId = new Map(current.map((f) => [f.id, f]));
  if (input.ids.some((id) => !byId.has(id))) throw fieldError({ ids: 'v.notFound' });
  const listed = new Set(input.ids);
  const order = [...input.ids.map((id) => byId.get(id)!), ...current.filter((f) => !listed.has(f.id))];
  const changed = order.map((f, i) => ({ f, position: (i + 1) * POSITION_STEP })).filter(({ f, position }) => f.position !== position);
  if (changed.length) {
    const values = sql.join(
      changed.map(({ f, position }) => sql`(${f.id}::uuid, ${position}::int)`),
      sql`, `,
    );
    await tx.execute(sql`update custom_fields c set position = v.position, updated_at = now(), version = c.version + 1
        from (values ${values}) as v(id, position) where c.org_id = ${actor.orgId} and c.id = v.id`);
    await recordAudit(tx, actor, {
      module: 'customfields',
      action: 'reorder',
      recordType: 'custom_field',
      recordId: input.recordType,
      recordLabel: input.recordType,
      before: { keys: current.map((f) => f.key) },
      after: { keys: order.map((f) => f.key) },
    });
  }
  return listCustomFields(tx, actor, { recordType: input.recordType, includeDisabled: true });
}

/**
 * A field some record holds a value for cannot be deleted (409 in_use): its values would linger unseen and
 * come back under a new field with the same key. Disabling it hides it from forms and keeps the data.
 */
export async function deleteCustomField(tx: Tx, actor: Actor, id: string) {
  const field = await findField(tx, actor.orgId, id);
  const table = VALUE_TABLES[field.recordType as CustomRecordType];
  const [used] = await queryRows<{ used: boolean }>(
    tx,
    sql`select exists (select 1 from ${sql.identifier(table)} where org_id = ${actor.orgId} and custom ? ${field.key}) as used`,
  );
  if (used?.used) throw new AppError('in_use', 409);
  await tx.delete(customFields).where(and(eq(customFields.orgId, actor.orgId), eq(customFields.id, id)));
  await recordAudit(tx, actor, { module: 'customfields', action: 'delete', recordType: 'custom_field', recordId: id, recordLabel: `${field.recordType}/${field.key}`, before: auditView(field) });
}
