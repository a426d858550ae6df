import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.ts';
import type { Actor, RequestInfo } from '../../lib/context.ts';
import { AppError, fieldError } from '../../lib/errors.ts';
import { dummyPasswordHash, passwordPolicyError, randomToken, sha256, verifyPassword } from '../../lib/crypto.ts';
import { withOrg, withSystem } from '../../lib/tx.ts';
import type { AppContext } from '../../lib/services.ts';
import type { Locale } from '../../../shared/i18n/messages.ts';
import { widestScope, type DataScope, type Permission } from '../../../shared/permissions.ts';
import type { LoginInput, RegisterInput } from '../../../shared/validation/auth.ts';
import type { OrgSettings } from '../../../shared/validation/settings.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { organizations } from '../tenants/tenants.schema.ts';
import { insertUser, replacePassword } from '../users/users.core.ts';
import { accountIdentifiers, loginHistory, users } from '../users/users.schema.ts';
import { roles } from '../roles/roles.schema.ts';
import { userRoles } from '../users/users.schema.ts';
import { lockedMail, resetMail, verificationMail } from './auth.mail.ts';
import { sessions, userTokens } from './auth.schema.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const RESET_MINUTES = 30;
const VERIFY_HOURS = 24;
/** A session's expiry slides forward at most this often, so busy users do not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

/** Cookies and mailed links carry `<org id>.<secret>`: the org id routes the lookup, the secret proves it. */
export function splitToken(value: string | undefined): { orgId: string; secret: string } | null {
  if (!value) return null;
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{16,100})$/.exec(value);
  return m ? { orgId: m[1]!, secret: m[2]! } : null;
}

export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
  tokenHash: string;
  /** Set when a remembered session slid forward: the browser's cookies must live as long again. */
  renewedMaxAgeSeconds?: number;
}

interface ActorRow extends Record<string, unknown> {
  id: string;
  username: string;
  name: string;
  status: string;
  department_id: string | null;
  is_installation_admin: boolean;
  prefs: { locale?: Locale; timeZone?: string };
  csrf_token: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  remember: boolean;
  time_zone: string;
  default_locale: Locale;
  settings: OrgSettings;
  permissions: string[];
  scopes: Partial<Record<string, DataScope>>[] | null;
}

/**
 * Resolves a session cookie into the acting user with the permissions of all their roles, read fresh on every
 * request so that revoking a role takes effect at once. Runs outside row-level security, filtered by the org
 * id taken from the cookie.
 */
export async function loadSession(db: Db, cookie: string | undefined, info: RequestInfo): Promise<SessionInfo | null> {
  const token = splitToken(cookie);
  if (!token) return null;
  const tokenHash = sha256(token.secret);
  const rows = await queryRows<ActorRow>(db, sql`
    select u.id, u.username, u.name, u.status, u.department_id, u.is_installation_admin, u.prefs,
           s.csrf_token, s.expires_at, s.last_seen_at, s.remember, o.time_zone, o.default_locale, o.settings,
           coalesce(array(select distinct p from user_roles ur join roles r on r.org_id = ur.org_id and r.id = ur.role_id
                          cross join unnest(r.permissions) p
                          where ur.org_id = s.org_id and ur.user_id = s.user_id), '{}') as permissions,
           (select json_agg(r.data_scopes) from user_roles ur join roles r on r.org_id = ur.org_id and r.id = ur.role_id
             where ur.org_id = s.org_id and ur.user_id = s.user_id) as scopes
      from sessions s
      join users u on u.org_id = s.org_id and u.id = s.user_id
      join organizations o on o.id = s.org_id
     where s.org_id = ${token.orgId} and s.token_hash = ${tokenHash} and s.expires_at > now()`);
  const row = rows[0];
  if (!row || row.status !== 'active') return null;
  const scopes: Partial<Record<string, DataScope>> = {};
  for (const roleScopes of row.scopes ?? []) {
    for (const [module, scope] of Object.entries(roleScopes) as [string, DataScope | undefined][]) {
      if (scope) scopes[module] = scopes[module] ? widestScope(scopes[module]!, scope) : scope;
    }
  }
  let renewedMaxAgeSeconds: number | undefined;
  if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    const lifetime = sessionLifetimeMs(row.settings, row.remember);
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + lifetime) })
      .where(and(eq(sessions.orgId, token.orgId), eq(sessions.tokenHash, tokenHash)));
    if (row.remember) renewedMaxAgeSeconds = Math.floor(lifetime / 1000);
  }
  return {
    csrfToken: row.csrf_token,
    tokenHash,
    renewedMaxAgeSeconds,
    actor: {
      orgId: token.orgId,
      userId: row.id,
      username: row.username,
      name: row.name,
      isInstallationAdmin: row.is_installation_admin,
      permissions: new Set(row.permissions as Permission[]),
      scopes,
      departmentId: row.department_id,
      locale: row.prefs.locale ?? info.locale ?? row.default_locale,
      timeZone: row.prefs.timeZone ?? row.time_zone,
      ip: info.ip,
      userAgent: info.userAgent,
    },
  };
}

