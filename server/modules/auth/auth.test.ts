import { randomInt } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { Client, createTestOrg, createTestUser, PASSWORD, uniq, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { outbox } from '../notifications/notifications.schema.ts';
import { roles } from '../roles/roles.schema.ts';
import { organizations } from '../tenants/tenants.schema.ts';
import { accountIdentifiers, loginHistory, users } from '../users/users.schema.ts';
import { sessions, userTokens } from './auth.schema.ts';

const env = useTestApp();
// The test database connection is not bound to one organisation, so tests read and adjust rows directly.
const db = () => env.database.db;

const mobileNo = () => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

async function userRow(orgId: string, username: string) {
  const [row] = await db()
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.username, username)));
  return row;
}

async function mailsTo(to: string) {
  return db().select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt));
}

/** The token of the newest mailed link of that kind, as the user would click it. */
async function mailedToken(to: string, kind: 'verify_email' | 'reset_password') {
  const mail = (await mailsTo(to)).find((m) => (m.meta as { kind?: string } | null)?.kind === kind);
  expect(mail, `a ${kind} mail to ${to}`).toBeDefined();
  const path = kind === 'verify_email' ? '/verify-email' : '/reset-password';
  const match = new RegExp(`${path}\\?token=(\\S+)`).exec(mail!.text);
  expect(match).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

function registration(org: TestOrg, overrides: Record<string, unknown> = {}) {
  const username = uniq('r');
  return {
    orgCode: org.code,
    username,
    name: `注册用户 ${username}`,
    password: PASSWORD,
    confirmPassword: PASSWORD,
    email: `${username}@example.com`,
    mobile: mobileNo(),
    acceptTerms: true,
    ...overrides,
  };
}

async function roleId(org: TestOrg, templateKey: string) {
  const [role] = await db()
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, org.orgId), eq(roles.templateKey, templateKey)));
  return role!.id;
}

/** Registers, verifies and has the administrator approve an account; returns what the user signs in with. */
async function activeRegisteredUser(org: TestOrg) {
  const input = registration(org);
  expect((await new Client(env.app).post('/api/v1/auth/register', input)).statusCode).toBe(201);
  const token = await mailedToken(input.email, 'verify_email');
  expect((await new Client(env.app).post('/api/v1/auth/verify-email', { token })).statusCode).toBe(200);
  const user = await userRow(org.orgId, input.username);
  const approved = await org.admin.post(`/api/v1/registrations/${user!.id}/approve`, { roleIds: [await roleId(org, 'sales_rep')] });
  expect(approved.statusCode).toBe(200);
  return { ...input, id: user!.id };
}

const login = (c: Client, body: Record<string, unknown>) => c.post('/api/v1/auth/login', { password: PASSWORD, ...body });

