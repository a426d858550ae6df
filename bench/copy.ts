import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { queryRows, type Database } from '../server/db/client.ts';

/**
 * Bulk loading with COPY in PostgreSQL's text format: on a server over `COPY … FROM STDIN` (pg-copy-streams), one
 * connection per table so the server parses while Node generates; on PGlite from `/dev/blob`, one blob per batch.
 */

/** One field of COPY's text format: `\N` for null, backslash escapes for the characters that delimit. */
export function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/** An array literal, every element quoted, then escaped as a COPY field. */
export function arrayField(items: readonly string[]): string {
  return field(`{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => '\\' + c)}"`).join(',')}}`);
}

export const row = (values: string[]) => values.join('\t') + '\n';

export interface TableSink {
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
}

/** A COPY into `table (columns)` that takes text-format chunks. */
export async function openCopy(database: Database, table: string, columns: readonly string[]): Promise<TableSink> {
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  if (database.kind === 'pglite') {
    const pglite = database.pglite!;
    const blobStatement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
    return {
      async write(chunk) {
        await pglite.query(blobStatement, [], { blob: new Blob([chunk]) });
      },
      async end() {},
    };
  }
  const client: pg.PoolClient = await database.pool!.connect();
  const stream: Writable = client.query(copyFrom(statement));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let failed: unknown;
  stream.on('error', (err) => (failed = err));
  return {
    async write(chunk) {
      if (failed) throw failed;
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    },
    async end() {
      stream.end();
      try {
        await done;
      } finally {
        client.release();
      }
    },
  };
}

export interface IndexDef {
  name: string;
  definition: string;
}

/**
 * The secondary indexes of a table exactly as the migrations made them (`pg_indexes.indexdef`), primary key and
 * constraint-backed indexes excepted: dropping them before a bulk load and building each once afterwards is many
 * times faster than maintaining them row by row.
 */
export async function secondaryIndexes(database: Database, table: string): Promise<IndexDef[]> {
  return queryRows<IndexDef>(
    database.db,
    sql`select i.indexname as name, i.indexdef as definition
          from pg_indexes i
         where i.schemaname = current_schema() and i.tablename = ${table}
           and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = ${table}::regclass)
         order by i.indexname`,
  );
}

export async function dropIndexes(database: Database, defs: IndexDef[]): Promise<void> {
  for (const d of defs) await database.db.execute(sql.raw(`DROP INDEX IF EXISTS "${d.name}"`));
}

/**
 * Builds the indexes again from their saved definitions, the ones still missing only, so a rerun after an
 * interrupted load repairs the table. On a server, two at a time (one per core) with more memory for sorting.
 */
export async function createIndexes(database: Database, defs: IndexDef[], log: (msg: string) => void): Promise<void> {
  const present = new Set(
    (await queryRows<{ name: string }>(database.db, sql`select indexname as name from pg_indexes where schemaname = current_schema()`)).map((r) => r.name),
  );
  const todo = defs.filter((d) => !present.has(d.name));
  if (database.kind === 'pglite') {
    await database.pglite!.exec(`SET maintenance_work_mem = '256MB'`);
    for (const d of todo) {
      const t = performance.now();
      await database.pglite!.exec(d.definition);
      log(`  index ${d.name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    return;
  }
  const queue = [...todo];
  const worker = async () => {
    const client = await database.pool!.connect();
    try {
      await client.query(`SET maintenance_work_mem = '512MB'`);
      await client.query(`SET max_parallel_maintenance_workers = 0`);
      for (let d = queue.shift(); d; d = queue.shift()) {
        const t = performance.now();
        await client.query(d.definition);
        log(`  index ${d.name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
}
