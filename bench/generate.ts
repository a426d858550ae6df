import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { createApp } from '../server/app.ts';
import { queryRows, type Database } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { withOrg, withSystem } from '../server/lib/tx.ts';
import { customerKeys } from '../server/modules/customers/customers.keys.ts';
import { formatCustomerNumber } from '../server/modules/customers/customers.rules.ts';
import { ApiClient } from '../server/modules/demo/demo.api.ts';
import { buildTeam, type TeamMember, type TeamNode } from '../server/modules/demo/demo.team.ts';
import * as v from '../server/modules/demo/demo.vocab.ts';
import { searchKeys } from '../server/modules/search/search.keys.ts';
import { createOrganization } from '../server/modules/tenants/tenants.service.ts';
import { arrayField, createIndexes, dropIndexes, field, openCopy, row, secondaryIndexes, type IndexDef, type TableSink } from './copy.ts';

/**
 * The benchmark organisation: ~50 salespeople in a position hierarchy and, by default, 1,000,000 customers with
 * 2,000,000 contacts and 10,000,000 follow-ups, generated in Node in batches and loaded with COPY. Derived columns
 * come from the app's own key functions (customerKeys, searchKeys), and the denormalised facts on each customer
 * (last follow-up, next contact time) are those of its generated follow-ups.
 */

export const BENCH_ORG = { code: 'bench', name: '基准测试有限公司', username: 'admin', password: 'Bench-2026' } as const;

export interface Scale {
  customers: number;
  contacts: number;
  followups: number;
}

export interface BenchTeam {
  orgId: string;
  members: TeamMember[];
}

const DAY = 86_400_000;
/** Rows per COPY batch (customers; contacts and follow-ups follow their customers). */
const BATCH = 5_000;

const REGIONS = ['华北', '华东', '华南', '西部'];

/** 1 总经理 → 4 区域总监 → 8 销售经理 → 36 销售代表, and a 客服: 50 people who own customers or serve them. */
export const BENCH_TEAM: TeamNode[] = [
  {
    department: '总经办',
    position: '总经理',
    role: 'customer_manager',
    people: 1,
    title: '总经理',
    children: REGIONS.map((r, ri) => ({
      department: `${r}销售部`,
      parentDepartment: '销售中心',
      position: `${r}销售总监`,
      role: 'customer_manager' as const,
      people: 1,
      title: '销售总监',
      children: [1, 2].map((g) => ({
        department: `${r}销售部`,
        position: `${r}销售${g}组经理`,
        role: 'customer_manager' as const,
        people: 1,
        title: '销售经理',
        children: [
          { department: `${r}销售部`, position: `${r}销售${g}组代表`, role: 'sales_rep' as const, people: (ri + g) % 2 ? 5 : 4, title: '销售代表' },
        ],
      })),
    })),
  },
  { department: '客服部', position: '客服专员', role: 'support_rep', people: 1, title: '客服' },
];

/** Every row of an organisation, in every table that has an org_id, then the organisation itself. */
export async function removeOrg(database: Database, orgId: string, log: (m: string) => void): Promise<void> {
  const tables = await queryRows<{ table: string }>(
    database.db,
    sql`select table_name as "table" from information_schema.columns
         where table_schema = current_schema() and column_name = 'org_id' and table_name <> 'organizations'`,
  );
  for (const { table } of tables) {
    // TRUNCATE when the organisation is the table's only one: deleting ten million rows one by one takes long.
    const [other] = await queryRows<{ found: boolean }>(database.db, sql.raw(`select exists (select 1 from "${table}" where org_id <> '${orgId}') as found`));
    if (other?.found) await database.db.execute(sql.raw(`delete from "${table}" where org_id = '${orgId}'`));
    else await database.db.execute(sql.raw(`truncate "${table}"`));
  }
  await database.db.execute(sql`delete from organizations where id = ${orgId}`);
  log('  previous benchmark organisation removed');
}

export async function findBenchOrg(database: Database): Promise<string | null> {
  const [org] = await queryRows<{ id: string }>(database.db, sql`select id from organizations where code = ${BENCH_ORG.code}`);
  return org?.id ?? null;
}

