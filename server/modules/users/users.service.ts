import { and, asc, count, desc, eq, exists, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { passwordPolicyError } from '../../lib/crypto.ts';
import type { AppContext } from '../../lib/services.ts';
import type { Locale, MessageKey } from '../../../shared/i18n/messages.ts';
import type {
  ApproveRegistration,
  ProfileUpdate,
  RegistrationListQuery,
  UserCreate,
  UserListQuery,
  UserOptionsQuery,
  UserStatusAction,
  UserUpdate,
} from '../../../shared/validation/users.ts';
import { recordAudit, diff } from '../audit/audit.service.ts';
import { sessions } from '../auth/auth.schema.ts';
import { registrationApprovedNotice, registrationRejectedMail } from '../auth/auth.mail.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { departments, positions } from '../orgchart/orgchart.schema.ts';
import { roles } from '../roles/roles.schema.ts';
import { withinAuthority } from '../roles/roles.service.ts';
import { getOrg, presentOrg } from '../tenants/tenants.service.ts';
import { assertIdentifiersFree, identifierConflict, insertUser, presentUser, replacePassword, setIdentifiers, setUserPositions, setUserRoles } from './users.core.ts';
import { loginHistory, userPositions, userRoles, users, type UserStatus } from './users.schema.ts';
import { containsPattern } from '../../lib/like.ts';

type UserRow = typeof users.$inferSelect;

export async function getMe(tx: Tx, actor: Actor, csrfToken: string) {
  const [user] = await tx.select().from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
  if (!user) throw new AppError('unauthenticated', 401);
  const org = await getOrg(tx, actor.orgId);
  return {
    user: { ...presentUser(user), prefs: user.prefs, isInstallationAdmin: user.isInstallationAdmin },
    org: { id: org.id, name: org.name, code: org.code, timeZone: org.timeZone, defaultLocale: org.defaultLocale },
    permissions: [...actor.permissions].sort(),
    scopes: actor.scopes,
    csrfToken,
  };
}

export async function updateProfile(tx: Tx, actor: Actor, input: ProfileUpdate) {
  const [before] = await tx.select().from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
  if (!before) throw new AppError('not_found', 404);
  const [after] = await tx
    .update(users)
    .set({ name: input.name, prefs: input.prefs, updatedAt: new Date(), version: before.version + 1 })
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId), eq(users.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  const changes = diff({ name: before.name, prefs: before.prefs }, { name: after.name, prefs: after.prefs });
  await recordAudit(tx, actor, { module: 'user', action: 'update_profile', recordType: 'user', recordId: actor.userId, recordLabel: actor.username, ...changes });
  return { ...presentUser(after), prefs: after.prefs };
}

export { presentOrg };

// ---------------------------------------------------------------------------------------------------------------
// User management (USR-03, USR-04)

interface RoleRef {
  id: string;
  name: string;
}
interface PositionRef {
  id: string;
  name: string;
  departmentId: string;
  isPrimary: boolean;
}
interface Assignments {
  roles: RoleRef[];
  positions: PositionRef[];
}

async function loadUser(tx: Tx, orgId: string, id: string): Promise<UserRow> {
  const [user] = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  if (!user) throw notFound();
  return user;
}

/** Roles and positions of a page of users in two queries, whatever the page size. */
async function assignmentsOf(tx: Tx, orgId: string, userIds: string[]): Promise<Map<string, Assignments>> {
  const result = new Map<string, Assignments>(userIds.map((id) => [id, { roles: [], positions: [] }]));
  if (!userIds.length) return result;
  const roleRows = await tx
    .select({ userId: userRoles.userId, id: roles.id, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.orgId, userRoles.orgId), eq(roles.id, userRoles.roleId)))
    .where(and(eq(userRoles.orgId, orgId), inArray(userRoles.userId, userIds)))
    .orderBy(asc(roles.name));
  const positionRows = await tx
    .select({ userId: userPositions.userId, id: positions.id, name: positions.name, departmentId: positions.departmentId, isPrimary: userPositions.isPrimary })
    .from(userPositions)
    .innerJoin(positions, and(eq(positions.orgId, userPositions.orgId), eq(positions.id, userPositions.positionId)))
    .where(and(eq(userPositions.orgId, orgId), inArray(userPositions.userId, userIds)))
    .orderBy(desc(userPositions.isPrimary), asc(positions.name));
  for (const { userId, ...role } of roleRows) result.get(userId)!.roles.push(role);
  for (const { userId, ...position } of positionRows) result.get(userId)!.positions.push(position);
  return result;
}

