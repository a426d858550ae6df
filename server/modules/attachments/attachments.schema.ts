import { customType, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy } from '../../db/columns.ts';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Files attached to a record (DOC-02, DOC-03). The content lives in its own table so that lists never read it,
 * and in the database so that several instances, backups and tenant isolation need no shared file system.
 */
export const attachments = pgTable(
  'attachments',
  {
    orgId: orgId(),
    id: id(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('attachments_record_idx').on(t.orgId, t.recordType, t.recordId, t.createdAt.desc()),
    tenantPolicy('attachments'),
  ],
);

export const attachmentContents = pgTable(
  'attachment_contents',
  {
    orgId: orgId(),
    attachmentId: uuid('attachment_id').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.attachmentId] }), tenantPolicy('attachment_contents')],
);
