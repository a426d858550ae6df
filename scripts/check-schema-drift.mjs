#!/usr/bin/env node
// `npm run db:check`: fails when the Drizzle schema has changes that no committed migration covers.
//
// drizzle-kit has no dry run for `generate`, so it runs against a throw-away copy of the migrations folder and
// we look at what it would have added. The repository is never written to.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const drizzleKit = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
const repoConfig = path.join(root, 'drizzle.config.ts');
// Kept in step with drizzle.config.ts `out`, which is checked below.
const migrationsDir = path.join(root, 'server', 'db', 'migrations');
// Past this, drizzle-kit is taken to be waiting at a prompt on a stdin that will never answer.
const TIMEOUT_MS = 120_000;

function fail(message) {
  console.error(`\ndb:check FAILED: ${message}\n`);
  process.exit(1);
}

function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function drizzle(args, cwd) {
  const res = spawnSync(process.execPath, [drizzleKit, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { ...res, output: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() };
}

if (!fs.existsSync(drizzleKit)) fail('drizzle-kit is not installed: run `npm ci` first.');
if (!fs.existsSync(path.join(migrationsDir, 'meta', '_journal.json'))) fail(`no migration journal in ${migrationsDir}`);

// drizzle-kit exits 0 even when it fails, so success is recognised only by what it prints.

// 1. The committed migrations must be consistent among themselves (e.g. two branches that each added a
//    migration with the same parent snapshot).
const check = drizzle(['check', '--config', repoConfig], root);
if (check.status !== 0 || !check.output.includes("Everything's fine")) {
  fail(`drizzle-kit check does not accept the committed migrations:\n${check.output}`);
}

// 2. Generating from the schema into a copy of the migrations must produce nothing.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-db-check-'));
// On 'exit' rather than in a finally, so that it also runs after fail() has called process.exit.
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const out = path.join(work, 'migrations');
fs.cpSync(migrationsDir, out, { recursive: true });
const before = listFiles(out);

// The real config with only the output folder moved, so that every other setting (schema path, entities) is
// the one `npm run db:generate` uses. drizzle-kit prefixes `out` with './', so it must be relative to the cwd.
const config = path.join(work, 'drizzle.config.ts');
fs.writeFileSync(
  config,
  `import base from ${JSON.stringify(pathToFileURL(repoConfig).href)};\n` +
    `if (base.out.replace(/^\\.\\//, '').replace(/\\/$/, '') !== 'server/db/migrations') {\n` +
    `  throw new Error('drizzle.config.ts out is ' + base.out + '; update scripts/check-schema-drift.mjs');\n` +
    `}\n` +
    `export default { ...base, out: ${JSON.stringify(path.relative(root, out))} };\n`,
);

const gen = drizzle(['generate', '--config', config], root);
// A column or table that is gone while another appeared makes drizzle-kit ask whether it was renamed. Without a
// terminal it refuses at once; the time-out covers a version that would wait for an answer instead.
if (gen.error?.code === 'ETIMEDOUT' || /Interactive prompts require a TTY/.test(gen.output)) {
  fail(
    'the Drizzle schema has changes that no committed migration covers (drizzle-kit wants to ask whether a\n' +
      'table or column was renamed). Run `npm run db:generate` in a terminal, answer its questions, and commit\n' +
      'the files it writes to server/db/migrations/.',
  );
}
const after = listFiles(out);
const added = after.filter((f) => !before.includes(f));
const changed = before.filter((f) => fs.readFileSync(path.join(out, f), 'utf8') !== fs.readFileSync(path.join(migrationsDir, f), 'utf8'));
if (added.length || changed.length) {
  const sql = added
    .filter((f) => f.endsWith('.sql'))
    .map((f) => `--- ${f}\n${fs.readFileSync(path.join(out, f), 'utf8').trim()}`)
    .join('\n');
  fail(
    'the Drizzle schema has changes that no committed migration covers.\n' +
      'Run `npm run db:generate` and commit the new files in server/db/migrations/.\n' +
      `drizzle-kit would write: ${[...added, ...changed.map((f) => `${f} (changed)`)].join(', ')}\n` +
      (sql ? `\n${sql}` : ''),
  );
}
if (gen.status !== 0 || !gen.output.includes('No schema changes')) fail(`drizzle-kit generate failed:\n${gen.output}`);
console.log(`db:check: the schema matches the ${before.filter((f) => f.endsWith('.sql')).length} committed migrations.`);
