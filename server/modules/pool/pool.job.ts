import { defineJob } from '../../jobs/jobs.ts';
import { runPoolReclaim } from './pool.service.ts';

/**
 * Hourly, so that each organisation is reached at night in its own time zone (`RECLAIM_HOUR`); `orgIds` runs the
 * named organisations at once and `now` moves the clock (a manual re-run, tests).
 */
export const poolReclaimJob = defineJob<{ orgIds?: string[]; now?: string }>({
  name: 'pool.reclaim',
  schedule: { cron: '5 * * * *', tz: 'UTC' },
  queue: { retryLimit: 2, expireInSeconds: 60 * 60 },
  pollingIntervalSeconds: 30,
  async handler(data, ctx) {
    if (!ctx.mailer || ctx.publicUrl === undefined) throw new Error('the pool reclaim needs the mailer and the public URL');
    const { done, failed } = await runPoolReclaim(
      ctx.db,
      { mailer: ctx.mailer, publicUrl: ctx.publicUrl },
      { orgIds: data.orgIds, now: data.now ? new Date(data.now) : undefined, signal: ctx.signal, log: ctx.log },
    );
    await ctx.mailer.flush();
    const reclaimed = done.reduce((n, r) => n + r.reclaimed, 0);
    const warned = done.reduce((n, r) => n + r.warned, 0);
    if (reclaimed || warned) ctx.log.info(`pool reclaim: ${reclaimed} customers returned to the pool, owners of ${warned} warned`);
    // Failing the run makes pg-boss retry it; organisations already done find nothing left to do.
    if (failed.length) throw new Error(`pool reclaim failed for ${failed.length} organisations: ${failed.join(', ')}`);
    return { organisations: done.length, reclaimed, warned };
  },
});
