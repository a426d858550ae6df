import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from '../../db/client.ts';

/**
 * Set-based writes for imports: many rows per statement instead of one statement per row.
 *
 * On PostgreSQL the rows go over COPY FROM STDIN into a temporary table and then into the target with one
 * INSERT … SELECT: COPY itself is refused on tables with row-level security, the INSERT keeps the tenant policy
 * checked. On the embedded database (PGlite, in-process) there is no wire protocol to save: chunks of rows go as
 * one array parameter per column through unnest, which measured the same there as COPY.
 */

export interface BulkColumn {
  name: string;
  /** PostgreSQL type of the column, e.g. `uuid`, `text[]`, `jsonb`, `timestamptz`. */
  type: string;
}

type Raw = { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };

function rawClient(tx: Tx): { kind: 'pg'; client: PoolClient } | { kind: 'pglite'; client: Raw } {
  const client = (tx as unknown as { session: { client: Raw & { release?: unknown } } }).session.client;
  return typeof client.release === 'function' ? { kind: 'pg', client: client as unknown as PoolClient } : { kind: 'pglite', client };
}

const UNNEST_CHUNK = 5000;
let tempSeq = 0;

const ARRAY_SPECIAL = /["\\]/;

/** A PostgreSQL array literal; elements quoted so commas, braces and quotes stay inside. */
function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    const s = String(v);
    // Most elements (search bigrams, tags) need no escaping; testing first spares a replace per element.
    out += `"${ARRAY_SPECIAL.test(s) ? s.replace(/["\\]/g, (c) => '\\' + c) : s}"`;
  }
  return out + '}';
}

/** A value as text for a parameter or a COPY field, before COPY's own escaping. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return arrayLiteral(v);
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const COPY_SPECIAL = /[\\\t\n\r]/;

function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    const t = asText(row[i]);
    if (i) line += '\t';
    line += t === null ? '\\N' : COPY_SPECIAL.test(t) ? t.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : t;
  }
  return line + '\n';
}

function* copyText(rows: readonly (readonly unknown[])[]): Generator<string> {
  const BATCH = 500;
  for (let i = 0; i < rows.length; i += BATCH) {
    let out = '';
    for (let j = i; j < Math.min(i + BATCH, rows.length); j++) out += copyLine(rows[j]!);
    yield out;
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Inserts `rows` (values in the order of `columns`) into `table`, in the caller's transaction. */
export async function bulkInsert(tx: Tx, table: string, columns: BulkColumn[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map((c) => ident(c.name)).join(', ');
  const raw = rawClient(tx);
  if (raw.kind === 'pg') {
    const temp = `import_rows_${++tempSeq}`;
    await raw.client.query(`create temp table ${temp} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')}) on commit drop`);
    await pipeline(Readable.from(copyText(rows)), raw.client.query(copyFrom(`copy ${temp} (${names}) from stdin`)));
    await raw.client.query(`insert into ${ident(table)} (${names}) select ${names} from ${temp}`);
    await raw.client.query(`drop table ${temp}`);
    return;
  }
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const casts = columns.map((c, i) => `u.c${i}::${c.type}`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const statement = `insert into ${ident(table)} (${names}) select ${casts} from unnest(${params}) as u(${aliases})`;
  for (let s = 0; s < rows.length; s += UNNEST_CHUNK) {
    const part = rows.slice(s, s + UNNEST_CHUNK);
    await raw.client.query(statement, columns.map((_, i) => part.map((r) => asText(r[i]))));
  }
}

/**
 * Updates rows of `table` by id with new values in the order of `columns`; each row is `[id, version read, …values]`.
 * A row whose version moved on since it was read is left alone; the caller compares the count it gets back.
 */
export async function bulkUpdate(tx: Tx, table: string, orgId: string, columns: BulkColumn[], rows: readonly (readonly unknown[])[]): Promise<number> {
  if (!rows.length) return 0;
  const raw = rawClient(tx);
  const sets = columns.map((c, i) => `${ident(c.name)} = u.c${i + 2}::${c.type}`).join(', ');
  const width = columns.length + 2;
  const params = [...Array(width).keys()].map((i) => `$${i + 2}::text[]`).join(', ');
  const aliases = [...Array(width).keys()].map((i) => `c${i}`).join(', ');
  const statement = `update ${ident(table)} t set ${sets} from unnest(${params}) as u(${aliases})
    where t.org_id = $1 and t.id = u.c0::uuid and t.version = u.c1::int returning 1`;
  let updated = 0;
  for (let s = 0; s < rows.length; s += UNNEST_CHUNK) {
    const part = rows.slice(s, s + UNNEST_CHUNK);
    const result = await raw.client.query(statement, [orgId, ...[...Array(width).keys()].map((i) => part.map((r) => asText(r[i])))]);
    updated += result.rows.length;
  }
  return updated;
}
