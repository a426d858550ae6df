import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../db/columns.ts';
import { withOrg, withSystem } from '../lib/tx.ts';
import { auditLogs } from '../modules/audit/audit.schema.ts';
import { createTestOrg, useTestApp, type TestOrg } from '../test/fixtures.ts';
import { auditRetentionJob, runAuditRetention } from './audit-retention.job.ts';
import { startJobs } from './jobs.ts';
import { waitForJob } from './jobs.testing.ts';

const env = useTestApp();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function setRetention(org: TestOrg, days: number) {
  await withSystem(env.database.db, (tx) =>
    tx.execute(sql`update organizations set settings = jsonb_set(settings, '{auditRetentionDays}', ${String(days)}::jsonb) where id = ${org.orgId}`),
  );
}

/** Entries with chosen times, written as the system would (recordAudit always stamps now()). */
async function insertAged(org: TestOrg, ages: number[]) {
  const rows = ages.map((age) => ({ orgId: org.orgId, id: newId(), at: daysAgo(age), module: 'test', action: `age-${age}` }));
  await withSystem(env.database.db, (tx) => tx.insert(auditLogs).values(rows));
  return rows;
}

async function testEntryAges(org: TestOrg) {
  const rows = await withOrg(env.database.db, org.orgId, (tx) =>
    tx.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.module, 'test')),
  );
  return rows.map((r) => Number(r.action.slice(4))).sort((a, b) => a - b);
}

const cleanups = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) =>
    tx.select().from(auditLogs).where(and(eq(auditLogs.module, 'audit'), eq(auditLogs.action, 'cleanup'))),
  );

describe('audit retention', () => {
  it('deletes only entries older than each organisation’s retention and logs each clean-up as the system', async () => {
    const short = await createTestOrg(env);
    const long = await createTestOrg(env);
    const untouched = await createTestOrg(env);
    await setRetention(short, 30);
    await setRetention(long, 365);
    await insertAged(short, [400, 40, 31, 20, 1]);
    await insertAged(long, [400, 366, 300, 40]);
    await insertAged(untouched, [700]);

    const orgIds = [short.orgId, long.orgId, untouched.orgId];
    const { done, failed } = await runAuditRetention(env.database.db, { orgIds });
    expect(failed).toEqual([]);
    const byOrg = Object.fromEntries(done.map((r) => [r.orgId, r]));
    expect(byOrg[short.orgId]).toMatchObject({ retentionDays: 30, deleted: 3 });
    expect(byOrg[long.orgId]).toMatchObject({ retentionDays: 365, deleted: 2 });
    // Default retention (730 days) keeps a 700-day-old entry.
    expect(byOrg[untouched.orgId]).toMatchObject({ retentionDays: 730, deleted: 0 });

    expect(await testEntryAges(short)).toEqual([1, 20]);
    expect(await testEntryAges(long)).toEqual([40, 300]);
    expect(await testEntryAges(untouched)).toEqual([700]);

    const [logged] = await cleanups(short);
    expect(logged).toMatchObject({
      actorId: null,
      actorName: null,
      after: { before: byOrg[short.orgId]!.before, deleted: 3, retentionDays: 30 },
    });
    expect(await cleanups(long)).toHaveLength(1);
    // Nothing old enough, nothing logged.
    expect(await cleanups(untouched)).toEqual([]);

    // Running again finds nothing more and writes nothing.
    const again = await runAuditRetention(env.database.db, { orgIds });
    expect(again.done.map((r) => r.deleted)).toEqual([0, 0, 0]);
    expect(await cleanups(short)).toHaveLength(1);
    expect(await cleanups(long)).toHaveLength(1);
  });

  it('runs as the audit.retention job through pg-boss', async () => {
    const org = await createTestOrg(env);
    await setRetention(org, 60);
    await insertAged(org, [90, 30]);
    const jobs = await startJobs({ database: env.database, jobs: [auditRetentionJob] });
    try {
      const schedule = (await jobs.boss.getSchedules()).find((s) => s.name === 'audit.retention');
      expect(schedule).toMatchObject({ cron: '0 3 * * *', timezone: 'Asia/Shanghai' });
      const id = await jobs.send('audit.retention', { orgIds: [org.orgId] });
      const job = await waitForJob(jobs.boss, 'audit.retention', id!);
      expect(job).toMatchObject({ state: 'completed', output: { organisations: 1, deleted: 1 } });
    } finally {
      await jobs.stop();
    }
    expect(await testEntryAges(org)).toEqual([30]);
    expect(await cleanups(org)).toEqual([expect.objectContaining({ actorId: null, after: expect.objectContaining({ deleted: 1, retentionDays: 60 }) })]);
  });
});
