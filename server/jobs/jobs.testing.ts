import type PgBoss from 'pg-boss';

/** Polls pg-boss until the job reaches a final state (or `state`), for tests that send and then assert. */
export async function waitForJob(boss: PgBoss, name: string, id: string, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = await boss.getJobById<Record<string, unknown>>(name, id, { includeArchive: true });
    if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) return job;
    if (Date.now() > end) throw new Error(`job ${name} ${id} still ${job?.state ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
