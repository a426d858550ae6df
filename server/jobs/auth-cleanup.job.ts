import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { withSystem } from '../lib/tx.ts';
import { defineJob } from './jobs.ts';

/** Used or expired mailed tokens are kept this long, so a support question about a link can still be traced. */
const TOKEN_KEEP_DAYS = 7;

/**
 * Removes sessions past their expiry and mailed tokens that can no longer be used. Neither grants anything any
 * more (both are checked against their expiry on use); this keeps the tables to what is alive.
 */
export async function runAuthCleanup(db: Db): Promise<{ sessions: number; tokens: number }> {
  return withSystem(db, async (tx) => {
    const [sessions] = await queryRows<{ n: number }>(
      tx,
      sql`with gone as (delete from sessions where expires_at < now() returning 1) select count(*)::int as n from gone`,
    );
    const [tokens] = await queryRows<{ n: number }>(
      tx,
      sql`with gone as (
            delete from user_tokens
             where coalesce(used_at, expires_at) < now() - make_interval(days => ${TOKEN_KEEP_DAYS})
            returning 1)
          select count(*)::int as n from gone`,
    );
    return { sessions: sessions!.n, tokens: tokens!.n };
  });
}

/** Daily at 04:00 China time, after the audit retention run. */
export const authCleanupJob = defineJob<Record<string, never>>({
  name: 'auth.cleanup',
  schedule: { cron: '0 4 * * *', tz: 'Asia/Shanghai' },
  queue: { expireInSeconds: 15 * 60 },
  pollingIntervalSeconds: 60,
  async handler(_data, ctx) {
    const removed = await runAuthCleanup(ctx.db);
    if (removed.sessions || removed.tokens) ctx.log.info(`auth clean-up: ${removed.sessions} sessions, ${removed.tokens} tokens removed`);
    return removed;
  },
});
