import { z } from 'zod';
import { regionPathError, type RegionCodes } from '../regions/index.ts';
import { email, uuid, version } from './common.ts';

/**
 * Customer input (CUS-01, CUS-04, CUS-07, SEG-02, SEG-03), shared by the server, the web form and the importer.
 * Dictionary codes (industry, source, level) and custom field values are checked against the organisation's
 * data on the server; everything that needs no data is checked here.
 */

export const CUSTOMER_KINDS = ['enterprise', 'individual'] as const;
export const CUSTOMER_CHANNELS = ['channel', 'end'] as const;
export const CUSTOMER_STATUSES = ['potential', 'formal', 'signed', 'abandoned'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_TAGS_MAX = 20;
export const CUSTOMER_TAG_MAX_LENGTH = 20;
/** Upper bound of one bulk action or ownership change: one statement, one transaction, bounded time. */
export const CUSTOMER_BULK_MAX = 1000;
export const CUSTOMER_RELATIONS_MAX = 200;
export const CUSTOMER_CO_OWNERS_MAX = 50;

/**
 * A Chinese customer name (公司中文名称, 003-B rule 1): Chinese characters, letters, digits and parentheses only,
 * so that nobody enters an existing customer again with a stray symbol. Full-width letters and digits count as
 * letters and digits; the duplicate key folds them anyway.
 */
export const CUSTOMER_NAME_PATTERN = /^[\p{Script=Han}A-Za-z0-9Ａ-Ｚａ-ｚ０-９()（）]+$/u;
/** An English name (003-B rule 2): letters, digits, spaces, comma, period and parentheses. */
export const ENGLISH_NAME_PATTERN = /^[A-Za-z0-9 ,.()]+$/;

export const customerName = z
  .string()
  .trim()
  .min(1, 'v.required')
  .max(100)
  .refine((v) => CUSTOMER_NAME_PATTERN.test(v) && /[^()（）]/.test(v), 'v.customerName');
export const englishName = z.string().trim().max(200).regex(ENGLISH_NAME_PATTERN, 'v.englishName');

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character alphabet
 * without I, O, S, V and Z; the last is a check character computed from the first 17 with fixed weights, mod 31.
 */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(code[i]!) * CREDIT_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_ALPHABET[check] === code[17];
}

export const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidCreditCode, 'v.creditCode');

/** Landlines with area code and extension, mobiles, international numbers: 5 to 20 digits among + - ( ) spaces. */
export const customerPhone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => /^\+?[\d\s\-()]+$/.test(v) && v.replace(/\D/g, '').length >= 5 && v.replace(/\D/g, '').length <= 20, 'v.phone');