function sessionLifetimeMs(settings: OrgSettings, remember: boolean) {
  return remember ? settings.rememberDays * 86_400_000 : settings.sessionHours * 3_600_000;
}

interface LoginTarget {
  orgId: string;
  userId: string;
}

/** Finds the account a sign-in names, or null; never says which part was wrong. */
async function findLoginTarget(tx: Tx, input: LoginInput): Promise<LoginTarget | null> {
  const identifier = input.identifier.trim();
  if (input.orgCode) {
    const [row] = await tx
      .select({ orgId: users.orgId, userId: users.id })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(organizations.code, input.orgCode), sql`lower(${users.username}) = lower(${identifier})`))
      .limit(1);
    if (row) return row;
  }
  const kind = identifier.includes('@') ? 'email' : /^\+?\d{6,15}$/.test(identifier) ? 'mobile' : null;
  if (kind) {
    const value = kind === 'email' ? identifier.toLowerCase() : identifier.replace(/^\+?86(?=1\d{10}$)/, '');
    const [row] = await tx
      .select({ orgId: accountIdentifiers.orgId, userId: accountIdentifiers.userId })
      .from(accountIdentifiers)
      .where(and(eq(accountIdentifiers.kind, kind), eq(accountIdentifiers.value, value)));
    if (row) return row;
  }
  if (!input.orgCode) {
    // An installation with a single organisation needs no short code for usernames.
    const orgs = await tx.select({ id: organizations.id }).from(organizations).limit(2);
    if (orgs.length === 1) {
      const [row] = await tx
        .select({ orgId: users.orgId, userId: users.id })
        .from(users)
        .where(and(eq(users.orgId, orgs[0]!.id), sql`lower(${users.username}) = lower(${identifier})`));
      if (row) return row;
    }
  }
  return null;
}

export interface LoginResult {
  cookie: string;
  csrfToken: string;
  maxAgeSeconds?: number;
}

export async function login(ctx: AppContext, input: LoginInput, info: RequestInfo): Promise<LoginResult> {
  const target = await withSystem(ctx.db, (tx) => findLoginTarget(tx, input));
  if (!target) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new AppError('invalid_credentials', 401);
  }
  const outcome = await withOrg(ctx.db, target.orgId, async (tx) => {
    const [user] = await tx.select().from(users).where(and(eq(users.orgId, target.orgId), eq(users.id, target.userId))).for('update');
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, target.orgId));
    if (!user || !org) return { error: new AppError('invalid_credentials', 401) };
    const who = { orgId: user.orgId, userId: user.id, name: user.name, ...info };
    const lockedNow = user.lockedUntil && user.lockedUntil.getTime() > Date.now();
    if (lockedNow) {
      // The real hash is not consulted while locked: a different answer for the right password would let the
      // guessing go on through the lock. The same hashing cost keeps the timing alike; the owner learns of the
      // lock from the mail sent when it began.
      await verifyPassword(await dummyPasswordHash(), input.password);
      await tx.insert(loginHistory).values({ orgId: user.orgId, userId: user.id, ip: info.ip, userAgent: info.userAgent, success: false, reason: 'locked' });
      await recordAudit(tx, who, { module: 'auth', action: 'login_failed', recordType: 'user', recordId: user.id, recordLabel: user.username, after: { reason: 'locked' } });
      return { error: new AppError('invalid_credentials', 401) };
    }
    const passwordOk = await verifyPassword(user.passwordHash, input.password);
    if (!passwordOk) {
      const failures = user.failedLogins + 1;
      const lock = failures >= MAX_FAILED_LOGINS;
      await tx
        .update(users)
        .set({ failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(Date.now() + LOCK_MINUTES * 60_000) : user.lockedUntil })
        .where(and(eq(users.orgId, user.orgId), eq(users.id, user.id)));
      await tx.insert(loginHistory).values({ orgId: user.orgId, userId: user.id, ip: info.ip, userAgent: info.userAgent, success: false, reason: 'password' });
      await recordAudit(tx, who, {
        module: 'auth',
        action: 'login_failed',
        recordType: 'user',
        recordId: user.id,
        recordLabel: user.username,
        after: { reason: 'password', failures, locked: lock },
      });
      if (lock && user.email) {
        const until = new Date(Date.now() + LOCK_MINUTES * 60_000);
        const mail = lockedMail(user.prefs.locale ?? org.defaultLocale, user.name, until, org.timeZone, `${ctx.publicUrl}/forgot-password`);
        await ctx.mailer.queue(tx, user.orgId, { to: user.email, ...mail, meta: { kind: 'account_locked', userId: user.id } });
      }
      return { error: new AppError('invalid_credentials', 401) };
    }
    if (user.status !== 'active') {
      await tx.insert(loginHistory).values({ orgId: user.orgId, userId: user.id, ip: info.ip, userAgent: info.userAgent, success: false, reason: user.status });
      await recordAudit(tx, who, { module: 'auth', action: 'login_failed', recordType: 'user', recordId: user.id, recordLabel: user.username, after: { reason: user.status } });
      return { error: new AppError('not_active', 403) };
    }
    await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, loginCount: sql`${users.loginCount} + 1`, lastLoginAt: new Date(), lastLoginIp: info.ip })
      .where(and(eq(users.orgId, user.orgId), eq(users.id, user.id)));
    await tx.insert(loginHistory).values({ orgId: user.orgId, userId: user.id, ip: info.ip, userAgent: info.userAgent, success: true });
    await recordAudit(tx, who, { module: 'auth', action: 'login', recordType: 'user', recordId: user.id, recordLabel: user.username });
    const secret = randomToken();
    const csrfToken = randomToken(18);
    const lifetime = sessionLifetimeMs(org.settings, input.remember);
    await tx.insert(sessions).values({
      orgId: user.orgId,
      tokenHash: sha256(secret),
      userId: user.id,
      csrfToken,
      remember: input.remember,
      ip: info.ip,
      userAgent: info.userAgent,
      expiresAt: new Date(Date.now() + lifetime),
    });
    return { result: { cookie: `${user.orgId}.${secret}`, csrfToken, maxAgeSeconds: input.remember ? Math.floor(lifetime / 1000) : undefined } };
  });
  // The failure bookkeeping above must commit, so the error is thrown only after the transaction.
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}

