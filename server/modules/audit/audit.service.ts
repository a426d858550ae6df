import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor, RequestInfo } from '../../lib/context.ts';
import { fieldError, notFound } from '../../lib/errors.ts';
import { EXPORT_CONTENT_TYPES, exportFileName, renderExport, type ExportColumn } from '../../lib/export.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage, type Keyset } from '../../lib/paginate.ts';
import { translate, type Locale, type MessageKey } from '../../../shared/i18n/messages.ts';
import {
  AUDIT_EXPORT_MAX_ROWS,
  AUDIT_MIN_RETENTION_DAYS,
  type AuditCleanupInput,
  type AuditExportQuery,
  type AuditFilter,
  type AuditListQuery,
} from '../../../shared/validation/audit.ts';
import { auditLogs } from './audit.schema.ts';

export interface AuditEntry {
  module: string;
  action: string;
  recordType?: string;
  recordId?: string;
  recordLabel?: string;
  before?: unknown;
  after?: unknown;
}

/** A signed-in actor, or the facts of an act nobody signed in for (registration, a background job). */
export type Who = Actor | (RequestInfo & { orgId: string; userId?: string | null; name?: string | null });

/** The author of what a background job does in an organisation: no user, so the log shows it as the system. */
export function systemWho(orgId: string): Who {
  return { orgId, userId: null, name: null, ip: null, userAgent: null, locale: 'zh-CN' };
}

const SECRET_KEYS = new Set(['password', 'passwordHash', 'confirmPassword', 'oldPassword', 'newPassword', 'token', 'csrfToken']);

/** Passwords and tokens never reach the log, whatever a caller hands in. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k)).map(([k, v]) => [k, redact(v)]));
  }
  return value;
}

/** Fields whose value differs, so an update's entry shows only what changed (before → after). */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (key === 'version' || key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Written inside the caller's transaction, so a change and its audit entry commit or vanish together. */
export async function recordAudit(tx: Tx, who: Who, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, who, [entry]);
}

/** Many entries by one author in one insert: bulk actions audit each record they touch without a round trip each. */
export async function recordAudits(tx: Tx, who: Who, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const isActor = 'username' in who;
  await tx.insert(auditLogs).values(
    entries.map((entry) => ({
      orgId: who.orgId,
      actorId: isActor ? who.userId : (who.userId ?? null),
      actorName: isActor ? who.name : (who.name ?? null),
      ip: who.ip,
      module: entry.module,
      action: entry.action,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      recordLabel: entry.recordLabel ?? null,
      before: entry.before === undefined ? null : redact(entry.before),
      after: entry.after === undefined ? null : redact(entry.after),
    })),
  );
}

/* ---------- keyset paging ---------- */

/** Position after the last row of a page, for lists ordered newest first by a timestamp and then by id. */
/* ---------- reading the log ---------- */

const entryColumns = {
  id: auditLogs.id,
  at: auditLogs.at,
  actorId: auditLogs.actorId,
  actorName: auditLogs.actorName,
  ip: auditLogs.ip,
  module: auditLogs.module,
  action: auditLogs.action,
  recordType: auditLogs.recordType,
  recordId: auditLogs.recordId,
  recordLabel: auditLogs.recordLabel,
  before: auditLogs.before,
  after: auditLogs.after,
};

/** A range ending before it starts is a rule the user broke (422), not malformed input. */
function checkRange(f: AuditFilter) {
  if (f.from && f.to && Date.parse(f.to) < Date.parse(f.from)) throw fieldError({ to: 'v.dateRange' });
}

/** Every condition is an equality or range on a column that leads one of the audit_logs indexes after org_id. */
function filterWhere(orgId: string, f: AuditFilter) {
  return and(
    eq(auditLogs.orgId, orgId),
    f.from ? gte(auditLogs.at, new Date(f.from)) : undefined,
    f.to ? lte(auditLogs.at, new Date(f.to)) : undefined,
    f.actorId ? eq(auditLogs.actorId, f.actorId) : undefined,
    f.module ? eq(auditLogs.module, f.module) : undefined,
    f.action ? eq(auditLogs.action, f.action) : undefined,
    f.recordType ? eq(auditLogs.recordType, f.recordType) : undefined,
    f.recordId ? eq(auditLogs.recordId, f.recordId) : undefined,
  );
}

export async function listAuditLogs(tx: Tx, actor: Actor, query: AuditListQuery) {
  checkRange(query);
  const rows = await tx
    .select({ ...entryColumns, cursorAt: keysetAt(auditLogs.at) })
    .from(auditLogs)
    .where(and(filterWhere(actor.orgId, query), afterCursor(auditLogs.at, auditLogs.id, decodeCursor(query.cursor))))
    .orderBy(desc(auditLogs.at), desc(auditLogs.id))
    .limit(query.limit + 1);
  return keysetPage(rows, query.limit);
}

const FACETS_MAX = 1000;

/**
 * The module/action pairs present, for the filter drop-downs. A plain DISTINCT would read every entry; this
 * walks audit_logs_module_idx from one pair to the next (a loose index scan), one index probe per pair.
 */
