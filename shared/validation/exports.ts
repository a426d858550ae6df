import { z } from 'zod';
import { uuid } from './common.ts';

/** Lists that can be exported (IO-02), and the permission module of each (`<module>:export`). */
export const EXPORT_LISTS = ['customer', 'contact', 'followup'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];
export const EXPORT_MODULE = { customer: 'customer', contact: 'contact', followup: 'activity' } as const;
export const exportPermission = (list: ExportList) => `${EXPORT_MODULE[list]}:export` as const;

export const LIST_EXPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type ListExportFormat = (typeof LIST_EXPORT_FORMATS)[number];

/** A PDF is for reading and printing; past this many rows the spreadsheet formats are the tool. */
export const PDF_EXPORT_MAX_ROWS = 10_000;
export const EXPORT_MAX_COLUMNS = 100;
/** Rows picked by hand on a list page (bulk "export selected"). */
export const EXPORT_MAX_IDS = 1000;

/**
 * An export of what a list shows: its filters exactly as the list sends them in its query string (checked by
 * the list's own schema), and its visible columns in order.
 */
export const exportCreate = z.object({
  list: z.enum(EXPORT_LISTS),
  format: z.enum(LIST_EXPORT_FORMATS),
  filters: z.record(z.string(), z.union([z.string().max(500), z.array(z.string().max(200)).max(100), z.number(), z.boolean()])).default({}),
  columns: z
    .array(z.string().min(1).max(60))
    .min(1, 'v.required')
    .max(EXPORT_MAX_COLUMNS)
    .refine((c) => new Set(c).size === c.length, 'v.duplicateIds'),
  /** Only these rows (still within the filters and visibility). */
  ids: z.array(uuid).min(1).max(EXPORT_MAX_IDS).optional(),
});
export type ExportCreate = z.infer<typeof exportCreate>;
