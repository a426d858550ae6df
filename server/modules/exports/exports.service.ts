import { Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows, type Db, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError, forbidden, notFound } from '../../lib/errors.ts';
import { EXPORT_CONTENT_TYPES, exportFileName, streamExport, type ExportSink } from '../../lib/export.ts';
import { afterCursor, keysetAt } from '../../lib/paginate.ts';
import { withOrg } from '../../lib/tx.ts';
import { translate, type MessageKey } from '../../../shared/i18n/messages.ts';
import { contactListQuery } from '../../../shared/validation/contacts.ts';
import { customerListQuery } from '../../../shared/validation/customers.ts';
import { exportPermission, PDF_EXPORT_MAX_ROWS, type ExportCreate, type ExportList } from '../../../shared/validation/exports.ts';
import { followupListQuery } from '../../../shared/validation/followups.ts';
import { issuesToFields } from '../../lib/validation.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { contactListWhere } from '../contacts/contacts.service.ts';
import { contactGroups, contacts } from '../contacts/contacts.schema.ts';
import { afterSortKey } from '../contacts/sort-keyset.ts';
import { customerVisible, loadCustomerAccess } from '../customers/customers.access.ts';
import { customerFilters } from '../customers/customers.list.ts';
import { customerColumns, ownerName } from '../customers/customers.present.ts';
import { customers } from '../customers/customers.schema.ts';
import { customFieldDefs } from '../customfields/customfields.service.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import { followupListWhere } from '../followups/followups.service.ts';
import { followups } from '../followups/followups.schema.ts';
import { users } from '../users/users.schema.ts';
import { columnHeader, resolveColumns, type ColumnDef, type Formatter } from './exports.columns.ts';
import { exportChunks, exportJobs } from './exports.schema.ts';
import { bytesOf } from '../attachments/attachments.schema.ts';
import { lookup } from '../../lib/lookup.ts';

/**
 * Exports of the customer, contact and follow-up lists (IO-02) to Excel, CSV and PDF: exactly the rows the list
 * shows its reader (the list's own visibility rule and filters), in the list's order and with its columns.
 *
 * An export runs in the background of the process that received it: rows are read in keyset batches of a
 * thousand, each batch in its own short transaction that also records the progress, and the file is written
 * to the database in pieces of about a megabyte as it grows. Memory stays bounded by a batch and a piece, any
 * instance can serve the download, and a reader polls the progress.
 */

type ExportRow = typeof exportJobs.$inferSelect;

const BATCH = 1000;
const PIECE_BYTES = 1 << 20;
/** A running export that has not moved for this long was cut off (its process ended). */
const STALE_MS = 2 * 60_000;
const KEEP_HOURS = 24;

/** Exports running in this process, so that shutting down waits for them. */
const running = new Set<Promise<void>>();
export const exportsInFlight = () => Promise.allSettled([...running]);

/* ---------- what a list reads ---------- */

interface Plan {
  count(tx: Tx): Promise<number>;
  /** The next batch after `after` (the previous batch's last cursor), each row with its own cursor. */
  fetch(tx: Tx, after: Cursor | undefined): Promise<(Record<string, unknown> & { cursor: Cursor })[]>;
}
interface Cursor {
  value: string;
  id: string;
}