function presentListed(user: UserRow, departmentName: string | null, assigned: Assignments) {
  return {
    ...presentUser(user),
    department: user.departmentId ? { id: user.departmentId, name: departmentName } : null,
    roles: assigned.roles,
    positions: assigned.positions,
  };
}

const joinDepartment = and(eq(departments.orgId, users.orgId), eq(departments.id, users.departmentId));

/** `%` and `_` typed by the user are literal characters, not wildcards. */

export async function listUsers(tx: Tx, actor: Actor, query: UserListQuery) {
  const pattern = query.q ? containsPattern(query.q) : undefined;
  const where = and(
    eq(users.orgId, actor.orgId),
    query.status ? eq(users.status, query.status) : undefined,
    // A department means its whole subtree: choosing 销售部 also lists the people of its regional teams.
    query.departmentId
      ? sql`${users.departmentId} in (select d.id from departments d join departments top on top.org_id = d.org_id
              and d.path like top.path || '%' where top.org_id = ${actor.orgId} and top.id = ${query.departmentId})`
      : undefined,
    query.roleId
      ? exists(
          tx
            .select({ one: sql`1` })
            .from(userRoles)
            .where(and(eq(userRoles.orgId, users.orgId), eq(userRoles.userId, users.id), eq(userRoles.roleId, query.roleId))),
        )
      : undefined,
    pattern ? or(ilike(users.username, pattern), ilike(users.name, pattern), ilike(users.email, pattern), ilike(users.mobile, pattern)) : undefined,
  );
  const [{ total }] = (await tx.select({ total: count() }).from(users).where(where)) as [{ total: number }];
  // Sorted on the expression of the (org_id, lower(username)) unique index, so the index can deliver the order.
  const rows = await tx
    .select({ user: users, departmentName: departments.name })
    .from(users)
    .leftJoin(departments, joinDepartment)
    .where(where)
    .orderBy(sql`lower(${users.username})`)
    .limit(query.limit)
    .offset(query.offset);
  const assigned = await assignmentsOf(tx, actor.orgId, rows.map((r) => r.user.id));
  return { items: rows.map((r) => presentListed(r.user, r.departmentName, assigned.get(r.user.id)!)), total };
}

export async function userOptions(tx: Tx, actor: Actor, query: UserOptionsQuery) {
  const pattern = query.q ? containsPattern(query.q) : undefined;
  const items = await tx
    .select({ id: users.id, name: users.name, username: users.username })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.status, 'active'), pattern ? or(ilike(users.username, pattern), ilike(users.name, pattern)) : undefined))
    .orderBy(sql`lower(${users.username})`)
    .limit(query.limit);
  return { items };
}

export async function getUser(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ user: users, departmentName: departments.name })
    .from(users)
    .leftJoin(departments, joinDepartment)
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, id)));
  if (!row) throw notFound();
  const assigned = (await assignmentsOf(tx, actor.orgId, [id])).get(id)!;
  return { ...presentListed(row.user, row.departmentName, assigned), loginHistory: await loginHistoryOf(tx, actor.orgId, id, 20) };
}

