import { z } from 'zod';
import { locale, timeZone, trimmed } from './common.ts';
import { SHARING_MODES } from '../permissions.ts';
import { ATTACHMENT_MAX_MB_DEFAULT } from './attachments.ts';
import type { MessageKey } from '../i18n/messages.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const orgSettings = z.object({
  passwordMinLength: z.number().int().min(8).max(64).default(8),
  passwordRequireSymbol: z.boolean().default(false),
  sessionHours: z.number().int().min(1).max(24 * 30).default(12),
  rememberDays: z.number().int().min(1).max(90).default(14),
  workStart: hhmm.default('09:00'),
  workEnd: hhmm.default('18:00'),
  /** ISO weekdays, 1 = Monday; stored sorted and without repeats. */
  workDays: z
    .array(z.number().int().min(1).max(7))
    .min(1, 'v.required')
    .max(7)
    .default([1, 2, 3, 4, 5])
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  allowRegistration: z.boolean().default(true),
  auditRetentionDays: z.number().int().min(30).max(3650).default(730),
  /** Largest file one may attach to a customer, contact or follow-up. */
  attachmentMaxMb: z.number().int().min(1).max(50).default(ATTACHMENT_MAX_MB_DEFAULT),
});
export type OrgSettings = z.infer<typeof orgSettings>;
export const defaultOrgSettings = (): OrgSettings => orgSettings.parse({});

/**
 * Rules across fields, answered with 422 by the server and shown inline by the form. Field paths are those of
 * the profile form (`settings.<field>`).
 */
export function orgSettingsErrors(settings: OrgSettings): Record<string, MessageKey> {
  // 'HH:MM' strings compare in time order.
  return settings.workEnd > settings.workStart ? {} : { 'settings.workEnd': 'v.workEnd' };
}

export const orgProfileUpdate = z.object({
  name: trimmed(100),
  timeZone,
  defaultLocale: locale,
  settings: orgSettings,
  version: z.number().int().nonnegative(),
});
export type OrgProfileUpdate = z.infer<typeof orgProfileUpdate>;

export const sharingModesUpdate = z.object({ modes: z.record(z.string(), z.enum(SHARING_MODES)) });
