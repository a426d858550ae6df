import { z } from 'zod';
import { blankAsMissing, email, mobile, trimmed, uuid, version } from './common.ts';

export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const CONTACT_SORTS = ['updatedAt', 'createdAt', 'name'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** A contact belongs to at most this many groups; the list filter reads them through a GIN index. */
export const CONTACT_MAX_GROUPS = 20;
/** Groups are a short, organisation-wide list that every contact form offers whole. */
export const CONTACT_GROUPS_MAX = 200;
/** Bulk actions on the list act on one page of selected rows at most. */
export const CONTACT_BULK_MAX = 200;
/** The contacts of one customer are shown whole on its page; more than this is not a real customer's address book. */
export const CUSTOMER_CONTACTS_MAX = 200;

/** '' and null both mean "none", so a cleared input does not fail the format rule of a filled one. */
const blankToNull = (schema: z.ZodType<string | null, string | null>) =>
  z
    .string()
    .trim()
    .transform((v) => v || null)
    .pipe(schema)
    .nullish()
    .transform((v) => v ?? null);

const text = (max: number) => blankToNull(z.string().max(max).nullable());

/** Landlines with area code and extension, service numbers, international numbers: digits and the usual separators. */
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s()-]{5,24}(?:\s*(?:转|ext\.?|x|#)\s*\d{1,6})?$/i, 'v.phone')
  .refine((v) => (v.match(/\d/g) ?? []).length >= 5, 'v.phone');

/** WeChat IDs (6–20 characters, starting with a letter) or the mobile number the account is registered with. */
export const wechat = z
  .string()
  .trim()
  .regex(/^[A-Za-z][-_A-Za-z0-9]{5,19}$|^\+?\d{6,20}$/, 'v.wechat');

/** A date of birth: a real calendar date, not before 1900 and not after today (anywhere on Earth). */
export const birthday = z.iso.date('v.birthday').refine((d) => {
  const latest = new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
  return d >= '1900-01-01' && d <= latest;
}, 'v.birthday');

const groupIds = z
  .array(uuid)
  .max(CONTACT_MAX_GROUPS)
  .refine((ids) => new Set(ids).size === ids.length, 'v.duplicateIds');

const contactFields = {
  customerId: uuid,
  name: trimmed(50),
  gender: z.enum(GENDERS).default('unknown'),
  title: text(50),
  department: text(50),
  mobile: blankToNull(mobile.nullable()),
  phone: blankToNull(phone.nullable()),
  email: blankToNull(email.nullable()),
  wechat: blankToNull(wechat.nullable()),
  birthday: blankToNull(birthday.nullable()),
  isPrimary: z.boolean().default(false),
  notes: text(2000),
  groupIds: groupIds.default([]),
};

export const contactCreate = z.object(contactFields);
export type ContactCreate = z.infer<typeof contactCreate>;

/**
 * A full replacement of the editable fields (an omitted optional field is cleared). The customer stays: the
 * contact's follow-ups were with that customer, and a person who changes company is a new contact there.
 */
const { customerId: _customerId, ...editableFields } = contactFields;
export const contactUpdate = z.object({ ...editableFields, version });
export type ContactUpdate = z.infer<typeof contactUpdate>;

const isoDate = z.iso.date('v.date');

/** Ids in a query string, as "a,b" or as repeated parameters (the list pages' user filters send them joined). */
export const idList = (max = 50) =>
  z.preprocess(
    (v) => {
      if (v === undefined || v === '') return undefined;
      return (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x])).map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    },
    z.array(uuid).max(max).optional(),
  );

export const contactListQuery = z
  .object({
    q: blankAsMissing(z.string().trim().max(50)),
    customerId: blankAsMissing(uuid),
    groupId: blankAsMissing(uuid),
    gender: blankAsMissing(z.enum(GENDERS)),
    title: blankAsMissing(z.string().trim().max(50)),
    ownerIds: idList(),
    createdFrom: blankAsMissing(isoDate),
    createdTo: blankAsMissing(isoDate),
    birthdayMonth: blankAsMissing(z.coerce.number().int().min(1).max(12)),
    sort: z.enum(CONTACT_SORTS).default('updatedAt'),
    /** Default: newest first for times, A→Z for names. */
    order: blankAsMissing(z.enum(['asc', 'desc'])),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    cursor: blankAsMissing(z.string().max(300)),
  })
  .refine((q) => !q.createdFrom || !q.createdTo || q.createdFrom <= q.createdTo, { path: ['createdTo'], message: 'v.dateRange' });
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const customerContactsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(CUSTOMER_CONTACTS_MAX).default(CUSTOMER_CONTACTS_MAX),
});
export type CustomerContactsQuery = z.infer<typeof customerContactsQuery>;

export const contactBulkDelete = z.object({
  ids: z
    .array(uuid)
    .min(1, 'v.required')
    .max(CONTACT_BULK_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'v.duplicateIds'),
});
export type ContactBulkDelete = z.infer<typeof contactBulkDelete>;

export const contactGroupCreate = z.object({ name: trimmed(30) });
export type ContactGroupCreate = z.infer<typeof contactGroupCreate>;

export const contactGroupUpdate = z.object({ name: trimmed(30), version });
export type ContactGroupUpdate = z.infer<typeof contactGroupUpdate>;
