import path from 'node:path';
import { readEnv } from './env.ts';
import { lockDataDir, openPglite, openPostgres, type Database } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { createApp } from './app.ts';
import { startJobs } from './jobs/jobs.ts';
import { jobRegistry } from './jobs/registry.ts';
import { setupFromEnv } from './modules/setup/setup.env.ts';

async function main() {
  const env = readEnv();
  let release = () => {};
  let database: Database;
  if (env.DATABASE_URL) {
    database = await openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
  } else {
    release = lockDataDir(env.dataDir);
    database = await openPglite({ dataDir: path.join(env.dataDir, 'pg') });
  }
  await runMigrations(database);
  await setupFromEnv(database.db, env);

  const app = await createApp({
    db: database.db,
    publicUrl: env.publicUrl,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    cookieSecure: env.COOKIE_SECURE ?? env.publicUrl.startsWith('https://'),
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
  });
  // After migrations: pg-boss creates or migrates its own schema (pgboss) on start.
  const jobs = await startJobs({ database, jobs: jobRegistry, mailer: app.kehu.mailer, publicUrl: app.kehu.publicUrl, log: app.log });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    try {
      // Jobs first: a running job may still use the mailer (closed with the app) and the database.
      await jobs.stop();
      await app.close();
      await database.close();
    } finally {
      release();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: env.PORT, host: env.HOST });
  console.log(`Kehu is running at ${env.publicUrl} (${database.kind === 'pg' ? 'PostgreSQL' : `embedded database in ${env.dataDir}`})`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
