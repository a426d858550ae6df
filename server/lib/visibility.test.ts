import { and, eq, sql } from 'drizzle-orm';
import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/columns.ts';
import { queryRows } from '../db/client.ts';
import { createTestOrg, uniq, useTestApp } from '../test/fixtures.ts';
import { departments, positions } from '../modules/orgchart/orgchart.schema.ts';
import { recordShares, sharingModes } from '../modules/roles/roles.schema.ts';
import { userPositions, users } from '../modules/users/users.schema.ts';
import type { DataScope, SharingMode } from '../../shared/permissions.ts';
import type { Actor } from './context.ts';
import { withOrg } from './tx.ts';
import { assertCanAccess, loadVisibility, visibleRecords, type Access } from './visibility.ts';

const env = useTestApp();

// A stand-in for an owned business table; unique per run so that several runs can share a PostgreSQL database.
const tableName = `vis_things_${uniq()}`;
const things = pgTable(tableName, { orgId: uuid('org_id').notNull(), id: uuid('id').notNull(), ownerId: uuid('owner_id') });

beforeAll(async () => {
  const t = sql.identifier(tableName);
  await env.database.db.execute(sql`create table ${t} (org_id uuid not null, id uuid not null, owner_id uuid, primary key (org_id, id))`);
  await env.database.db.execute(sql`create index ${sql.identifier(`${tableName}_owner_idx`)} on ${t} (org_id, owner_id)`);
  await env.database.db.execute(sql`alter table ${t} enable row level security`);
  await env.database.db.execute(
    sql`create policy ${sql.identifier(`${tableName}_tenant`)} on ${t} for all to public
        using (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
        with check (org_id = nullif(current_setting('app.org_id', true), '')::uuid)`,
  );
  await env.database.db.execute(sql`grant select, insert, update, delete on ${t} to kehu_app`);
});

afterAll(async () => {
  await env.database?.db.execute(sql`drop table if exists ${sql.identifier(tableName)}`);
});

type Person = 'ceo' | 'mgr' | 'rep' | 'peer' | 'sales2' | 'support' | 'loner';
const PEOPLE: Person[] = ['ceo', 'mgr', 'rep', 'peer', 'sales2', 'support', 'loner'];

/**
 * Departments HQ > Sales > East and HQ > Support; positions CEO > Sales manager > Rep and CEO > Support lead.
 * rep and peer both hold Rep (in East); mgr is Sales manager (in Sales); sales2 is in Sales without a position;
 * loner has neither. Each person owns one thing, named after them; `pool` has no owner.
 */
