import { createElement } from 'react';
import type { FormInstance, FormRule } from 'antd';
import { App } from 'antd';
import type { z } from 'zod';
import { issueMessage } from '../../shared/validation/issues.ts';
import { ApiError } from './api.ts';
import { currentLocale } from './i18n.ts';

/** An antd rule that checks a field with the same zod schema the server uses. */
export function zodRule(schema: z.ZodType): FormRule {
  return {
    // Marks the field with antd's required star (and its "please enter" message) when the schema needs a value.
    required: !schema.safeParse(undefined).success,
    validator: async (_rule, value) => {
      if (value === undefined || value === '' || value === null) return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(issueMessage(result.error.issues[0]!, currentLocale()));
    },
  };
}

/**
 * Shows an API error without dropping a reason: field errors go on the form's mounted fields, and reasons that
 * name no field of the form (a delete's `in_use` causes, a status change's "not on yourself") are spelt out,
 * since the bare code message ("in use") would not tell the user what to fix.
 */
export function useErrorHandler() {
  const { message, modal } = App.useApp();
  return (err: unknown, form?: FormInstance) => {
    if (!(err instanceof ApiError)) {
      message.error(err instanceof Error ? err.message : String(err));
      return;
    }
    const entries = Object.entries(err.fields);
    // getFieldsValue() without arguments lists exactly the fields mounted in the form.
    const mounted = form ? Object.keys(form.getFieldsValue() as object) : [];
    const onForm = entries.filter(([name]) => mounted.includes(name.split('.')[0]!));
    const elsewhere = entries.filter(([name]) => !mounted.includes(name.split('.')[0]!)).map(([, text]) => text);
    if (form && onForm.length) form.setFields(onForm.map(([name, text]) => ({ name: name.split('.'), errors: [text] })));
    if (onForm.length && !elsewhere.length) return;
    if (err.code === 'in_use') {
      modal.warning({
        title: err.message,
        content:
          elsewhere.length > 1
            ? createElement('ul', { style: { paddingInlineStart: 18, margin: 0 } }, ...elsewhere.map((r) => createElement('li', { key: r }, r)))
            : elsewhere[0],
      });
      return;
    }
    // A rule violation with its reasons says it all; the generic "check the marked fields" would point nowhere.
    const [colon, semicolon] = currentLocale() === 'en-US' ? [': ', '; '] : ['：', '；'];
    if (err.code === 'validation_failed' && elsewhere.length) message.error(elsewhere.join(semicolon));
    else message.error(elsewhere.length ? `${err.message}${colon}${elsewhere.join(semicolon)}` : err.message);
  };
}

export const isVersionConflict = (err: unknown) => err instanceof ApiError && err.code === 'version_conflict';
