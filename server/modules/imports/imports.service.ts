import { gunzipSync, gzipSync } from 'node:zlib';
import { and, desc, eq, getTableColumns, inArray, isNotNull, or, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { queryRows, type Db, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError, forbidden, notFound, violatedUnique } from '../../lib/errors.ts';
import { EXPORT_CONTENT_TYPES, renderExport, type ExportColumn } from '../../lib/export.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import { withOrg } from '../../lib/tx.ts';
import { translate, type Locale, type MessageKey } from '../../../shared/i18n/messages.ts';
import {
  IMPORT_MAX_COLUMNS,
  IMPORT_MAX_ROWS,
  IMPORT_MODULE,
  IMPORT_RECORD_TYPES,
  importPermission,
  type ImportListQuery,
  type ImportRecordType,
  type ImportSettings,
  type ImportTemplateQuery,
} from '../../../shared/validation/imports.ts';
import { bytesOf } from '../attachments/attachments.schema.ts';
import type { Upload } from '../attachments/attachments.upload.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { contactGroups, contacts } from '../contacts/contacts.schema.ts';
import { childVisible, customerVisible, loadCustomerAccess } from '../customers/customers.access.ts';
import { customers } from '../customers/customers.schema.ts';
import { customFieldDefs } from '../customfields/customfields.service.ts';
import { syncCustomerFollowupFacts } from '../followups/followups.service.ts';
import { followups } from '../followups/followups.schema.ts';
import { organizations } from '../tenants/tenants.schema.ts';
import { users } from '../users/users.schema.ts';
import * as cv from './imports.convert.ts';
import { baseFields, customFieldsAsImport, label, suggestMapping, type ImportField } from './imports.fields.ts';
import { openSheet, sheetFormat, type Cell } from './imports.parse.ts';
import { createRun, ImportConflict, type Rejection, type RunContext } from './imports.rows.ts';
import { importChanges, importFiles, imports } from './imports.schema.ts';

/**
 * Imports of customers, contacts and follow-ups (IO-01): upload and mapping, a validation of every row before any
 * is written, an all-or-nothing write in one transaction, a report of rejected rows, undo, history.
 *
 * Progress: the rows are validated chunk by chunk, each chunk in its own short transaction that also records
 * how many rows are done, so the web's progress bar moves and the embedded database (one connection) keeps
 * serving other requests between chunks. The write itself is one transaction.
 */

type ImportRow = Omit<typeof imports.$inferSelect, 'report'>;

const CHUNK = 2000;
/** Rows shown in the mapping step, so the user sees what each column holds. */
const SAMPLE_ROWS = 5;
/** Uploads never started are dropped after this long. */
const PENDING_TTL_HOURS = 24;

const TABLE_OF = { customer: customers, contact: contacts, followup: followups } as const;
const TABLE_NAME = { customer: 'customers', contact: 'contacts', followup: 'followups' } as const;

export function assertMayImport(actor: Actor, recordType: ImportRecordType) {
  if (!actor.permissions.has(importPermission(recordType))) throw forbidden();
}

const permittedTypes = (actor: Actor) => IMPORT_RECORD_TYPES.filter((t) => actor.permissions.has(importPermission(t)));

/**
 * Another user's import (its file name, counts and rejected rows, which hold rows of that user's file) is shown only
 * to those who see every record of its type.
 */
const seesEveryImport = (actor: Actor, recordType: ImportRecordType) => actor.scopes[IMPORT_MODULE[recordType]] === 'all';

/** Every field an import of this record type can fill: the built-in ones and the organisation's custom fields. */
export async function importFields(tx: Tx, orgId: string, recordType: ImportRecordType): Promise<ImportField[]> {
  const base = baseFields(recordType);
  return recordType === 'customer' ? [...base, ...customFieldsAsImport(await customFieldDefs(tx, orgId, 'customer'))] : base;
}

const presentFields = (fields: ImportField[], locale: Locale) =>
  fields.map((f) => ({ key: f.key, label: label(f.label, locale), required: Boolean(f.required), kind: f.kind }));

function present(row: ImportRow, locale: Locale, createdByName: string | null, extra: object = {}) {
  return {
    id: row.id,
    recordType: row.recordType,
    status: row.status,
    fileName: row.fileName,
    duplicateMode: row.duplicateMode,
    headers: row.headers,
    mapping: row.mapping,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdRows: row.createdRows,
    updatedRows: row.updatedRows,
    skippedRows: row.skippedRows,
    rejectedRows: row.rejectedRows,
    hasReport: row.rejectedRows > 0,
    // The only parameter a stored reason takes is the row limit.
    error: row.error ? translate(locale, row.error, { max: IMPORT_MAX_ROWS }) : null,
    createdBy: { id: row.createdBy, name: createdByName },
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    undoneAt: row.undoneAt,
    ...extra,
  };
}

/** Every column but the report, which only its download reads. */
const { report: _report, ...importColumns } = getTableColumns(imports);

async function loadImport(tx: Tx, actor: Actor, id: string): Promise<ImportRow> {
  const [row] = await tx.select(importColumns).from(imports).where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id)));
  if (!row) throw notFound();
  assertMayImport(actor, row.recordType as ImportRecordType);
  if (row.createdBy !== actor.userId && !seesEveryImport(actor, row.recordType as ImportRecordType)) throw notFound();
  return row;
}

