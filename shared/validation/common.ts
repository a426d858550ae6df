import { z } from 'zod';

export const uuid = z.uuid();
export const trimmed = (max = 100) => z.string().trim().min(1, 'v.required').max(max);
export const optionalText = (max = 500) =>
  z.string().trim().max(max).optional().transform((v) => (v === '' ? undefined : v));

export const email = z.string().trim().toLowerCase().pipe(z.email('v.email').max(254));
/** Mainland China mobile numbers, optionally with +86; other countries in E.164 form. */
export const mobile = z
  .string()
  .trim()
  .regex(/^(\+?86)?1[3-9]\d{9}$|^\+[1-9]\d{6,14}$/, 'v.mobile')
  .transform((v) => v.replace(/^\+?86(?=1\d{10}$)/, ''));
export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, 'v.username');
export const orgCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,19}$/, 'v.orgCode');
export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'v.timeZone');
export const locale = z.enum(['zh-CN', 'en-US']);
/** The baseline password rule; an organisation may raise it (checked by the server against its policy). */
export const password = z
  .string()
  .max(128)
  .refine((p) => p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p), 'v.passwordWeak');

export const version = z.number().int().nonnegative();

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
});

export const idParam = z.object({ id: uuid });

/**
 * `.refine(passwordsMatch, passwordMismatch)`: the confirmation check runs even when other fields failed (zod skips
 * object refinements by default once a field has an issue), so a form shows a mismatch with every other error.
 */
export const passwordsMatch = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
export const passwordMismatch = {
  path: ['confirmPassword'],
  message: 'v.passwordMismatch',
  when: (payload: z.core.ParsePayload) => {
    const v = payload.value as { password?: unknown; confirmPassword?: unknown } | undefined;
    return typeof v?.password === 'string' && typeof v.confirmPassword === 'string';
  },
};

/** Query-string filters: an empty value means "no filter", not an invalid one. */
export const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
