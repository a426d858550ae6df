import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../server/app.ts';
import { queryRows } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { withOrg } from '../server/lib/tx.ts';
import { ApiClient } from '../server/modules/demo/demo.api.ts';
import { explain, openBenchPglite, openBenchPostgres, replay, type BenchDatabase, type Statement } from './db.ts';
import { BENCH_ORG, findBenchOrg, generate, loadTeam, type BenchTeam, type Scale } from './generate.ts';
import { benchImports } from './imports.ts';

/**
 * `npm run bench`: the customer list, search, 360° page, today's work list and import throughput, timed inside
 * the server and beside the bare SQL of the same requests, on PostgreSQL (DATABASE_URL, 1,000,000 customers) and
 * on the embedded PGlite (100,000 customers). See README, "Performance".
 */

const HELP = `Usage: npm run bench -- [options]

  --pg               PostgreSQL only (DATABASE_URL; 1,000,000 customers at --scale 1)
  --pglite           PGlite only (BENCH_DATA_DIR, default ./data/bench; 100,000 customers at --scale 1)
                     (neither: both, PostgreSQL only when DATABASE_URL is set)
  --scale <f>        multiply the data sizes (customers, 2× contacts, 10× follow-ups), e.g. 0.1
  --skip-generate    reuse the benchmark organisation from an earlier run
  --generate-only    load the data and stop
  --runs <n>         timed requests per scenario (default 50)
  --import-rows <n>  rows in the import files (default 100000)
  --skip-import      leave out the import throughput
  --explain          print EXPLAIN (ANALYZE, BUFFERS) of every statement of every scenario
  --only <text>      only the scenarios whose name contains the text
`;

