import { z } from 'zod';
import { blankAsMissing, uuid } from './common.ts';

export const notificationListQuery = z.object({
  unreadOnly: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: blankAsMissing(z.string().max(200)),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

/** Either the listed notices or all of the reader's unread ones. */
export const markReadInput = z
  .object({
    ids: z.array(uuid).min(1, 'v.required').max(500).optional(),
    all: z.literal(true).optional(),
  })
  .refine((v) => Boolean(v.ids) !== Boolean(v.all), { path: ['ids'], message: 'v.required' });
export type MarkReadInput = z.infer<typeof markReadInput>;

export const OUTBOX_STATUSES = ['queued', 'sent', 'failed', 'kept'] as const;

export const outboxListQuery = z.object({
  status: blankAsMissing(z.enum(OUTBOX_STATUSES)),
  q: blankAsMissing(z.string().trim().max(100)),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: blankAsMissing(z.string().max(200)),
});
export type OutboxListQuery = z.infer<typeof outboxListQuery>;
