import { getTableName, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * The outer column of a correlated subquery, named with its table. Inside a select list drizzle writes columns
 * bare, and PostgreSQL resolves a bare name against the subquery's own table first: `org_id = org_id` compared
 * the looked-up table with itself, which kept its (org_id, id) key from being used.
 */
function outer(column: AnyColumn): SQL {
  return sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
}

/** One value of the row of `table` with the given id in the same organisation, e.g. a user's name beside a record. */
export function lookup<T>(table: PgTable & { orgId: AnyColumn; id: AnyColumn }, value: AnyColumn, orgId: AnyColumn, id: AnyColumn): SQL<T> {
  return sql<T>`(select l.${sql.identifier(value.name)} from ${table} l where l.org_id = ${outer(orgId)} and l.id = ${outer(id)})`;
}