export async function auditFacets(tx: Tx, actor: Actor) {
  const pairs = await queryRows<{ module: string; action: string }>(
    tx,
    sql`with recursive pairs(module, action) as (
          (select module, action from audit_logs where org_id = ${actor.orgId} order by module, action limit 1)
          union all
          select n.module, n.action
            from pairs p
            cross join lateral (
              select a.module, a.action from audit_logs a
               where a.org_id = ${actor.orgId} and (a.module, a.action) > (p.module, p.action)
               order by a.module, a.action limit 1
            ) n
        )
        select module, action from pairs limit ${FACETS_MAX}`,
  );
  return { modules: [...new Set(pairs.map((p) => p.module))], actions: pairs };
}

const EXPORT_BATCH = 5000;

/** The log as CSV or XLSX, headers in the reader's language and times in the organisation's time zone. */
export async function exportAuditLogs(tx: Tx, actor: Actor, query: AuditExportQuery, locale: Locale) {
  checkRange(query);
  const where = filterWhere(actor.orgId, query);
  const capped = tx.select({ one: sql`1` }).from(auditLogs).where(where).limit(AUDIT_EXPORT_MAX_ROWS + 1).as('capped');
  const [counted] = await tx.select({ n: sql<number>`count(*)::int` }).from(capped);
  // Refused rather than cut short: a silently truncated audit export would look complete.
  if (counted!.n > AUDIT_EXPORT_MAX_ROWS) throw fieldError({ from: 'v.exportTooLarge' }, { max: AUDIT_EXPORT_MAX_ROWS });

  const [org] = await queryRows<{ time_zone: string; today: string }>(
    tx,
    sql`select time_zone, to_char(now() at time zone time_zone, 'YYYY-MM-DD') as today from organizations where id = ${actor.orgId}`,
  );
  const timeZone = org!.time_zone;
  async function* rows() {
    let cursor: Keyset | undefined;
    for (;;) {
      const batch = await tx
        .select({
          ...entryColumns,
          at: sql<string>`to_char(${auditLogs.at} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI:SS')`,
          cursorAt: keysetAt(auditLogs.at),
        })
        .from(auditLogs)
        .where(and(where, afterCursor(auditLogs.at, auditLogs.id, cursor)))
        .orderBy(desc(auditLogs.at), desc(auditLogs.id))
        .limit(EXPORT_BATCH);
      yield* batch;
      if (batch.length < EXPORT_BATCH) return;
      cursor = { at: batch.at(-1)!.cursorAt, id: batch.at(-1)!.id };
    }
  }
  const t = (key: MessageKey) => translate(locale, key);
  const columns: ExportColumn[] = [
    { key: 'at', header: `${t('audit.at')} (${timeZone})`, width: 20 },
    { key: 'actorName', header: t('audit.actor'), width: 16 },
    { key: 'ip', header: t('audit.ip'), width: 16 },
    { key: 'module', header: t('audit.module'), width: 14 },
    { key: 'action', header: t('audit.action'), width: 18 },
    { key: 'recordType', header: t('audit.recordType'), width: 14 },
    { key: 'recordId', header: t('audit.recordId'), width: 38 },
    { key: 'recordLabel', header: t('audit.recordLabel'), width: 24 },
    { key: 'before', header: t('audit.before'), width: 40 },
    { key: 'after', header: t('audit.after'), width: 40 },
  ];
  const body = await renderExport(query.format, columns, rows(), { sheetName: t('audit.fileName') });
  const { format, ...filters } = query;
  // Reading the whole log out is itself worth a trace.
  await recordAudit(tx, actor, { module: 'audit', action: 'export', after: { format, filters, rows: counted!.n } });
  return { name: exportFileName(t('audit.fileName'), format, org!.today), type: EXPORT_CONTENT_TYPES[format], body };
}

/**
 * Deletes the organisation's entries from before the given day (midnight in its time zone). kehu_app may not
 * delete audit rows, so the caller runs this in `withSystem`, outside row-level security: every statement here
 * names the organisation itself. The clean-up's own entry is written in the same transaction. An administrator
 * calls it by hand; the daily retention job calls it as the system (`systemWho`), naming the retention it enforced.
 */
export async function cleanupAuditLogs(tx: Tx, actor: Who, input: AuditCleanupInput & { retentionDays?: number }) {
  const [org] = await queryRows<{ time_zone: string; allowed: boolean }>(
    tx,
    sql`select time_zone, ${input.before}::date <= (now() at time zone time_zone)::date - ${AUDIT_MIN_RETENTION_DAYS}::int as allowed
          from organizations where id = ${actor.orgId}`,
  );
  if (!org) throw notFound();
  if (!org.allowed) throw fieldError({ before: 'v.cleanupTooRecent' }, { days: AUDIT_MIN_RETENTION_DAYS });
  const [result] = await queryRows<{ deleted: number }>(
    tx,
    sql`with gone as (
          delete from audit_logs
           where org_id = ${actor.orgId} and at < (${input.before}::date::timestamp at time zone ${org.time_zone})
          returning 1)
        select count(*)::int as deleted from gone`,
  );
  const deleted = result!.deleted;
  const after = input.retentionDays === undefined ? { before: input.before, deleted } : { before: input.before, deleted, retentionDays: input.retentionDays };
  await recordAudit(tx, actor, { module: 'audit', action: 'cleanup', after });
  return { deleted };
}
