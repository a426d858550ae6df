import { z } from 'zod';
import { blankAsMissing, uuid, version } from './common.ts';
import { idList } from './contacts.ts';
import { dictCode } from './dictionary.ts';

/** A follow-up may be logged a little ahead of the server's clock (a phone's clock runs fast), not in the future. */
export const OCCURRED_LEEWAY_MS = 5 * 60_000;

const instant = z.iso.datetime({ offset: true, message: 'v.dateTime' });
const optionalId = z
  .string()
  .trim()
  .transform((v) => v || null)
  .pipe(uuid.nullable())
  .nullish()
  .transform((v) => v ?? null);
const optionalInstant = z
  .string()
  .trim()
  .transform((v) => v || null)
  .pipe(instant.nullable())
  .nullish()
  .transform((v) => v ?? null);

const followupFields = {
  contactId: optionalId,
  /** A code of the `followup_method` dictionary (phone, visit, e-mail, WeChat, SMS, QQ, other, or the organisation's own). */
  method: dictCode,
  content: z.string().trim().min(1, 'v.required').max(5000),
  occurredAt: instant.refine((v) => Date.parse(v) <= Date.now() + OCCURRED_LEEWAY_MS, 'v.occurredFuture'),
  nextContactAt: optionalInstant,
};

/** Checked even when another field failed, so a form shows this with every other error at once. */
const nextAfterOccurred = {
  path: ['nextContactAt'],
  message: 'v.nextContactAfter',
  when: (payload: z.core.ParsePayload) => {
    const v = payload.value as { occurredAt?: unknown; nextContactAt?: unknown } | undefined;
    return typeof v?.occurredAt === 'string' && typeof v.nextContactAt === 'string' && !Number.isNaN(Date.parse(v.occurredAt));
  },
};
const nextIsAfter = (v: { occurredAt: string; nextContactAt: string | null }) => !v.nextContactAt || Date.parse(v.nextContactAt) > Date.parse(v.occurredAt);

export const followupCreate = z.object({ customerId: uuid, ...followupFields }).refine(nextIsAfter, nextAfterOccurred);
export type FollowupCreate = z.infer<typeof followupCreate>;

/** A follow-up stays with its customer; the contact, method, text and times may change. */
export const followupUpdate = z.object({ ...followupFields, version }).refine(nextIsAfter, nextAfterOccurred);
export type FollowupUpdate = z.infer<typeof followupUpdate>;

const isoDate = z.iso.date('v.date');
const page = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: blankAsMissing(z.string().max(200)),
};

export const followupListQuery = z
  .object({
    customerId: blankAsMissing(uuid),
    contactId: blankAsMissing(uuid),
    method: blankAsMissing(dictCode),
    /** Calendar days in the reader's time zone, both included. */
    occurredFrom: blankAsMissing(isoDate),
    occurredTo: blankAsMissing(isoDate),
    authorIds: idList(),
    hasNextContact: blankAsMissing(z.enum(['true', 'false']).transform((v) => v === 'true')),
    ...page,
  })
  .refine((q) => !q.occurredFrom || !q.occurredTo || q.occurredFrom <= q.occurredTo, { path: ['occurredTo'], message: 'v.dateRange' });
export type FollowupListQuery = z.infer<typeof followupListQuery>;

export const customerFollowupsQuery = z.object(page);
export type CustomerFollowupsQuery = z.infer<typeof customerFollowupsQuery>;
