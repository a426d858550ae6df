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

/** The server's field errors shown on the form's fields; returns false when the error was not field-shaped. */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || !Object.keys(err.fields).length) return false;
  form.setFields(Object.entries(err.fields).map(([name, message]) => ({ name: name.split('.'), errors: [message] })));
  return true;
}

/** Shows an API error: on the form's fields when it names fields, otherwise as a message. */
export function useErrorHandler() {
  const { message } = App.useApp();
  return (err: unknown, form?: FormInstance) => {
    if (form && applyFieldErrors(form, err)) return;
    message.error(err instanceof Error ? err.message : String(err));
  };
}
