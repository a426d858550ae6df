import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts } from '../../db/columns.ts';
import { bytea } from '../attachments/attachments.schema.ts';

export type ImportStatus = 'pending' | 'running' | 'failed' | 'done' | 'undone';
export type DuplicateMode = 'skip' | 'update' | 'create';

/**
 * One import of a spreadsheet (IO-01). Rows the import created carry its id (`import_id` on the target table);
 * rows it updated have their previous values in `import_changes`, so undo can restore both.
 */
export const imports = pgTable(
  'imports',
  {
    orgId: orgId(),
    id: id(),
    recordType: text('record_type').notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('pending'),
    fileName: text('file_name').notNull(),
    duplicateMode: text('duplicate_mode').$type<DuplicateMode>().notNull(),
    /** The file's header row, for the mapping step. */
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdRows: integer('created_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    skippedRows: integer('skipped_rows').notNull().default(0),
    rejectedRows: integer('rejected_rows').notNull().default(0),
    /** Rejected rows with their reasons, as a spreadsheet the user downloads. */
    report: bytea('report'),
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
    undoneAt: ts('undone_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('imports_created_idx').on(t.orgId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    tenantPolicy('imports'),
  ],
);

export const importFiles = pgTable(
  'import_files',
  {
    orgId: orgId(),
    importId: uuid('import_id').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.importId] }), tenantPolicy('import_files')],
);

export const importChanges = pgTable(
  'import_changes',
  {
    orgId: orgId(),
    importId: uuid('import_id').notNull(),
    recordId: uuid('record_id').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.importId, t.recordId] }), tenantPolicy('import_changes')],
);
