import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { AppError, fieldError, violatedUnique } from '../../lib/errors.ts';
import { hashPassword, passwordPolicyError } from '../../lib/crypto.ts';
import { sessions, userTokens } from '../auth/auth.schema.ts';
import { organizations } from '../tenants/tenants.schema.ts';
import type { MessageKey } from '../../../shared/i18n/messages.ts';
import type { UserPrefs } from '../../../shared/validation/users.ts';
import { accountIdentifiers, users, userPositions, userRoles, type UserStatus } from './users.schema.ts';

export interface NewUser {
  username: string;
  name: string;
  email?: string | null;
  mobile?: string | null;
  password: string;
  status: UserStatus;
  departmentId?: string | null;
  isInstallationAdmin?: boolean;
  emailVerified?: boolean;
  roleIds?: string[];
  positionIds?: string[];
  prefs?: UserPrefs;
}

/**
 * Checks every uniqueness rule at once so the form shows each violated field, not only the first.
 * E-mail and mobile are checked across organisations through a SECURITY DEFINER function.
 */
export async function assertIdentifiersFree(
  tx: Tx,
  orgId: string,
  values: { username?: string; email?: string | null; mobile?: string | null },
  exceptUserId?: string,
): Promise<void> {
  const fields: Record<string, MessageKey> = {};
  if (values.username) {
    const [row] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), sql`lower(${users.username}) = lower(${values.username})`))
      .limit(1);
    if (row && row.id !== exceptUserId) fields.username = 'v.usernameTaken';
  }
  if (values.email || values.mobile) {
    await tx.execute(sql`select kehu_release_stale_identifiers(${values.email ?? null}, ${values.mobile ?? null})`);
    const rows = await queryRows<{ taken: string[] }>(
      tx,
      sql`select kehu_identifiers_taken(${values.email ?? null}, ${values.mobile ?? null}, ${exceptUserId ?? null}::uuid) as taken`,
    );
    const taken = rows[0]?.taken ?? [];
    if (taken.includes('email')) fields.email = 'v.emailTaken';
    if (taken.includes('mobile')) fields.mobile = 'v.mobileTaken';
  }
  if (Object.keys(fields).length) throw new AppError('duplicate', 409, fields);
}

/** PostgreSQL names the clashing key in the error detail: `Key (kind, value)=(mobile, …) already exists.` */
function violationDetail(err: unknown): string {
  let e = err as { detail?: string; cause?: unknown } | undefined;
  while (e) {
    if (e.detail) return e.detail;
    e = e.cause as typeof e;
  }
  return '';
}

/** A unique violation that slipped past the pre-check (two requests at once) still becomes a field error. */
export function identifierConflict(err: unknown): AppError | undefined {
  const constraint = violatedUnique(err);
  if (!constraint) return undefined;
  if (constraint.startsWith('users_org_username')) return new AppError('duplicate', 409, { username: 'v.usernameTaken' });
  if (constraint.startsWith('account_identifiers')) {
    return /\(mobile,/.test(violationDetail(err))
      ? new AppError('duplicate', 409, { mobile: 'v.mobileTaken' })
      : new AppError('duplicate', 409, { email: 'v.emailTaken' });
  }
  return undefined;
}

export async function setIdentifiers(tx: Tx, orgId: string, userId: string, email?: string | null, mobile?: string | null) {
  await tx.delete(accountIdentifiers).where(and(eq(accountIdentifiers.orgId, orgId), eq(accountIdentifiers.userId, userId)));
  const rows = [
    ...(email ? [{ kind: 'email' as const, value: email, orgId, userId }] : []),
    ...(mobile ? [{ kind: 'mobile' as const, value: mobile, orgId, userId }] : []),
  ];
  if (rows.length) await tx.insert(accountIdentifiers).values(rows);
}

export async function setUserRoles(tx: Tx, orgId: string, userId: string, roleIds: string[]) {
  await tx.delete(userRoles).where(and(eq(userRoles.orgId, orgId), eq(userRoles.userId, userId)));
  if (roleIds.length) await tx.insert(userRoles).values([...new Set(roleIds)].map((roleId) => ({ orgId, userId, roleId })));
}

export async function setUserPositions(tx: Tx, orgId: string, userId: string, positionIds: string[]) {
  await tx.delete(userPositions).where(and(eq(userPositions.orgId, orgId), eq(userPositions.userId, userId)));
  const unique = [...new Set(positionIds)];
  if (unique.length) {
    await tx.insert(userPositions).values(unique.map((positionId, i) => ({ orgId, userId, positionId, isPrimary: i === 0 })));
  }
}

export async function insertUser(tx: Tx, orgId: string, input: NewUser) {
  await assertIdentifiersFree(tx, orgId, input);
  const passwordHash = await hashPassword(input.password);
  try {
    const [user] = await tx
      .insert(users)
      .values({
        orgId,
        username: input.username,
        name: input.name,
        email: input.email ?? null,
        mobile: input.mobile ?? null,
        passwordHash,
        status: input.status,
        departmentId: input.departmentId ?? null,
        isInstallationAdmin: input.isInstallationAdmin ?? false,
        emailVerifiedAt: input.emailVerified ? new Date() : null,
        passwordChangedAt: new Date(),
        prefs: input.prefs ?? {},
      })
      .returning();
    await setIdentifiers(tx, orgId, user!.id, input.email, input.mobile);
    if (input.roleIds?.length) await setUserRoles(tx, orgId, user!.id, input.roleIds);
    if (input.positionIds?.length) await setUserPositions(tx, orgId, user!.id, input.positionIds);
    return user!;
  } catch (err) {
    throw identifierConflict(err) ?? err;
  }
}

/** What the API shows of a user: never the hash, the lock counters or the prefs of someone else. */
export function presentUser(u: typeof users.$inferSelect) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    mobile: u.mobile,
    status: u.status,
    departmentId: u.departmentId,
    emailVerified: Boolean(u.emailVerifiedAt),
    lockedUntil: u.lockedUntil,
    loginCount: u.loginCount,
    lastLoginAt: u.lastLoginAt,
    lastLoginIp: u.lastLoginIp,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    version: u.version,
  };
}

/**
 * Every way a password changes (reset link, administrator, the user) goes through here: the organisation's
 * policy applies, a lock-out ends, and every open session and outstanding reset link die with the old password,
 * except the caller's own session when `keepSession` names it.
 */
export async function replacePassword(tx: Tx, orgId: string, userId: string, password: string, keepSession?: string) {
  const [org] = await tx.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, orgId));
  const policy = passwordPolicyError(password, org!.settings);
  if (policy) throw fieldError({ password: policy.key }, policy.params);
  const [user] = await tx
    .update(users)
    .set({
      passwordHash: await hashPassword(password),
      passwordChangedAt: new Date(),
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: new Date(),
      version: sql`${users.version} + 1`,
    })
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .returning();
  await tx
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.orgId, orgId), eq(userTokens.userId, userId), eq(userTokens.kind, 'reset_password'), isNull(userTokens.usedAt)));
  await tx
    .delete(sessions)
    .where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId), keepSession ? ne(sessions.tokenHash, keepSession) : undefined));
  return user!;
}
