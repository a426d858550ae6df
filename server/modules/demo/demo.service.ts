import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { queryRows, type Db } from '../../db/client.ts';
import { withOrg } from '../../lib/tx.ts';
import { isValidCreditCode } from '../../../shared/validation/customers.ts';
import { createOrganization, isSetUp } from '../tenants/tenants.service.ts';
import { ApiClient } from './demo.api.ts';
import { buildTeam, type TeamMember, type TeamNode } from './demo.team.ts';
import * as v from './demo.vocab.ts';

/**
 * The demo organisation (`npm run demo`): a small sales team, 300 customers with their contacts and six months of
 * follow-ups, a few customers in the public pool, work lists for today, and an approval flow with a request
 * waiting. Everything goes through the API as the team members themselves, so validation, audit, search keys and
 * the customers' follow-up facts are the app's own. Only the creation times are moved back afterwards (the API
 * stamps "now"), so that the customers look as if they had been gathered over those months.
 */

export const DEMO_ORG = { code: 'demo', name: '演示公司', username: 'admin', password: 'Demo-2026' } as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const DEMO_TEAM: TeamNode[] = [
  {
    department: '总经办',
    position: '总经理',
    role: 'customer_manager',
    people: 1,
    title: '总经理',
    children: ['一', '二'].map((n) => ({
      department: `销售${n}部`,
      parentDepartment: '销售部',
      position: `销售${n}部经理`,
      role: 'customer_manager' as const,
      people: 1,
      title: '销售经理',
      children: [{ department: `销售${n}部`, position: `销售${n}部销售代表`, role: 'sales_rep' as const, people: 2, title: '销售代表' }],
    })),
  },
  { department: '客服部', position: '客服专员', role: 'support_rep', people: 1, title: '客服' },
];

export interface DemoAccount {
  username: string;
  name: string;
  title: string;
}

export type DemoResult = { created: false } | { created: true; accounts: DemoAccount[]; counts: Record<string, number> };

export interface DemoOptions {
  /** Another organisation code than `demo` (tests run on a shared database). */
  orgCode?: string;
  customers?: number;
  seed?: number;
  log?: (message: string) => void;
}