/** The team of an existing benchmark organisation, read back from its users and positions. */
export async function loadTeam(database: Database, orgId: string): Promise<BenchTeam> {
  const rows = await withOrg(database.db, orgId, (tx) =>
    queryRows<{ id: string; username: string; name: string; position: string; path: string }>(
      tx,
      sql`select u.id, u.username, u.name, p.name as position, p.path
            from users u join user_positions up on up.org_id = u.org_id and up.user_id = u.id
            join positions p on p.org_id = up.org_id and p.id = up.position_id
           where u.org_id = ${orgId}`,
    ),
  );
  const titleOf = (position: string) =>
    position === '总经理' ? position : position.endsWith('代表') ? '销售代表' : position.endsWith('经理') ? '销售经理' : position.endsWith('总监') ? '销售总监' : position;
  const members = rows.map((r): TeamMember => ({
    id: r.id,
    username: r.username,
    name: r.name,
    title: titleOf(r.position),
    role: r.position.endsWith('代表') ? 'sales_rep' : r.position === '客服专员' ? 'support_rep' : 'customer_manager',
    superiors: rows.filter((o) => r.path.startsWith(o.path) && o.path !== r.path).sort((a, b) => b.path.length - a.path.length).map((o) => o.id),
    subordinates: rows.filter((o) => o.path.startsWith(r.path) && o.path !== r.path).map((o) => o.id),
  }));
  return { orgId, members };
}

async function createBenchOrg(database: Database): Promise<BenchTeam> {
  const { org } = await createOrganization(
    database.db,
    {
      orgName: BENCH_ORG.name,
      orgCode: BENCH_ORG.code,
      timeZone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
      adminUsername: BENCH_ORG.username,
      adminName: '系统管理员',
      adminEmail: 'admin@bench.example.com',
      password: BENCH_ORG.password,
      confirmPassword: BENCH_ORG.password,
    },
    { ip: null, userAgent: 'bench', locale: 'zh-CN' },
    { installationAdmin: false },
  );
  const app = await createApp({ db: database.db, webDir: '/nonexistent', loginRateLimit: { max: 10_000, timeWindow: 60_000 } });
  try {
    const admin = await ApiClient.signIn(app, BENCH_ORG.code, BENCH_ORG.username, BENCH_ORG.password);
    const members = await buildTeam(admin, BENCH_TEAM, { rng: new v.Rng(7), password: BENCH_ORG.password, emailDomain: 'bench.example.com' });
    return { orgId: org.id, members };
  } finally {
    await app.close();
  }
}

/**
 * Spreads `total` over `n` customers with a skewed per-customer weight: a running carry turns the weights into
 * whole counts, and the sum comes out at exactly `total`.
 */
class Quota {
  private carry = 0;
  private given = 0;
  private left: number;
  private readonly perUnit: number;
  constructor(
    private readonly total: number,
    n: number,
    mean: number,
  ) {
    this.left = n;
    this.perUnit = total / n / mean;
  }
  /** At least `min`; a carry that goes negative after a minimum is paid back by the next customers. */
  take(weight: number, min = 0): number {
    this.left--;
    const k = this.left === 0 ? Math.max(min, this.total - this.given) : Math.max(min, Math.min(Math.floor((this.carry += weight * this.perUnit)), this.total - this.given));
    if (this.left > 0) this.carry -= k;
    this.given += k;
    return k;
  }
}

const FOLLOWUP_WEIGHTS = [[0, 8], [0.3, 20], [0.8, 35], [1.5, 25], [4, 12]] as const;
const FOLLOWUP_MEAN = 1.195;
const CONTACT_WEIGHTS = [[1, 40], [2, 30], [3, 20], [4, 6], [5, 4]] as const;
const CONTACT_MEAN = 2.04;

const CUSTOMER_COLUMNS = [
  'org_id', 'id', 'number', 'name', 'name_key', 'english_name', 'kind', 'channel', 'industry', 'source', 'importance', 'level', 'status',
  'tags', 'phone', 'phone_key', 'email', 'province_code', 'city_code', 'district_code', 'address', 'credit_code', 'website', 'owner_id',
  'owner_since', 'previous_owner_id', 'pool_entered_at', 'last_followup_at', 'last_followup_content', 'next_contact_at', 'last_deal_at',
  'search_grams', 'search_text', 'created_by', 'created_at', 'updated_by', 'updated_at',
] as const;
const CONTACT_COLUMNS = [
  'org_id', 'id', 'customer_id', 'owner_id', 'name', 'gender', 'title', 'department', 'mobile', 'phone', 'email', 'wechat', 'birthday',
  'is_primary', 'search_grams', 'search_text', 'created_by', 'created_at', 'updated_by', 'updated_at',
] as const;
const FOLLOWUP_COLUMNS = [
  'org_id', 'id', 'customer_id', 'contact_id', 'owner_id', 'method', 'content', 'occurred_at', 'next_contact_at', 'reminded_at',
  'created_by', 'created_at', 'updated_by', 'updated_at',
] as const;
const SHARE_COLUMNS = ['org_id', 'record_type', 'record_id', 'user_id', 'access', 'created_at'] as const;