async function userName(tx: Tx, orgId: string, id: string): Promise<string | null> {
  const [u] = await tx.select({ name: users.name }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return u?.name ?? null;
}

export async function getImport(tx: Tx, actor: Actor, id: string) {
  const row = await loadImport(tx, actor, id);
  const extra = row.status === 'pending' ? { fields: presentFields(await importFields(tx, actor.orgId, row.recordType as ImportRecordType), actor.locale) } : {};
  return present(row, actor.locale, await userName(tx, actor.orgId, row.createdBy), extra);
}

/* ---------- upload and mapping ---------- */

/** Reads the header and the first rows outside any transaction: a large file is parsed without holding the database. */
export async function inspectUpload(upload: Upload) {
  sheetFormat(upload.fileName);
  const sheet = await openSheet(upload.fileName, upload.content);
  if (!sheet.headers.some(Boolean)) throw fieldError({ file: 'v.importNoHeader' });
  if (sheet.headers.length > IMPORT_MAX_COLUMNS) throw fieldError({ file: 'v.importTooManyColumns' }, { max: IMPORT_MAX_COLUMNS });
  if (sheet.estimatedRows > IMPORT_MAX_ROWS) throw fieldError({ file: 'v.importTooManyRows' }, { max: IMPORT_MAX_ROWS });
  const first = await sheet.chunks(SAMPLE_ROWS).next();
  const sample = (first.done ? [] : first.value).map((r) => sheet.headers.map((_, i) => cellText(r.cells[i] ?? null)));
  if (!sample.length) throw fieldError({ file: 'v.importNoRows' });
  return { headers: sheet.headers, sample, estimatedRows: sheet.estimatedRows };
}

const cellText = (c: Cell) => (c === null ? '' : String(c));

export async function createImport(
  tx: Tx,
  actor: Actor,
  recordType: ImportRecordType,
  upload: Upload,
  inspected: Awaited<ReturnType<typeof inspectUpload>>,
) {
  assertMayImport(actor, recordType);
  // Abandoned uploads of the organisation go first, so files never started do not pile up.
  const stale = sql`${imports.orgId} = ${actor.orgId} and ${imports.status} = 'pending' and ${imports.createdAt} < now() - make_interval(hours => ${PENDING_TTL_HOURS})`;
  await tx.execute(sql`delete from ${importFiles} where ${importFiles.orgId} = ${actor.orgId} and ${importFiles.importId} in (select ${imports.id} from ${imports} where ${stale})`);
  await tx.delete(imports).where(stale);
  const fields = await importFields(tx, actor.orgId, recordType);
  const [row] = await tx
    .insert(imports)
    .values({
      orgId: actor.orgId,
      recordType,
      fileName: upload.fileName,
      duplicateMode: 'skip',
      headers: inspected.headers,
      mapping: suggestMapping(inspected.headers, fields),
      totalRows: inspected.estimatedRows,
      createdBy: actor.userId,
    })
    .returning();
  // Kept compressed: a CSV shrinks tenfold, and the database holds it only until the import has run.
  await tx.insert(importFiles).values({ orgId: actor.orgId, importId: row!.id, content: gzipSync(upload.content, { level: 1 }) });
  return present(row!, actor.locale, actor.name, { fields: presentFields(fields, actor.locale), sample: inspected.sample });
}

const assertPending = (row: ImportRow) => {
  if (row.status !== 'pending') throw new AppError('import_state', 409);
};

/** Checks a mapping against the file and the fields: real columns, known fields, each once, every required one. */
function mappingErrors(row: ImportRow, fields: ImportField[], mapping: Record<string, string>): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  const known = new Map(fields.map((f) => [f.key, f]));
  const used = new Map<string, string>();
  for (const [column, key] of Object.entries(mapping)) {
    if (Number(column) >= row.headers.length) errors[`mapping.${column}`] = 'v.mappingColumn';
    else if (!known.has(key)) errors[`mapping.${column}`] = 'v.mappingField';
    else if (used.has(key)) errors[`mapping.${column}`] = 'v.mappingTwice';
    used.set(key, column);
  }
  for (const f of fields) if (f.required && f.kind !== 'custom' && !used.has(f.key)) errors[`field.${f.key}`] = 'v.mappingRequired';
  return errors;
}

