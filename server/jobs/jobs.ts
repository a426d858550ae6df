import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { queryRows, type Database, type Db, type Tx } from '../db/client.ts';
import type { Mailer } from '../modules/notifications/mailer.ts';

/**
 * Background jobs on pg-boss, in the same database and process as the API (docs/decisions/0003). A job is
 * declared once with `defineJob` and listed in `server/jobs/registry.ts`; `startJobs` creates its queue, keeps
 * its cron schedule in step with the declaration and works it. pg-boss keeps its own tables in the `pgboss`
 * schema, which it creates and migrates itself on start; several instances share the work through the database.
 */

export type JobLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export interface JobContext {
  db: Db;
  /** Present when the process sends mail; a handler that queues mail flushes it after its commit. */
  mailer?: Mailer;
  /** Where users reach Kehu, for links in the notices and mail a job sends (PUBLIC_URL). */
  publicUrl?: string;
  log: JobLog;
  /** Aborted when the process shuts down: a long handler stops between units of work (e.g. organisations). */
  signal: AbortSignal;
  /** The running job. */
  job: { id: string; name: string };
  send: JobsHandle['send'];
}

export interface JobDefinition<T extends object = Record<string, unknown>> {
  /** Queue name, `<module>.<verb>` (e.g. `audit.retention`). */
  name: string;
  /** Runs one job. Throwing fails it, and pg-boss retries it (`queue.retryLimit`, default 2). */
  handler: (data: T, ctx: JobContext) => Promise<unknown>;
  /** Cron in the given time zone; one job per match across all instances. Removing it removes the schedule. */
  schedule?: { cron: string; tz?: string; data?: T };
  /** Queue options (retries, expiry, policy); applied on every start. */
  queue?: Omit<PgBoss.Queue, 'name'>;
  /** How often an idle worker asks for work; default `startJobs`' `pollingIntervalSeconds`. */
  pollingIntervalSeconds?: number;
}

/** Declares a job with typed data; the registry holds definitions of any data type. */
export function defineJob<T extends object>(definition: JobDefinition<T>): JobDefinition {
  return definition as unknown as JobDefinition;
}

export interface SendJobOptions extends Omit<PgBoss.SendOptions, 'db'> {
  /**
   * Insert the job in this transaction: it exists only if the transaction commits. On PGlite this is also the
   * only safe way to send from inside `withOrg`/`withSystem`: the embedded database has one connection, so a
   * send outside the open transaction would wait for that transaction forever.
   */
  tx?: Tx;
}

export interface JobsHandle {
  readonly boss: PgBoss;
  send(name: string, data?: object, options?: SendJobOptions): Promise<string | null>;
  /** Stops polling, gives running jobs `stopTimeoutMs` to finish, and waits for pg-boss's last queries. */
  stop(): Promise<void>;
}

export interface StartJobsOptions {
  database: Database;
  jobs: readonly JobDefinition[];
  mailer?: Mailer;
  publicUrl?: string;
  log?: JobLog;
  /**
   * Idle polling per queue. On PGlite every query takes the single connection in turn with requests; a poll is
   * a millisecond-scale indexed query, so one every few seconds per queue costs requests nothing noticeable.
   */
  pollingIntervalSeconds?: number;
  stopTimeoutMs?: number;
}

