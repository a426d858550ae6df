import { App, type FormInstance } from 'antd';
import { ApiError } from '../../lib/api.ts';
import { currentLocale } from '../../lib/i18n.ts';

/**
 * Shows an API error of the admin pages. Unlike lib/forms' handler it never drops a reason: field errors go on the
 * form's mounted fields, and reasons that name no field of the form (a delete's `in_use` causes, a status change's
 * "not on yourself") are spelt out, since the bare code message ("in use") would not tell the user what to fix.
 */
export function useApiError() {
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
        content: elsewhere.length > 1 ? <ul style={{ paddingInlineStart: 18, margin: 0 }}>{elsewhere.map((r) => <li key={r}>{r}</li>)}</ul> : elsewhere[0],
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
