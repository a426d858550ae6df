import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { defineJob, type JobLog } from '../../jobs/jobs.ts';
import { withSystem } from '../../lib/tx.ts';
import { pickLocale, translate } from '../../../shared/i18n/messages.ts';
import type { Mailer } from '../notifications/mailer.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';

/**
 * Next-contact reminders (ACT-05, CAL-02). Once a follow-up's next contact time has come, the customer's owner
 * gets one notice in the app and by e-mail. Only the customer's latest follow-up reminds: a newer follow-up on the
 * same customer supersedes the promise of an older one (its own next contact time is the one that counts, as on
 * the customer row). Either way the follow-up is marked, so it leaves the partial index the job reads and is
 * never looked at again; changing its next contact time clears the mark (followups.service). A follow-up in the
 * recycle bin (alone or with its customer) leaves the index too and reminds nobody; restored, it reminds if due.
 */

interface DueRow {
  org_id: string;
  id: string;
  customer_id: string;
  customer_name: string;
  content: string;
  next_contact_at: string;
  owner_id: string | null;
  owner_active: boolean | null;
  locale: string;
  time_zone: string;
  superseded: boolean;
}

export interface ReminderOptions {
  /** The clock; tests move it. */
  now?: Date;
  /** Where users reach Kehu, for the link in the mail. */
  publicUrl?: string;
  /** Only these organisations (tests, a manual re-run). */
  orgIds?: string[];
  batchSize?: number;
  /** A run stops after this many batches; the next minute's run goes on where it stopped. */
  maxBatches?: number;
  signal?: AbortSignal;
  log?: JobLog;
}

const SNIPPET_CHARS = 100;

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

function notice(row: DueRow) {
  const locale = pickLocale(row.locale);
  const time = new Intl.DateTimeFormat(locale === 'en-US' ? 'en-GB' : 'zh-CN', { timeZone: row.time_zone, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(row.next_contact_at),
  );
  const content = row.content.length > SNIPPET_CHARS ? `${row.content.slice(0, SNIPPET_CHARS)}…` : row.content;
  return {
    kind: 'followup_reminder',
    title: translate(locale, 'followups.reminderTitle', { customer: row.customer_name }),
    body: translate(locale, 'followups.reminderBody', { customer: row.customer_name, time, content }),
    link: `/customers/${row.customer_id}`,
  };
}

/**
 * Sends the reminders that are due, in batches of one transaction each. Rows are claimed with SKIP LOCKED, so
 * overlapping runs (a slow minute, several instances) never remind twice.
 */
export async function runFollowupReminders(db: Db, mailer: Mailer, options: ReminderOptions = {}): Promise<{ reminded: number; skipped: number }> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 20;
  let reminded = 0;
  let skipped = 0;
  for (let batch = 0; batch < maxBatches && !options.signal?.aborted; batch++) {
    const claimed = await withSystem(db, async (tx) => {
      const due = await queryRows<DueRow>(
        tx,
        sql`select f.org_id, f.id, f.customer_id, c.name as customer_name, f.content, f.next_contact_at, c.owner_id,
                   u.status = 'active' as owner_active,
                   coalesce(u.prefs->>'locale', o.default_locale) as locale,
                   coalesce(u.prefs->>'timeZone', o.time_zone) as time_zone,
                   exists (select 1 from followups n
                            where n.org_id = f.org_id and n.customer_id = f.customer_id and n.deleted_at is null
                              and (n.occurred_at > f.occurred_at or (n.occurred_at = f.occurred_at and n.id > f.id))) as superseded
              from followups f
              join customers c on c.org_id = f.org_id and c.id = f.customer_id
              join organizations o on o.id = f.org_id
              left join users u on u.org_id = c.org_id and u.id = c.owner_id
             where f.next_contact_at is not null and f.reminded_at is null and f.deleted_at is null
               and f.next_contact_at <= ${now.toISOString()}::timestamptz
               ${options.orgIds ? sql`and f.org_id = any(${uuidArray(options.orgIds)}::uuid[])` : sql``}
             order by f.next_contact_at
             limit ${batchSize}
               for update of f skip locked`,
      );
      for (const row of due) {
        if (row.superseded || !row.owner_id || !row.owner_active) {
          skipped++;
          continue;
        }
        await notifyUsers(tx, mailer, row.org_id, [row.owner_id], notice(row), options.publicUrl ?? '');
        reminded++;
      }
      if (due.length) {
        await tx.execute(sql`
          update followups f set reminded_at = ${now.toISOString()}::timestamptz
            from unnest(${uuidArray(due.map((r) => r.org_id))}::uuid[], ${uuidArray(due.map((r) => r.id))}::uuid[]) as d(org_id, id)
           where f.org_id = d.org_id and f.id = d.id`);
      }
      return due.length;
    });
    if (claimed < batchSize) break;
  }
  if (reminded) options.log?.info(`follow-up reminders: ${reminded} sent, ${skipped} skipped`);
  return { reminded, skipped };
}

/** Every minute: a next contact time is a time of day, so its reminder should not wait long. */
export const followupRemindersJob = defineJob<{ orgIds?: string[] }>({
  name: 'followups.remind',
  schedule: { cron: '* * * * *', tz: 'UTC' },
  queue: { retryLimit: 1, expireInSeconds: 10 * 60 },
  pollingIntervalSeconds: 30,
  async handler(data, ctx) {
    if (!ctx.mailer) throw new Error('follow-up reminders need the mailer');
    const result = await runFollowupReminders(ctx.db, ctx.mailer, { orgIds: data.orgIds, publicUrl: ctx.publicUrl, signal: ctx.signal, log: ctx.log });
    await ctx.mailer.flush();
    return result;
  },
});