describe('login', () => {
  it('signs in with org code + username and returns me', async () => {
    const org = await createTestOrg(env);
    const me = await org.admin.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('admin');
    expect(me.json().permissions).toContain('user:create');
  });

  it('answers a wrong password and an unknown account identically', async () => {
    const org = await createTestOrg(env);
    const c = new Client(env.app);
    const wrong = await c.post('/api/v1/auth/login', { identifier: 'admin', orgCode: org.code, password: 'nope12345' });
    const missingEmail = await c.post('/api/v1/auth/login', { identifier: `${uniq()}@example.com`, password: 'nope12345' });
    const missingUser = await c.post('/api/v1/auth/login', { identifier: uniq('nobody'), orgCode: org.code, password: 'nope12345' });
    for (const res of [wrong, missingEmail, missingUser]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(wrong.json());
    }
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('signs in with e-mail, with mobile, and with org code + username', async () => {
    const org = await createTestOrg(env);
    const user = await activeRegisteredUser(org);
    for (const body of [
      { identifier: user.email },
      { identifier: user.email.toUpperCase() },
      { identifier: user.mobile },
      { identifier: `+86${user.mobile}` },
      { identifier: user.username, orgCode: org.code },
    ]) {
      const c = new Client(env.app);
      expect((await login(c, body)).statusCode, JSON.stringify(body)).toBe(200);
      const me = await c.get('/api/v1/auth/me');
      expect(me.json().user.id).toBe(user.id);
    }
  });

  it('sets a persistent cookie with "remember me" and a session cookie without it', async () => {
    const org = await createTestOrg(env);
    const remembered = await login(new Client(env.app), { identifier: 'admin', orgCode: org.code, remember: true });
    const session = remembered.cookies.find((c) => c.name === 'kehu_session')!;
    expect(session.maxAge).toBe(14 * 86_400);
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite?.toLowerCase()).toBe('lax');

    const plain = await login(new Client(env.app), { identifier: 'admin', orgCode: org.code });
    const plainSession = plain.cookies.find((c) => c.name === 'kehu_session')!;
    expect(plainSession.maxAge).toBeUndefined();
    expect(plainSession.expires).toBeUndefined();
    const rows = await db().select({ remember: sessions.remember }).from(sessions).where(eq(sessions.orgId, org.orgId));
    expect(rows.map((r) => r.remember).sort()).toEqual([false, false, true]);
  });

  it('renews a remembered session and its cookies as it is used, and only a remembered one', async () => {
    const org = await createTestOrg(env);
    const remembered = new Client(env.app);
    await login(remembered, { identifier: 'admin', orgCode: org.code, remember: true });
    const plain = await new Client(env.app).login('admin', PASSWORD, org.code);
    // An hour without a request (moved in the database) and then one request.
    await db().update(sessions).set({ lastSeenAt: new Date(Date.now() - 3_600_000) }).where(eq(sessions.orgId, org.orgId));
    const again = await remembered.get('/api/v1/auth/me');
    expect(again.statusCode).toBe(200);
    const renewed = again.cookies.find((c) => c.name === 'kehu_session')!;
    expect(renewed.maxAge).toBe(14 * 86_400);
    expect(renewed.value).toBe(remembered.cookies.kehu_session);
    expect(again.cookies.find((c) => c.name === 'kehu_csrf')!.maxAge).toBe(14 * 86_400);
    // A browser-session cookie stays one: it is not turned into a persistent cookie.
    expect((await plain.get('/api/v1/auth/me')).cookies).toEqual([]);
  });

  it('ends the session on logout', async () => {
    const org = await createTestOrg(env);
    const c = await new Client(env.app).login('admin', PASSWORD, org.code);
    const cookie = c.cookies.kehu_session!;
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect(c.cookies.kehu_session).toBeUndefined();
    // The old cookie is dead on the server too, not merely forgotten by the client.
    const replay = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `kehu_session=${cookie}` } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('unauthenticated');
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('locks the account for 15 minutes after 5 wrong passwords', async () => {
    const org = await createTestOrg(env);
    const c = new Client(env.app);
    for (let i = 0; i < 5; i++) {
      const res = await login(c, { identifier: 'admin', orgCode: org.code, password: 'wrong-pass1' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_credentials');
    }
    // Even the right password is refused with the same answer, so guessing cannot go on through the lock.
    const locked = await login(c, { identifier: 'admin', orgCode: org.code });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe('invalid_credentials');
    // The owner hears of it by mail.
    const mails = await db().select().from(outbox).where(and(eq(outbox.orgId, org.orgId), sql`${outbox.meta}->>'kind' = 'account_locked'`));
    expect(mails.map((m) => m.to)).toEqual([`${org.code}-admin@example.com`]);
    const row = await userRow(org.orgId, 'admin');
    const minutes = (row!.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // A wrong password during the lock says nothing about the lock.
    const guess = await login(c, { identifier: 'admin', orgCode: org.code, password: 'wrong-pass1' });
    expect(guess.statusCode).toBe(401);

    // Fifteen minutes later (moved in the database) the right password works again.
    await db()
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, row!.id));
    expect((await login(c, { identifier: 'admin', orgCode: org.code })).statusCode).toBe(200);
    const after = await userRow(org.orgId, 'admin');
    expect(after!.lockedUntil).toBeNull();
    expect(after!.failedLogins).toBe(0);
  });

  it('records login history and updates the login counters', async () => {
    const org = await createTestOrg(env);
    const before = await userRow(org.orgId, 'admin');
    await login(new Client(env.app), { identifier: 'admin', orgCode: org.code, password: 'wrong-pass1' });
    const c = await new Client(env.app).login('admin', PASSWORD, org.code);
    const after = await userRow(org.orgId, 'admin');
    expect(after!.loginCount).toBe(before!.loginCount + 1);
    expect(after!.lastLoginAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const history = await c.get('/api/v1/auth/login-history');
    expect(history.statusCode).toBe(200);
    const items = history.json().items as { success: boolean; reason: string | null }[];
    // Newest first: this sign-in, the failed one, and the fixture's sign-in.
    expect(items.slice(0, 3).map((i) => i.success)).toEqual([true, false, true]);
    expect(items[1]!.reason).toBe('password');
    const rows = await db().select().from(loginHistory).where(eq(loginHistory.userId, after!.id));
    expect(rows).toHaveLength(3);
    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.module, 'auth')));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['login', 'login_failed']));
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const org = await createTestOrg(env);
    const cookie = `kehu_session=${org.admin.cookies.kehu_session}`;
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const wrong = await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': 'guessed' } });
    expect(wrong.statusCode).toBe(403);
    // The refused request did nothing: the session is still alive.
    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('registration', () => {
  it('frees the e-mail and mobile of a registration never verified once its link has expired', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const input = registration(a);
    expect((await new Client(env.app).post('/api/v1/auth/register', input)).statusCode).toBe(201);
    const newUser = { username: uniq('u'), name: '新用户', email: input.email, mobile: input.mobile, password: PASSWORD, confirmPassword: PASSWORD };

    const taken = await b.admin.post('/api/v1/users', newUser);
    expect(taken.statusCode).toBe(409);
    expect(Object.keys(taken.json().error.fields).sort()).toEqual(['email', 'mobile']);

    // A day later the verification link is dead, and so is the claim.
    await db().update(users).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(users.email, input.email));
    const created = await b.admin.post('/api/v1/users', newUser);
    expect(created.statusCode, created.body).toBe(201);
    const owners = await db().select().from(accountIdentifiers).where(eq(accountIdentifiers.value, input.email));
    expect(owners.map((o) => o.orgId)).toEqual([b.orgId]);
  });

  it('goes from register through e-mail verification and approval to sign-in', async () => {
    const org = await createTestOrg(env);
    const input = registration(org);
    const anon = new Client(env.app);
    const res = await anon.post('/api/v1/auth/register', input);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ status: 'unverified' });
    const row = await userRow(org.orgId, input.username);
    expect(row).toMatchObject({ status: 'unverified', email: input.email, mobile: input.mobile, emailVerifiedAt: null });
    expect(row!.passwordHash).not.toContain(PASSWORD);

    // Not yet verified: the right password is answered with not_active.
    const early = await login(new Client(env.app), { identifier: input.email });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('not_active');

    const token = await mailedToken(input.email, 'verify_email');
    expect(token.startsWith(`${org.orgId}.`)).toBe(true);
    expect((await anon.post('/api/v1/auth/verify-email', { token })).statusCode).toBe(200);
    expect((await userRow(org.orgId, input.username))!.status).toBe('pending');
    expect((await userRow(org.orgId, input.username))!.emailVerifiedAt).not.toBeNull();

    // A verification link works once.
    const again = await anon.post('/api/v1/auth/verify-email', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('token_invalid');

    // Verified but not approved: still no sign-in.
    const pending = await login(new Client(env.app), { identifier: input.username, orgCode: org.code });
    expect(pending.statusCode).toBe(403);
    expect(pending.json().error.code).toBe('not_active');

    // The administrator, who holds user:approve, was told about the application.
    const adminMail = (await mailsTo(`${org.code}-admin@example.com`)).find((m) => (m.meta as { kind: string }).kind === 'registration_pending');
    expect(adminMail?.subject).toContain(input.username);

    const list = await org.admin.get('/api/v1/registrations');
    expect(list.json().items.map((u: { username: string }) => u.username)).toContain(input.username);
    const approved = await org.admin.post(`/api/v1/registrations/${row!.id}/approve`, { roleIds: [await roleId(org, 'sales_rep')] });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('active');

    const c = new Client(env.app);
    expect((await login(c, { identifier: input.username, orgCode: org.code })).statusCode).toBe(200);
    const me = await c.get('/api/v1/auth/me');
    expect(me.json().permissions).toContain('customer:create');
    expect(me.json().permissions).not.toContain('user:view');
  });

  it('answers each bad input with its own field error and writes no user', async () => {
    const org = await createTestOrg(env);
    const cases: [Record<string, unknown>, string][] = [
      [{ password: 'Ab1', confirmPassword: 'Ab1' }, 'password'],
      [{ password: 'onlyletters', confirmPassword: 'onlyletters' }, 'password'],
      [{ confirmPassword: 'Different1' }, 'confirmPassword'],
      [{ email: 'not-an-email' }, 'email'],
      [{ mobile: '12345' }, 'mobile'],
      [{ acceptTerms: false }, 'acceptTerms'],
      [{ username: '1bad' }, 'username'],
    ];
    for (const [override, field] of cases) {
      const input = registration(org, override);
      const res = await new Client(env.app).post('/api/v1/auth/register', input);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields), field).toEqual([field]);
      expect(await userRow(org.orgId, input.username)).toBeUndefined();
    }

    // Several wrong at once: every one is reported in one answer, in the client's language.
    const many = await new Client(env.app, 'en-US').post(
      '/api/v1/auth/register',
      registration(org, { password: 'short', email: 'x', mobile: '1', acceptTerms: false }),
    );
    expect(many.statusCode).toBe(400);
    expect(many.json().error.fields).toEqual({
      password: 'At least 8 characters, with both letters and digits',
      confirmPassword: 'The passwords do not match',
      email: 'Enter a valid e-mail address',
      mobile: 'Enter a valid mobile number',
      acceptTerms: 'Please read and accept the service agreement and the privacy policy',
    });

    const unknownOrg = registration(org, { orgCode: uniq('zz') });
    const res = await new Client(env.app).post('/api/v1/auth/register', unknownOrg);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual({ orgCode: '单位不存在' });
    const [claimed] = await db().select().from(accountIdentifiers).where(eq(accountIdentifiers.value, unknownOrg.email as string));
    expect(claimed).toBeUndefined();
  });

  it('reports a taken username, e-mail and mobile per field, all at once, and writes no user', async () => {
    const org = await createTestOrg(env);
    const first = await activeRegisteredUser(org);
    for (const [override, field] of [
      [{ username: first.username.toUpperCase() }, 'username'],
      [{ email: first.email }, 'email'],
      [{ mobile: first.mobile }, 'mobile'],
    ] as const) {
      const input = registration(org, override);
      const res = await new Client(env.app).post('/api/v1/auth/register', input);
      expect(res.statusCode, field).toBe(409);
      expect(res.json().error.code).toBe('duplicate');
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
    }
    const all = registration(org, { username: first.username, email: first.email, mobile: first.mobile });
    const res = await new Client(env.app).post('/api/v1/auth/register', all);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields).toEqual({ username: '该用户名已被使用', email: '该邮箱已被注册', mobile: '该手机号已被注册' });
    const count = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.orgId, org.orgId));
    // The administrator and the first registrant only.
    expect(count[0]!.n).toBe(2);
  });

  it('applies the organisation password policy to registration', async () => {
    const org = await createTestOrg(env);
    await db()
      .update(organizations)
      .set({ settings: sql`${organizations.settings} || '{"passwordMinLength": 12}'::jsonb` })
      .where(eq(organizations.id, org.orgId));
    const input = registration(org, { password: 'Short1234', confirmPassword: 'Short1234' });
    const res = await new Client(env.app).post('/api/v1/auth/register', input);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual({ password: '密码长度不足 12 位' });
    expect(await userRow(org.orgId, input.username)).toBeUndefined();
  });
});

