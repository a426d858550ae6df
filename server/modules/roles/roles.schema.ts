import { boolean, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';
import type { DataScope, SharingMode } from '../../../shared/permissions.ts';

export const roles = pgTable(
  'roles',
  {
    orgId: orgId(),
    id: id(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    templateKey: text('template_key'),
    permissions: text('permissions').array().notNull(),
    dataScopes: jsonb('data_scopes').$type<Partial<Record<string, DataScope>>>().notNull(),
    /** The organisation's administrator role: it always holds every permission and cannot be deleted. */
    isSystem: boolean('is_system').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('roles_org_name_key').on(t.orgId, t.name), tenantPolicy('roles')],
);

export const sharingModes = pgTable(
  'sharing_modes',
  {
    orgId: orgId(),
    recordType: text('record_type').notNull(),
    mode: text('mode').$type<SharingMode>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.recordType] }), tenantPolicy('sharing_modes')],
);

/** Co-owners of a record (CUS-06): users other than the owner who may read it, or read and write it. */
export const recordShares = pgTable(
  'record_shares',
  {
    orgId: orgId(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    userId: uuid('user_id').notNull(),
    access: text('access').$type<'read' | 'write'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.recordType, t.recordId, t.userId] }),
    index('record_shares_user_idx').on(t.orgId, t.userId, t.recordType),
    tenantPolicy('record_shares'),
  ],
);
