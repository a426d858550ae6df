import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '../../lib/errors.ts';

/**
 * Keyset paging on (sort column, id) in either direction, for lists whose users choose the sort (paginate.ts
 * covers the fixed "newest first"). The cursor names its sort, so a cursor from another sort order is refused
 * rather than silently skipping or repeating rows.
 */
export interface SortKey {
  value: string;
  id: string;
}

export type Direction = 'asc' | 'desc';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeSortCursor = (sort: string, key: SortKey) => Buffer.from(JSON.stringify([sort, key.value, key.id])).toString('base64url');

export function decodeSortCursor(sort: string, cursor: string | undefined): SortKey | undefined {
  if (!cursor) return undefined;
  try {
    const [tag, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag === sort && typeof value === 'string' && value.length <= 200 && typeof id === 'string' && UUID.test(id)) return { value, id };
  } catch {
    // Falls through to the same answer as a well-formed cursor of another list.
  }
  throw new AppError('validation_failed', 400, { cursor: 'v.cursor' });
}

/**
 * Rows after the key in (column dir, id dir) order. The redundant bound on the column alone lets PostgreSQL
 * start the index scan at the cursor instead of filtering from the first row on.
 */
export function afterSortKey(column: AnyColumn | SQL, idColumn: AnyColumn, key: SortKey | undefined, dir: Direction, type: 'timestamptz' | 'text'): SQL | undefined {
  if (!key) return undefined;
  const value = type === 'timestamptz' ? sql`${key.value}::timestamptz` : sql`${key.value}::text`;
  return dir === 'desc'
    ? sql`${column} <= ${value} and (${column} < ${value} or ${idColumn} < ${key.id}::uuid)`
    : sql`${column} >= ${value} and (${column} > ${value} or ${idColumn} > ${key.id}::uuid)`;
}

/** Takes a page fetched with `limit + 1` rows; `sortValue` is the row's sort column as text. */
export function sortPage<T extends { sortValue: string; id: string }>(sort: string, rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ sortValue: _, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeSortCursor(sort, { value: last.sortValue, id: last.id }) : null,
  };
}
