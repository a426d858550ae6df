import { z } from 'zod';
import { blankAsMissing, uuid } from './common.ts';

const isoDateTime = z.iso.datetime({ offset: true });
const code = z.string().trim().max(50);

export const auditFilter = z.object({
  from: blankAsMissing(isoDateTime),
  to: blankAsMissing(isoDateTime),
  actorId: blankAsMissing(uuid),
  module: blankAsMissing(code),
  action: blankAsMissing(code),
  recordType: blankAsMissing(code),
  recordId: blankAsMissing(z.string().trim().max(100)),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export const auditListQuery = auditFilter.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: blankAsMissing(z.string().max(200)),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const AUDIT_EXPORT_MAX_ROWS = 100_000;
export const auditExportQuery = auditFilter.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export type AuditExportQuery = z.infer<typeof auditExportQuery>;

/** Entries younger than this cannot be cleaned up, so a slip of the date picker cannot wipe recent history. */
export const AUDIT_MIN_RETENTION_DAYS = 30;
export const auditCleanupInput = z.object({ before: z.iso.date() });
export type AuditCleanupInput = z.infer<typeof auditCleanupInput>;
