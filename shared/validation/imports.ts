import { z } from 'zod';
import { blankAsMissing } from './common.ts';

/** What can be imported (IO-01), and the permission module of each. */
export const IMPORT_RECORD_TYPES = ['customer', 'contact', 'followup'] as const;
export type ImportRecordType = (typeof IMPORT_RECORD_TYPES)[number];
export const IMPORT_MODULE = { customer: 'customer', contact: 'contact', followup: 'activity' } as const;
export const importPermission = (t: ImportRecordType) => `${IMPORT_MODULE[t]}:import` as const;

/**
 * What happens to a row that matches an existing record (customers: by name, credit code or phone; contacts: by
 * name or mobile within the customer; follow-ups: same customer, time and content): left alone, updated with the
 * row's filled cells, or created anyway (where uniqueness allows: two customers never share a name or credit code).
 */
export const DUPLICATE_MODES = ['skip', 'update', 'create'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

export const IMPORT_STATUSES = ['pending', 'running', 'failed', 'done', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_MAX_MB = 50;
/** One import is validated whole before anything is written; larger files are split. */
export const IMPORT_MAX_ROWS = 200_000;
export const IMPORT_MAX_COLUMNS = 200;

export const importTarget = z.object({ recordType: z.enum(IMPORT_RECORD_TYPES) });

export const importTemplateQuery = z.object({
  recordType: z.enum(IMPORT_RECORD_TYPES),
  format: z.enum(IMPORT_FORMATS).default('xlsx'),
});
export type ImportTemplateQuery = z.infer<typeof importTemplateQuery>;

/** Column index (as in the file, from 0) → target field key; unmapped columns are ignored. */
export const importMapping = z.record(z.string().regex(/^\d{1,3}$/), z.string().min(1).max(60));
export type ImportMapping = z.infer<typeof importMapping>;

export const importSettings = z.object({
  mapping: importMapping,
  duplicateMode: z.enum(DUPLICATE_MODES),
});
export type ImportSettings = z.infer<typeof importSettings>;

export const importListQuery = z.object({
  recordType: blankAsMissing(z.enum(IMPORT_RECORD_TYPES)),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: blankAsMissing(z.string().max(200)),
});
export type ImportListQuery = z.infer<typeof importListQuery>;
