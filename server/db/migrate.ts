import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies pending migrations; on PostgreSQL an advisory lock makes instances that start together take turns. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await database.pglite!.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7214001)');
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migratePg(database.db as never, { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7214001)').catch(() => undefined);
    client.release();
  }
}