export async function updateImportSettings(tx: Tx, actor: Actor, id: string, input: ImportSettings) {
  const row = await loadImport(tx, actor, id);
  assertPending(row);
  const fields = await importFields(tx, actor.orgId, row.recordType as ImportRecordType);
  const errors = mappingErrors(row, fields, input.mapping);
  if (Object.keys(errors).length) throw fieldError(errors);
  const [after] = await tx
    .update(imports)
    .set({ mapping: input.mapping, duplicateMode: input.duplicateMode })
    .where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id), eq(imports.status, 'pending')))
    .returning();
  if (!after) throw new AppError('import_state', 409);
  return present(after, actor.locale, await userName(tx, actor.orgId, after.createdBy), { fields: presentFields(fields, actor.locale) });
}

/* ---------- running ---------- */

async function runContext(tx: Tx, actor: Actor, row: ImportRow, date1904: boolean): Promise<RunContext> {
  const recordType = row.recordType as ImportRecordType;
  const fields = await importFields(tx, actor.orgId, recordType);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const columns = new Map<string, { field: ImportField; index: number }>();
  for (const [column, key] of Object.entries(row.mapping)) {
    const field = byKey.get(key);
    if (field) columns.set(key, { field, index: Number(column) });
  }
  const dictTypes = fields.flatMap((f) => (f.dictType ? [f.dictType] : []));
  const [org] = await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, actor.orgId));
  const groups = new Map<string, string>();
  if (recordType === 'contact' && columns.has('groups')) {
    for (const g of await tx.select({ id: contactGroups.id, name: contactGroups.name }).from(contactGroups).where(eq(contactGroups.orgId, actor.orgId))) {
      groups.set(cv.fold(g.name), g.id);
    }
  }
  return {
    actor,
    acc: await loadCustomerAccess(tx, actor, IMPORT_MODULE[recordType]),
    importId: row.id,
    mode: row.duplicateMode,
    locale: actor.locale,
    timeZone: org?.timeZone ?? actor.timeZone,
    date1904,
    columns,
    customDefs: recordType === 'customer' ? await customFieldDefs(tx, actor.orgId, 'customer') : [],
    dict: await cv.DictLookup.load(tx, actor.orgId, dictTypes),
    users: await cv.UserLookup.load(tx, actor.orgId),
    groups,
  };
}

/** The rejected rows with their reasons, beside the file's own columns, as a spreadsheet to correct and upload again. */
async function rejectionReport(row: ImportRow, rejected: Rejection[], locale: Locale): Promise<Buffer> {
  const columns: ExportColumn[] = [
    { key: 'line', header: translate(locale, 'import.report.row'), width: 8 },
    { key: 'reasons', header: translate(locale, 'import.report.reasons'), width: 60 },
    ...row.headers.map((h, i) => ({ key: `c${i}`, header: h })),
  ];
  const rows = [...rejected]
    .sort((a, b) => a.line - b.line)
    .map((r) => {
      const out: Record<string, unknown> = { line: r.line, reasons: r.reasons.join(locale === 'en-US' ? '; ' : '；') };
      row.headers.forEach((_, i) => (out[`c${i}`] = r.cells[i] ?? null));
      return out;
    });
  return renderExport('xlsx', columns, rows, { sheetName: translate(locale, 'import.report.sheet') });
}

