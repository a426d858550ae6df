import { sql } from 'drizzle-orm';
import { bigint, jsonb, pgPolicy, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currentOrg, newId, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';
import type { OrgSettings } from '../../../shared/validation/settings.ts';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    name: text('name').notNull(),
    code: text('code').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
    defaultLocale: text('default_locale').notNull().default('zh-CN'),
    settings: jsonb('settings').$type<OrgSettings>().notNull(),
    registrationToken: text('registration_token').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('organizations_code_key').on(t.code),
    uniqueIndex('organizations_registration_token_key').on(t.registrationToken),
    pgPolicy('organizations_tenant', { for: 'all', to: 'public', using: sql`id = ${currentOrg}`, withCheck: sql`id = ${currentOrg}` }),
  ],
);

/** Per-organisation sequences for human-facing numbers (customer no., ticket no.). */
export const counters = pgTable(
  'counters',
  {
    orgId: orgId(),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.name] }), tenantPolicy('counters')],
);
