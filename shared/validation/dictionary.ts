import { z } from 'zod';
import { trimmed, uuid, version } from './common.ts';

/** A type's list stays small enough to send whole to every form; creating more is refused. */
export const DICT_MAX_ITEMS = 500;

export const dictType = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, 'v.dictType');
/** Codes are what business records store, so they are plain, stable identifiers. */
export const dictCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'v.code');
export const dictColor = z.string().trim().regex(/^#[0-9A-Fa-f]{6}$/, 'v.color');

export const dictListQuery = z.object({
  type: dictType,
  includeDisabled: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const dictItemCreate = z.object({
  dictType,
  code: dictCode,
  labelZh: trimmed(100),
  labelEn: trimmed(100),
  sort: z.number().int().min(0).max(1_000_000).optional(),
  color: dictColor.nullish(),
  enabled: z.boolean().default(true),
});
export type DictItemCreate = z.infer<typeof dictItemCreate>;

/** The type and code are fixed once made: records refer to an item by its code. */
export const dictItemUpdate = z.object({
  labelZh: trimmed(100),
  labelEn: trimmed(100),
  sort: z.number().int().min(0).max(1_000_000).optional(),
  color: dictColor.nullish(),
  enabled: z.boolean(),
  version,
});
export type DictItemUpdate = z.infer<typeof dictItemUpdate>;

export const dictReorder = z.object({
  dictType,
  ids: z
    .array(uuid)
    .min(1, 'v.required')
    .max(DICT_MAX_ITEMS)
    .refine((ids) => new Set(ids).size === ids.length, 'v.duplicateIds'),
});
export type DictReorder = z.infer<typeof dictReorder>;