describe('passwords', () => {
  it('answers forgot-password identically for existing and unknown accounts, and mails only the real one', async () => {
    const org = await createTestOrg(env);
    const email = `${org.code}-admin@example.com`;
    const unknown = `${uniq('ghost')}@example.com`;
    const known = await new Client(env.app).post('/api/v1/auth/forgot-password', { identifier: email });
    const missing = await new Client(env.app).post('/api/v1/auth/forgot-password', { identifier: unknown });
    expect(known.statusCode).toBe(200);
    expect(missing.statusCode).toBe(200);
    expect(known.body).toBe(missing.body);
    expect(await mailsTo(unknown)).toHaveLength(0);
    await mailedToken(email, 'reset_password');
  });

  it('resets with the mailed token once, kills old sessions and the old password', async () => {
    const org = await createTestOrg(env);
    const email = `${org.code}-admin@example.com`;
    await new Client(env.app).post('/api/v1/auth/forgot-password', { identifier: email });
    const token = await mailedToken(email, 'reset_password');
    const newPassword = 'N3w-passw0rd';

    const mismatch = await new Client(env.app).post('/api/v1/auth/reset-password', { token, password: newPassword, confirmPassword: 'other' });
    expect(mismatch.statusCode).toBe(400);
    expect(Object.keys(mismatch.json().error.fields)).toEqual(['confirmPassword']);

    const res = await new Client(env.app).post('/api/v1/auth/reset-password', { token, password: newPassword, confirmPassword: newPassword });
    expect(res.statusCode).toBe(200);
    const reused = await new Client(env.app).post('/api/v1/auth/reset-password', { token, password: 'An0ther-pass', confirmPassword: 'An0ther-pass' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('token_invalid');

    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(new Client(env.app), { identifier: email })).statusCode).toBe(401);
    expect((await login(new Client(env.app), { identifier: email, password: newPassword })).statusCode).toBe(200);
  });

  it('refuses a reset token older than 30 minutes', async () => {
    const org = await createTestOrg(env);
    const email = `${org.code}-admin@example.com`;
    await new Client(env.app).post('/api/v1/auth/forgot-password', { identifier: email });
    const token = await mailedToken(email, 'reset_password');
    const [tokenRow] = await db().select().from(userTokens).where(and(eq(userTokens.orgId, org.orgId), eq(userTokens.kind, 'reset_password')));
    // created_at comes from the database clock and expires_at from the server's; they may differ by milliseconds.
    expect(Math.abs(tokenRow!.expiresAt.getTime() - tokenRow!.createdAt.getTime() - 30 * 60_000)).toBeLessThan(5_000);
    await db()
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(userTokens.orgId, org.orgId), eq(userTokens.kind, 'reset_password')));
    const res = await new Client(env.app).post('/api/v1/auth/reset-password', { token, password: 'N3w-passw0rd', confirmPassword: 'N3w-passw0rd' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('token_invalid');
    expect((await login(new Client(env.app), { identifier: email })).statusCode).toBe(200);
  });

  it('changes the own password: right old password, org policy, keeps this session and ends the others', async () => {
    const org = await createTestOrg(env);
    const other = await new Client(env.app).login('admin', PASSWORD, org.code);
    const newPassword = 'Ch4nged-password';

    const wrongOld = await org.admin.post('/api/v1/auth/change-password', { oldPassword: 'Wrong-passw0rd', password: newPassword, confirmPassword: newPassword });
    expect(wrongOld.statusCode).toBe(422);
    expect(wrongOld.json().error.fields).toEqual({ oldPassword: '原密码不正确' });

    const same = await org.admin.post('/api/v1/auth/change-password', { oldPassword: PASSWORD, password: PASSWORD, confirmPassword: PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(Object.keys(same.json().error.fields)).toEqual(['password']);

    await db()
      .update(organizations)
      .set({ settings: sql`${organizations.settings} || '{"passwordMinLength": 20}'::jsonb` })
      .where(eq(organizations.id, org.orgId));
    const weak = await org.admin.post('/api/v1/auth/change-password', { oldPassword: PASSWORD, password: newPassword, confirmPassword: newPassword });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.fields).toEqual({ password: '密码长度不足 20 位' });
    await db()
      .update(organizations)
      .set({ settings: sql`${organizations.settings} || '{"passwordMinLength": 8}'::jsonb` })
      .where(eq(organizations.id, org.orgId));

    // Still the old password: nothing was changed by the refused attempts.
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(200);
    const ok = await org.admin.post('/api/v1/auth/change-password', { oldPassword: PASSWORD, password: newPassword, confirmPassword: newPassword });
    expect(ok.statusCode).toBe(200);
    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(new Client(env.app), { identifier: 'admin', orgCode: org.code })).statusCode).toBe(401);
    expect((await login(new Client(env.app), { identifier: 'admin', orgCode: org.code, password: newPassword })).statusCode).toBe(200);
    const audit = await db()
      .select({ action: auditLogs.action, after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.action, 'change_password')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });

  it('needs a signed-in user to change a password', async () => {
    const res = await new Client(env.app).post('/api/v1/auth/change-password', { oldPassword: PASSWORD, password: 'Ch4nged-pass', confirmPassword: 'Ch4nged-pass' });
    expect(res.statusCode).toBe(401);
  });
});

describe('account state', () => {
  it('refuses a disabled account and ends its sessions at once', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const disabled = await org.admin.post(`/api/v1/users/${user.id}/status`, { action: 'disable', version: user.version });
    expect(disabled.statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const res = await login(new Client(env.app), { identifier: user.username, orgCode: org.code });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_active');
  });
});

describe('rate limit', () => {
  const limited = { app: undefined as Awaited<ReturnType<typeof createApp>> | undefined };
  afterAll(async () => {
    await limited.app?.close();
  });

  it('answers 429 once the sign-in limit is reached', async () => {
    limited.app = await createApp({ db: env.database.db, loginRateLimit: { max: 3, timeWindow: 60_000 } });
    const c = new Client(limited.app);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await c.post('/api/v1/auth/login', { identifier: `${uniq()}@example.com`, password: 'nope12345' })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    const last = await c.post('/api/v1/auth/login', { identifier: `${uniq()}@example.com`, password: 'nope12345' });
    expect(last.json().error.code).toBe('rate_limited');
  });
});
