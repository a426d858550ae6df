import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { lockDataDir, type Database, type Db } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';

/**
 * The app's database, opened as server/db/client.ts opens it but with drizzle's query logger on, so the runner
 * knows which statements a request ran and can time them again on their own.
 */
export interface Statement {
  text: string;
  params: unknown[];
}

export class Capture implements Logger {
  private statements: Statement[] | null = null;
  logQuery(text: string, params: unknown[]): void {
    this.statements?.push({ text, params });
  }
  start(): void {
    this.statements = [];
  }
  stop(): Statement[] {
    const out = this.statements ?? [];
    this.statements = null;
    return out;
  }
}

export interface BenchDatabase extends Database {
  capture: Capture;
}

export async function openBenchPostgres(url: string): Promise<BenchDatabase> {
  const capture = new Capture();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('select 1');
  const db = drizzlePg(pool, { schema, logger: capture }) as unknown as Db;
  return { db, kind: 'pg', pool, capture, close: () => pool.end() };
}

/** The embedded database in its own directory, locked like Kehu's so a running Kehu cannot share it. */
export async function openBenchPglite(dataDir: string): Promise<BenchDatabase & { release: () => void }> {
  const release = lockDataDir(dataDir);
  const capture = new Capture();
  const pglite = await PGlite.create({ dataDir: path.join(dataDir, 'pg'), extensions: { pg_trgm } });
  const db = drizzlePglite(pglite, { schema, logger: capture }) as unknown as Db;
  return { db, kind: 'pglite', pglite, capture, release, close: () => pglite.close() };
}

const SETUP = /^\s*select set_config\(/i;

/**
 * The plans of a request's statements, as `EXPLAIN (ANALYZE, BUFFERS)` shows them, with the request's own
 * settings (organisation, role) applied first: what to read when a scenario misses its target.
 */
export async function explain(database: BenchDatabase, statements: Statement[]): Promise<string[]> {
  const own = statements.filter((s) => !/^\s*(begin|commit|rollback)\b/i.test(s.text));
  const out: string[] = [];
  const client = database.kind === 'pg' ? await database.pool!.connect() : null;
  const exec = async (text: string, params: unknown[]): Promise<Record<string, unknown>[]> =>
    client ? (await client.query(text, params)).rows : (await database.pglite!.query<Record<string, unknown>>(text, params as never[])).rows;
  try {
    await exec('begin', []);
    for (const s of own) {
      if (SETUP.test(s.text)) {
        await exec(s.text, s.params);
        continue;
      }
      // The list's own planner estimate (EXPLAIN) and writes are shown as they are, not explained again.
      if (!/^\s*(select|with)\b/i.test(s.text)) {
        out.push(s.text);
        continue;
      }
      const rows = await exec(`explain (analyze, buffers) ${s.text}`, s.params);
      out.push(`${s.text}\n${rows.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  } finally {
    await exec('rollback', []);
    client?.release();
  }
  return out;
}

/**
 * Runs statements as the request ran them, in a transaction that is rolled back afterwards, and returns the time
 * spent in them: the bare database time of the request, without the HTTP layer, validation and serialisation.
 */
export async function replay(database: BenchDatabase, statements: Statement[]): Promise<number> {
  const own = statements.filter((s) => !/^\s*(begin|commit|rollback)\b/i.test(s.text));
  let total = 0;
  if (database.kind === 'pglite') {
    const pglite = database.pglite!;
    await pglite.exec('begin');
    try {
      for (const s of own) {
        const t = performance.now();
        await pglite.query(s.text, s.params as never[]);
        total += performance.now() - t;
      }
    } finally {
      await pglite.exec('rollback');
    }
    return total;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('begin');
    for (const s of own) {
      const t = performance.now();
      await client.query(s.text, s.params);
      total += performance.now() - t;
    }
  } finally {
    await client.query('rollback');
    client.release();
  }
  return total;
}