/** A web address; a bare host name is taken as https. */
export const website = z
  .string()
  .trim()
  .max(300)
  .transform((v) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`))
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'v.website');

/** A dictionary code: the server checks that the organisation's dictionary has it. */
export const dictCodeValue = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'v.code');

export const customerTag = z.string().trim().min(1, 'v.required').max(CUSTOMER_TAG_MAX_LENGTH, 'v.tag');
/**
 * Repeated tags are accepted and stored once. The count is a refinement rather than `.max()`, whose failure
 * would stop the form's other checks (region) from reporting.
 */
export const customerTags = z.array(customerTag).refine((tags) => new Set(tags).size <= CUSTOMER_TAGS_MAX, 'v.tooManyTags');

export const regionCode = z.string().trim().regex(/^\d{6}$/, 'v.region');
export const importance = z.number().int().min(1, 'v.importance').max(5, 'v.importance');

/** '' and null both mean "none", so a cleared input does not fail the format rule; stored as null. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullish().transform((v) => v ?? null));
}

/** Region codes must form a path in the tree; the error goes on the first field that breaks it. */
function regionRule(field: keyof RegionCodes) {
  return {
    path: [field],
    message: 'v.region',
    when: (payload: z.core.ParsePayload) => {
      const v = payload.value as Record<string, unknown> | undefined;
      return ['provinceCode', 'cityCode', 'districtCode'].every((k) => v?.[k] == null || typeof v[k] === 'string');
    },
  };
}
const regionOk = (field: keyof RegionCodes) => (v: RegionCodes) => regionPathError(v) !== field;

const customerFields = {
  name: customerName,
  englishName: optional(englishName),
  kind: z.enum(CUSTOMER_KINDS).default('enterprise'),
  channel: z.enum(CUSTOMER_CHANNELS).default('end'),
  industry: optional(dictCodeValue),
  source: optional(dictCodeValue),
  importance: optional(importance),
  level: optional(dictCodeValue),
  status: z.enum(CUSTOMER_STATUSES).default('potential'),
  tags: customerTags.default([]),
  phone: optional(customerPhone),
  email: optional(email),
  provinceCode: optional(regionCode),
  cityCode: optional(regionCode),
  districtCode: optional(regionCode),
  address: optional(z.string().trim().max(200)),
  creditCode: optional(creditCode),
  website: optional(website),
  otherInfo: optional(z.string().trim().max(2000)),
  custom: z.record(z.string(), z.unknown()).default({}),
};

const withRegionRules = <T extends z.ZodType<RegionCodes>>(schema: T) =>
  schema
    .refine(regionOk('provinceCode'), regionRule('provinceCode'))
    .refine(regionOk('cityCode'), regionRule('cityCode'))
    .refine(regionOk('districtCode'), regionRule('districtCode'));

/** A new customer. The owner defaults to the creator; naming another needs customer:assign. */
export const customerCreate = withRegionRules(
  z.object({
    ...customerFields,
    ownerId: optional(uuid),
    /** Related customers given at creation: a channel customer needs at least one (CUS-05). */
    relatedIds: z.array(uuid).max(CUSTOMER_RELATIONS_MAX).default([]),
  }),
);
export type CustomerCreate = z.infer<typeof customerCreate>;

/** A full replacement of the editable fields, naming the version it was based on. */
export const customerUpdate = withRegionRules(z.object({ ...customerFields, version }));
export type CustomerUpdate = z.infer<typeof customerUpdate>;

/* ---------- list ---------- */

export const CUSTOMER_VIEWS = ['mine', 'team', 'all', 'pool'] as const;
export type CustomerView = (typeof CUSTOMER_VIEWS)[number];
/** Sorts with an index behind them (the list pages by keyset on the sort key and id). */
export const CUSTOMER_SORTS = ['updatedAt', 'createdAt', 'number', 'name'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const CUSTOMER_LIST_MAX = 200;
/** Totals are exact up to this many rows; past it the planner's estimate is returned, flagged as such. */
export const CUSTOMER_EXACT_COUNT_MAX = 1_000;

/** Query-string lists arrive as "a,b" or as repeated parameters; both become one array. */
function multi<T extends z.ZodType<string>>(item: T, max = 50) {
  return z.preprocess(
    (v) => {
      if (v === undefined || v === '') return undefined;
      const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
      return parts.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    },
    z.array(item).max(max).optional(),
  );
}

const blank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const instant = z.iso.datetime({ offset: true, message: 'v.dateTime' });
const text = (max: number) => blank(z.string().trim().max(max));

export type CustomFilter =
  | { key: string; op: 'any'; values: string[] }
  | { key: string; op: 'range'; gte?: string; lte?: string };

const CF_PARAM = /^cf\.([a-z][a-z0-9_]{1,39})(?:\.(gte|lte))?$/;

const listFields = {
  q: text(50),
  number: text(40),
  name: text(100),
  contact: text(50),
  phone: text(30),
  email: text(100),
  address: text(100),
  industry: multi(dictCodeValue),
  kind: multi(z.enum(CUSTOMER_KINDS)),
  channel: multi(z.enum(CUSTOMER_CHANNELS)),
  source: multi(dictCodeValue),
  level: multi(dictCodeValue),
  status: multi(z.enum(CUSTOMER_STATUSES)),
  importanceMin: blank(z.coerce.number().int().min(1, 'v.importance').max(5, 'v.importance')),
  importanceMax: blank(z.coerce.number().int().min(1, 'v.importance').max(5, 'v.importance')),
  createdFrom: blank(instant),
  createdTo: blank(instant),
  updatedFrom: blank(instant),
  updatedTo: blank(instant),
  lastFollowupFrom: blank(instant),
  lastFollowupTo: blank(instant),
  nextContactFrom: blank(instant),
  nextContactTo: blank(instant),
  provinceCode: blank(regionCode),
  cityCode: blank(regionCode),
  districtCode: blank(regionCode),
  tags: multi(customerTag, CUSTOMER_TAGS_MAX),
  ownerIds: multi(uuid, 100),
  view: z.enum(CUSTOMER_VIEWS).default('all'),
  sort: z.enum(CUSTOMER_SORTS).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(CUSTOMER_LIST_MAX).default(20),
  cursor: z.string().max(500).optional(),
};
const LIST_KEYS = new Set(Object.keys(listFields));

const RANGES: [string, string][] = [
  ['importanceMin', 'importanceMax'],
  ['createdFrom', 'createdTo'],
  ['updatedFrom', 'updatedTo'],
  ['lastFollowupFrom', 'lastFollowupTo'],
  ['nextContactFrom', 'nextContactTo'],
];

/**
 * The customer list's filters (issue §5, CUS-07). Custom fields are filtered as `cf.<key>=a,b` (equals any of
 * the values; for multi-option fields, contains any) and `cf.<key>.gte=` / `cf.<key>.lte=` (range on number,
 * money and date fields). The server checks keys and types against the organisation's definitions.
 */
export const customerListQuery = z
  .object(listFields)
  .catchall(z.union([z.string().max(500), z.array(z.string().max(200)).max(50)]))
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v)) {
      if (!LIST_KEYS.has(key) && !CF_PARAM.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'v.unknownFilter' });
    }
    const r = v as Record<string, unknown>;
    for (const [from, to] of RANGES) {
      const a = r[from];
      const b = r[to];
      if (a === undefined || b === undefined) continue;
      const bad = typeof a === 'number' ? a > (b as number) : Date.parse(a as string) > Date.parse(b as string);
      if (bad) ctx.addIssue({ code: 'custom', path: [to], message: 'v.range' });
    }
  })
  .transform((v) => {
    const known: Record<string, unknown> = {};
    const cf = new Map<string, CustomFilter>();
    for (const [key, value] of Object.entries(v)) {
      const m = CF_PARAM.exec(key);
      if (!m) {
        known[key] = value;
        continue;
      }
      const [, field, bound] = m as unknown as [string, string, 'gte' | 'lte' | undefined];
      const values = (Array.isArray(value) ? value : [value as string]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
      if (!values.length) continue;
      if (bound) {
        const f = cf.get(field);
        const range = f?.op === 'range' ? f : { key: field, op: 'range' as const };
        range[bound] = values[0];
        cf.set(field, range);
      } else {
        cf.set(field, { key: field, op: 'any', values });
      }
    }
    return { ...(known as z.infer<z.ZodObject<typeof listFields>>), customFilters: [...cf.values()] };
  });
export type CustomerListQuery = z.output<typeof customerListQuery>;

/** `cf.<key>` parameter names, for the web's filter form. */
export const customFilterParam = (key: string, bound?: 'gte' | 'lte') => `cf.${key}${bound ? `.${bound}` : ''}`;

/* ---------- other actions ---------- */

export const customerDuplicatesQuery = z.object({ name: z.string().trim().min(1, 'v.required').max(100) });
export type CustomerDuplicatesQuery = z.infer<typeof customerDuplicatesQuery>;

export const customerHistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type CustomerHistoryQuery = z.infer<typeof customerHistoryQuery>;

const ids = z
  .array(uuid)
  .min(1, 'v.required')
  .max(CUSTOMER_BULK_MAX, 'v.tooMany')
  .refine((list) => new Set(list).size === list.length, 'v.duplicateIds');

const reason = optional(z.string().trim().max(200));

export const customerTransfer = z.object({ ownerId: uuid, reason });
export type CustomerTransfer = z.infer<typeof customerTransfer>;

export const customerBulk = z.discriminatedUnion('action', [
  z.object({ action: z.literal('transfer'), ids, ownerId: uuid, reason }),
  z.object({ action: z.literal('tag'), ids, add: customerTags.default([]), remove: customerTags.default([]) }),
  z.object({ action: z.literal('delete'), ids }),
  z.object({ action: z.literal('moveToPool'), ids, reason }),
]);
export type CustomerBulk = z.infer<typeof customerBulk>;

export const customerCoOwners = z.object({
  coOwners: z
    .array(z.object({ userId: uuid, access: z.enum(['read', 'write']) }))
    .max(CUSTOMER_CO_OWNERS_MAX)
    .refine((list) => new Set(list.map((c) => c.userId)).size === list.length, 'v.duplicateIds'),
});
export type CustomerCoOwners = z.infer<typeof customerCoOwners>;

export const customerRelations = z.object({
  related: z
    .array(z.object({ customerId: uuid, relationType: optional(dictCodeValue) }))
    .max(CUSTOMER_RELATIONS_MAX)
    .refine((list) => new Set(list.map((r) => r.customerId)).size === list.length, 'v.duplicateIds'),
});
export type CustomerRelations = z.infer<typeof customerRelations>;

export const customerMerge = z
  .object({ survivorId: uuid, mergedId: uuid })
  .refine((v) => v.survivorId !== v.mergedId, { path: ['mergedId'], message: 'v.sameCustomer' });
export type CustomerMerge = z.infer<typeof customerMerge>;
