import path from 'node:path';
import { createApp } from '../server/app.ts';
import { lockDataDir, openPglite, openPostgres, type Database } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { readEnv } from '../server/env.ts';
import { DEMO_ORG, fillDemo } from '../server/modules/demo/demo.service.ts';

/**
 * `npm run demo`: creates the organisation 演示公司 with sample data in the database `npm start` uses (DATA_DIR
 * or DATABASE_URL), then prints how to sign in. See README, "Demo data".
 */
async function main() {
  const env = readEnv();
  let release = () => {};
  let database: Database;
  if (env.DATABASE_URL) {
    database = await openPostgres(env.DATABASE_URL, 2);
  } else {
    try {
      release = lockDataDir(env.dataDir);
    } catch (err) {
      console.error(
        `${(err as Error).message}\n\nThe demo data goes into the same embedded database as Kehu's: stop Kehu (Ctrl+C in its terminal), ` +
          'run `npm run demo`, then start Kehu again with `npm start`.',
      );
      process.exitCode = 1;
      return;
    }
    database = await openPglite({ dataDir: path.join(env.dataDir, 'pg') });
  }
  try {
    await runMigrations(database);
    const app = await createApp({ db: database.db, logLevel: 'silent', webDir: '/nonexistent', loginRateLimit: { max: 100_000, timeWindow: 60_000 } });
    try {
      const where = database.kind === 'pg' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${env.dataDir}`;
      console.log(`Filling the demo organisation "${DEMO_ORG.name}" in ${where}; this takes a minute or two…`);
      const started = Date.now();
      const result = await fillDemo(database.db, app, { log: (m) => console.log(`  ${m}`) });
      if (!result.created) {
        console.log(`\nThe demo organisation "${DEMO_ORG.name}" exists already; nothing was changed.`);
        console.log(`Sign in at ${env.publicUrl} with organisation code "${DEMO_ORG.code}", user name "${DEMO_ORG.username}" and password ${DEMO_ORG.password}.`);
      } else {
        const c = result.counts;
        console.log(
          `\nDone in ${Math.round((Date.now() - started) / 1000)} s: ${c.customers} customers (${c.pool} in the public pool, ` +
            `${c.pendingApprovals} waiting for approval), ${c.contacts} contacts, ${c.followups} follow-ups.`,
        );
        console.log(`\nStart Kehu (npm start), open ${env.publicUrl} and sign in with organisation code "${DEMO_ORG.code}",`);
        console.log(`one of these user names and the password ${DEMO_ORG.password}:\n`);
        for (const a of result.accounts) console.log(`  ${a.username.padEnd(16)} ${a.name}（${a.title}）`);
        console.log('');
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    release();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
