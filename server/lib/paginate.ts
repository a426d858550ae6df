import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from './errors.ts';

/** Keyset paging on (timestamp desc, id desc), shared by every list that pages by time. */
export interface Keyset {
  at: string;
  id: string;
}

const KEYSET_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The sort timestamp as text with microseconds. PostgreSQL keeps microseconds and a JS Date only milliseconds;
 * a cursor built from a Date would sit before rows of the same millisecond and show them twice.
 */
export const keysetAt = (column: AnyColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Opaque to clients, so the ordering can change without breaking their contract. */
export const encodeCursor = (k: Keyset) => Buffer.from(JSON.stringify([k.at, k.id])).toString('base64url');

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && KEYSET_AT.test(at) && UUID.test(id)) return { at, id };
  } catch {
    // Falls through to the same answer as a well-formed but wrong cursor.
  }
  throw new AppError('validation_failed', 400, { cursor: 'v.cursor' });
}

/**
 * Rows after the cursor in (at desc, id desc) order. The redundant `at <=` bound is what lets PostgreSQL start
 * the index scan at the cursor instead of filtering from the newest row on.
 */
export function afterCursor(atColumn: AnyColumn, idColumn: AnyColumn, k: Keyset | undefined): SQL | undefined {
  if (!k) return undefined;
  return sql`${atColumn} <= ${k.at}::timestamptz and (${atColumn} < ${k.at}::timestamptz or ${idColumn} < ${k.id}::uuid)`;
}

/** Takes a page fetched with `limit + 1` rows: the extra row only says that another page exists. */
export function keysetPage<T extends { cursorAt: string; id: string }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}
