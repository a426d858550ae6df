import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { auditLogs } from './audit.schema.ts';

const env = useTestApp();

type Entry = Partial<typeof auditLogs.$inferInsert> & { at: Date };

/** Entries written straight into the table, so tests control their times (recordAudit always stamps now()). */
async function insertEntries(org: TestOrg, entries: Entry[]) {
  const rows = entries.map((e) => ({ orgId: org.orgId, id: newId(), module: 'test', action: 'touch', ...e }));
  await withOrg(env.database.db, org.orgId, (tx) => tx.insert(auditLogs).values(rows));
  return rows;
}

async function entriesOf(org: TestOrg, where?: { module?: string; action?: string }) {
  return withOrg(env.database.db, org.orgId, (tx) =>
    tx
      .select()
      .from(auditLogs)
      .where(and(where?.module ? eq(auditLogs.module, where.module) : undefined, where?.action ? eq(auditLogs.action, where.action) : undefined)),
  );
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
// Days are the organisation's (Asia/Shanghai): a UTC date is a day behind there from 16:00 UTC on.
const isoDate = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

function pgCode(err: unknown): string | undefined {
  let e = err as { code?: string; cause?: unknown } | undefined;
  while (e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

describe('permissions', () => {
  const routes = [
    { method: 'GET', url: '/api/v1/audit-logs', perm: 'audit:view' },
    { method: 'GET', url: '/api/v1/audit-logs/facets', perm: 'audit:view' },
    { method: 'GET', url: '/api/v1/audit-logs/export?format=csv', perm: 'audit:export' },
    { method: 'POST', url: '/api/v1/audit-logs/cleanup', perm: 'audit:delete', body: { before: isoDate(daysAgo(400)) } },
  ] as const;

  it.each(routes)('$method $url: anonymous 401, without $perm 403, with it 200', async (route) => {
    const org = await createTestOrg(env);
    const send = (c: Client) => c.request(route.method, route.url, 'body' in route ? route.body : undefined);
    const anonymous = await send(new Client(env.app));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
    const others = (['audit:view', 'audit:export', 'audit:delete'] as Permission[]).filter((p) => p !== route.perm);
    const { client: other } = await createTestUser(org, { permissions: others });
    const refused = await send(other);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    const { client: allowed } = await createTestUser(org, { permissions: [route.perm] });
    expect((await send(allowed)).statusCode).toBe(200);
  });
});

describe('GET /audit-logs', () => {
  it('filters by actor, module, action, record and time, newest first', async () => {
    const org = await createTestOrg(env);
    const actorId = newId();
    const recordId = newId();
    await insertEntries(org, [
      { at: new Date('2025-03-01T10:00:00Z'), module: 'customer', action: 'create', actorId, actorName: '张三', recordType: 'customer', recordId },
      { at: new Date('2025-03-02T10:00:00Z'), module: 'customer', action: 'update', actorId, recordType: 'customer', recordId },
      { at: new Date('2025-03-03T10:00:00Z'), module: 'customer', action: 'update', recordType: 'customer', recordId: newId() },
      { at: new Date('2025-03-04T10:00:00Z'), module: 'lead', action: 'create', actorId },
    ]);
    const q = async (query: string) => {
      const res = await org.admin.get(`/api/v1/audit-logs?${query}`);
      expect(res.statusCode).toBe(200);
      return res.json().items as { at: string; action: string; module: string }[];
    };
    expect((await q(`actorId=${actorId}`)).map((e) => e.at)).toEqual([
      '2025-03-04T10:00:00.000Z',
      '2025-03-02T10:00:00.000Z',
      '2025-03-01T10:00:00.000Z',
    ]);
    expect(await q('module=customer&action=update')).toHaveLength(2);
    expect(await q(`recordType=customer&recordId=${recordId}`)).toHaveLength(2);
    const ranged = await q('from=2025-03-02T00:00:00Z&to=2025-03-03T18:00:00%2B08:00&module=customer');
    expect(ranged.map((e) => e.at)).toEqual(['2025-03-03T10:00:00.000Z', '2025-03-02T10:00:00.000Z']);
    // Empty filter fields, as a form submits them, mean "no filter".
    expect(await q(`module=&action=&actorId=&from=&to=&recordId=${recordId}`)).toHaveLength(2);
  });

  it('pages with an opaque cursor across equal timestamps without repeating or skipping', async () => {
    const org = await createTestOrg(env);
    // Equal and microsecond-apart times: a cursor by time alone would skip rows, one with milliseconds repeat them.
    const same = new Date('2025-05-05T05:05:05.123Z');
    const inserted = await insertEntries(org, [
      ...Array.from({ length: 9 }, () => ({ at: same, module: 'paging' })),
      ...Array.from({ length: 8 }, (_, i) => ({ at: new Date(same.getTime() - (i + 1) * 1000), module: 'paging' })),
    ]);
    for (const [i, row] of inserted.slice(0, 4).entries()) {
      await env.database.db.execute(sql`update audit_logs set at = at + ${i + 1} * interval '1 microsecond' where org_id = ${org.orgId} and id = ${row.id}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await org.admin.get(`/api/v1/audit-logs?module=paging&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(4);
      seen.push(...body.items.map((e) => e.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(inserted.map((r) => r.id).sort());
    const order = await queryRows<{ id: string }>(
      env.database.db,
      sql`select id from audit_logs where org_id = ${org.orgId} and module = 'paging' order by at desc, id desc`,
    );
    expect(seen).toEqual(order.map((r) => r.id));
  });

  it('rejects bad filters: reversed range 422, malformed values 400', async () => {
    const org = await createTestOrg(env);
    const reversed = await org.admin.get('/api/v1/audit-logs?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.code).toBe('validation_failed');
    expect(reversed.json().error.fields).toEqual({ to: '结束时间不能早于开始时间' });
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2025-13-01T00:00:00Z', 'to'],
      ['actorId=42', 'actorId'],
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["2025-01-01",1]').toString('base64url')}`, 'cursor'],
    ] as const) {
      const res = await org.admin.get(`/api/v1/audit-logs?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
    }
  });

  it('never shows another organisation its entries', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const [entry] = await insertEntries(a, [{ at: new Date(), module: 'secret', action: 'peek', recordId: 'a-record' }]);
    const seenByB = await b.admin.get('/api/v1/audit-logs?module=secret');
    expect(seenByB.json().items).toEqual([]);
    const all = (await b.admin.get('/api/v1/audit-logs?limit=200')).json().items as { id: string }[];
    expect(all.map((e) => e.id)).not.toContain(entry!.id);
    expect((await b.admin.get('/api/v1/audit-logs/facets')).json().modules).not.toContain('secret');
    expect((await a.admin.get('/api/v1/audit-logs?module=secret')).json().items).toHaveLength(1);
  });
});

describe('GET /audit-logs/facets', () => {
  it('lists the modules and module/action pairs present', async () => {
    const org = await createTestOrg(env);
    await insertEntries(org, [
      { at: new Date(), module: 'zeta', action: 'b' },
      { at: new Date(), module: 'zeta', action: 'a' },
      { at: new Date(), module: 'zeta', action: 'a' },
      { at: new Date(), module: 'alpha', action: 'c' },
    ]);
    const res = await org.admin.get('/api/v1/audit-logs/facets');
    expect(res.statusCode).toBe(200);
    const { modules, actions } = res.json() as { modules: string[]; actions: { module: string; action: string }[] };
    const present = await queryRows<{ module: string; action: string }>(
      env.database.db,
      sql`select distinct module, action from audit_logs where org_id = ${org.orgId} order by module, action`,
    );
    expect(actions).toEqual(present);
    expect(actions).toEqual(expect.arrayContaining([{ module: 'alpha', action: 'c' }, { module: 'zeta', action: 'a' }, { module: 'zeta', action: 'b' }]));
    expect(modules).toEqual([...new Set(present.map((p) => p.module))]);
    expect(modules.filter((m) => m === 'zeta')).toHaveLength(1);
  });
});

describe('GET /audit-logs/export', () => {
  async function orgWithEntries(locale?: 'en-US') {
    const org = await createTestOrg(env, { locale });
    await insertEntries(org, [
      {
        at: new Date('2025-01-01T16:30:00Z'),
        module: 'customer',
        action: 'update',
        actorName: '李四',
        ip: '10.0.0.1',
        recordType: 'customer',
        recordId: 'c-1',
        recordLabel: '=HYPERLINK("x")',
        before: { name: '旧名' },
        after: { name: '新名' },
      },
      { at: new Date('2025-01-01T15:00:00Z'), module: 'customer', action: 'create', actorName: '李四' },
    ]);
    return org;
  }

  it('sends CSV with a BOM, Chinese headers, times in the organisation time zone and a UTF-8 file name', async () => {
    const org = await orgWithEntries();
    const res = await org.admin.get('/api/v1/audit-logs/export?format=csv&module=customer');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''%E7%B3%BB%E7%BB%9F%E6%97%A5%E5%BF%97-\d{8}\.csv$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(res.rawPayload.toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['时间 (Asia/Shanghai)', '操作人', 'IP 地址', '模块', '操作', '记录类型', '记录 ID', '记录', '修改前', '修改后']);
    expect(rows.slice(1)).toEqual([
      // 16:30 UTC is half past midnight the next day in Shanghai; formula-like text is kept as text.
      ['2025-01-02 00:30:00', '李四', '10.0.0.1', 'customer', 'update', 'customer', 'c-1', `'=HYPERLINK("x")`, '{"name":"旧名"}', '{"name":"新名"}'],
      ['2025-01-01 23:00:00', '李四', '', 'customer', 'create', '', '', '', '', ''],
    ]);
  });

  it('sends XLSX with English headers for an English reader, and logs the export', async () => {
    const org = await orgWithEntries('en-US');
    const res = await org.admin.get('/api/v1/audit-logs/export?format=xlsx&module=customer&action=update');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''system-log-\d{8}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(1).getCell(1).value).toBe('Time (Asia/Shanghai)');
    expect(sheet.getRow(1).getCell(2).value).toBe('User');
    expect(sheet.getRow(2).getCell(1).value).toBe('2025-01-02 00:30:00');
    expect(sheet.getRow(2).getCell(2).value).toBe('李四');
    expect(sheet.getRow(2).getCell(8).value).toBe('=HYPERLINK("x")');
    expect(sheet.getRow(2).getCell(10).value).toBe('{"name":"新名"}');
    const [logged] = await entriesOf(org, { module: 'audit', action: 'export' });
    expect(logged!.after).toMatchObject({ format: 'xlsx', filters: { module: 'customer', action: 'update' }, rows: 1 });
  });

  it('refuses a reversed range and bad formats without logging an export', async () => {
    const org = await orgWithEntries();
    const reversed = await org.admin.get('/api/v1/audit-logs/export?format=csv&from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z');
    expect(reversed.statusCode).toBe(422);
    expect(Object.keys(reversed.json().error.fields)).toEqual(['to']);
    const pdf = await org.admin.get('/api/v1/audit-logs/export?format=pdf');
    expect(pdf.statusCode).toBe(400);
    expect(Object.keys(pdf.json().error.fields)).toEqual(['format']);
    expect(await entriesOf(org, { module: 'audit', action: 'export' })).toEqual([]);
  });

  it('refuses more than 100 000 rows instead of cutting the file short', async () => {
    const org = await createTestOrg(env);
    await env.database.db.execute(sql`
      insert into audit_logs (org_id, id, at, module, action)
      select ${org.orgId}::uuid, gen_random_uuid(), now() - g * interval '1 second', 'bulk', 'touch' from generate_series(1, 100001) g`);
    const res = await org.admin.get('/api/v1/audit-logs/export?format=csv&module=bulk');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual({ from: '符合条件的记录超过 100000 条，请缩小时间范围' });
    // The same table still pages quickly from the newest entry.
    const page = await org.admin.get('/api/v1/audit-logs?module=bulk&limit=200');
    expect(page.json().items).toHaveLength(200);
    expect(page.json().nextCursor).toEqual(expect.any(String));
  }, 120_000);
});

describe('POST /audit-logs/cleanup', () => {
  it('deletes only older entries of the own organisation and logs itself', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const old = await insertEntries(a, [{ at: daysAgo(100) }, { at: daysAgo(61) }]);
    const kept = await insertEntries(a, [{ at: daysAgo(59) }, { at: daysAgo(1) }]);
    const othersOld = await insertEntries(b, [{ at: daysAgo(100) }]);

    const res = await a.admin.post('/api/v1/audit-logs/cleanup', { before: isoDate(daysAgo(60)) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deleted: 2 });
    const left = (await entriesOf(a)).map((e) => e.id);
    for (const e of old) expect(left).not.toContain(e.id);
    for (const e of kept) expect(left).toContain(e.id);
    expect((await entriesOf(b)).map((e) => e.id)).toContain(othersOld[0]!.id);
    const [logged] = await entriesOf(a, { module: 'audit', action: 'cleanup' });
    expect(logged).toMatchObject({ actorId: a.adminId, after: { before: isoDate(daysAgo(60)), deleted: 2 } });
  });

  it('refuses a date less than 30 days ago, and malformed dates, deleting nothing', async () => {
    const org = await createTestOrg(env);
    await insertEntries(org, [{ at: daysAgo(100) }, { at: daysAgo(10) }]);
    const before = (await entriesOf(org)).length;
    const recent = await org.admin.post('/api/v1/audit-logs/cleanup', { before: isoDate(daysAgo(29)) });
    expect(recent.statusCode).toBe(422);
    expect(recent.json().error.code).toBe('validation_failed');
    expect(recent.json().error.fields).toEqual({ before: '只能清理 30 天以前的日志' });
    for (const body of [{}, { before: 'last year' }, { before: '2025-02-30' }, { before: '2025-01-01T00:00:00Z' }]) {
      const bad = await org.admin.post('/api/v1/audit-logs/cleanup', body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(bad.json().error.fields)).toEqual(['before']);
    }
    expect(await entriesOf(org)).toHaveLength(before);
  });
});

describe('append-only log', () => {
  it('kehu_app cannot update or delete audit entries, even its own organisation’s', async () => {
    const org = await createTestOrg(env);
    for (const statement of [sql`update audit_logs set action = 'forged'`, sql`delete from audit_logs`]) {
      const err = await withOrg(env.database.db, org.orgId, (tx) => tx.execute(statement)).catch((e: unknown) => e);
      expect(pgCode(err)).toBe('42501'); // insufficient_privilege
    }
    expect((await entriesOf(org)).map((e) => e.action)).toContain('create_organization');
    expect((await entriesOf(org)).map((e) => e.action)).not.toContain('forged');
  });
});
