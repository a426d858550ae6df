import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, PASSWORD, uniq, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { defaultOrgSettings, type OrgSettings } from '../../../shared/validation/settings.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { organizations } from './tenants.schema.ts';

const env = useTestApp({ publicUrl: 'https://crm.example.com/' });

interface OrgBody {
  id: string;
  name: string;
  code: string;
  timeZone: string;
  defaultLocale: string;
  settings: OrgSettings;
  version: number;
}

const orgRow = async (org: TestOrg) => {
  const [row] = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(organizations).where(eq(organizations.id, org.orgId)));
  return row!;
};

const auditOf = (org: TestOrg, action: string) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.module, 'settings'), eq(auditLogs.action, action))));

const update = (org: TestOrg, patch: Partial<Omit<OrgBody, 'settings'>> & { settings?: Partial<OrgSettings> } = {}, client = org.admin) =>
  client.put('/api/v1/org', {
    name: '新公司名',
    timeZone: 'Europe/Berlin',
    defaultLocale: 'en-US',
    version: 0,
    ...patch,
    settings: { ...defaultOrgSettings(), ...patch.settings },
  });

describe('permissions', () => {
  it('every route: anonymous 401, without the permission 403, with it 200', async () => {
    const org = await createTestOrg(env);
    const { client: viewer } = await createTestUser(org, { permissions: ['settings:view'] });
    const { client: nobody } = await createTestUser(org);
    const { client: editor } = await createTestUser(org, { permissions: ['settings:edit'] });
    const routes = [
      { method: 'GET', url: '/api/v1/org', perm: 'settings:view' },
      { method: 'GET', url: '/api/v1/org/registration-link', perm: 'settings:view' },
      { method: 'PUT', url: '/api/v1/org', perm: 'settings:edit' },
      { method: 'POST', url: '/api/v1/org/registration-link/regenerate', perm: 'settings:edit', body: {} },
    ] as const;
    for (const r of routes) {
      const send = (c: Client) =>
        r.method === 'PUT' ? update(org, { version: 0 }, c) : c.request(r.method, r.url, 'body' in r ? r.body : undefined);
      expect((await send(new Client(env.app))).statusCode, r.url).toBe(401);
      const refused = await send(r.perm === 'settings:view' ? nobody : viewer);
      expect(refused.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
      const allowed = await send(r.perm === 'settings:view' ? viewer : editor);
      expect(allowed.statusCode, `${r.method} ${r.url} ${allowed.body}`).toBe(200);
    }
  });
});

describe('organisation profile', () => {
  it('reads the profile and settings', async () => {
    const org = await createTestOrg(env);
    const res = await org.admin.get('/api/v1/org');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: org.orgId, code: org.code, timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN', settings: defaultOrgSettings(), version: 0 });
    expect(res.json()).not.toHaveProperty('registrationToken');
  });

  it('updates with the version read, logs only what changed, and answers 409 to a stale version', async () => {
    const org = await createTestOrg(env);
    const res = await update(org, { settings: { sessionHours: 8, workDays: [5, 1, 3, 3] } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as OrgBody;
    expect(body).toMatchObject({ name: '新公司名', code: org.code, timeZone: 'Europe/Berlin', defaultLocale: 'en-US', version: 1 });
    expect(body.settings).toEqual({ ...defaultOrgSettings(), sessionHours: 8, workDays: [1, 3, 5] });
    const [logged] = await auditOf(org, 'update');
    expect(logged).toMatchObject({ recordType: 'organization', recordId: org.orgId, actorId: org.adminId });
    expect(logged!.before).toEqual({
      name: `测试公司 ${org.code}`,
      timeZone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
      settings: { sessionHours: 12, workDays: [1, 2, 3, 4, 5] },
    });
    expect(logged!.after).toEqual({ name: '新公司名', timeZone: 'Europe/Berlin', defaultLocale: 'en-US', settings: { sessionHours: 8, workDays: [1, 3, 5] } });

    const stale = await update(org, { name: '过期', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await orgRow(org)).name).toBe('新公司名');
    // The new time zone reaches the next request of a signed-in user.
    expect((await org.admin.get('/api/v1/auth/me')).json().org.timeZone).toBe('Europe/Berlin');
  });

  it('refuses a working day that ends before it starts (422) and malformed values (400), writing nothing', async () => {
    const org = await createTestOrg(env);
    for (const [workStart, workEnd] of [['18:00', '09:00'], ['09:00', '09:00']]) {
      const res = await update(org, { settings: { workStart, workEnd } });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.fields).toEqual({ 'settings.workEnd': '下班时间须晚于上班时间' });
    }
    const cases: [Parameters<typeof update>[1], string][] = [
      [{ name: ' ' }, 'name'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ defaultLocale: 'fr-FR' }, 'defaultLocale'],
      [{ version: -1 }, 'version'],
      [{ settings: { workStart: '9:00' } }, 'settings.workStart'],
      [{ settings: { workEnd: '24:00' } }, 'settings.workEnd'],
      [{ settings: { workDays: [0] } }, 'settings.workDays.0'],
      [{ settings: { workDays: [] } }, 'settings.workDays'],
      [{ settings: { passwordMinLength: 6 } }, 'settings.passwordMinLength'],
      [{ settings: { sessionHours: 0 } }, 'settings.sessionHours'],
      [{ settings: { rememberDays: 91 } }, 'settings.rememberDays'],
      [{ settings: { auditRetentionDays: 7 } }, 'settings.auditRetentionDays'],
      [{ settings: { allowRegistration: 'yes' as never } }, 'settings.allowRegistration'],
    ];
    for (const [patch, field] of cases) {
      const res = await update(org, patch);
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(patch)).toEqual([field]);
    }
    expect(await orgRow(org)).toMatchObject({ version: 0, timeZone: 'Asia/Shanghai', settings: defaultOrgSettings() });
    expect(await auditOf(org, 'update')).toEqual([]);
  });

  it('organisation B only ever reads and changes its own profile', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    expect((await b.admin.get('/api/v1/org')).json().id).toBe(b.orgId);
    expect((await update(b, { name: 'B 公司', id: a.orgId } as never)).statusCode).toBe(200);
    expect((await orgRow(a)).name).toBe(`测试公司 ${a.code}`);
    expect((await orgRow(a)).version).toBe(0);
    expect((await b.admin.get('/api/v1/org/registration-link')).json().token).toBe((await orgRow(b)).registrationToken);
    const aToken = (await orgRow(a)).registrationToken;
    expect((await b.admin.post('/api/v1/org/registration-link/regenerate')).statusCode).toBe(200);
    expect((await orgRow(a)).registrationToken).toBe(aToken);
    expect(await auditOf(a, 'update')).toEqual([]);
  });
});