async function finish(db: Db, actor: Actor, id: string, values: Partial<typeof imports.$inferInsert>) {
  await withOrg(db, actor.orgId, async (tx) => {
    await tx.update(imports).set({ ...values, finishedAt: new Date() }).where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id)));
    await tx.delete(importFiles).where(and(eq(importFiles.orgId, actor.orgId), eq(importFiles.importId, id)));
  });
}

/**
 * Validates every row, then writes all of them or none. Runs in the request; the web polls `getImport` for the
 * progress meanwhile. A second start of the same import is refused (the status moves from pending only once).
 */
export async function startImport(db: Db, actor: Actor, id: string) {
  const { row, content } = await withOrg(db, actor.orgId, async (tx) => {
    const found = await loadImport(tx, actor, id);
    assertPending(found);
    const fields = await importFields(tx, actor.orgId, found.recordType as ImportRecordType);
    const errors = mappingErrors(found, fields, found.mapping);
    if (Object.keys(errors).length) throw fieldError(errors);
    const [started] = await tx
      .update(imports)
      .set({ status: 'running', processedRows: 0 })
      .where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id), eq(imports.status, 'pending')))
      .returning();
    if (!started) throw new AppError('import_state', 409);
    const [file] = await tx
      .select({ content: bytesOf(importFiles.content) })
      .from(importFiles)
      .where(and(eq(importFiles.orgId, actor.orgId), eq(importFiles.importId, id)));
    return { row: started, content: gunzipSync(file!.content) };
  });

  let processed = 0;
  try {
    const sheet = await openSheet(row.fileName, content);
    const ctx = await withOrg(db, actor.orgId, (tx) => runContext(tx, actor, row, sheet.date1904));
    const run = createRun(row.recordType as ImportRecordType, ctx);
    for await (const chunk of sheet.chunks(CHUNK)) {
      processed += chunk.length;
      if (processed > IMPORT_MAX_ROWS) throw fieldError({ file: 'v.importTooManyRows' }, { max: IMPORT_MAX_ROWS });
      await withOrg(db, actor.orgId, async (tx) => {
        await run.validateChunk(tx, chunk);
        await tx.update(imports).set({ processedRows: processed, totalRows: Math.max(row.totalRows, processed) }).where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id)));
      });
    }
    const counts = { totalRows: processed, processedRows: processed, skippedRows: run.skipped, rejectedRows: run.rejected.length };
    if (!processed) {
      await finish(db, actor, id, { ...counts, status: 'failed', error: 'v.importNoRows' });
    } else if (run.rejected.length) {
      await finish(db, actor, id, { ...counts, status: 'failed', report: await rejectionReport(row, run.rejected, actor.locale) });
    } else {
      await withOrg(db, actor.orgId, async (tx) => {
        const written = await run.write(tx);
        await tx
          .update(imports)
          .set({ ...counts, status: 'done', createdRows: written.created, updatedRows: written.updated, finishedAt: new Date() })
          .where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id)));
        await tx.delete(importFiles).where(and(eq(importFiles.orgId, actor.orgId), eq(importFiles.importId, id)));
        await recordAudit(tx, actor, {
          module: row.recordType,
          action: 'import',
          recordType: 'import',
          recordId: id,
          recordLabel: row.fileName,
          after: { recordType: row.recordType, duplicateMode: row.duplicateMode, rows: processed, created: written.created, updated: written.updated, skipped: run.skipped },
        });
      });
    }
  } catch (err) {
    if (err instanceof AppError && err.status === 422) {
      const key = Object.values(err.fields ?? {})[0] as MessageKey | undefined;
      await finish(db, actor, id, { status: 'failed', error: key ?? 'validation_failed', processedRows: processed });
    } else if (err instanceof ImportConflict || violatedUnique(err)) {
      // Someone changed or created a matching record while this import was being checked: run it again.
      await finish(db, actor, id, { status: 'failed', error: 'version_conflict', processedRows: processed });
    } else {
      await finish(db, actor, id, { status: 'failed', error: 'internal', processedRows: processed });
      throw err;
    }
  }
  return withOrg(db, actor.orgId, (tx) => getImport(tx, actor, id));
}

