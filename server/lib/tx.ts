import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';

/**
 * The only way module code touches tenant data. Inside, the transaction runs as `kehu_app` with `app.org_id`
 * set, so PostgreSQL's row-level security limits every statement to that organisation, whatever the query says.
 */
export function withOrg<T>(db: Db, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.org_id', ${orgId}, true), set_config('role', 'kehu_app', true)`);
    return fn(tx);
  });
}

/**
 * A transaction that is not bound to one organisation: set-up, sign-in lookups by e-mail, jobs that visit every
 * organisation. Each use is named here on purpose; module request handlers use `withOrg`.
 */
export function withSystem<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}
