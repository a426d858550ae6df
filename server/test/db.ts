import fs from 'node:fs';
import path from 'node:path';
import { openPglite, openPostgres, type Database } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';

export const templatePath = path.resolve('.tmp/pglite-template.tar.gz');

/** Creates the migrated PGlite image that every test file starts from (vitest global set-up). */
export async function buildPgliteTemplate(): Promise<void> {
  const db = await openPglite();
  await runMigrations(db);
  const blob = await db.pglite!.dumpDataDir('gzip');
  fs.mkdirSync(path.dirname(templatePath), { recursive: true });
  fs.writeFileSync(templatePath, Buffer.from(await blob.arrayBuffer()));
  await db.close();
}

/**
 * A real database for one test file: a fresh PGlite loaded from the migrated template, or, with
 * TEST_DATABASE_URL, the PostgreSQL server (migrated once by the global set-up). Tests stay independent by
 * creating their own organisation, not by emptying tables.
 */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.TEST_DATABASE_URL) return openPostgres(process.env.TEST_DATABASE_URL, 4);
  const data = fs.readFileSync(templatePath);
  return openPglite({ loadDataDir: new Blob([data]) });
}

export async function prepareTestDatabase(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    const db = await openPostgres(process.env.TEST_DATABASE_URL, 2);
    await runMigrations(db);
    await db.close();
  } else {
    await buildPgliteTemplate();
  }
}
