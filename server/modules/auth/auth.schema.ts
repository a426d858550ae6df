import { boolean, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy, ts } from '../../db/columns.ts';

/** Server-side sessions; the cookie holds `<org id>.<secret>` and the table only the secret's SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    orgId: orgId(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    remember: boolean('remember').notNull().default(false),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: createdAt('last_seen_at'),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.tokenHash] }), index('sessions_user_idx').on(t.orgId, t.userId), tenantPolicy('sessions')],
);

/** Single-use tokens mailed to users: e-mail verification and password reset. */
export const userTokens = pgTable(
  'user_tokens',
  {
    orgId: orgId(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<'verify_email' | 'reset_password'>().notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.tokenHash] }), index('user_tokens_user_idx').on(t.orgId, t.userId, t.kind), tenantPolicy('user_tokens')],
);