const silent: JobLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function startJobs(options: StartJobsOptions): Promise<JobsHandle> {
  const started = Date.now();
  const log = options.log ?? silent;
  const executor = guard(options.database.kind === 'pglite' ? pgliteExecutor(options.database.pglite!) : poolExecutor(options.database.pool!));
  const boss = new PgBoss({
    db: executor.db,
    schema: 'pgboss',
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5,
  });
  boss.on('error', (err) => log.error({ err }, 'background jobs: pg-boss error'));
  await boss.start();

  const controller = new AbortController();
  const workerIds = new Map<string, string[]>();

  const handle: JobsHandle = {
    boss,
    async send(name, data = {}, { tx, ...sendOptions } = {}) {
      if (tx) return boss.send(name, data, { ...sendOptions, db: txExecutor(tx) });
      const id = await boss.send(name, data, sendOptions);
      // A job sent here is picked up at once by this instance's worker rather than at its next poll.
      if (id && !sendOptions.startAfter) for (const workerId of workerIds.get(name) ?? []) boss.notifyWorker(workerId);
      return id;
    },
    stop: once(async () => {
      controller.abort();
      await boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 5000 });
      await executor.close();
    }),
  };

  try {
    for (const job of options.jobs) {
      await boss.createQueue(job.name, { name: job.name, ...job.queue });
      if (job.queue) await boss.updateQueue(job.name, { name: job.name, ...job.queue });
      if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.data ?? {}, { tz: job.schedule.tz ?? 'UTC' });
      else await boss.unschedule(job.name);
      const workOptions = job.pollingIntervalSeconds ? { pollingIntervalSeconds: job.pollingIntervalSeconds } : {};
      const workerId = await boss.work<object>(job.name, workOptions, async ([pgJob]) => {
        // Fetched just as the process stops: left to expire and be retried rather than started now.
        if (controller.signal.aborted) throw new Error('background jobs are stopping');
        const ctx: JobContext = {
          db: options.database.db,
          mailer: options.mailer,
          publicUrl: options.publicUrl,
          log,
          signal: controller.signal,
          job: { id: pgJob!.id, name: job.name },
          send: handle.send,
        };
        try {
          return await job.handler(pgJob!.data as Record<string, unknown>, ctx);
        } catch (err) {
          log.error({ err, job: job.name, jobId: pgJob!.id }, 'background job failed');
          throw err;
        }
      });
      workerIds.set(job.name, [...(workerIds.get(job.name) ?? []), workerId]);
    }
  } catch (err) {
    await handle.stop();
    throw err;
  }
  log.info(`background jobs started in ${Date.now() - started} ms (${options.jobs.map((j) => j.name).join(', ') || 'no jobs'})`);
  return handle;
}

/* ---------- pg-boss's database contract: executeSql(text, values) → { rows } ---------- */

type Rows = { rows: unknown[] };
type Executor = PgBoss.Db;

/** pg-boss wraps its maintenance and schema commands this way: several statements, no parameters. */
const LOCKED_BLOCK = /^\s*BEGIN;\s*([\s\S]*?)\s*COMMIT;\s*$/;

/**
 * PGlite: a parameterised statement goes through `query`. Parameterless SQL may hold several statements
 * (schema creation, `BEGIN; …; COMMIT;` maintenance blocks), which only `exec` accepts; it runs inside
 * PGlite's own transaction instead of pg-boss's BEGIN/COMMIT, so that a failing statement is rolled back while
 * PGlite still holds its one connection, rather than leaving an aborted transaction for the next request.
 * Both calls queue behind any open transaction, so pg-boss never runs inside a request's transaction.
 */
export function pgliteExecutor(pglite: PGlite): Executor {
  return {
    async executeSql(text: string, values?: unknown[]): Promise<Rows> {
      if (values?.length) return { rows: (await pglite.query(text, values as never[])).rows };
      const body = LOCKED_BLOCK.exec(text)?.[1] ?? text;
      const results = await pglite.transaction((tx) => tx.exec(body));
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/**
 * PostgreSQL through the application's pool. Parameterless SQL gets a client of its own and a ROLLBACK on
 * failure: a multi-statement `BEGIN; …` that fails half-way would otherwise go back to the pool mid-transaction.
 */
export function poolExecutor(pool: pg.Pool): Executor {
  return {
    async executeSql(text: string, values?: unknown[]): Promise<Rows> {
      if (values?.length) return pool.query(text, values);
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const result = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
        return Array.isArray(result) ? (result.at(-1) ?? { rows: [] }) : result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}

/** pg-boss inside a Drizzle transaction (both drivers): `$n` placeholders become bound parameters. */
export function txExecutor(tx: Tx): Executor {
  return {
    async executeSql(text: string, values: unknown[] = []): Promise<Rows> {
      const parts = text.split(/\$(\d+)/);
      const query = sql.join(parts.map((part, i) => (i % 2 ? sql.param(values[Number(part) - 1]) : sql.raw(part))));
      return { rows: await queryRows(tx, query) };
    },
  };
}

/**
 * Counts pg-boss's queries in flight so that `stop()` can wait for them before the database closes. A query
 * pg-boss starts after that (a late completion of a job that outlived the stop timeout) never settles: the
 * process is exiting, and pg-boss does not catch failed completions, so an error would surface as an
 * unhandled rejection.
 */
function guard(inner: Executor) {
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  return {
    db: {
      executeSql(text: string, values?: unknown[]) {
        if (closed) return new Promise<Rows>(() => undefined);
        const query = inner.executeSql(text, values as never[]);
        inFlight.add(query);
        void query.catch(() => undefined).finally(() => inFlight.delete(query));
        return query;
      },
    } as Executor,
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
