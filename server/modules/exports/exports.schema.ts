import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts, updatedAt } from '../../db/columns.ts';
import { bytea } from '../attachments/attachments.schema.ts';

export type ExportStatus = 'running' | 'done' | 'failed';

/**
 * An export of a list (IO-02) made in the background, with its progress. The file is kept in chunks of about a
 * megabyte as it is written, so neither writing nor downloading holds a large export in memory, and any instance
 * can serve the download. Exports belong to the user who made them and are removed after a day.
 */
export const exportJobs = pgTable(
  'exports',
  {
    orgId: orgId(),
    id: id(),
    list: text('list').notNull(),
    format: text('format').notNull(),
    status: text('status').$type<ExportStatus>().notNull().default('running'),
    fileName: text('file_name').notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    size: integer('size').notNull().default(0),
    /** A message key, shown in the reader's language. */
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    /** Moves with every batch written: a running export that stops moving was cut off (the process ended). */
    updatedAt: updatedAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('exports_creator_idx').on(t.orgId, t.createdBy, t.createdAt.desc().nullsFirst()),
    tenantPolicy('exports'),
  ],
);

export const exportChunks = pgTable(
  'export_chunks',
  {
    orgId: orgId(),
    exportId: uuid('export_id').notNull(),
    seq: integer('seq').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.exportId, t.seq] }), tenantPolicy('export_chunks')],
);