async function buildWorld() {
  const org = await createTestOrg(env);
  const ids = Object.fromEntries(PEOPLE.map((p) => [p, newId()])) as Record<Person, string>;
  const dept = { hq: newId(), sales: newId(), east: newId(), support: newId() };
  const pos = { ceo: newId(), mgr: newId(), rep: newId(), lead: newId() };
  const deptOf: Record<Person, string | null> = { ceo: dept.hq, mgr: dept.sales, rep: dept.east, peer: dept.east, sales2: dept.sales, support: dept.support, loner: null };
  const thingIds = Object.fromEntries([...PEOPLE, 'pool'].map((p) => [p, newId()])) as Record<Person | 'pool', string>;
  await withOrg(env.database.db, org.orgId, async (tx) => {
    const orgId = org.orgId;
    await tx.insert(departments).values([
      { orgId, id: dept.hq, name: 'HQ', path: `/${dept.hq}/` },
      { orgId, id: dept.sales, parentId: dept.hq, name: 'Sales', path: `/${dept.hq}/${dept.sales}/` },
      { orgId, id: dept.east, parentId: dept.sales, name: 'East', path: `/${dept.hq}/${dept.sales}/${dept.east}/` },
      { orgId, id: dept.support, parentId: dept.hq, name: 'Support', path: `/${dept.hq}/${dept.support}/` },
    ]);
    await tx.insert(positions).values([
      { orgId, id: pos.ceo, departmentId: dept.hq, name: 'CEO', path: `/${pos.ceo}/` },
      { orgId, id: pos.mgr, departmentId: dept.sales, parentId: pos.ceo, name: 'Sales manager', path: `/${pos.ceo}/${pos.mgr}/` },
      { orgId, id: pos.rep, departmentId: dept.east, parentId: pos.mgr, name: 'Rep', path: `/${pos.ceo}/${pos.mgr}/${pos.rep}/` },
      { orgId, id: pos.lead, departmentId: dept.support, parentId: pos.ceo, name: 'Support lead', path: `/${pos.ceo}/${pos.lead}/` },
    ]);
    await tx.insert(users).values(
      PEOPLE.map((p) => ({ orgId, id: ids[p], username: `${p}-${uniq()}`, name: p, passwordHash: 'x', status: 'active' as const, departmentId: deptOf[p] })),
    );
    await tx.insert(userPositions).values([
      { orgId, userId: ids.ceo, positionId: pos.ceo },
      { orgId, userId: ids.mgr, positionId: pos.mgr },
      { orgId, userId: ids.rep, positionId: pos.rep },
      { orgId, userId: ids.peer, positionId: pos.rep },
      { orgId, userId: ids.support, positionId: pos.lead },
    ]);
    await tx.insert(things).values([...PEOPLE.map((p) => ({ orgId, id: thingIds[p], ownerId: ids[p] })), { orgId, id: thingIds.pool, ownerId: null }]);
  });
  const nameOf = new Map(Object.entries(thingIds).map(([name, id]) => [id, name]));

  const actor = (who: Person, scope?: DataScope, departmentId: string | null = deptOf[who]): Actor => ({
    orgId: org.orgId,
    userId: ids[who],
    username: who,
    name: who,
    isInstallationAdmin: false,
    permissions: new Set(),
    scopes: scope ? { customer: scope } : {},
    departmentId,
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    ip: null,
    userAgent: null,
  });

  /** The names of the things the actor may read or write, sorted. */
  const visible = (a: Actor, access: Access = 'read') =>
    withOrg(env.database.db, org.orgId, async (tx) => {
      const vis = await loadVisibility(tx, a, 'customer');
      const rows = await tx.select({ id: things.id }).from(things).where(and(eq(things.orgId, a.orgId), visibleRecords(vis, things, access)));
      return rows.map((r) => nameOf.get(r.id) ?? `foreign:${r.id}`).sort();
    });

  const share = (thing: Person, who: Person, access: Access, recordType = 'customer') =>
    withOrg(env.database.db, org.orgId, (tx) =>
      tx.insert(recordShares).values({ orgId: org.orgId, recordType, recordId: thingIds[thing], userId: ids[who], access }),
    );

  const setMode = (mode: SharingMode, recordType = 'customer') =>
    withOrg(env.database.db, org.orgId, (tx) =>
      tx
        .insert(sharingModes)
        .values({ orgId: org.orgId, recordType, mode })
        .onConflictDoUpdate({ target: [sharingModes.orgId, sharingModes.recordType], set: { mode } }),
    );

  const check = (a: Actor, thing: Person | 'pool', access: Access) =>
    withOrg(env.database.db, org.orgId, async (tx) => {
      const vis = await loadVisibility(tx, a, 'customer');
      const [row] = await tx.select().from(things).where(and(eq(things.orgId, org.orgId), eq(things.id, thingIds[thing])));
      await assertCanAccess(tx, vis, { id: row!.id, ownerId: row!.ownerId }, access);
      return 'ok';
    });

  return { org, ids, dept, thingIds, actor, visible, share, setMode, check };
}

const sorted = (...names: string[]) => [...names].sort();