function parseFilters<T extends z.ZodType>(schema: T, filters: ExportCreate['filters'], locale: Parameters<typeof issuesToFields>[1]): z.output<T> {
  const { limit: _l, cursor: _c, ...rest } = filters as Record<string, unknown>;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    const fields = Object.fromEntries(Object.entries(issuesToFields(parsed.error.issues, locale)).map(([k, v]) => [`filters.${k}`, v]));
    throw new AppError('validation_failed', 400, fields);
  }
  return parsed.data;
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;
const count = async (tx: Tx, table: SQL, where: SQL) => (await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${table} where ${where}`))[0]!.n;

async function customerPlan(tx: Tx, actor: Actor, input: ExportCreate): Promise<Plan> {
  const q = parseFilters(customerListQuery, input.filters, actor.locale);
  const acc = await loadCustomerAccess(tx, actor, 'customer');
  const where = and(
    eq(customers.orgId, actor.orgId),
    customerVisible(acc, 'read'),
    ...(await customerFilters(tx, actor, q)),
    input.ids ? sql`${customers.id} = any(${uuidArray(input.ids)}::uuid[])` : undefined,
  )!;
  // The list's own orders: time sorts run (time desc, id asc) as its indexes do; number and name are unique.
  const time = q.sort === 'updatedAt' || q.sort === 'createdAt' ? customers[q.sort] : null;
  const unique = q.sort === 'number' ? customers.number : customers.nameKey;
  const key = time ? keysetAt(time) : sql<string>`${unique}`;
  const orderBy = time
    ? q.order === 'desc'
      ? sql`${time} desc nulls last, ${customers.id} asc`
      : sql`${time} asc nulls first, ${customers.id} desc`
    : q.order === 'desc'
      ? sql`${unique} desc`
      : sql`${unique} asc`;
  const after = (c: Cursor) => {
    if (!time) return q.order === 'desc' ? sql`${unique} < ${c.value}` : sql`${unique} > ${c.value}`;
    return q.order === 'desc'
      ? sql`${time} <= ${c.value}::timestamptz and (${time} < ${c.value}::timestamptz or ${customers.id} > ${c.id}::uuid)`
      : sql`${time} >= ${c.value}::timestamptz and (${time} > ${c.value}::timestamptz or ${customers.id} < ${c.id}::uuid)`;
  };
  return {
    count: (t) => count(t, sql`${customers}`, where),
    async fetch(t, cursor) {
      const rows = await t
        .select({ ...customerColumns, ownerName, cursorValue: key })
        .from(customers)
        .where(cursor ? and(where, after(cursor)) : where)
        .orderBy(orderBy)
        .limit(BATCH);
      return rows.map((r) => ({ ...r, cursor: { value: r.cursorValue, id: r.id } }));
    },
  };
}

const CONTACT_SORT = {
  updatedAt: { column: contacts.updatedAt, type: 'timestamptz', dir: 'desc' },
  createdAt: { column: contacts.createdAt, type: 'timestamptz', dir: 'desc' },
  name: { column: contacts.name, type: 'text', dir: 'asc' },
} as const;

async function contactPlan(tx: Tx, actor: Actor, input: ExportCreate): Promise<Plan> {
  const q = parseFilters(contactListQuery, input.filters, actor.locale);
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const where = and(contactListWhere(acc, q), input.ids ? inArray(contacts.id, input.ids) : undefined)!;
  const sort = CONTACT_SORT[q.sort];
  const dir = q.order ?? sort.dir;
  const owner = lookup<string | null>(users, users.name, contacts.orgId, contacts.ownerId);
  const customerName = lookup<string>(customers, customers.name, contacts.orgId, contacts.customerId);
  return {
    count: (t) => count(t, sql`${contacts}`, where),
    async fetch(t, cursor) {
      const rows = await t
        .select({
          id: contacts.id,
          name: contacts.name,
          title: contacts.title,
          department: contacts.department,
          gender: contacts.gender,
          mobile: contacts.mobile,
          phone: contacts.phone,
          email: contacts.email,
          wechat: contacts.wechat,
          birthday: contacts.birthday,
          isPrimary: contacts.isPrimary,
          groupIds: contacts.groupIds,
          notes: contacts.notes,
          createdAt: contacts.createdAt,
          updatedAt: contacts.updatedAt,
          customerName,
          ownerName: owner,
          cursorValue: sort.type === 'timestamptz' ? keysetAt(sort.column) : sql<string>`${sort.column}`,
        })
        .from(contacts)
        .where(and(where, afterSortKey(sort.column, contacts.id, cursor, dir, sort.type)))
        .orderBy(...(dir === 'desc' ? [desc(sort.column), desc(contacts.id)] : [asc(sort.column), asc(contacts.id)]))
        .limit(BATCH);
      return rows.map((r) => ({ ...r, cursor: { value: r.cursorValue, id: r.id } }));
    },
  };
}

async function followupPlan(tx: Tx, actor: Actor, input: ExportCreate): Promise<Plan> {
  const q = parseFilters(followupListQuery, input.filters, actor.locale);
  const acc = await loadCustomerAccess(tx, actor, 'activity');
  const where = and(followupListWhere(acc, q), input.ids ? inArray(followups.id, input.ids) : undefined)!;
  const ref = <T>(table: typeof customers | typeof contacts | typeof users, column: AnyColumn, idColumn: AnyColumn) =>
    lookup<T>(table, column, followups.orgId, idColumn);
  return {
    count: (t) => count(t, sql`${followups}`, where),
    async fetch(t, cursor) {
      const rows = await t
        .select({
          id: followups.id,
          occurredAt: followups.occurredAt,
          method: followups.method,
          content: followups.content,
          nextContactAt: followups.nextContactAt,
          createdAt: followups.createdAt,
          customerName: ref<string>(customers, customers.name, followups.customerId),
          contactName: ref<string | null>(contacts, contacts.name, followups.contactId),
          contactMobile: ref<string | null>(contacts, contacts.mobile, followups.contactId),
          contactPhone: ref<string | null>(contacts, contacts.phone, followups.contactId),
          contactEmail: ref<string | null>(contacts, contacts.email, followups.contactId),
          authorName: ref<string | null>(users, users.name, followups.createdBy),
          cursorValue: keysetAt(followups.occurredAt),
        })
        .from(followups)
        .where(and(where, afterCursor(followups.occurredAt, followups.id, cursor && { at: cursor.value, id: cursor.id })))
        .orderBy(desc(followups.occurredAt), desc(followups.id))
        .limit(BATCH);
      return rows.map((r) => ({ ...r, cursor: { value: r.cursorValue, id: r.id } }));
    },
  };
}

const PLANS: Record<ExportList, (tx: Tx, actor: Actor, input: ExportCreate) => Promise<Plan>> = {
  customer: customerPlan,
  contact: contactPlan,
  followup: followupPlan,
};

/* ---------- cells as the reader sees them ---------- */

async function formatter(tx: Tx, actor: Actor, list: ExportList): Promise<Formatter> {
  const locale = actor.locale;
  const labels = new Map<string, string>();
  for (const i of await tx.select().from(dictItems).where(eq(dictItems.orgId, actor.orgId))) labels.set(`${i.dictType}:${i.code}`, locale === 'en-US' ? i.labelEn : i.labelZh);
  const names = new Map<string, string>();
  const defs = list === 'customer' ? await customFieldDefs(tx, actor.orgId, 'customer') : [];
  if (defs.some((d) => d.type === 'user')) for (const u of await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.orgId, actor.orgId))) names.set(u.id, u.name);
  const groups = new Map<string, string>();
  if (list === 'contact') for (const g of await tx.select().from(contactGroups).where(eq(contactGroups.orgId, actor.orgId))) groups.set(g.id, g.name);
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const clock = new Intl.DateTimeFormat('sv-SE', { timeZone: actor.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sep = locale === 'en-US' ? ', ' : '、';
  const optionLabel = (key: string, value: string) => {
    const o = (byKey.get(key)?.options as { value: string; labelZh?: string; labelEn?: string }[] | undefined)?.find((x) => x.value === value);
    return (o && (locale === 'en-US' ? o.labelEn : o.labelZh)) ?? value;
  };
  return {
    locale,
    time: (v) => (v ? clock.format(typeof v === 'string' ? new Date(v) : v) : null),
    dict: (type, code) => (code ? (labels.get(`${type}:${code}`) ?? code) : null),
    userName: (id) => (id ? (names.get(id) ?? null) : null),
    groupNames: (ids) => ids.map((id) => groups.get(id) ?? '').filter(Boolean).join(sep),
    join: (values) => values.join(sep),
    customLabel: (key) => {
      const d = byKey.get(key);
      return d && { zh: d.labelZh, en: d.labelEn };
    },
    custom(key, value) {
      const d = byKey.get(key);
      if (value === null || value === undefined || !d) return value ?? null;
      if (d.type === 'option') return optionLabel(key, value as string);
      if (d.type === 'multi_option') return (value as string[]).map((v) => optionLabel(key, v)).join(sep);
      if (d.type === 'user') return names.get(value as string) ?? null;
      return value;
    },
  };
}

/* ---------- running ---------- */

function present(row: ExportRow) {
  const stalled = row.status === 'running' && Date.now() - row.updatedAt.getTime() > STALE_MS;
  return {
    id: row.id,
    list: row.list,
    format: row.format,
    status: stalled ? 'failed' : row.status,
    fileName: row.fileName,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    size: row.size,
    error: stalled ? 'internal' : row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/** Writes the file into the database piece by piece. */
class ChunkSink implements ExportSink {
  private pieces: Buffer[] = [];
  private pending = 0;
  private seq = 0;
  size = 0;
  constructor(
    private readonly db: Db,
    private readonly orgId: string,
    private readonly exportId: string,
  ) {}

  async write(chunk: Buffer) {
    this.pieces.push(chunk);
    this.pending += chunk.length;
    if (this.pending >= PIECE_BYTES) await this.flush();
  }

  async flush() {
    if (!this.pending) return;
    const content = Buffer.concat(this.pieces);
    this.pieces = [];
    this.pending = 0;
    const seq = this.seq++;
    await withOrg(this.db, this.orgId, (tx) => tx.insert(exportChunks).values({ orgId: this.orgId, exportId: this.exportId, seq, content }));
    this.size += content.length;
  }
}

async function run(db: Db, actor: Actor, row: ExportRow, plan: Plan, columns: ColumnDef[], fmt: Formatter) {
  const mark = (values: Partial<typeof exportJobs.$inferInsert>) =>
    withOrg(db, actor.orgId, (tx) => tx.update(exportJobs).set({ ...values, updatedAt: new Date() }).where(and(eq(exportJobs.orgId, actor.orgId), eq(exportJobs.id, row.id))));
  const sink = new ChunkSink(db, actor.orgId, row.id);
  async function* rows() {
    let cursor: Cursor | undefined;
    let done = 0;
    for (;;) {
      const batch = await withOrg(db, actor.orgId, async (tx) => {
        const b = await plan.fetch(tx, cursor);
        await tx.update(exportJobs).set({ processedRows: done + b.length, updatedAt: new Date() }).where(and(eq(exportJobs.orgId, actor.orgId), eq(exportJobs.id, row.id)));
        return b;
      });
      for (const r of batch) yield Object.fromEntries(columns.map((c) => [c.key, c.value(r, fmt)]));
      done += batch.length;
      if (batch.length < BATCH) return;
      cursor = batch.at(-1)!.cursor;
    }
  }
  try {
    const title = translate(fmt.locale, 'export.generated', {
      name: translate(fmt.locale, `export.${row.list}` as MessageKey),
      time: fmt.time(row.createdAt)!,
      count: row.totalRows,
    });
    await streamExport(row.format as 'xlsx' | 'csv' | 'pdf', columns.map((c) => ({ key: c.key, header: columnHeader(c, fmt.locale), width: c.width })), rows(), sink, {
      sheetName: translate(fmt.locale, `export.${row.list}` as MessageKey),
      title,
      pageLabel: (page, pages) => translate(fmt.locale, 'export.page', { page, pages }),
    });
    await sink.flush();
    await mark({ status: 'done', size: sink.size, finishedAt: new Date() });
  } catch {
    await mark({ status: 'failed', error: 'internal', finishedAt: new Date() }).catch(() => undefined);
  }
}

/**
 * Starts an export and answers at once with its id; the file is written in the background. Audited when asked
 * for, with the filters, columns and row count.
 */
export async function createExport(db: Db, actor: Actor, input: ExportCreate) {
  if (!actor.permissions.has(exportPermission(input.list))) throw forbidden();
  const started = await withOrg(db, actor.orgId, async (tx) => {
    const fmt = await formatter(tx, actor, input.list);
    const columns = resolveColumns(input.list, input.columns, fmt);
    if ('unknown' in columns) throw fieldError({ columns: 'v.exportColumn' });
    const plan = await PLANS[input.list](tx, actor, input);
    const total = await plan.count(tx);
    if (input.format === 'pdf' && total > PDF_EXPORT_MAX_ROWS) throw fieldError({ format: 'v.pdfTooLarge' }, { max: PDF_EXPORT_MAX_ROWS });
    // This reader's exports from before yesterday go first: their files are a day's convenience, not an archive.
    const old = and(eq(exportJobs.orgId, actor.orgId), eq(exportJobs.createdBy, actor.userId), lt(exportJobs.createdAt, sql`now() - make_interval(hours => ${KEEP_HOURS})`));
    await tx.delete(exportChunks).where(and(eq(exportChunks.orgId, actor.orgId), sql`${exportChunks.exportId} in (select ${exportJobs.id} from ${exportJobs} where ${old})`));
    await tx.delete(exportJobs).where(old);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: actor.timeZone }).format(new Date());
    const [row] = await tx
      .insert(exportJobs)
      .values({
        orgId: actor.orgId,
        list: input.list,
        format: input.format,
        fileName: exportFileName(translate(actor.locale, `export.${input.list}` as MessageKey), input.format, today),
        totalRows: total,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, {
      module: input.list,
      action: 'export',
      recordType: 'export',
      recordId: row!.id,
      recordLabel: row!.fileName,
      after: { list: input.list, format: input.format, filters: input.filters, columns: input.columns, rows: total, ...(input.ids ? { ids: input.ids.length } : {}) },
    });
    return { row: row!, plan, columns, fmt };
  });
  const task = run(db, actor, started.row, started.plan, started.columns, started.fmt);
  running.add(task);
  void task.finally(() => running.delete(task));
  return present(started.row);
}

async function loadOwn(tx: Tx, actor: Actor, id: string): Promise<ExportRow> {
  const [row] = await tx.select().from(exportJobs).where(and(eq(exportJobs.orgId, actor.orgId), eq(exportJobs.id, id), eq(exportJobs.createdBy, actor.userId)));
  if (!row) throw notFound();
  if (!actor.permissions.has(exportPermission(row.list as ExportList))) throw forbidden();
  return row;
}

export async function getExport(tx: Tx, actor: Actor, id: string) {
  return present(await loadOwn(tx, actor, id));
}

/** The finished file, read back piece by piece as it is sent. */
export async function exportDownload(db: Db, actor: Actor, id: string) {
  const row = await withOrg(db, actor.orgId, (tx) => loadOwn(tx, actor, id));
  if (row.status !== 'done') throw new AppError('conflict', 409);
  async function* pieces() {
    for (let seq = 0; ; seq++) {
      const [piece] = await withOrg(db, actor.orgId, (tx) =>
        tx
          .select({ content: bytesOf(exportChunks.content) })
          .from(exportChunks)
          .where(and(eq(exportChunks.orgId, actor.orgId), eq(exportChunks.exportId, id), eq(exportChunks.seq, seq))),
      );
      if (!piece) return;
      yield piece.content;
    }
  }
  return { name: row.fileName, type: EXPORT_CONTENT_TYPES[row.format as 'xlsx' | 'csv' | 'pdf'], size: row.size, body: Readable.from(pieces()) };
}