const iso = (ms: number | null) => (ms === null ? '\\N' : new Date(ms).toISOString());

/** Who owns how much: representatives most, managers some, directors and the general manager a few. */
function ownerWeights(members: TeamMember[], rng: v.Rng): (readonly [TeamMember, number])[] {
  const base: Record<string, number> = { 销售代表: 1, 销售经理: 0.4, 销售总监: 0.15, 总经理: 0.03 };
  return members.filter((m) => base[m.title]).map((m) => [m, base[m.title]! * (0.5 + rng.next())] as const);
}

/** Indexes saved before they are dropped, so an interrupted load can be repaired by running again. */
function savedIndexesFile(database: Database, dataDir: string) {
  return path.join(dataDir, `bench-indexes-${database.kind}.json`);
}

export async function generate(database: Database, scale: Scale, opts: { dataDir: string; log: (m: string) => void }): Promise<BenchTeam> {
  const { log } = opts;
  const started = performance.now();
  await runMigrations(database);
  const saved = savedIndexesFile(database, opts.dataDir);
  if (fs.existsSync(saved)) {
    log('Rebuilding indexes left dropped by an interrupted load…');
    await createIndexes(database, JSON.parse(fs.readFileSync(saved, 'utf8')) as IndexDef[], log);
    fs.rmSync(saved);
  }
  const previous = await findBenchOrg(database);
  if (previous) await removeOrg(database, previous, log);
  const team = await createBenchOrg(database);
  log(`Organisation "${BENCH_ORG.code}" with ${team.members.length} people (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  const tables = ['customers', 'contacts', 'followups'];
  // Dropping indexes is only for a database of the benchmark's own: with other organisations' rows in these
  // tables, their queries would go without indexes meanwhile, so the load keeps the indexes (and is slower).
  const [shared] = await queryRows<{ found: boolean }>(
    database.db,
    sql`select exists (select 1 from customers where org_id <> ${team.orgId}) or exists (select 1 from contacts where org_id <> ${team.orgId}) as found`,
  );
  if (shared?.found) log('  other organisations have customers here: loading with the indexes in place');
  const bulk = scale.customers >= 50_000 && !shared?.found;
  const indexes: IndexDef[] = [];
  if (bulk) {
    for (const t of tables) indexes.push(...(await secondaryIndexes(database, t)));
    fs.mkdirSync(opts.dataDir, { recursive: true });
    fs.writeFileSync(saved, JSON.stringify(indexes));
    await dropIndexes(database, indexes);
  }
  if (database.kind === 'pg') await database.db.execute(sql`set synchronous_commit = off`);

  const loadStarted = performance.now();
  const sinks = {
    customers: await openCopy(database, 'customers', CUSTOMER_COLUMNS),
    contacts: await openCopy(database, 'contacts', CONTACT_COLUMNS),
    followups: await openCopy(database, 'followups', FOLLOWUP_COLUMNS),
    shares: await openCopy(database, 'record_shares', SHARE_COLUMNS),
  };
  await fillRows(team, scale, sinks, (done) => {
    const s = (performance.now() - loadStarted) / 1000;
    log(`  ${done.toLocaleString('en')} customers loaded, ${(done / s).toFixed(0)}/s`);
  });
  for (const s of Object.values(sinks)) await s.end();
  log(`Rows loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

  await withOrg(database.db, team.orgId, (tx) =>
    tx.execute(sql`insert into counters (org_id, name, value) values (${team.orgId}, 'customer', ${scale.customers})
                   on conflict (org_id, name) do update set value = excluded.value`),
  );
  if (bulk) {
    const t = performance.now();
    log('Building indexes…');
    await createIndexes(database, indexes, log);
    fs.rmSync(saved);
    log(`Indexes built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const t = performance.now();
  for (const table of [...tables, 'record_shares']) await withSystem(database.db, (tx) => tx.execute(sql.raw(`analyze ${table}`)));
  log(`ANALYZE ${((performance.now() - t) / 1000).toFixed(1)} s; generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return team;
}

interface Sinks {
  customers: TableSink;
  contacts: TableSink;
  followups: TableSink;
  shares: TableSink;
}

async function fillRows(team: BenchTeam, scale: Scale, sinks: Sinks, progress: (done: number) => void): Promise<void> {
  const rng = new v.Rng(20_26);
  const orgId = team.orgId;
  const now = Date.now();
  // "Today" in the organisation's time zone (Asia/Shanghai has no daylight saving: UTC+8 all year).
  const todayStart = Math.floor((now + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
  const span = 5 * 365 * DAY;
  const owners = ownerWeights(team.members, rng);
  const reps = team.members.filter((m) => m.title === '销售代表');
  const names = new Set<string>();
  const creditSerial = { n: 0 };
  const contents = new Map<string, string[]>();
  for (const [method] of v.METHODS) contents.set(method, Array.from({ length: 400 }, () => v.followupContent(rng, method)));
  const followupQuota = new Quota(scale.followups, scale.customers, FOLLOWUP_MEAN);
  const contactQuota = new Quota(scale.contacts, scale.customers, CONTACT_MEAN);

  let cBuf = '';
  let kBuf = '';
  let fBuf = '';
  let sBuf = '';
  const flush = async () => {
    // Customers first: nothing refers to a row that is not there (there are no foreign keys, but the order keeps a
    // half-finished load readable).
    await sinks.customers.write(cBuf);
    await Promise.all([sinks.contacts.write(kBuf), sinks.followups.write(fBuf), sBuf ? sinks.shares.write(sBuf) : undefined]);
    cBuf = kBuf = fBuf = sBuf = '';
  };

  for (let i = 0; i < scale.customers; i++) {
    const created = Math.floor(now - span * (1 - ((i + rng.next()) / scale.customers) ** 0.8));
    const number = formatCustomerNumber(i + 1);
    const individual = rng.chance(0.04);
    let c = v.company(rng);
    let name = individual ? v.person(rng).name : c.name;
    for (let attempt = 0; names.has(name); attempt++) {
      if (individual) name = attempt < 3 ? v.person(rng).name : `${name.replace(/（.*$/, '')}（${c.place.short}${attempt}）`;
      else if (attempt < 3) name = (c = v.company(rng)).name;
      else name = attempt === 3 ? v.branchName(c.name, c.place) : `${c.name.replace(/有限公司$/, '')}${attempt}有限公司`;
    }
    names.add(name);
    const place = c.place;
    const pooled = rng.chance(0.05);
    const owner = rng.weighted(owners);
    const status = rng.weighted(v.STATUSES);
    const phone = rng.chance(0.9) ? v.companyPhone(rng, place) : null;
    const email = !individual && rng.chance(0.5) ? `${rng.pick(['info', 'sales', 'contact', 'service'])}@${v.website(c).replace(/^https:\/\/www\./, '')}` : null;
    const englishName = !individual && rng.chance(0.4) ? c.englishName : null;
    const addr = rng.chance(0.85) ? v.address(rng) : null;
    const keys = customerKeys({ name, englishName, number, phone, email, address: addr });
    const id = uuidv7();

    // Follow-ups: times between creation and now; the last one decides the customer's next contact time.
    const nFollow = followupQuota.take(rng.weighted(FOLLOWUP_WEIGHTS) * (0.5 + rng.next()));
    let next: number | null = null;
    if (!pooled && nFollow > 0) {
      const r = rng.next();
      if (r < 0.0015) next = todayStart + (9 + rng.next() * 9) * 3_600_000;
      else if (r < 0.0115) next = todayStart - rng.int(1, 30) * DAY + rng.next() * 9 * 3_600_000;
      else if (r < 0.0615) next = todayStart + rng.int(1, 60) * DAY + (9 + rng.next() * 9) * 3_600_000;
    }
    const end = Math.min(now, next !== null ? next - rng.int(1, 14) * DAY : now);
    const first = Math.min(created + 3_600_000, end);
    const times: number[] = [];
    for (let k = 0; k < nFollow; k++) times.push(first + Math.floor(rng.next() * Math.max(0, end - first)));
    times.sort((a, b) => a - b);
    const nextValid = next !== null && times.length > 0 && next > times[times.length - 1]! ? next : null;

    const ownerId = pooled ? null : owner.id;
    const author = owner.id;
    const contactIds: string[] = [];
    const contactNames: string[] = [];
    const nContacts = contactQuota.take(rng.weighted(CONTACT_WEIGHTS), 1);
    for (let k = 0; k < nContacts; k++) {
      const p = v.person(rng);
      const cid = uuidv7();
      const { title, department } = v.contactTitle(rng);
      const mobile = rng.chance(0.9) ? v.mobile(rng) : null;
      const cphone = rng.chance(0.2) ? v.companyPhone(rng, place) : null;
      const cemail = rng.chance(0.6) ? v.companyEmail(p, c, rng) : null;
      const wechat = rng.chance(0.4) ? (mobile && rng.chance(0.5) ? mobile : `${p.latin}${rng.int(10, 9999)}`) : null;
      const sk = searchKeys(p.name, [mobile, cphone, cemail, wechat]);
      const at = iso(created + k * 60_000);
      contactIds.push(cid);
      contactNames.push(p.name);
      kBuf += row([
        orgId, cid, id, field(ownerId), p.name, p.gender, title, department, field(mobile), field(cphone), field(cemail), field(wechat),
        field(rng.chance(0.3) ? v.birthday(rng) : null), k === 0 ? 't' : 'f', arrayField(sk.searchGrams), field(sk.searchText), author, at, author, at,
      ]);
    }

    let lastContent: string | null = null;
    for (let k = 0; k < times.length; k++) {
      const t = times[k]!;
      const method = rng.weighted(v.METHODS);
      const ci = rng.chance(0.8) ? rng.int(0, contactIds.length - 1) : -1;
      let content = rng.pick(contents.get(method)!);
      if (ci >= 0) content = content.replace('客户', contactNames[ci]!);
      const isLast = k === times.length - 1;
      let fNext: number | null = null;
      if (isLast) fNext = nextValid;
      else if (rng.chance(0.25)) fNext = t + rng.int(1, 14) * DAY;
      const reminded = fNext !== null && fNext <= now ? fNext : null;
      if (isLast) lastContent = content;
      const at = iso(t + 120_000);
      fBuf += row([
        orgId, uuidv7(), id, ci >= 0 ? contactIds[ci]! : '\\N', field(ownerId), method, field(content), iso(t), iso(fNext), iso(reminded), author, at, author, at,
      ]);
    }

    const lastAt = times.length ? times[times.length - 1]! : null;
    const updated = Math.max(created, lastAt ?? created);
    const poolEntered = pooled ? Math.max(updated, now - rng.int(1, 365) * DAY) : null;
    cBuf += row([
      orgId, id, number, field(name), field(keys.nameKey), field(englishName), individual ? 'individual' : 'enterprise', rng.chance(0.08) ? 'channel' : 'end',
      individual ? '\\N' : c.industry, rng.weighted(v.SOURCES), field(rng.weighted(v.IMPORTANCE)), field(rng.weighted(v.LEVELS)), status,
      arrayField(v.tags(rng)), field(phone), field(keys.phoneKey), field(email), place.provinceCode, place.cityCode, field(place.districtCode), field(addr),
      field(!individual && rng.chance(0.8) ? v.creditCode(place.districtCode ?? place.cityCode, creditSerial.n++) : null), field(individual ? null : v.website(c)),
      field(ownerId), pooled ? '\\N' : iso(created), pooled ? author : '\\N', iso(poolEntered), iso(lastAt), field(lastContent), iso(nextValid),
      status === 'signed' ? iso(now - rng.int(1, 730) * DAY) : '\\N', arrayField(keys.searchGrams), field(keys.searchText), author, iso(created), author, iso(updated),
    ]);
    if (!pooled && rng.chance(0.01)) {
      const peer = rng.pick(reps);
      if (peer.id !== ownerId) sBuf += row([orgId, 'customer', id, peer.id, rng.chance(0.3) ? 'write' : 'read', iso(updated)]);
    }

    if ((i + 1) % BATCH === 0 || i === scale.customers - 1) {
      await flush();
      if ((i + 1) % (BATCH * 20) === 0 || i === scale.customers - 1) progress(i + 1);
    }
  }
}