/** Sign-in attempts of one user, newest first: shown to the user (own history) and to administrators. */
export function loginHistoryOf(tx: Tx, orgId: string, userId: string, limit: number) {
  return tx
    .select({ at: loginHistory.at, ip: loginHistory.ip, userAgent: loginHistory.userAgent, success: loginHistory.success, reason: loginHistory.reason })
    .from(loginHistory)
    .where(and(eq(loginHistory.orgId, orgId), eq(loginHistory.userId, userId)))
    .orderBy(desc(loginHistory.at))
    .limit(limit);
}

interface AssignmentInput {
  roleIds: string[];
  positionIds: string[];
  departmentId?: string | null;
}

/**
 * Checks that every referenced role, position and department exists in the organisation, and that the actor does
 * not hand out permissions they lack themself, nor a data scope wider than their own (otherwise `user:edit` alone
 * would be a way to become administrator, or to see every customer). Returns the field errors instead of throwing,
 * so callers can report them together with their own.
 */
async function checkAssignments(tx: Tx, actor: Actor, input: AssignmentInput) {
  const fields: Record<string, MessageKey> = {};
  const roleIds = [...new Set(input.roleIds)];
  const positionIds = [...new Set(input.positionIds)];
  const roleRows = roleIds.length
    ? await tx
        .select({ id: roles.id, name: roles.name, permissions: roles.permissions, dataScopes: roles.dataScopes })
        .from(roles)
        .where(and(eq(roles.orgId, actor.orgId), inArray(roles.id, roleIds)))
    : [];
  if (roleRows.length !== roleIds.length) fields.roleIds = 'v.notFound';
  else if (roleRows.some((r) => !withinAuthority(actor, r))) fields.roleIds = 'v.permissionNotHeld';
  const positionRows = positionIds.length
    ? await tx
        .select({ id: positions.id, name: positions.name })
        .from(positions)
        .where(and(eq(positions.orgId, actor.orgId), inArray(positions.id, positionIds)))
    : [];
  if (positionRows.length !== positionIds.length) fields.positionIds = 'v.notFound';
  if (input.departmentId) {
    const [dept] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.orgId, actor.orgId), eq(departments.id, input.departmentId)));
    if (!dept) fields.departmentId = 'v.notFound';
  }
  const roleNames = roleRows.map((r) => r.name).sort();
  // Positions keep the submitted order: the first one is the primary position.
  const positionNames = positionIds.map((id) => positionRows.find((p) => p.id === id)?.name ?? id);
  return { fields, roleIds, positionIds, roleNames, positionNames };
}

/**
 * Managing a user who holds more than the actor (say, resetting the administrator's password) is refused: a
 * permission the actor lacks, or a data scope wider than the actor's (a user's scope per module is the widest of
 * their roles, so comparing role by role is the same). The installation administrator, who has rights over every
 * organisation, is managed only by an installation administrator.
 */
async function assertCanManage(tx: Tx, actor: Actor, user: UserRow) {
  if (user.isInstallationAdmin && !actor.isInstallationAdmin) throw forbidden();
  const held = await tx
    .select({ permissions: roles.permissions, dataScopes: roles.dataScopes })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.orgId, userRoles.orgId), eq(roles.id, userRoles.roleId)))
    .where(and(eq(userRoles.orgId, actor.orgId), eq(userRoles.userId, user.id)));
  if (held.some((r) => !withinAuthority(actor, r))) throw forbidden();
}

/** The organisation's administrator role (`is_system`), of which there is one per organisation. */
async function systemRoleId(tx: Tx, orgId: string): Promise<string | undefined> {
  const [role] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.isSystem, true)));
  return role?.id;
}

async function holdsRole(tx: Tx, orgId: string, userId: string, roleId: string): Promise<boolean> {
  const [row] = await tx
    .select({ roleId: userRoles.roleId })
    .from(userRoles)
    .where(and(eq(userRoles.orgId, orgId), eq(userRoles.userId, userId), eq(userRoles.roleId, roleId)));
  return Boolean(row);
}