describe('visibleRecords: scopes and the position hierarchy', () => {
  it("'self' shows only the actor's own records, and a peer in the same position sees nothing of the other", async () => {
    const w = await buildWorld();
    expect(await w.visible(w.actor('rep'))).toEqual(['rep']);
    expect(await w.visible(w.actor('peer', 'self'))).toEqual(['peer']);
    expect(await w.visible(w.actor('loner'))).toEqual(['loner']);
    expect(await w.visible(w.actor('rep'), 'write')).toEqual(['rep']);
  });

  it('lets superiors read and write what everyone below them owns, two levels down included, in every scope', async () => {
    const w = await buildWorld();
    for (const scope of ['self', 'subordinates'] as const) {
      expect(await w.visible(w.actor('mgr', scope))).toEqual(sorted('mgr', 'rep', 'peer'));
      expect(await w.visible(w.actor('ceo', scope))).toEqual(sorted('ceo', 'mgr', 'rep', 'peer', 'support'));
      expect(await w.visible(w.actor('ceo', scope), 'write')).toEqual(sorted('ceo', 'mgr', 'rep', 'peer', 'support'));
    }
    // A peer branch stays hidden: the support lead is not above the sales reps.
    expect(await w.visible(w.actor('support', 'subordinates'))).toEqual(['support']);
    // The department scope adds the department and keeps the subordinates (rep and peer sit in East, not Sales).
    expect(await w.visible(w.actor('mgr', 'department'))).toEqual(sorted('mgr', 'sales2', 'rep', 'peer'));
  });

  it("'department' covers the members of the actor's own department only", async () => {
    const w = await buildWorld();
    expect(await w.visible(w.actor('sales2', 'department'))).toEqual(sorted('sales2', 'mgr'));
    expect(await w.visible(w.actor('rep', 'department'))).toEqual(sorted('rep', 'peer'));
    expect(await w.visible(w.actor('rep', 'department'), 'write')).toEqual(sorted('rep', 'peer'));
    expect(await w.visible(w.actor('sales2', 'department', null))).toEqual(['sales2']);
  });

  it("'department_tree' covers the actor's department and every department below it", async () => {
    const w = await buildWorld();
    expect(await w.visible(w.actor('sales2', 'department_tree'))).toEqual(sorted('sales2', 'mgr', 'rep', 'peer'));
    expect(await w.visible(w.actor('support', 'department_tree'))).toEqual(['support']);
    expect(await w.visible(w.actor('loner', 'department_tree'))).toEqual(['loner']);
    expect(await w.visible(w.actor('ceo', 'department_tree'))).toEqual(sorted('ceo', 'mgr', 'rep', 'peer', 'sales2', 'support'));
  });

  it("'all' covers every record of the organisation, ownerless ones included", async () => {
    const w = await buildWorld();
    const everything = sorted(...PEOPLE, 'pool');
    expect(await w.visible(w.actor('loner', 'all'))).toEqual(everything);
    expect(await w.visible(w.actor('loner', 'all'), 'write')).toEqual(everything);
  });

  it('reads the scope of the module asked for and falls back to self', async () => {
    const w = await buildWorld();
    const a = { ...w.actor('sales2'), scopes: { lead: 'all' as const } };
    expect(await w.visible(a)).toEqual(['sales2']);
  });
});

describe('visibleRecords: co-owners and sharing modes', () => {
  it('gives read-only co-owners read access and read-write co-owners both', async () => {
    const w = await buildWorld();
    await w.share('ceo', 'rep', 'read');
    await w.share('support', 'rep', 'write');
    await w.share('loner', 'rep', 'write', 'lead');
    expect(await w.visible(w.actor('rep'))).toEqual(sorted('rep', 'ceo', 'support'));
    expect(await w.visible(w.actor('rep'), 'write')).toEqual(sorted('rep', 'support'));
    expect(await w.visible(w.actor('peer'))).toEqual(['peer']);
  });

  it('public_read lets everyone read everything and write only what they could before', async () => {
    const w = await buildWorld();
    await w.setMode('public_read');
    expect(await w.visible(w.actor('rep'))).toEqual(sorted(...PEOPLE, 'pool'));
    expect(await w.visible(w.actor('mgr'), 'write')).toEqual(sorted('mgr', 'rep', 'peer'));
    await w.setMode('public_read', 'lead');
    await w.setMode('private');
    expect(await w.visible(w.actor('rep'))).toEqual(['rep']);
  });

  it('public_read_write lets everyone read and write everything', async () => {
    const w = await buildWorld();
    await w.setMode('public_read_write');
    expect(await w.visible(w.actor('loner'))).toEqual(sorted(...PEOPLE, 'pool'));
    expect(await w.visible(w.actor('loner'), 'write')).toEqual(sorted(...PEOPLE, 'pool'));
  });
});

