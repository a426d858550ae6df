import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Skeleton, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { regionName } from '../../../shared/regions/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/session.ts';
import { userName } from '../views/user-select.tsx';
import { fieldLabel, customersApi, type CustomField, type HistoryEntry } from './customers.api.ts';
import { customValueText } from './customer-fields.tsx';
import { dictLabel, useDictOptions } from './dict-options.ts';

type Change = HistoryEntry['changes'][number];

/** The order of the form, so an entry reads like the record; fields not listed follow. */
const FIELD_ORDER = [
  'number', 'name', 'englishName', 'kind', 'channel', 'status', 'level', 'industry', 'source', 'importance', 'tags', 'phone', 'email',
  'provinceCode', 'cityCode', 'districtCode', 'address', 'creditCode', 'website', 'otherInfo', 'ownerId', 'reason', 'coOwners', 'related', 'relatedIds',
];
const rank = (field: string) => {
  const i = FIELD_ORDER.indexOf(field.replace(/^custom\./, ''));
  return field.startsWith('custom.') ? 1000 : i < 0 ? 500 : i;
};

/**
 * The customer's change history (CUS-09 version control): who, when, and each field's old → new value, newest
 * first, a page at a time from the audit log.
 */
export function CustomerHistory({ customerId, customFields }: { customerId: string; customFields: CustomField[] }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const industries = useDictOptions('industry');
  const sources = useDictOptions('customer_source');
  const levels = useDictOptions('customer_level');
  const history = useInfiniteQuery({
    queryKey: ['customers', 'history', customerId],
    queryFn: ({ pageParam }) => customersApi.history(customerId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const defs = new Map(customFields.map((d) => [d.key, d]));

  const label = (field: string) => {
    const known = t(`customers.fields.${field}`, { defaultValue: '' });
    if (known) return known;
    if (field === 'ownerId') return t('customers.fields.owner');
    return t(`audit.fields.${field}`, { defaultValue: field });
  };

  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '—';
    switch (field) {
      case 'ownerId':
        return userName(String(v)) ?? t('customers.history.system');
      case 'importance':
        return '★'.repeat(Number(v));
      case 'status':
        return t(`customers.status.${String(v)}`, { defaultValue: String(v) });
      case 'kind':
        return t(`customers.kind.${String(v)}`, { defaultValue: String(v) });
      case 'channel':
        return t(`customers.channel.${String(v)}`, { defaultValue: String(v) });
      case 'industry':
        return dictLabel(industries, String(v)) ?? String(v);
      case 'source':
        return dictLabel(sources, String(v)) ?? String(v);
      case 'level':
        return dictLabel(levels, String(v)) ?? String(v);
      case 'provinceCode':
        return regionName('province', String(v)) ?? String(v);
      case 'cityCode':
        return regionName('city', String(v)) ?? String(v);
      case 'districtCode':
        return regionName('district', String(v)) ?? String(v);
      case 'coOwners':
        return Array.isArray(v) ? v.map((c: { name?: string; access?: string }) => `${c.name ?? ''}（${t(`customers.access.${c.access ?? 'read'}`)}）`).join('、') : '—';
      case 'related':
        return Array.isArray(v) ? v.map((r: { name?: string }) => r.name ?? '').join('、') : '—';
      default:
        if (Array.isArray(v)) return v.join('、');
        return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
  };

  /** Custom values are one object in the log; each key is a row of its own, labelled with the field's name. */
  const rows = (changes: Change[]) =>
    changes
      .flatMap((c) => {
      if (c.field !== 'custom') return [{ key: c.field, field: label(c.field), before: show(c.field, c.before), after: show(c.field, c.after) }];
      const b = (c.before ?? {}) as Record<string, unknown>;
      const a = (c.after ?? {}) as Record<string, unknown>;
      return [...new Set([...Object.keys(b), ...Object.keys(a)])]
        .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
        .map((k) => {
          const def = defs.get(k);
          return {
            key: `custom.${k}`,
            field: def ? fieldLabel(def) : k,
            before: def ? customValueText(def, b[k]) : show(k, b[k]),
            after: def ? customValueText(def, a[k]) : show(k, a[k]),
          };
        });
      })
      // An empty list replaced by nothing is no change to show.
      .filter((r) => r.before !== r.after)
      .sort((x, y) => rank(x.key) - rank(y.key));

  if (history.isLoading) return <Skeleton active />;
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.history.empty')} />;

  return (
    <>
      <Timeline
        data-testid="customer-history"
        items={entries.map((e) => {
          const changes = rows(e.changes);
          return {
            key: e.id,
            content: (
              <>
                <Flex gap={8} wrap>
                  <Typography.Text strong>{t(`customers.historyActions.${e.action}`, { defaultValue: e.action })}</Typography.Text>
                  <Typography.Text type="secondary">{e.actor?.name ?? t('customers.history.system')}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(e.at, tz)}</Typography.Text>
                </Flex>
                {changes.length > 0 && (
                  <Table
                    size="small"
                    pagination={false}
                    style={{ marginTop: 8, maxWidth: 720 }}
                    rowKey="key"
                    dataSource={changes}
                    columns={[
                      { title: t('customers.history.field'), dataIndex: 'field', width: 140 },
                      { title: t('customers.history.before'), dataIndex: 'before', render: (v: string) => <Typography.Text delete={v !== '—'}>{v}</Typography.Text> },
                      { title: t('customers.history.after'), dataIndex: 'after' },
                    ]}
                  />
                )}
              </>
            ),
          };
        })}
      />
      {history.hasNextPage && (
        <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t('customers.history.more')}
        </Button>
      )}
    </>
  );
}