/**
 * Called after a change that took an active user out of the administrator role (by removing the role, or by
 * locking or disabling them): refuses it when no active administrator is left, so the organisation cannot lose
 * the last person able to administer it. The role's row is locked before counting, so two administrators demoting
 * each other at the same moment are counted one after the other, and the second sees the first's change.
 */
async function assertAdministratorRemains(tx: Tx, orgId: string, roleId: string, field: string) {
  await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)))
    .for('update');
  const [{ n }] = (await tx
    .select({ n: count() })
    .from(userRoles)
    .innerJoin(users, and(eq(users.orgId, userRoles.orgId), eq(users.id, userRoles.userId)))
    .where(and(eq(userRoles.orgId, orgId), eq(userRoles.roleId, roleId), eq(users.status, 'active')))) as [{ n: number }];
  if (!n) throw fieldError({ [field]: 'v.lastAdministrator' });
}

/** What the audit log shows of a user's editable state; role and position changes appear as name lists. */
function auditView(user: UserRow, assigned: { roleNames: string[]; positionNames: string[] }) {
  return {
    name: user.name,
    email: user.email,
    mobile: user.mobile,
    status: user.status,
    departmentId: user.departmentId,
    roles: assigned.roleNames,
    positions: assigned.positionNames,
  };
}

export async function createUser(tx: Tx, actor: Actor, input: UserCreate) {
  if (input.roleIds.length && !actor.permissions.has('user:edit')) throw forbidden();
  const org = await getOrg(tx, actor.orgId);
  const check = await checkAssignments(tx, actor, input);
  const policy = passwordPolicyError(input.password, org.settings);
  const fields = { ...check.fields, ...(policy ? { password: policy.key } : {}) };
  if (Object.keys(fields).length) throw fieldError(fields, policy?.params);
  const user = await insertUser(tx, actor.orgId, {
    username: input.username,
    name: input.name,
    email: input.email,
    mobile: input.mobile,
    password: input.password,
    status: 'active',
    departmentId: input.departmentId,
    // The administrator typed the address in; no one else claims it, so there is nothing to verify.
    emailVerified: Boolean(input.email),
    roleIds: check.roleIds,
    positionIds: check.positionIds,
  });
  await recordAudit(tx, actor, {
    module: 'user',
    action: 'create',
    recordType: 'user',
    recordId: user.id,
    recordLabel: user.username,
    after: { username: user.username, ...auditView(user, check) },
  });
  return getUser(tx, actor, user.id);
}

export async function updateUser(tx: Tx, actor: Actor, id: string, input: UserUpdate) {
  const before = await loadUser(tx, actor.orgId, id);
  await assertCanManage(tx, actor, before);
  if (before.version !== input.version) throw versionConflict();
  const check = await checkAssignments(tx, actor, input);
  if (Object.keys(check.fields).length) throw fieldError(check.fields);
  const email = input.email ?? null;
  const mobile = input.mobile ?? null;
  const identifiersChanged = email !== before.email || mobile !== before.mobile;
  if (identifiersChanged) await assertIdentifiersFree(tx, actor.orgId, { email, mobile }, id);
  const previous = (await assignmentsOf(tx, actor.orgId, [id])).get(id)!;
  const adminRoleId = await systemRoleId(tx, actor.orgId);
  const demoted = Boolean(
    adminRoleId && before.status === 'active' && previous.roles.some((r) => r.id === adminRoleId) && !check.roleIds.includes(adminRoleId),
  );
  const [after] = await tx
    .update(users)
    .set({
      name: input.name,
      email,
      mobile,
      departmentId: input.departmentId ?? null,
      // A new address typed by the administrator counts as vouched for, like one given at creation.
      ...(email !== before.email ? { emailVerifiedAt: email ? new Date() : null } : {}),
      updatedAt: new Date(),
      version: sql`${users.version} + 1`,
    })
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, id), eq(users.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  if (identifiersChanged) {
    try {
      await setIdentifiers(tx, actor.orgId, id, email, mobile);
    } catch (err) {
      throw identifierConflict(err) ?? err;
    }
  }
  // Permissions are read from the roles on every request, so a revoked role stops working with the next one.
  await setUserRoles(tx, actor.orgId, id, check.roleIds);
  if (demoted) await assertAdministratorRemains(tx, actor.orgId, adminRoleId!, 'roleIds');
  await setUserPositions(tx, actor.orgId, id, check.positionIds);
  const changes = diff(
    auditView(before, { roleNames: previous.roles.map((r) => r.name).sort(), positionNames: previous.positions.map((p) => p.name) }),
    auditView(after, check),
  );
  await recordAudit(tx, actor, { module: 'user', action: 'update', recordType: 'user', recordId: id, recordLabel: after.username, ...changes });
  return getUser(tx, actor, id);
}

