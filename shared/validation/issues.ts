import { z } from 'zod';
import { type Locale, messages, translate } from '../i18n/messages.ts';

const localeErrors = { 'zh-CN': z.locales.zhCN().localeError, 'en-US': z.locales.en().localeError };

/** A zod issue in the user's language: our own message keys are translated, zod's own issues localised. */
export function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
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
