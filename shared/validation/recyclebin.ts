import { z } from 'zod';
import { blankAsMissing, uuid } from './common.ts';

/** What the recycle bin holds: deleted customers, contacts and follow-ups (ARCHITECTURE §4). */
export const RECYCLE_BIN_TYPES = ['customer', 'contact', 'followup'] as const;
export type RecycleBinType = (typeof RECYCLE_BIN_TYPES)[number];

/** Restoring or purging acts on at most this many records at once: a few pages of the bin. */
export const RECYCLE_BIN_BATCH_MAX = 500;

export const recycleBinQuery = z.object({
  type: z.enum(RECYCLE_BIN_TYPES),
  /** Name of the customer or contact (customers and contacts only): the same keyword search as their lists. */
  q: blankAsMissing(z.string().trim().max(50)),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type RecycleBinQuery = z.infer<typeof recycleBinQuery>;

export const recycleBinAction = z.object({
  type: z.enum(RECYCLE_BIN_TYPES),
  ids: z
    .array(uuid)
    .min(1, 'v.required')
    .max(RECYCLE_BIN_BATCH_MAX, 'v.binBatch')
    .refine((list) => new Set(list).size === list.length, 'v.duplicateIds'),
});
export type RecycleBinAction = z.infer<typeof recycleBinAction>;
