import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy } from '../../db/columns.ts';

/** Append-only: the application role may insert and read, never update or delete (see the grants migration). */
export const auditLogs = pgTable(
  'audit_logs',
  {
    orgId: orgId(),
    id: id(),
    at: createdAt('at'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    ip: text('ip'),
    module: text('module').notNull(),
    action: text('action').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    recordLabel: text('record_label'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('audit_logs_at_idx').on(t.orgId, t.at.desc().nullsFirst()),
    index('audit_logs_actor_idx').on(t.orgId, t.actorId, t.at.desc().nullsFirst()),
    index('audit_logs_module_idx').on(t.orgId, t.module, t.action, t.at.desc().nullsFirst()),
    index('audit_logs_record_idx').on(t.orgId, t.recordType, t.recordId),
    tenantPolicy('audit_logs'),
  ],
);
