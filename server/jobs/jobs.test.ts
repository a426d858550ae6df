import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../db/client.ts';
import { withSystem } from '../lib/tx.ts';
import { openTestDatabase } from '../test/db.ts';
import { uniq } from '../test/fixtures.ts';
import { defineJob, startJobs, type JobsHandle } from './jobs.ts';
import { waitForJob } from './jobs.testing.ts';

// Runs on a fresh PGlite (through the pg-boss adapter) and, with TEST_DATABASE_URL, on PostgreSQL through the
// application's pool. Queue names are unique per test: on PostgreSQL other test files share the pgboss schema.
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function withJobs<T>(jobs: Parameters<typeof startJobs>[0]['jobs'], fn: (handle: JobsHandle) => Promise<T>) {
  const handle = await startJobs({ database, jobs, pollingIntervalSeconds: 1 });
  try {
    return await fn(handle);
  } finally {
    await handle.stop();
  }
}

describe('background jobs', () => {
  it(`start pg-boss on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, work a sent job end to end and stop promptly`, async () => {
    const name = uniq('test.echo-');
    const seen: unknown[] = [];
    const echo = defineJob<{ n: number }>({
      name,
      async handler(data, ctx) {
        seen.push({ data, job: ctx.job.name });
        const [row] = await queryRows<{ two: number }>(ctx.db, sql`select ${data.n}::int * 2 as two`);
        return { doubled: row!.two };
      },
    });
    const handle = await startJobs({ database, jobs: [echo], pollingIntervalSeconds: 5 });
    let stopped = false;
    try {
      const sentAt = Date.now();
      const id = await handle.send(name, { n: 21 });
      const job = await waitForJob(handle.boss, name, id!);
      expect(job.state).toBe('completed');
      expect(job.output).toEqual({ doubled: 42 });
      expect(seen).toEqual([{ data: { n: 21 }, job: name }]);
      // The sending instance wakes its own worker instead of waiting for the 5-second poll.
      expect(Date.now() - sentAt).toBeLessThan(4000);
      const [installed] = await queryRows<{ schema: string | null }>(database.db, sql`select to_regnamespace('pgboss')::text as schema`);
      expect(installed!.schema).toBe('pgboss');

      const stopAt = Date.now();
      await handle.stop();
      stopped = true;
      expect(Date.now() - stopAt).toBeLessThan(2000);
      // The database is still usable after pg-boss let go of it.
      expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      if (!stopped) await handle.stop();
    }
  });

  it('sends inside a transaction: the job exists only if the transaction commits, and a send there cannot deadlock', async () => {
    const name = uniq('test.tx-');
    const worked: number[] = [];
    const job = defineJob<{ n: number }>({ name, handler: async (data) => void worked.push(data.n) });
    await withJobs([job], async (handle) => {
      const committed = await withSystem(database.db, (tx) => handle.send(name, { n: 1 }, { tx }));
      let rolledBack: string | null = null;
      await expect(
        withSystem(database.db, async (tx) => {
          rolledBack = await handle.send(name, { n: 2 }, { tx });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(rolledBack).toEqual(expect.any(String));
      expect((await waitForJob(handle.boss, name, committed!)).state).toBe('completed');
      expect(await handle.boss.getJobById(name, rolledBack!, { includeArchive: true })).toBeNull();
      expect(worked).toEqual([1]);
    });
  });

  it('a handler that throws fails its job (after its retries) and the worker carries on', async () => {
    const name = uniq('test.fail-');
    const job = defineJob<{ fail: boolean }>({
      name,
      queue: { retryLimit: 0 },
      async handler(data) {
        if (data.fail) throw new Error('boom');
        return { ok: true };
      },
    });
    await withJobs([job], async (handle) => {
      const bad = await handle.send(name, { fail: true });
      const good = await handle.send(name, { fail: false });
      const failed = await waitForJob(handle.boss, name, bad!);
      expect(failed.state).toBe('failed');
      expect(failed.output).toMatchObject({ message: 'boom' });
      expect((await waitForJob(handle.boss, name, good!)).state).toBe('completed');
    });
  });

  it('stop() signals a running job and waits for it; one that ignores the signal is cut off and retried later', async () => {
    const stateOf = async (id: string) =>
      (await queryRows<{ state: string }>(database.db, sql`select state::text from pgboss.job where id = ${id}::uuid`))[0]?.state;
    const name = uniq('test.slow-');
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finished = false;
    const job = defineJob<{ obey: boolean }>({
      name,
      async handler(data, ctx) {
        started();
        if (data.obey) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        else await new Promise((resolve) => setTimeout(resolve, 2500));
        finished = true;
        return { done: true };
      },
    });

    const polite = await startJobs({ database, jobs: [job], stopTimeoutMs: 3000 });
    const obeying = await polite.send(name, { obey: true });
    await running;
    let at = Date.now();
    await polite.stop();
    expect(Date.now() - at).toBeLessThan(2000);
    expect(finished).toBe(true);
    expect(await stateOf(obeying!)).toBe('completed');

    finished = false;
    const running2 = new Promise<void>((resolve) => (started = resolve));
    const stubborn = await startJobs({ database, jobs: [job], stopTimeoutMs: 1000 });
    const ignoring = await stubborn.send(name, { obey: false });
    await running2;
    at = Date.now();
    await stubborn.stop();
    expect(Date.now() - at).toBeLessThan(2300);
    expect(finished).toBe(false);
    // Failed by the shutdown, with retries left: the next start (or another instance) runs it again.
    expect(await stateOf(ignoring!)).toBe('retry');
    // Its late completion must neither reach the database nor surface as an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(finished).toBe(true);
    expect(await stateOf(ignoring!)).toBe('retry');
  });

  it('keeps the cron schedule in step with the declaration', async () => {
    const name = uniq('test.cron-');
    const handler = async () => undefined;
    const schedules = async (handle: JobsHandle) => (await handle.boss.getSchedules()).filter((s) => s.name === name);
    await withJobs([defineJob({ name, handler, schedule: { cron: '0 3 * * *', tz: 'Asia/Shanghai', data: { all: true } } })], async (handle) => {
      expect(await schedules(handle)).toEqual([expect.objectContaining({ name, cron: '0 3 * * *', timezone: 'Asia/Shanghai', data: { all: true } })]);
    });
    await withJobs([defineJob({ name, handler, schedule: { cron: '30 2 * * *' } })], async (handle) => {
      expect(await schedules(handle)).toEqual([expect.objectContaining({ cron: '30 2 * * *', timezone: 'UTC' })]);
    });
    // A job that no longer declares a schedule loses it.
    await withJobs([defineJob({ name, handler })], async (handle) => {
      expect(await schedules(handle)).toEqual([]);
    });
  });
});
