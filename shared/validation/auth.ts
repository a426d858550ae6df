import { z } from 'zod';
import { email, locale, mobile, passwordsMatch, passwordMismatch, orgCode, password, timeZone, trimmed, username } from './common.ts';

export const loginInput = z.object({
  /** E-mail, mobile, or a username together with the organisation's short code. */
  identifier: z.string().trim().min(1, 'v.required').max(254),
  orgCode: z.string().trim().toLowerCase().max(20).optional(),
  password: z.string().min(1, 'v.required').max(128),
  remember: z.boolean().default(false),
});
export type LoginInput = z.infer<typeof loginInput>;

export const registerInput = z
  .object({
    orgCode: orgCode.optional(),
    registrationToken: z.string().max(100).optional(),
    username,
    name: trimmed(50).optional(),
    password,
    confirmPassword: z.string(),
    email,
    mobile,
    acceptTerms: z.literal(true, 'v.mustAccept'),
  })
  .refine(passwordsMatch, passwordMismatch)
  .refine((v) => Boolean(v.orgCode || v.registrationToken), {
    path: ['orgCode'],
    message: 'v.required',
    // Reported together with the other fields' errors, not only once they are all valid.
    when: (payload) => {
      const v = payload.value as { orgCode?: unknown; registrationToken?: unknown } | undefined;
      return !v?.orgCode && !v?.registrationToken;
    },
  });
export type RegisterInput = z.infer<typeof registerInput>;

export const tokenInput = z.object({ token: z.string().min(10).max(200) });

export const forgotPasswordInput = z.object({ identifier: z.string().trim().min(1, 'v.required').max(254) });

export const resetPasswordInput = z
  .object({ token: z.string().min(10).max(200), password, confirmPassword: z.string() })
  .refine(passwordsMatch, passwordMismatch);

export const changePasswordInput = z
  .object({ oldPassword: z.string().min(1, 'v.required').max(128), password, confirmPassword: z.string() })
  .refine(passwordsMatch, passwordMismatch)
  .refine((v) => v.oldPassword !== v.password, { path: ['password'], message: 'v.samePassword' });

export const setupInput = z
  .object({
    orgName: trimmed(100),
    orgCode,
    timeZone: timeZone.default('Asia/Shanghai'),
    defaultLocale: locale.default('zh-CN'),
    adminUsername: username,
    adminName: trimmed(50),
    adminEmail: email,
    adminMobile: mobile.optional(),
    password,
    confirmPassword: z.string(),
  })
  .refine(passwordsMatch, passwordMismatch);
export type SetupInput = z.infer<typeof setupInput>;

/** Creating a further organisation (installation administrator only): the same fields as first-run set-up. */
export const createOrgInput = setupInput;
