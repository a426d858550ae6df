import { createElement } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';

/**
 * A refused claim, return or assignment moves nothing; this spells out why, customer by customer (by name where
 * the page knows it) and for the limits, so the user can pick again. Any other error goes the usual way.
 */
export function usePoolErrorHandler() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const onError = useErrorHandler();
  return (err: unknown, names: Map<string, string> = new Map()) => {
    if (!(err instanceof ApiError) || err.code !== 'pool_refused') {
      onError(err);
      return;
    }
    const reasons = [
      ...Object.values(err.fields),
      ...(err.details.errors ?? []).map((e) => `${names.get(e.id) ?? t('pool.unknownCustomer')}：${e.message}`),
    ];
    modal.warning({
      title: err.message,
      content: createElement('ul', { style: { paddingInlineStart: 18, margin: 0 }, 'data-testid': 'pool-refusal' }, ...reasons.map((r, i) => createElement('li', { key: i }, r))),
    });
  };
}