/** Which statuses each administrator action applies to, and the status it leaves. */
const TRANSITIONS: Record<UserStatusAction['action'], { from: UserStatus[]; to: UserStatus }> = {
  lock: { from: ['active'], to: 'locked' },
  // Also lifts the automatic lock-out after failed sign-ins, which leaves the status active.
  unlock: { from: ['locked', 'active'], to: 'active' },
  disable: { from: ['active', 'locked'], to: 'disabled' },
  enable: { from: ['disabled'], to: 'active' },
};

export async function changeUserStatus(tx: Tx, actor: Actor, id: string, input: UserStatusAction) {
  const user = await loadUser(tx, actor.orgId, id);
  const shutsOut = input.action === 'lock' || input.action === 'disable';
  if (shutsOut && id === actor.userId) throw fieldError({ action: 'v.notOnSelf' });
  await assertCanManage(tx, actor, user);
  if (user.version !== input.version) throw versionConflict();
  const transition = TRANSITIONS[input.action];
  const autoLocked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  const applies = transition.from.includes(user.status) && (input.action !== 'unlock' || user.status === 'locked' || autoLocked);
  if (!applies) throw new AppError('conflict', 409);
  const [after] = await tx
    .update(users)
    .set({
      status: transition.to,
      ...(input.action === 'unlock' ? { lockedUntil: null, failedLogins: 0 } : {}),
      updatedAt: new Date(),
      version: sql`${users.version} + 1`,
    })
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, id), eq(users.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  if (shutsOut && user.status === 'active') {
    const adminRoleId = await systemRoleId(tx, actor.orgId);
    if (adminRoleId && (await holdsRole(tx, actor.orgId, id, adminRoleId))) await assertAdministratorRemains(tx, actor.orgId, adminRoleId, 'action');
  }
  // Sessions would already be refused for a non-active user; deleting them also frees the rows at once.
  if (shutsOut) await tx.delete(sessions).where(and(eq(sessions.orgId, actor.orgId), eq(sessions.userId, id)));
  await recordAudit(tx, actor, {
    module: 'user',
    action: input.action,
    recordType: 'user',
    recordId: id,
    recordLabel: user.username,
    before: { status: user.status, lockedUntil: user.lockedUntil },
    after: { status: after.status, lockedUntil: after.lockedUntil },
  });
  return getUser(tx, actor, id);
}

/**
 * An administrator sets a new password. Every session of the user ends, except the one making the request when
 * administrators reset their own password.
 */
export async function resetUserPassword(tx: Tx, actor: Actor, id: string, password: string, currentSessionHash: string) {
  const user = await loadUser(tx, actor.orgId, id);
  await assertCanManage(tx, actor, user);
  await replacePassword(tx, actor.orgId, id, password, id === actor.userId ? currentSessionHash : undefined);
  await recordAudit(tx, actor, { module: 'user', action: 'reset_password', recordType: 'user', recordId: id, recordLabel: user.username });
}