/** Whether the demo organisation exists already: running the demo twice says so instead of adding to it. */
export async function demoExists(db: Db, code: string = DEMO_ORG.code): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from organizations where code = ${code}`);
  return rows.length > 0;
}

export async function fillDemo(db: Db, app: FastifyInstance, opts: DemoOptions = {}): Promise<DemoResult> {
  const log = opts.log ?? (() => {});
  const code = opts.orgCode ?? DEMO_ORG.code;
  if (await demoExists(db, code)) return { created: false };
  const rng = new v.Rng(opts.seed ?? 2026);
  const total = opts.customers ?? 300;
  const now = Date.now();

  // The first organisation of a fresh installation is its own: its administrator also administers the installation.
  const first = !(await isSetUp(db));
  const { org } = await createOrganization(
    db,
    {
      orgName: DEMO_ORG.name,
      orgCode: code,
      timeZone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
      adminUsername: DEMO_ORG.username,
      adminName: '系统管理员',
      adminEmail: `admin@${code}.example.com`,
      password: DEMO_ORG.password,
      confirmPassword: DEMO_ORG.password,
    },
    { ip: null, userAgent: 'npm run demo', locale: 'zh-CN' },
    { installationAdmin: first, onlyIfFirst: first },
  );
  const signIn = (username: string) => ApiClient.signIn(app, code, username, DEMO_ORG.password);
  const admin = await signIn(DEMO_ORG.username);
  const team = await buildTeam(admin, DEMO_TEAM, { rng, password: DEMO_ORG.password, emailDomain: `${code}.example.com` });
  log(`Team: ${team.length} people`);

  // Customers return to the pool after 60 days without a follow-up; signed ones stay. Deals come in a later release.
  const settings = await admin.get<{ version?: number | null }>('/api/v1/pool/settings');
  await admin.put('/api/v1/pool/settings', {
    rules: {
      enabled: true,
      noFollowupDays: { '*': 60 },
      noDealDays: { '*': null },
      exemptStatuses: ['signed'],
      warnDaysBefore: 5,
      maxOwnedPerUser: 200,
      maxClaimsPerDay: 20,
      reclaimWaitDays: 7,
    },
    version: settings.version ?? null,
  });

  const clients = new Map<string, ApiClient>();
  for (const m of team) clients.set(m.id, await signIn(m.username));
  const reps = team.filter((m) => m.title === '销售代表');
  const managers = team.filter((m) => m.title === '销售经理');
  const owners: (readonly [TeamMember, number])[] = [...reps.map((m) => [m, 6] as const), ...managers.map((m) => [m, 2] as const)];
  const todayStart = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;

  const names = new Set<string>();
  const created: { id: string; owner: TeamMember; firstAt: number; channel: boolean }[] = [];
  const pooled = new Map<string, string[]>();
  let serial = 0;
  let contactCount = 0;
  let followupCount = 0;
  for (let i = 0; i < total; i++) {
    const owner = rng.weighted(owners);
    const client = clients.get(owner.id)!;
    const individual = rng.chance(0.05);
    let c = v.company(rng);
    let name = individual ? v.person(rng).name : c.name;
    while (names.has(name)) name = individual ? v.person(rng).name : (c = v.company(rng)).name;
    names.add(name);
    const status = rng.weighted([['potential', 45], ['formal', 30], ['signed', 18], ['abandoned', 7]] as const);
    // A channel customer (a distributor) names at least one end customer it serves: some of the owner's own.
    const served = created.filter((x) => x.owner.id === owner.id && !x.channel).map((x) => x.id);
    const channel = !individual && served.length >= 3 && rng.chance(0.1);
    const credit = individual || rng.chance(0.2) ? null : v.creditCode(c.place.districtCode ?? c.place.cityCode, ++serial);
    if (credit && !isValidCreditCode(credit)) throw new Error(`generated an invalid credit code ${credit}`);
    const customer = await client.post<{ id: string }>('/api/v1/customers', {
      name,
      englishName: !individual && rng.chance(0.4) ? c.englishName : null,
      kind: individual ? 'individual' : 'enterprise',
      channel: channel ? 'channel' : 'end',
      industry: individual ? null : c.industry,
      source: rng.weighted(v.SOURCES),
      importance: rng.weighted(v.IMPORTANCE),
      level: rng.weighted(v.LEVELS),
      status,
      tags: v.tags(rng),
      phone: v.companyPhone(rng, c.place),
      email: individual ? null : `${rng.pick(['info', 'sales', 'contact'])}@${v.website(c).replace(/^https:\/\/www\./, '')}`,
      provinceCode: c.place.provinceCode,
      cityCode: c.place.cityCode,
      districtCode: c.place.districtCode,
      address: v.address(rng),
      creditCode: credit,
      website: individual ? null : v.website(c),
      relatedIds: channel ? rng.sample(served, rng.int(1, 3)) : [],
    });

    const contactIds: { id: string; name: string }[] = [];
    const nContacts = rng.int(2, 3);
    for (let k = 0; k < nContacts; k++) {
      const p = v.person(rng);
      const { title, department } = individual ? { title: null, department: null } : v.contactTitle(rng);
      const mobile = v.mobile(rng);
      const contact = await client.post<{ id: string }>('/api/v1/contacts', {
        customerId: customer.id,
        name: k === 0 && individual ? name : p.name,
        gender: p.gender,
        title,
        department,
        mobile,
        phone: rng.chance(0.3) ? v.companyPhone(rng, c.place) : null,
        email: individual ? null : v.companyEmail(p, c, rng),
        wechat: rng.chance(0.5) ? (rng.chance(0.5) ? mobile : `${p.latin}${rng.int(10, 999)}`) : null,
        birthday: rng.chance(0.3) ? v.birthday(rng) : null,
        isPrimary: k === 0,
      });
      contactIds.push({ id: contact.id, name: p.name });
      contactCount++;
    }

    // Follow-ups over the last six months; an owned customer that is not signed was called in the last 45 days,
    // except a few that are about to return to the pool.
    const toPool = i % 15 === 7;
    const returning = !toPool && status !== 'signed' && i % 40 === 11;
    const n = { potential: rng.int(1, 4), formal: rng.int(3, 8), signed: rng.int(5, 12), abandoned: rng.int(1, 3) }[status];
    const latest = toPool ? now - rng.int(70, 150) * DAY : returning ? now - rng.int(56, 58) * DAY : status === 'signed' ? now - rng.int(1, 60) * DAY : now - rng.int(1, 45) * DAY;
    // During office hours in China, never later than now.
    const officeHours = (t: number) => {
      const day = Math.floor((t + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
      const at = day + rng.int(9, 17) * HOUR + rng.int(0, 59) * 60_000;
      return at > now ? at - DAY : at;
    };
    const times = Array.from({ length: n - 1 }, () => latest - rng.int(1, 120) * DAY).concat(latest).map(officeHours);
    times.sort((a, b) => a - b);
    const r = rng.next();
    let next: number | null = null;
    if (!toPool && status !== 'abandoned') {
      if (r < 0.06) next = todayStart + rng.int(9, 17) * HOUR + rng.pick([0, 30]) * 60_000;
      else if (r < 0.13) next = todayStart - rng.int(1, 10) * DAY + rng.int(9, 17) * HOUR;
      else if (r < 0.45) next = todayStart + rng.int(1, 21) * DAY + rng.int(9, 17) * HOUR;
    }
    for (let k = 0; k < times.length; k++) {
      const method = rng.weighted(v.METHODS);
      const who = rng.chance(0.85) ? rng.pick(contactIds) : null;
      const last = k === times.length - 1;
      const at = times[k]!;
      await client.post('/api/v1/followups', {
        customerId: customer.id,
        contactId: who?.id ?? null,
        method,
        content: v.followupContent(rng, method, who?.name),
        occurredAt: new Date(at).toISOString(),
        nextContactAt: last && next !== null && next > at ? new Date(next).toISOString() : null,
      });
      followupCount++;
    }
    created.push({ id: customer.id, owner, firstAt: times[0]!, channel });
    if (toPool) pooled.set(owner.id, [...(pooled.get(owner.id) ?? []), customer.id]);
    if ((i + 1) % 50 === 0) log(`Customers: ${i + 1} of ${total}`);
  }

  for (const [ownerId, ids] of pooled) {
    await clients.get(ownerId)!.post('/api/v1/pool/return', { ids, reason: rng.pick(['长期联系不上', '暂无采购需求，放回公海', '客户已更换负责人']) });
  }

  // The API stamps creation "now": move each customer's creation (and ownership) to before its first follow-up, and
  // its contacts' with it, so lists sorted by time and the pool's clock read like months of real work.
  await withOrg(db, org.id, async (tx) => {
    const values = created.map((c) => `('${c.id}'::uuid, '${new Date(c.firstAt - rng.int(1, 20) * DAY - rng.int(0, 8) * HOUR).toISOString()}'::timestamptz)`);
    await tx.execute(
      sql.raw(`update customers c set created_at = b.at, owner_since = case when c.owner_id is null then c.owner_since else b.at end,
                      updated_at = greatest(b.at, coalesce(c.last_followup_at, b.at))
                 from (values ${values.join(',')}) as b(id, at) where c.org_id = '${org.id}' and c.id = b.id`),
    );
    await tx.execute(sql`update contacts k set created_at = c.created_at + interval '10 minutes', updated_at = c.created_at + interval '10 minutes'
                           from customers c where k.org_id = ${org.id} and c.org_id = k.org_id and c.id = k.customer_id`);
    await tx.execute(sql`update followups set created_at = occurred_at + interval '5 minutes', updated_at = occurred_at + interval '5 minutes' where org_id = ${org.id}`);
  });

  // Creating a customer now needs the approval of one's superior; one representative's new customer is waiting.
  const flow = await admin.get<{ version?: number | null }>('/api/v1/approval-flows/customer/create');
  await admin.put('/api/v1/approval-flows/customer/create', {
    enabled: true,
    levels: [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }],
    version: flow.version ?? null,
  });
  const submitter = reps[0]!;
  let c = v.company(rng);
  while (names.has(c.name)) c = v.company(rng);
  await clients.get(submitter.id)!.post('/api/v1/customers', {
    name: c.name,
    industry: c.industry,
    source: 'exhibition',
    status: 'potential',
    level: 'b',
    tags: ['展会客户'],
    phone: v.companyPhone(rng, c.place),
    provinceCode: c.place.provinceCode,
    cityCode: c.place.cityCode,
    districtCode: c.place.districtCode,
    creditCode: v.creditCode(c.place.districtCode ?? c.place.cityCode, serial + 1),
    relatedIds: [],
  });

  const accounts: DemoAccount[] = [
    { username: DEMO_ORG.username, name: '系统管理员', title: '管理员' },
    ...team.map((m) => ({ username: m.username, name: m.name, title: m.title })),
  ];
  return {
    created: true,
    accounts,
    counts: { customers: total + 1, contacts: contactCount, followups: followupCount, pool: [...pooled.values()].flat().length, pendingApprovals: 1 },
  };
}
