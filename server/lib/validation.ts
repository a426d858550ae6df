import { z } from 'zod';
import type { FastifySchemaCompiler } from 'fastify';
import { type Locale, messages, translate } from '../../shared/i18n/messages.ts';

/** Carries the raw zod issues to the error handler, which renders them in the request's language. */
export class ZodRequestError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super('validation_failed');
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new ZodRequestError(result.error.issues) };
  };

const localeErrors = { 'zh-CN': z.locales.zhCN().localeError, 'en-US': z.locales.en().localeError };

function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  if (issue.message in messages[locale]) return translate(locale, issue.message);
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return translate(locale, 'v.required');
  const rendered = localeErrors[locale](issue as never);
  return typeof rendered === 'string' ? rendered : (rendered?.message ?? issue.message);
}

/** One message per field path (the first issue wins); the root is named `_`. */
export function issuesToFields(issues: z.core.$ZodIssue[], locale: Locale): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issueMessage(issue, locale);
  }
  return fields;
}