/* ---------- reading ---------- */

export async function listImports(tx: Tx, actor: Actor, query: ImportListQuery) {
  const types = query.recordType ? [query.recordType] : permittedTypes(actor);
  if (query.recordType) assertMayImport(actor, query.recordType);
  const everyImportOf = types.filter((t) => seesEveryImport(actor, t));
  const rows = await tx
    .select({ row: importColumns, createdByName: users.name, cursorAt: keysetAt(imports.createdAt), id: imports.id })
    .from(imports)
    .leftJoin(users, and(eq(users.orgId, imports.orgId), eq(users.id, imports.createdBy)))
    .where(
      and(
        eq(imports.orgId, actor.orgId),
        inArray(imports.recordType, types),
        everyImportOf.length ? or(eq(imports.createdBy, actor.userId), inArray(imports.recordType, everyImportOf)) : eq(imports.createdBy, actor.userId),
        afterCursor(imports.createdAt, imports.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  return { items: page.items.map((r) => present(r.row, actor.locale, r.createdByName)), nextCursor: page.nextCursor };
}

export async function importReport(tx: Tx, actor: Actor, id: string) {
  const row = await loadImport(tx, actor, id);
  const [file] = await tx
    .select({ report: bytesOf(imports.report) })
    .from(imports)
    .where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id), isNotNull(imports.report)));
  if (!file) throw notFound();
  const base = row.fileName.replace(/\.[^.]+$/, '');
  return { name: `${base}-${translate(actor.locale, 'import.report.sheet')}.xlsx`, type: EXPORT_CONTENT_TYPES.xlsx, body: file.report };
}

/* ---------- undo ---------- */

/**
 * Takes a whole import back: the records it created are deleted and the ones it updated get their values from
 * before. Refused (409) when any of them has changed since (a version moved on), went to the recycle bin, or has
 * records of its own now (contacts, follow-ups, files): undo must not take away anybody's later work.
 */
export async function undoImport(tx: Tx, actor: Actor, id: string) {
  const row = await loadImport(tx, actor, id);
  if (row.status !== 'done') throw new AppError('import_state', 409);
  const recordType = row.recordType as ImportRecordType;
  const table = TABLE_NAME[recordType];
  // The import's history is shared, but undoing it deletes and rewrites records: each one must be the actor's to change.
  const acc = await loadCustomerAccess(tx, actor, IMPORT_MODULE[recordType]);
  const t = TABLE_OF[recordType];
  const writable =
    recordType === 'customer'
      ? customerVisible(acc, 'write')
      : recordType === 'contact'
        ? childVisible(acc, contacts, 'write')
        : sql`(${childVisible(acc, followups, 'write')} or ${followups.createdBy} = ${actor.userId})`;
  const [barred] = await tx
    .select({ id: t.id })
    .from(t)
    .where(
      and(
        eq(t.orgId, actor.orgId),
        sql`(${t.importId} = ${id} or ${t.id} in (select ${importChanges.recordId} from ${importChanges} where ${importChanges.orgId} = ${actor.orgId} and ${importChanges.importId} = ${id}))`,
        sql`not coalesce(${writable}, false)`,
      ),
    )
    .limit(1);
  if (barred) throw forbidden();
  const [changed] = await queryRows<{ created: boolean; updated: boolean; dependents: boolean }>(
    tx,
    sql`select
          exists (select 1 from ${sql.identifier(table)} t where t.org_id = ${actor.orgId} and t.import_id = ${id} and (t.version > 0 or t.deleted_at is not null)) as created,
          exists (select 1 from import_changes ch left join ${sql.identifier(table)} t on t.org_id = ch.org_id and t.id = ch.record_id
                   where ch.org_id = ${actor.orgId} and ch.import_id = ${id}
                     and (t.id is null or t.deleted_at is not null or t.version <> (ch.before ->> 'version')::int + 1)) as updated,
          ${dependents(recordType, actor.orgId, id)} as dependents`,
  );
  if (changed!.created || changed!.updated || changed!.dependents) throw new AppError('import_changed', 409);

  const affectedCustomers =
    recordType === 'followup'
      ? (
          await queryRows<{ customer_id: string }>(
            tx,
            sql`select distinct customer_id from followups where org_id = ${actor.orgId}
                 and (import_id = ${id} or id in (select record_id from import_changes where org_id = ${actor.orgId} and import_id = ${id}))`,
          )
        ).map((r) => r.customer_id)
      : [];
  const [deleted] = await queryRows<{ n: number }>(
    tx,
    sql`with gone as (delete from ${sql.identifier(table)} where org_id = ${actor.orgId} and import_id = ${id} returning 1) select count(*)::int as n from gone`,
  );
  const restored = await restore(tx, actor.orgId, id, recordType);
  await tx.delete(importChanges).where(and(eq(importChanges.orgId, actor.orgId), eq(importChanges.importId, id)));
  if (affectedCustomers.length) await syncCustomerFollowupFacts(tx, actor.orgId, affectedCustomers);
  const [after] = await tx.update(imports).set({ status: 'undone', undoneAt: new Date() }).where(and(eq(imports.orgId, actor.orgId), eq(imports.id, id))).returning();
  await recordAudit(tx, actor, {
    module: recordType,
    action: 'undo_import',
    recordType: 'import',
    recordId: id,
    recordLabel: row.fileName,
    after: { recordType, deleted: deleted!.n, restored },
  });
  return present(after!, actor.locale, await userName(tx, actor.orgId, after!.createdBy));
}

