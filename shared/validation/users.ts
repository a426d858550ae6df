import { z } from 'zod';
import { email, locale, mobile, optionalText, password, passwordsMatch, passwordMismatch, timeZone, trimmed, username, uuid, version } from './common.ts';

export const userPrefs = z.object({
  locale: locale.optional(),
  timeZone: timeZone.optional(),
  pageSize: z.number().int().refine((n) => [10, 20, 50, 100].includes(n)).optional(),
  notifyByEmail: z.boolean().optional(),
  notifyInApp: z.boolean().optional(),
});
export type UserPrefs = z.infer<typeof userPrefs>;

export const USER_STATUS_VALUES = ['unverified', 'pending', 'active', 'locked', 'disabled', 'rejected'] as const;

/** Form fields that may stay empty: '' and null both mean "none", so a cleared input does not fail the format rule. */
const optionalEmail = z.string().trim().transform((v) => v || null).pipe(email.nullable()).nullish();
const optionalMobile = z.string().trim().transform((v) => v || null).pipe(mobile.nullable()).nullish();
const optionalId = z.string().trim().transform((v) => v || null).pipe(uuid.nullable()).nullish();

export const userCreate = z
  .object({
    username,
    name: trimmed(50),
    email: optionalEmail,
    mobile: optionalMobile,
    password,
    confirmPassword: z.string(),
    departmentId: optionalId,
    positionIds: z.array(uuid).max(10).default([]),
    roleIds: z.array(uuid).max(20).default([]),
  })
  .refine(passwordsMatch, passwordMismatch);
export type UserCreate = z.infer<typeof userCreate>;

/** A full replacement of the editable fields: an omitted e-mail, mobile or department is cleared. */
export const userUpdate = z.object({
  name: trimmed(50),
  email: optionalEmail,
  mobile: optionalMobile,
  departmentId: optionalId,
  positionIds: z.array(uuid).max(10),
  roleIds: z.array(uuid).max(20),
  version,
});
export type UserUpdate = z.infer<typeof userUpdate>;

const offsetPage = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

export const userListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  status: z.enum(USER_STATUS_VALUES).optional(),
  departmentId: uuid.optional(),
  roleId: uuid.optional(),
  ...offsetPage,
});
export type UserListQuery = z.infer<typeof userListQuery>;

/** The user picker: active users only, searched on the server, a short list. */
export const userOptionsQuery = z.object({
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(20),
});
export type UserOptionsQuery = z.infer<typeof userOptionsQuery>;

export const registrationListQuery = z.object({
  status: z.enum(['pending', 'unverified']).optional(),
  ...offsetPage,
});
export type RegistrationListQuery = z.infer<typeof registrationListQuery>;

export const userStatusAction = z.object({
  action: z.enum(['lock', 'unlock', 'disable', 'enable']),
  version,
});
export type UserStatusAction = z.infer<typeof userStatusAction>;

export const approveRegistration = z.object({
  positionIds: z.array(uuid).max(10).default([]),
  roleIds: z.array(uuid).min(1, 'v.required').max(20),
  departmentId: optionalId,
});
export type ApproveRegistration = z.infer<typeof approveRegistration>;

export const rejectRegistration = z.object({ reason: optionalText(200) });

export const adminResetPassword = z.object({ password, confirmPassword: z.string() }).refine(passwordsMatch, passwordMismatch);

export const profileUpdate = z.object({
  name: trimmed(50),
  prefs: userPrefs,
  version,
});
export type ProfileUpdate = z.infer<typeof profileUpdate>;
