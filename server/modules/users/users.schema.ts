import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts, updatedAt, version } from '../../db/columns.ts';
import type { UserPrefs } from '../../../shared/validation/users.ts';

export const USER_STATUSES = ['unverified', 'pending', 'active', 'locked', 'disabled', 'rejected'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const users = pgTable(
  'users',
  {
    orgId: orgId(),
    id: id(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    mobile: text('mobile'),
    passwordHash: text('password_hash').notNull(),
    status: text('status').$type<UserStatus>().notNull(),
    departmentId: uuid('department_id'),
    isInstallationAdmin: boolean('is_installation_admin').notNull().default(false),
    emailVerifiedAt: ts('email_verified_at'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    loginCount: integer('login_count').notNull().default(0),
    lastLoginAt: ts('last_login_at'),
    lastLoginIp: text('last_login_ip'),
    passwordChangedAt: ts('password_changed_at'),
    prefs: jsonb('prefs').$type<UserPrefs>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('users_org_username_key').on(t.orgId, sql`lower(${t.username})`),
    index('users_org_status_idx').on(t.orgId, t.status),
    index('users_org_department_idx').on(t.orgId, t.departmentId),
    tenantPolicy('users'),
  ],
);

/**
 * E-mail addresses and mobile numbers are unique across the whole installation (people sign in with them alone),
 * so they live in this lookup table keyed by the identifier rather than by organisation.
 */
export const accountIdentifiers = pgTable(
  'account_identifiers',
  {
    kind: text('kind').$type<'email' | 'mobile'>().notNull(),
    value: text('value').notNull(),
    orgId: orgId(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] }), index('account_identifiers_user_idx').on(t.orgId, t.userId), tenantPolicy('account_identifiers')],
);

export const userRoles = pgTable(
  'user_roles',
  { orgId: orgId(), userId: uuid('user_id').notNull(), roleId: uuid('role_id').notNull() },
  (t) => [primaryKey({ columns: [t.orgId, t.userId, t.roleId] }), index('user_roles_role_idx').on(t.orgId, t.roleId), tenantPolicy('user_roles')],
);

export const userPositions = pgTable(
  'user_positions',
  {
    orgId: orgId(),
    userId: uuid('user_id').notNull(),
    positionId: uuid('position_id').notNull(),
    isPrimary: boolean('is_primary').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId, t.positionId] }),
    index('user_positions_position_idx').on(t.orgId, t.positionId),
    tenantPolicy('user_positions'),
  ],
);

export const loginHistory = pgTable(
  'login_history',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    at: createdAt('at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    success: boolean('success').notNull(),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('login_history_user_idx').on(t.orgId, t.userId, t.at.desc().nullsFirst()), tenantPolicy('login_history')],
);