/** Records that came to hang off the import's new records after it ran. */
function dependents(recordType: ImportRecordType, orgId: string, id: string) {
  const attachmentsOf = (type: string, table: string) =>
    sql`exists (select 1 from attachments a join ${sql.identifier(table)} t on t.org_id = a.org_id and t.id = a.record_id
                 where a.org_id = ${orgId} and a.record_type = ${type} and t.import_id = ${id})`;
  if (recordType === 'customer') {
    return sql`(${attachmentsOf('customer', 'customers')}
      or exists (select 1 from contacts x join customers t on t.org_id = x.org_id and t.id = x.customer_id where x.org_id = ${orgId} and t.import_id = ${id})
      or exists (select 1 from followups x join customers t on t.org_id = x.org_id and t.id = x.customer_id where x.org_id = ${orgId} and t.import_id = ${id})
      or exists (select 1 from customer_relations x join customers t on t.org_id = x.org_id and (t.id = x.customer_id or t.id = x.related_id) where x.org_id = ${orgId} and t.import_id = ${id}))`;
  }
  if (recordType === 'contact') {
    return sql`(${attachmentsOf('contact', 'contacts')}
      or exists (select 1 from followups x join contacts t on t.org_id = x.org_id and t.id = x.contact_id where x.org_id = ${orgId} and t.import_id = ${id}))`;
  }
  return attachmentsOf('followup', 'followups');
}

