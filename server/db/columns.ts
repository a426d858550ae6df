import { sql } from 'drizzle-orm';
import { integer, pgPolicy, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

export const newId = () => uuidv7();

/**
 * The organisation of the current transaction, set by `withOrg` with SET LOCAL. Outside such a transaction it is
 * NULL, so a tenant query that escaped the helper matches no row instead of every row.
 */
export const currentOrg = sql`nullif(current_setting('app.org_id', true), '')::uuid`;

/** Every tenant table gets the same row-level-security policy: rows of the transaction's organisation only. */
export const tenantPolicy = (table: string) =>
  pgPolicy(`${table}_tenant`, { for: 'all', to: 'public', using: sql`org_id = ${currentOrg}`, withCheck: sql`org_id = ${currentOrg}` });

export const orgId = () => uuid('org_id').notNull();
export const id = () => uuid('id').notNull().$defaultFn(newId);
export const createdAt = (name = 'created_at') => timestamp(name, { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const version = () => integer('version').notNull().default(0);
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
