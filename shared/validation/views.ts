import { z } from 'zod';
import type { Permission } from '../permissions.ts';
import { trimmed, version } from './common.ts';

/** The lists that have saved views, and the permission that reading each list (and its views) takes. */
export const VIEW_LISTS = ['customer', 'contact', 'followup'] as const;
export type ViewList = (typeof VIEW_LISTS)[number];
export const VIEW_LIST_PERMISSION: Record<ViewList, Permission> = {
  customer: 'customer:view',
  contact: 'contact:view',
  followup: 'activity:view',
};

/** Bounds that keep one user's views, and one view, small enough to send whole with every list page. */
export const VIEWS_PER_OWNER_MAX = 50;
export const VIEW_FILTERS_MAX = 60;
export const VIEW_COLUMNS_MAX = 80;

/** Filter, sort and column names: the list's query parameters and column keys (custom fields as `cf.<key>`). */
const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39}){0,2}$/, 'v.viewField');
const filterValue = z.union([
  z.string().max(500),
  z.number().finite(),
  z.boolean(),
  z.array(z.union([z.string().max(200), z.number().finite()])).max(100),
]);

/**
 * A saved view: the list's filters as its query parameters, a sort and the shown columns in order. The list
 * checks the filters when it runs them, so a view whose custom field was removed fails visibly instead of being
 * silently widened.
 */
export const viewDefinition = z.object({
  filters: z
    .record(fieldName, filterValue)
    .refine((f) => Object.keys(f).length <= VIEW_FILTERS_MAX, 'v.viewTooBig')
    .default({}),
  sort: z.object({ field: fieldName, order: z.enum(['asc', 'desc']) }).optional(),
  columns: z
    .array(fieldName)
    .max(VIEW_COLUMNS_MAX)
    .refine((c) => new Set(c).size === c.length, 'v.duplicateIds')
    .optional(),
});
export type ViewDefinitionInput = z.infer<typeof viewDefinition>;

export const viewName = trimmed(50);

export const viewCreate = z.object({
  list: z.enum(VIEW_LISTS),
  name: viewName,
  shared: z.boolean().default(false),
  definition: viewDefinition,
});
export type ViewCreate = z.infer<typeof viewCreate>;

/** The list a view belongs to is fixed once made. */
export const viewUpdate = z.object({
  name: viewName,
  shared: z.boolean(),
  definition: viewDefinition,
  version,
});
export type ViewUpdate = z.infer<typeof viewUpdate>;

export const viewListQuery = z.object({ list: z.enum(VIEW_LISTS) });

/** Built-in customer views (CUS-08's four default queries): fixed, not rows, and named in the user's language. */
export const BUILTIN_CUSTOMER_VIEWS = ['mine', 'team', 'all', 'pool'] as const;
export type BuiltinCustomerView = (typeof BUILTIN_CUSTOMER_VIEWS)[number];

export interface SavedView {
  id: string;
  list: ViewList;
  name: string;
  /** Built-in views have ids `builtin:<key>`, are shared by nature, and cannot be changed. */
  builtin: boolean;
  shared: boolean;
  owner: { id: string; name: string } | null;
  /** Whether the current user may rename, change or delete it. */
  editable: boolean;
  definition: ViewDefinitionInput;
  updatedAt: string | null;
  version: number;
}
