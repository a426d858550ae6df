import { z } from 'zod';
import { trimmed, uuid, version } from './common.ts';

/**
 * Organisation-defined fields (CFG-03). Definitions are validated here; a record's values are checked against
 * its organisation's definitions by `checkCustomValues`, on the server for every write and in the web form
 * and the importer before sending.
 */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'option', 'multi_option', 'money', 'user'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Record types that carry a `custom` jsonb column. */
export const CUSTOM_RECORD_TYPES = ['customer'] as const;
export type CustomRecordType = (typeof CUSTOM_RECORD_TYPES)[number];

/** A list filter names fields by key in the query string (`cf.<key>`), so keys are plain identifiers. */
export const customFieldKey = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, 'v.fieldKey');

export const CUSTOM_FIELDS_MAX = 100;
export const CUSTOM_OPTIONS_MAX = 200;
export const CUSTOM_TEXT_MAX = 1000;
export const CUSTOM_MULTI_MAX = 50;

const optionValue = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'v.code');

export const customFieldOption = z.object({ value: optionValue, labelZh: trimmed(100), labelEn: trimmed(100) });
export type CustomFieldOptionInput = z.infer<typeof customFieldOption>;

const options = z
  .array(customFieldOption)
  .max(CUSTOM_OPTIONS_MAX)
  .default([])
  .refine((list) => new Set(list.map((o) => o.value)).size === list.length, 'v.duplicateOption');

const hasOptions = (type: CustomFieldType) => type === 'option' || type === 'multi_option';

/** Option fields need options to pick from; other types carry none. */
const optionsFitType = {
  path: ['options'],
  message: 'v.optionsRequired',
  when: (payload: z.core.ParsePayload) => Array.isArray((payload.value as { options?: unknown } | undefined)?.options),
};

export const customFieldCreate = z
  .object({
    recordType: z.enum(CUSTOM_RECORD_TYPES),
    key: customFieldKey,
    labelZh: trimmed(50),
    labelEn: trimmed(50),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options,
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(100_000).optional(),
    enabled: z.boolean().default(true),
  })
  .refine((v) => hasOptions(v.type) === v.options.length > 0, optionsFitType);
export type CustomFieldCreate = z.infer<typeof customFieldCreate>;

/** Key, type and record type are fixed once made: stored values and saved filters refer to them. */
export const customFieldUpdate = z.object({
  labelZh: trimmed(50),
  labelEn: trimmed(50),
  options,
  required: z.boolean(),
  position: z.number().int().min(0).max(100_000),
  enabled: z.boolean(),
  version,
});
export type CustomFieldUpdate = z.infer<typeof customFieldUpdate>;

export const customFieldListQuery = z.object({
  recordType: z.enum(CUSTOM_RECORD_TYPES),
  includeDisabled: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type CustomFieldListQuery = z.infer<typeof customFieldListQuery>;

/** What value checking needs to know of a definition. */
export interface CustomFieldDef {
  key: string;
  type: CustomFieldType;
  options: { value: string }[];
  required: boolean;
  enabled: boolean;
}

const MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/**
 * One value in its stored form, or a message key. Numbers are JSON numbers; money is a decimal string (numeric
 * 18,2, like every amount in the API); dates are YYYY-MM-DD; users are ids.
 */
export function normalizeCustomValue(def: CustomFieldDef, value: unknown): { value: unknown } | { error: string } {
  const allowed = () => new Set(def.options.map((o) => o.value));
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return { error: 'v.customText' };
      return value.trim().length > CUSTOM_TEXT_MAX ? { error: 'v.customText' } : { value: value.trim() };
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e15 ? { value: n } : { error: 'v.customNumber' };
    }
    case 'money': {
      const s = typeof value === 'number' ? String(value) : value;
      return typeof s === 'string' && MONEY.test(s.trim()) ? { value: s.trim() } : { error: 'v.customMoney' };
    }
    case 'date':
      return typeof value === 'string' && validDate(value) ? { value } : { error: 'v.customDate' };
    case 'option':
      return typeof value === 'string' && allowed().has(value) ? { value } : { error: 'v.customOption' };
    case 'multi_option': {
      if (!Array.isArray(value) || value.length > CUSTOM_MULTI_MAX) return { error: 'v.customOption' };
      const ok = allowed();
      if (!value.every((x) => typeof x === 'string' && ok.has(x))) return { error: 'v.customOption' };
      return { value: [...new Set(value as string[])] };
    }
    case 'user':
      return typeof value === 'string' && UUID.test(value) ? { value: value.toLowerCase() } : { error: 'v.customUser' };
  }
}

/**
 * Checks submitted custom values against the definitions. Keys without a definition are refused; a value the
 * record already holds is kept as it is, so disabling a field or retiring an option does not block unrelated
 * edits; a required enabled field must have a value. Errors are keyed `custom.<key>`.
 */
export function checkCustomValues(
  defs: readonly CustomFieldDef[],
  input: Record<string, unknown>,
  previous: Record<string, unknown> = {},
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input)) {
    const def = byKey.get(key);
    if (!def) {
      errors[`custom.${key}`] = 'v.customUnknown';
      continue;
    }
    if (isEmpty(raw)) continue;
    if (JSON.stringify(raw) === JSON.stringify(previous[key])) {
      values[key] = previous[key];
      continue;
    }
    if (!def.enabled) {
      errors[`custom.${key}`] = 'v.customDisabled';
      continue;
    }
    const r = normalizeCustomValue(def, raw);
    if ('error' in r) errors[`custom.${key}`] = r.error;
    else values[key] = r.value;
  }
  for (const def of defs) {
    if (def.required && def.enabled && isEmpty(values[def.key]) && !errors[`custom.${def.key}`]) errors[`custom.${def.key}`] = 'v.required';
  }
  return { values, errors };
}

/** The user ids a set of values refers to, for the server's existence check. */
export function customUserIds(defs: readonly CustomFieldDef[], values: Record<string, unknown>): string[] {
  return defs.filter((d) => d.type === 'user' && typeof values[d.key] === 'string').map((d) => values[d.key] as string);
}

export const customFieldReorder = z.object({
  recordType: z.enum(CUSTOM_RECORD_TYPES),
  ids: z
    .array(uuid)
    .min(1, 'v.required')
    .max(CUSTOM_FIELDS_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'v.duplicateIds'),
});
export type CustomFieldReorder = z.infer<typeof customFieldReorder>;