describe('registration link', () => {
  it('gives the sign-up link, and a regenerated one replaces it for registration', async () => {
    const org = await createTestOrg(env);
    const first = await org.admin.get('/api/v1/org/registration-link');
    expect(first.statusCode).toBe(200);
    const { token, url } = first.json() as { token: string; url: string };
    expect(token).toBe((await orgRow(org)).registrationToken);
    expect(url).toBe(`https://crm.example.com/register?invite=${token}`);

    const again = await org.admin.post('/api/v1/org/registration-link/regenerate');
    expect(again.statusCode).toBe(200);
    const fresh = again.json() as { token: string; url: string };
    expect(fresh.token).not.toBe(token);
    expect(fresh.url).toBe(`https://crm.example.com/register?invite=${fresh.token}`);
    const row = await orgRow(org);
    expect(row.registrationToken).toBe(fresh.token);
    expect(row.version).toBe(0);
    const [logged] = await auditOf(org, 'regenerate_registration_link');
    expect(logged).toMatchObject({ recordId: org.orgId, before: null, after: null });

    const register = (registrationToken: string) =>
      new Client(env.app).post('/api/v1/auth/register', {
        registrationToken,
        username: uniq('r'),
        email: `${uniq('r')}@example.com`,
        mobile: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        password: PASSWORD,
        confirmPassword: PASSWORD,
        acceptTerms: true,
      });
    const old = await register(token);
    expect(old.statusCode).toBe(422);
    const ok = await register(fresh.token);
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
