import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { withSystem } from '../lib/tx.ts';
import { cleanupAuditLogs, systemWho } from '../modules/audit/audit.service.ts';
import { orgSettings } from '../../shared/validation/settings.ts';
import { defineJob, type JobLog } from './jobs.ts';

export interface AuditRetentionResult {
  orgId: string;
  before: string;
  retentionDays: number;
  deleted: number;
}

const ORG_PAGE = 200;
const retentionDays = orgSettings.shape.auditRetentionDays;

/**
 * Enforces every organisation's `settings.auditRetentionDays`: entries from before (today in the organisation's
 * time zone − retention days) are deleted by the audit module's own clean-up, which logs itself in that
 * organisation's log as the system. One transaction per organisation, so a failure stays with that
 * organisation and the embedded database is never held for the whole run. An organisation with nothing old
 * enough gets no entry, so the daily run does not fill the log with empty clean-ups.
 */
export async function runAuditRetention(
  db: Db,
  options: { orgIds?: string[]; signal?: AbortSignal; log?: JobLog } = {},
): Promise<{ done: AuditRetentionResult[]; failed: string[] }> {
  const done: AuditRetentionResult[] = [];
  const failed: string[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const orgs = await withSystem(db, (tx) =>
      queryRows<{ id: string; time_zone: string; settings: { auditRetentionDays?: unknown } | null; today: string }>(
        tx,
        sql`select id, time_zone, settings, to_char((now() at time zone time_zone)::date, 'YYYY-MM-DD') as today
              from organizations
             where id > ${after}::uuid ${options.orgIds ? sql`and id = any(${sql.param(options.orgIds)}::uuid[])` : sql``}
             order by id limit ${ORG_PAGE}`,
      ),
    );
    for (const org of orgs) {
      if (options.signal?.aborted) return { done, failed };
      // A missing or out-of-range value (an older settings row) means the default, never "keep nothing".
      const parsed = retentionDays.safeParse(org.settings?.auditRetentionDays);
      const days = parsed.success ? parsed.data : retentionDays.parse(undefined);
      const before = minusDays(org.today, days);
      try {
        const deleted = await withSystem(db, async (tx) => {
          const [old] = await queryRows<{ any: boolean }>(
            tx,
            sql`select exists (select 1 from audit_logs
                                where org_id = ${org.id} and at < (${before}::date::timestamp at time zone ${org.time_zone})) as any`,
          );
          if (!old!.any) return 0;
          return (await cleanupAuditLogs(tx, systemWho(org.id), { before, retentionDays: days })).deleted;
        });
        done.push({ orgId: org.id, before, retentionDays: days, deleted });
      } catch (err) {
        failed.push(org.id);
        options.log?.error({ err, orgId: org.id }, 'audit retention failed for an organisation');
      }
    }
    if (orgs.length < ORG_PAGE) return { done, failed };
    after = orgs.at(-1)!.id;
  }
}

/** 'YYYY-MM-DD' minus whole days, as calendar arithmetic (no time zone involved). */
function minusDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! - days)).toISOString().slice(0, 10);
}

/** Daily at 03:00 China time; `orgIds` in the data limits a run (a manual re-run, tests). */
export const auditRetentionJob = defineJob<{ orgIds?: string[] }>({
  name: 'audit.retention',
  schedule: { cron: '0 3 * * *', tz: 'Asia/Shanghai' },
  queue: { expireInSeconds: 60 * 60 },
  pollingIntervalSeconds: 30,
  async handler(data, ctx) {
    const { done, failed } = await runAuditRetention(ctx.db, { orgIds: data.orgIds, signal: ctx.signal, log: ctx.log });
    const deleted = done.reduce((n, r) => n + r.deleted, 0);
    if (deleted) ctx.log.info(`audit retention: ${deleted} entries deleted in ${done.filter((r) => r.deleted).length} organisations`);
    // Failing the run makes pg-boss retry it; organisations already done find nothing left to delete.
    if (failed.length) throw new Error(`audit retention failed for ${failed.length} organisations: ${failed.join(', ')}`);
    return { organisations: done.length, deleted };
  },
});