interface Options {
  pg: boolean;
  pglite: boolean;
  scale: number;
  skipGenerate: boolean;
  generateOnly: boolean;
  runs: number;
  importRows: number;
  skipImport: boolean;
  explain: boolean;
  only?: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      pg: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      scale: { type: 'string', default: '1' },
      'skip-generate': { type: 'boolean', default: false },
      'generate-only': { type: 'boolean', default: false },
      runs: { type: 'string', default: '50' },
      'import-rows': { type: 'string', default: '100000' },
      'skip-import': { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const scale = Number(values.scale);
  const runs = Number(values.runs);
  const importRows = Number(values['import-rows']);
  if (!(scale > 0) || !(runs >= 1) || !(importRows >= 1)) {
    console.error(HELP);
    process.exit(2);
  }
  const neither = !values.pg && !values.pglite;
  return {
    pg: values.pg || (neither && Boolean(process.env.DATABASE_URL)),
    pglite: values.pglite || neither,
    scale,
    skipGenerate: values['skip-generate'],
    generateOnly: values['generate-only'],
    runs: Math.floor(runs),
    importRows: Math.floor(importRows),
    skipImport: values['skip-import'],
    explain: values.explain,
    only: values.only,
  };
}

// ---------------------------------------------------------------------------------------------------------------

type Target = { kind: 'p95'; ms: number } | { kind: 'throughput'; rowsPerSecond: number };

interface Figure {
  scenario: string;
  api?: { median: number; p95: number };
  sql?: { median: number; p95: number };
  rowsPerSecond?: number;
  rows?: number;
  note?: string;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

/** Time spent inside the server per request: from Fastify's onRequest to its onResponse. */
function serverClock(app: FastifyInstance) {
  const started = new WeakMap<object, number>();
  let last = 0;
  app.addHook('onRequest', async (req) => {
    started.set(req, performance.now());
  });
  app.addHook('onResponse', async (req) => {
    last = performance.now() - (started.get(req) ?? performance.now());
  });
  return () => last;
}

interface Scenario {
  name: string;
  target: Target;
  client: ApiClient;
  url: string;
}

async function measure(database: BenchDatabase, clock: () => number, s: Scenario, runs: number, showPlans: boolean): Promise<Figure> {
  const api: number[] = [];
  const bare: number[] = [];
  const warmup = Math.min(5, runs);
  let last: Statement[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    database.capture.start();
    const res = await s.client.raw('GET', s.url);
    const statements = (last = database.capture.stop());
    if (res.statusCode !== 200) throw new Error(`${s.name}: GET ${s.url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const serverMs = clock();
    const sqlMs = await replay(database, statements);
    if (i >= warmup) {
      api.push(serverMs);
      bare.push(sqlMs);
    }
  }
  if (showPlans) for (const plan of await explain(database, last)) console.log(`\n--- ${s.name}\n${plan}`);
  return {
    scenario: s.name,
    api: { median: quantile(api, 0.5), p95: quantile(api, 0.95) },
    sql: { median: quantile(bare, 0.5), p95: quantile(bare, 0.95) },
  };
}

/** Signs in the administrator, the general manager and the representative with the most customers to call today. */
async function clients(app: FastifyInstance, database: BenchDatabase, team: BenchTeam) {
  const signIn = (username: string) => ApiClient.signIn(app, BENCH_ORG.code, username, BENCH_ORG.password);
  const reps = team.members.filter((m) => m.title === '销售代表').map((m) => m.id);
  const [busiest] = await withOrg(database.db, team.orgId, (tx) =>
    queryRows<{ owner_id: string }>(
      tx,
      sql`select owner_id from customers where org_id = ${team.orgId} and owner_id = any(${`{${reps.join(',')}}`}::uuid[])
            and next_contact_at is not null group by owner_id order by count(*) desc limit 1`,
    ),
  );
  const rep = team.members.find((m) => m.id === busiest?.owner_id) ?? team.members.find((m) => m.title === '销售代表')!;
  const gm = team.members.find((m) => m.title === '总经理')!;
  return { admin: await signIn(BENCH_ORG.username), gm: await signIn(gm.username), rep: await signIn(rep.username), repName: rep.name };
}

async function scenarios(app: FastifyInstance, database: BenchDatabase, team: BenchTeam): Promise<Scenario[]> {
  const c = await clients(app, database, team);
  const list = '/api/v1/customers?status=formal&sort=updatedAt&order=desc&limit=20';
  // A deep page: the cursor after 20,000 rows of the same list, reached by paging 200 at a time.
  let cursor: string | null = null;
  let depth = 0;
  for (let page = 0; page < 100; page++) {
    const res: { items: unknown[]; nextCursor: string | null } = await c.admin.get(
      `/api/v1/customers?status=formal&sort=updatedAt&order=desc&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
    depth += res.items.length;
  }
  const [province] = await withOrg(database.db, team.orgId, (tx) =>
    queryRows<{ code: string }>(tx, sql`select province_code as code from customers where org_id = ${team.orgId} group by 1 order by count(*) desc limit 1`),
  );
  const combo = `/api/v1/customers?industry=manufacturing,it&level=a,b&provinceCode=${province!.code}&tags=${encodeURIComponent('重点客户')}&importanceMin=3&createdFrom=${encodeURIComponent(new Date(Date.now() - 3 * 365 * 86_400_000).toISOString())}&sort=createdAt&order=desc&limit=20`;
  const [busy] = await withOrg(database.db, team.orgId, (tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`select c.id from customers c where c.org_id = ${team.orgId} and c.owner_id is not null
           order by (select count(*) from followups f where f.org_id = c.org_id and f.customer_id = c.id) desc limit 1`,
    ),
  );
  return [
    { name: 'Customer list, first page (status=formal, by update time)', target: { kind: 'p95', ms: 20 }, client: c.admin, url: list },
    {
      name: `Customer list, deep page (after ${depth.toLocaleString('en')} rows, keyset)`,
      target: { kind: 'p95', ms: 20 },
      client: c.admin,
      url: cursor ? `${list}&cursor=${encodeURIComponent(cursor)}` : list,
    },
    { name: 'Customer list, six filters combined, by creation time', target: { kind: 'p95', ms: 50 }, client: c.admin, url: combo },
    { name: 'Customer list, "my customers" of a representative', target: { kind: 'p95', ms: 20 }, client: c.rep, url: '/api/v1/customers?view=mine&limit=20' },
    { name: 'Search, 2 Chinese characters (华信)', target: { kind: 'p95', ms: 20 }, client: c.admin, url: `/api/v1/search?q=${encodeURIComponent('华信')}` },
    { name: 'Search, 4 Chinese characters (华信网络)', target: { kind: 'p95', ms: 20 }, client: c.admin, url: `/api/v1/search?q=${encodeURIComponent('华信网络')}` },
    { name: 'Search, pinyin (huaxin)', target: { kind: 'p95', ms: 20 }, client: c.admin, url: '/api/v1/search?q=huaxin' },
    { name: 'Search, pinyin initials (hx)', target: { kind: 'p95', ms: 20 }, client: c.admin, url: '/api/v1/search?q=hx' },
    { name: 'Customer 360° page (overview)', target: { kind: 'p95', ms: 50 }, client: c.admin, url: `/api/v1/customers/${busy!.id}/overview` },
    { name: `To contact today, own list (${c.repName})`, target: { kind: 'p95', ms: 20 }, client: c.rep, url: '/api/v1/worklists/today?limit=20' },
    { name: 'To contact today, whole company (general manager)', target: { kind: 'p95', ms: 20 }, client: c.gm, url: '/api/v1/worklists/today?team=true&limit=20' },
  ];
}

// ---------------------------------------------------------------------------------------------------------------

interface Run {
  kind: 'pg' | 'pglite';
  scale: Scale;
  figures: Figure[];
  targets: Map<string, Target>;
}

async function benchOn(kind: 'pg' | 'pglite', opts: Options): Promise<Run> {
  const base = kind === 'pg' ? 1_000_000 : 100_000;
  const n = Math.max(1000, Math.round(base * opts.scale));
  let scale: Scale = { customers: n, contacts: 2 * n, followups: 10 * n };
  const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? 'data/bench');
  console.log(`\n=== ${kind === 'pg' ? 'PostgreSQL' : 'PGlite'} ===`);
  const database = kind === 'pg' ? await openBenchPostgres(process.env.DATABASE_URL!) : await openBenchPglite(path.join(dataDir, 'pglite'));
  try {
    let team: BenchTeam;
    if (opts.skipGenerate) {
      await runMigrations(database);
      const orgId = await findBenchOrg(database);
      if (!orgId) throw new Error('No benchmark organisation yet: run without --skip-generate first.');
      team = await loadTeam(database, orgId);
      // A migration since the data was loaded may have added columns that the queries filter on: without
      // statistics on them the planner guesses (IS NULL on an unanalysed column: 0.5% of the rows) and picks bad plans.
      for (const table of ['customers', 'contacts', 'followups']) await database.db.execute(sql.raw(`analyze ${table}`));
    } else {
      team = await generate(database, scale, { dataDir, log: console.log });
    }
    const [counts] = await withOrg(database.db, team.orgId, (tx) =>
      queryRows<Scale>(
        tx,
        sql`select (select count(*) from customers where org_id = ${team.orgId})::int as customers,
                   (select count(*) from contacts where org_id = ${team.orgId})::int as contacts,
                   (select count(*) from followups where org_id = ${team.orgId})::int as followups`,
      ),
    );
    scale = counts!;
    console.log(`Data: ${scale.customers.toLocaleString('en')} customers, ${scale.contacts.toLocaleString('en')} contacts, ${scale.followups.toLocaleString('en')} follow-ups`);
    const run: Run = { kind, scale, figures: [], targets: new Map() };
    if (opts.generateOnly) return run;

    const app = await createApp({ db: database.db, webDir: '/nonexistent', loginRateLimit: { max: 100_000, timeWindow: 60_000 } });
    const clock = serverClock(app);
    try {
      for (const s of await scenarios(app, database, team)) {
        if (opts.only && !s.name.includes(opts.only)) continue;
        const f = await measure(database, clock, s, opts.runs, opts.explain);
        run.figures.push(f);
        run.targets.set(s.name, s.target);
        console.log(`  ${s.name}: API ${ms(f.api!.median)} / ${ms(f.api!.p95)}, SQL ${ms(f.sql!.median)} / ${ms(f.sql!.p95)}`);
      }
      if (!opts.skipImport && (!opts.only || 'Import'.includes(opts.only))) {
        const rows = Math.max(1000, Math.round(opts.importRows * (kind === 'pg' ? 1 : Math.min(1, opts.scale))));
        for (const f of await benchImports(app, team, rows, path.join(dataDir, 'import'))) {
          const fig: Figure = { scenario: f.scenario, rowsPerSecond: f.rowsPerSecond, rows: f.rows, note: f.note };
          run.figures.push(fig);
          run.targets.set(f.scenario, { kind: 'throughput', rowsPerSecond: f.target });
          console.log(`  ${f.scenario}: ${f.rows.toLocaleString('en')} rows in ${(f.seconds).toFixed(1)} s, ${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s`);
        }
      }
    } finally {
      await app.close();
    }
    return run;
  } finally {
    await database.close();
    (database as { release?: () => void }).release?.();
  }
}

// ---------------------------------------------------------------------------------------------------------------

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

/** The targets hold on PostgreSQL at 1,000,000 customers; PGlite figures are shown for comparison only. */
function verdicts(f: Figure, target: Target | undefined): string[] {
  if (!target) return [];
  if (target.kind === 'throughput') return [`${f.rowsPerSecond! >= target.rowsPerSecond ? 'PASS' : 'FAIL'} ≥ ${target.rowsPerSecond.toLocaleString('en')} rows/s`];
  const out = [`${f.api!.p95 < target.ms ? 'PASS' : 'FAIL'} p95 < ${target.ms} ms`];
  const allowed = 1.5 * f.sql!.median + 2;
  out.push(`${f.api!.median <= allowed ? 'PASS' : 'FAIL'} API ≤ 1.5 × SQL + 2 ms (${ms(allowed)})`);
  return out;
}

function report(runs: Run[]): boolean {
  const pg = runs.find((r) => r.kind === 'pg');
  const lite = runs.find((r) => r.kind === 'pglite');
  const names = [...new Set(runs.flatMap((r) => r.figures.map((f) => f.scenario)))];
  const cell = (f: Figure | undefined, part: 'api' | 'sql') =>
    !f ? '—' : f.rowsPerSecond !== undefined ? (part === 'api' ? `${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s` : '') : `${ms(f[part]!.median)} / ${ms(f[part]!.p95)}`;
  const lines = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`,
    pg ? `PostgreSQL: ${pg.scale.customers.toLocaleString('en')} customers, ${pg.scale.contacts.toLocaleString('en')} contacts, ${pg.scale.followups.toLocaleString('en')} follow-ups` : '',
    lite ? `PGlite: ${lite.scale.customers.toLocaleString('en')} customers, ${lite.scale.contacts.toLocaleString('en')} contacts, ${lite.scale.followups.toLocaleString('en')} follow-ups` : '',
    '',
    '| Scenario | PG API median / p95 | PG SQL median / p95 | PGlite API median / p95 | PGlite SQL median / p95 | Target (PG) | Pass |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  let ok = true;
  for (const name of names) {
    const p = pg?.figures.find((f) => f.scenario === name);
    const l = lite?.figures.find((f) => f.scenario === name);
    const target = pg?.targets.get(name) ?? lite?.targets.get(name);
    const v = p ? verdicts(p, target) : [];
    if (v.some((x) => x.startsWith('FAIL'))) ok = false;
    const targetText = target?.kind === 'throughput' ? `≥ ${target.rowsPerSecond.toLocaleString('en')} rows/s` : target ? `p95 < ${target.ms} ms; ≤ 1.5 × SQL + 2 ms` : '';
    const pass = p ? v.map((x) => x.split(' ')[0]).join(', ') : 'not measured on PG';
    lines.push(`| ${name} | ${cell(p, 'api')} | ${cell(p, 'sql')} | ${cell(l, 'api')} | ${cell(l, 'sql')} | ${targetText} | ${pass} |`);
  }
  console.log(`\n${lines.filter((l, i) => l || i > 2).join('\n')}\n`);
  if (pg) {
    for (const name of names) {
      const p = pg.figures.find((f) => f.scenario === name);
      if (p) for (const v of verdicts(p, pg.targets.get(name))) console.log(`${v.startsWith('PASS') ? 'PASS' : 'FAIL'}  ${name}: ${v.slice(5)}`);
    }
  } else {
    console.log('No PostgreSQL run (set DATABASE_URL): the targets are for PostgreSQL at 1,000,000 customers, so nothing is judged.');
  }
  return ok;
}

async function main() {
  const opts = options();
  if (opts.pg && !process.env.DATABASE_URL) throw new Error('--pg needs DATABASE_URL: a PostgreSQL database of its own for the benchmark.');
  const runs: Run[] = [];
  if (opts.pg) runs.push(await benchOn('pg', opts));
  if (opts.pglite) runs.push(await benchOn('pglite', opts));
  if (opts.generateOnly) return;
  const results = path.resolve(process.env.BENCH_DATA_DIR ?? 'data/bench', 'results.json');
  fs.mkdirSync(path.dirname(results), { recursive: true });
  fs.writeFileSync(results, JSON.stringify(runs.map((r) => ({ ...r, targets: Object.fromEntries(r.targets) })), null, 2));
  const ok = report(runs);
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});