export async function logout(db: Db, actor: Actor, tokenHash: string) {
  await withOrg(db, actor.orgId, async (tx) => {
    await tx.delete(sessions).where(and(eq(sessions.orgId, actor.orgId), eq(sessions.tokenHash, tokenHash)));
    await recordAudit(tx, actor, { module: 'auth', action: 'logout', recordType: 'user', recordId: actor.userId, recordLabel: actor.username });
  });
}

async function issueToken(tx: Tx, orgId: string, userId: string, kind: 'verify_email' | 'reset_password', minutes: number) {
  const secret = randomToken();
  await tx.insert(userTokens).values({ orgId, userId, kind, tokenHash: sha256(secret), expiresAt: new Date(Date.now() + minutes * 60_000) });
  return `${orgId}.${secret}`;
}

/** Marks a mailed token used and returns its user, or throws token_invalid; each token works once. */
async function consumeToken(tx: Tx, orgId: string, secret: string, kind: 'verify_email' | 'reset_password') {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.orgId, orgId),
        eq(userTokens.tokenHash, sha256(secret)),
        eq(userTokens.kind, kind),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: userTokens.userId });
  if (!row) throw new AppError('token_invalid', 400);
  return row.userId;
}

export async function register(ctx: AppContext, input: RegisterInput, info: RequestInfo) {
  const org = await withSystem(ctx.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(organizations)
      .where(input.registrationToken ? eq(organizations.registrationToken, input.registrationToken) : eq(organizations.code, input.orgCode!));
    return row;
  });
  if (!org) throw fieldError({ orgCode: 'v.unknownOrg' });
  if (!org.settings.allowRegistration) throw new AppError('forbidden', 403);
  const policy = passwordPolicyError(input.password, org.settings);
  if (policy) throw fieldError({ password: policy.key }, policy.params);
  return withOrg(ctx.db, org.id, async (tx) => {
    const user = await insertUser(tx, org.id, {
      username: input.username,
      name: input.name ?? input.username,
      email: input.email,
      mobile: input.mobile,
      password: input.password,
      status: 'unverified',
      // Later mails (approval, password reset) go out in the language the person registered in.
      prefs: { locale: info.locale },
    });
    const token = await issueToken(tx, org.id, user.id, 'verify_email', VERIFY_HOURS * 60);
    const mail = verificationMail(info.locale, user.name, `${ctx.publicUrl}/verify-email?token=${encodeURIComponent(token)}`);
    await ctx.mailer.queue(tx, org.id, { to: input.email, ...mail, meta: { kind: 'verify_email' } });
    await recordAudit(tx, { orgId: org.id, userId: user.id, name: user.name, ...info }, {
      module: 'auth',
      action: 'register',
      recordType: 'user',
      recordId: user.id,
      recordLabel: user.username,
      after: { username: user.username, email: user.email, mobile: user.mobile },
    });
    return { status: user.status };
  });
}

