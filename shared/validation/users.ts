import { z } from 'zod';
import { email, locale, matchPasswords, mobile, optionalText, password, timeZone, trimmed, username, uuid, version } from './common.ts';

export const userPrefs = z.object({
  locale: locale.optional(),
  timeZone: timeZone.optional(),
  pageSize: z.number().int().refine((n) => [10, 20, 50, 100].includes(n)).optional(),
  notifyByEmail: z.boolean().optional(),
  notifyInApp: z.boolean().optional(),
});
export type UserPrefs = z.infer<typeof userPrefs>;

export const userCreate = z
  .object({
    username,
    name: trimmed(50),
    email: email.optional(),
    mobile: mobile.optional(),
    password,
    confirmPassword: z.string(),
    departmentId: uuid.optional(),
    positionIds: z.array(uuid).max(10).default([]),
    roleIds: z.array(uuid).max(20).default([]),
  })
  .superRefine(matchPasswords);
export type UserCreate = z.infer<typeof userCreate>;

export const userUpdate = z.object({
  name: trimmed(50),
  email: email.optional().nullable(),
  mobile: mobile.optional().nullable(),
  departmentId: uuid.optional().nullable(),
  positionIds: z.array(uuid).max(10),
  roleIds: z.array(uuid).max(20),
  version,
});
export type UserUpdate = z.infer<typeof userUpdate>;

export const userListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  status: z.enum(['unverified', 'pending', 'active', 'locked', 'disabled', 'rejected']).optional(),
  departmentId: uuid.optional(),
  roleId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const userStatusAction = z.object({
  action: z.enum(['lock', 'unlock', 'disable', 'enable']),
  version,
});

export const approveRegistration = z.object({
  positionIds: z.array(uuid).max(10).default([]),
  roleIds: z.array(uuid).min(1, 'v.required').max(20),
  departmentId: uuid.optional(),
});
export const rejectRegistration = z.object({ reason: optionalText(200) });

export const adminResetPassword = z.object({ password, confirmPassword: z.string() }).superRefine(matchPasswords);

export const profileUpdate = z.object({
  name: trimmed(50),
  prefs: userPrefs,
  version,
});