/** Puts the updated rows back as they were (every column), one version further on so stale forms are refused. */
async function restore(tx: Tx, orgId: string, id: string, recordType: ImportRecordType): Promise<number> {
  const table = TABLE_NAME[recordType];
  const names = Object.values(getTableColumns(TABLE_OF[recordType]))
    .map((c) => c.name)
    .filter((n) => n !== 'org_id' && n !== 'id' && n !== 'version');
  const sets = sql.join(
    names.map((n) => sql`${sql.identifier(n)} = r.${sql.identifier(n)}`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update ${sql.identifier(table)} t set ${sets}, version = t.version + 1
          from import_changes ch, jsonb_populate_record(null::${sql.identifier(table)}, ch.before) r
         where ch.org_id = ${orgId} and ch.import_id = ${id} and t.org_id = ch.org_id and t.id = ch.record_id
        returning t.id`,
  );
  return rows.length;
}

/* ---------- template ---------- */

function exampleOf(f: ImportField, locale: Locale, ctx: { dict: cv.DictLookup; username: string }): string {
  if (f.example) return label(f.example, locale);
  if (f.kind === 'dict') {
    const first = ctx.dict.labels.get(f.dictType!)?.[0];
    return first ? (locale === 'en-US' ? first.en : first.zh) : '';
  }
  if (f.kind === 'user') return f.key === 'owner' ? ctx.username : '';
  if (f.kind === 'custom') {
    const d = f.custom!;
    const first = (d.options as { labelZh?: string; labelEn?: string; value: string }[])[0];
    if (d.type === 'option' || d.type === 'multi_option') return first ? ((locale === 'en-US' ? first.labelEn : first.labelZh) ?? first.value) : '';
    return { date: '2024-05-01', number: '100', money: '1000.00', user: ctx.username, text: '' }[d.type as string] ?? '';
  }
  return '';
}

function hintOf(f: ImportField, locale: Locale, dict: cv.DictLookup): string {
  const t = (key: MessageKey, params?: Record<string, string>) => translate(locale, key, params);
  const sep = locale === 'en-US' ? ', ' : '、';
  const options = (values: string[]) => t('import.hint.options', { values: values.join(sep) });
  switch (f.kind) {
    case 'dict':
      return options((dict.labels.get(f.dictType!) ?? []).map((i) => (locale === 'en-US' ? i.en : i.zh)));
    case 'enum':
      return options(Object.values(f.values ?? {}).map((w) => (locale === 'en-US' ? (w.find((x) => /^[a-z]/i.test(x)) ?? w[0]!) : w[1] ?? w[0]!)));
    case 'int':
      return t(f.key === 'importance' ? 'import.hint.importance' : 'import.hint.number');
    case 'date':
      return t('import.hint.date');
    case 'datetime':
      return t('import.hint.datetime');
    case 'user':
      return t('import.hint.user');
    case 'customer':
      return t('import.hint.customer');
    case 'contact':
      return t('import.hint.contact');
    case 'tags':
    case 'groups':
      return t('import.hint.tags');
    case 'bool':
      return t('import.hint.bool');
    case 'province':
    case 'city':
    case 'district':
    case 'region':
      return t('import.hint.region');
    case 'custom': {
      const d = f.custom!;
      if (d.type === 'option' || d.type === 'multi_option') {
        return options((d.options as { labelZh?: string; labelEn?: string; value: string }[]).map((o) => (locale === 'en-US' ? o.labelEn : o.labelZh) ?? o.value));
      }
      if (d.type === 'date') return t('import.hint.date');
      if (d.type === 'user') return t('import.hint.user');
      return t(d.type === 'text' ? 'import.hint.text' : 'import.hint.number');
    }
    default:
      return t('import.hint.text');
  }
}

/**
 * A file to fill in: the headers in the user's language (the organisation's custom fields included) and one
 * example row; the Excel version adds a sheet that explains each column and lists the values it takes.
 */
export async function importTemplate(tx: Tx, actor: Actor, query: ImportTemplateQuery) {
  assertMayImport(actor, query.recordType);
  const locale = actor.locale;
  // One region column is enough: the template offers province, city and district.
  const fields = (await importFields(tx, actor.orgId, query.recordType)).filter((f) => f.key !== 'region');
  const dict = await cv.DictLookup.load(tx, actor.orgId, fields.flatMap((f) => (f.dictType ? [f.dictType] : [])));
  const example = Object.fromEntries(fields.map((f) => [f.key, exampleOf(f, locale, { dict, username: actor.username })]));
  const name = `${translate(locale, `export.${query.recordType}` as MessageKey)}-${locale === 'en-US' ? 'import-template' : '导入模板'}.${query.format}`;
  const columns = fields.map((f) => ({ key: f.key, header: label(f.label, locale) }));
  if (query.format === 'csv') return { name, type: EXPORT_CONTENT_TYPES.csv, body: await renderExport('csv', columns, [example]) };

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(translate(locale, `export.${query.recordType}` as MessageKey), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = fields.map((f) => ({ key: f.key, width: Math.max(14, label(f.label, locale).length * 2 + 4) }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  fields.forEach((f, i) => {
    if (f.required) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFCF1322' } };
  });
  sheet.addRow(fields.map((f) => example[f.key]));
  const help = workbook.addWorksheet(translate(locale, 'import.template.help'));
  help.columns = [{ width: 24 }, { width: 8 }, { width: 80 }];
  help.addRow([translate(locale, 'import.template.column'), translate(locale, 'import.template.required'), translate(locale, 'import.template.format')]).font = { bold: true };
  for (const f of fields) help.addRow([label(f.label, locale), f.required ? translate(locale, 'import.yes') : '', hintOf(f, locale, dict)]);
  return { name, type: EXPORT_CONTENT_TYPES.xlsx, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