// ---------------------------------------------------------------------------------------------------------------
// Registrations awaiting approval (ACC-02)

const REGISTRATION_STATUSES: UserStatus[] = ['pending', 'unverified'];

export async function listRegistrations(tx: Tx, actor: Actor, query: RegistrationListQuery) {
  const where = and(eq(users.orgId, actor.orgId), query.status ? eq(users.status, query.status) : inArray(users.status, REGISTRATION_STATUSES));
  const [{ total }] = (await tx.select({ total: count() }).from(users).where(where)) as [{ total: number }];
  const rows = await tx.select().from(users).where(where).orderBy(desc(users.createdAt), desc(users.id)).limit(query.limit).offset(query.offset);
  return { items: rows.map(presentUser), total };
}

type Notifier = Pick<AppContext, 'mailer' | 'publicUrl'>;

/** Registrants read mail in the language they registered in, else the organisation's. */
const mailLocale = (user: UserRow, org: { defaultLocale: string }) => user.prefs.locale ?? (org.defaultLocale as Locale);

export async function approveRegistration(tx: Tx, ctx: Notifier, actor: Actor, id: string, input: ApproveRegistration) {
  const user = await loadUser(tx, actor.orgId, id);
  if (user.status !== 'pending') throw new AppError('conflict', 409);
  const check = await checkAssignments(tx, actor, input);
  if (Object.keys(check.fields).length) throw fieldError(check.fields);
  const [after] = await tx
    .update(users)
    .set({ status: 'active', departmentId: input.departmentId ?? user.departmentId, updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, id), eq(users.status, 'pending')))
    .returning();
  if (!after) throw new AppError('conflict', 409);
  await setUserRoles(tx, actor.orgId, id, check.roleIds);
  await setUserPositions(tx, actor.orgId, id, check.positionIds);
  await recordAudit(tx, actor, {
    module: 'user',
    action: 'approve_registration',
    recordType: 'user',
    recordId: id,
    recordLabel: user.username,
    before: { status: user.status },
    after: { status: after.status, departmentId: after.departmentId, roles: check.roleNames, positions: check.positionNames },
  });
  const org = await getOrg(tx, actor.orgId);
  const notice = registrationApprovedNotice(mailLocale(user, org), user.name, org.name);
  await notifyUsers(tx, ctx.mailer, actor.orgId, [id], { kind: 'registration_approved', ...notice, link: '/login' }, ctx.publicUrl);
  return getUser(tx, actor, id);
}

export async function rejectRegistration(tx: Tx, ctx: Notifier, actor: Actor, id: string, input: { reason?: string }) {
  const user = await loadUser(tx, actor.orgId, id);
  if (!REGISTRATION_STATUSES.includes(user.status)) throw new AppError('conflict', 409);
  const [after] = await tx
    .update(users)
    .set({ status: 'rejected', updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, id), inArray(users.status, REGISTRATION_STATUSES)))
    .returning();
  if (!after) throw new AppError('conflict', 409);
  // E-mail and mobile are unique across the installation; a rejected application must not keep them from the
  // person who really owns them (or from a later, corrected application).
  await setIdentifiers(tx, actor.orgId, id, null, null);
  await recordAudit(tx, actor, {
    module: 'user',
    action: 'reject_registration',
    recordType: 'user',
    recordId: id,
    recordLabel: user.username,
    before: { status: user.status },
    after: { status: after.status, reason: input.reason ?? null },
  });
  // Only a verified address is known to belong to the applicant; an unverified one may be someone else's.
  if (user.email && user.emailVerifiedAt) {
    const org = await getOrg(tx, actor.orgId);
    const mail = registrationRejectedMail(mailLocale(user, org), user.name, org.name, input.reason);
    await ctx.mailer.queue(tx, actor.orgId, { to: user.email, ...mail, meta: { kind: 'registration_rejected' } });
  }
  return getUser(tx, actor, id);
}