export async function verifyEmail(ctx: AppContext, rawToken: string, info: RequestInfo) {
  const token = splitToken(rawToken);
  if (!token) throw new AppError('token_invalid', 400);
  await withOrg(ctx.db, token.orgId, async (tx) => {
    const userId = await consumeToken(tx, token.orgId, token.secret, 'verify_email');
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: new Date(), status: sql`case when ${users.status} = 'unverified' then 'pending' else ${users.status} end` })
      .where(and(eq(users.orgId, token.orgId), eq(users.id, userId)))
      .returning();
    await recordAudit(tx, { orgId: token.orgId, userId, name: user!.name, ...info }, {
      module: 'auth',
      action: 'verify_email',
      recordType: 'user',
      recordId: userId,
      recordLabel: user!.username,
    });
    if (user!.status === 'pending') {
      const approvers = await tx
        .selectDistinct({ id: userRoles.userId })
        .from(userRoles)
        .innerJoin(roles, and(eq(roles.orgId, userRoles.orgId), eq(roles.id, userRoles.roleId)))
        .innerJoin(users, and(eq(users.orgId, userRoles.orgId), eq(users.id, userRoles.userId)))
        .where(and(eq(userRoles.orgId, token.orgId), sql`'user:approve' = any(${roles.permissions})`, eq(users.status, 'active')))
        .limit(50);
      const zh = info.locale === 'zh-CN';
      await notifyUsers(
        tx,
        ctx.mailer,
        token.orgId,
        approvers.map((a) => a.id),
        {
          kind: 'registration_pending',
          title: zh ? `新的注册申请待审核：${user!.username}` : `New registration to approve: ${user!.username}`,
          body: zh ? `${user!.name}（${user!.email}）已验证邮箱，等待审核。` : `${user!.name} (${user!.email}) verified the e-mail address and waits for approval.`,
          link: '/admin/registrations',
        },
        ctx.publicUrl,
      );
    }
  });
}

export async function forgotPassword(ctx: AppContext, identifier: string, info: RequestInfo) {
  const target = await withSystem(ctx.db, (tx) => findLoginTarget(tx, { identifier, password: '', remember: false }));
  if (!target) return;
  await withOrg(ctx.db, target.orgId, async (tx) => {
    const [user] = await tx.select().from(users).where(and(eq(users.orgId, target.orgId), eq(users.id, target.userId)));
    if (!user?.email || user.status === 'disabled' || user.status === 'rejected') return;
    const token = await issueToken(tx, target.orgId, user.id, 'reset_password', RESET_MINUTES);
    const locale = user.prefs.locale ?? info.locale;
    const mail = resetMail(locale, user.name, `${ctx.publicUrl}/reset-password?token=${encodeURIComponent(token)}`);
    await ctx.mailer.queue(tx, target.orgId, { to: user.email, ...mail, meta: { kind: 'reset_password' } });
    await recordAudit(tx, { orgId: user.orgId, userId: user.id, name: user.name, ...info }, {
      module: 'auth',
      action: 'forgot_password',
      recordType: 'user',
      recordId: user.id,
      recordLabel: user.username,
    });
  });
}

export async function resetPassword(ctx: AppContext, rawToken: string, password: string, info: RequestInfo) {
  const token = splitToken(rawToken);
  if (!token) throw new AppError('token_invalid', 400);
  await withOrg(ctx.db, token.orgId, async (tx) => {
    const userId = await consumeToken(tx, token.orgId, token.secret, 'reset_password');
    const user = await replacePassword(tx, token.orgId, userId, password);
    await recordAudit(tx, { orgId: token.orgId, userId, name: user.name, ...info }, {
      module: 'auth',
      action: 'reset_password',
      recordType: 'user',
      recordId: userId,
      recordLabel: user.username,
    });
  });
}

export async function changePassword(tx: Tx, actor: Actor, sessionHash: string, oldPassword: string, password: string) {
  const [user] = await tx.select().from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
  if (!user || !(await verifyPassword(user.passwordHash, oldPassword))) throw fieldError({ oldPassword: 'v.oldPasswordWrong' });
  await replacePassword(tx, actor.orgId, actor.userId, password, sessionHash);
  await recordAudit(tx, actor, { module: 'auth', action: 'change_password', recordType: 'user', recordId: actor.userId, recordLabel: actor.username });
}