describe('assertCanAccess', () => {
  it('answers 404 for an invisible record, 403 for a read-only one and passes otherwise', async () => {
    const w = await buildWorld();
    await w.share('ceo', 'rep', 'read');
    await w.share('support', 'rep', 'write');
    const rep = w.actor('rep');
    expect(await w.check(rep, 'rep', 'write')).toBe('ok');
    expect(await w.check(rep, 'ceo', 'read')).toBe('ok');
    await expect(w.check(rep, 'ceo', 'write')).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect(await w.check(rep, 'support', 'write')).toBe('ok');
    await expect(w.check(rep, 'mgr', 'read')).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(w.check(rep, 'pool', 'read')).rejects.toMatchObject({ code: 'not_found', status: 404 });
    expect(await w.check(w.actor('ceo'), 'rep', 'write')).toBe('ok');
    expect(await w.check(w.actor('sales2', 'department_tree'), 'peer', 'write')).toBe('ok');
    expect(await w.check(w.actor('loner', 'all'), 'pool', 'write')).toBe('ok');

    await w.setMode('public_read');
    expect(await w.check(rep, 'mgr', 'read')).toBe('ok');
    await expect(w.check(rep, 'mgr', 'write')).rejects.toMatchObject({ code: 'forbidden' });
    await w.setMode('public_read_write');
    expect(await w.check(rep, 'mgr', 'write')).toBe('ok');
  });
});

describe('tenant isolation', () => {
  it("never returns another organisation's rows, shares, users or sharing mode", async () => {
    const a = await buildWorld();
    const b = await buildWorld();
    // An actor of org B that names org A's department finds none of org A's users in it.
    expect(await b.visible({ ...b.actor('sales2', 'department_tree'), departmentId: a.dept.sales })).toEqual(['sales2']);
    // Org B opens everything up and even names org A's records and users; none of it may leak into org A.
    await b.setMode('public_read_write');
    await withOrg(env.database.db, b.org.orgId, async (tx) => {
      await tx.insert(recordShares).values({ orgId: b.org.orgId, recordType: 'customer', recordId: a.thingIds.ceo, userId: a.ids.rep, access: 'write' });
      await tx.insert(things).values({ orgId: b.org.orgId, id: newId(), ownerId: a.ids.rep });
    });
    expect(await a.visible(a.actor('rep'))).toEqual(['rep']);
    expect(await a.visible(a.actor('loner', 'all'))).toEqual(sorted(...PEOPLE, 'pool'));
    const seenByB = await b.visible(b.actor('loner'));
    expect(seenByB).toHaveLength(PEOPLE.length + 2);
    expect(seenByB.filter((n) => Object.values(a.thingIds).some((id) => n.endsWith(id)))).toEqual([]);

  });
});

describe('query shape', () => {
  it('keeps the predicate index-friendly on a large table', async () => {
    const w = await buildWorld();
    const t = sql.identifier(tableName);
    // 20 000 rows spread over 500 other owners, plus the world's own rows.
    await env.database.db.execute(
      sql`insert into ${t} (org_id, id, owner_id)
          select ${w.org.orgId}::uuid, gen_random_uuid(), owners.id
            from generate_series(1, 40) g, (select gen_random_uuid() as id from generate_series(1, 500)) owners`,
    );
    await env.database.db.execute(sql`analyze ${t}`);
    const plan = await withOrg(env.database.db, w.org.orgId, async (tx) => {
      const vis = await loadVisibility(tx, w.actor('mgr'), 'customer');
      const query = tx.select({ id: things.id }).from(things).where(and(eq(things.orgId, w.org.orgId), visibleRecords(vis, things, 'read')));
      const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query.getSQL()}`);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).not.toMatch(/Seq Scan on/);
    expect(plan).toMatch(/Index/);
    expect(await w.visible(w.actor('mgr'))).toEqual(sorted('mgr', 'rep', 'peer'));
  });
});
