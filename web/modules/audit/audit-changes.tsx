import type { ReactNode } from 'react';
import { Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Nested objects become dotted paths, so one changed setting shows as one line rather than two whole objects. */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function formatValue(v: unknown, t: TFunction, timeZone: string): ReactNode {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'string') return ISO_TIME.test(v) ? formatDateTime(v, timeZone) : v;
  if (Array.isArray(v) && v.every((x) => !isPlainObject(x) && !Array.isArray(x))) return v.length ? v.join(', ') : '—';
  if (typeof v === 'object') return <Typography.Text code>{JSON.stringify(v)}</Typography.Text>;
  return String(v);
}

const hasContent = (v: unknown) => v != null && !(isPlainObject(v) && !Object.keys(v).length);

/** Whether an entry has anything to show (an update that changed nothing records two empty objects). */
export const hasDetails = (before: unknown, after: unknown) => hasContent(before) || hasContent(after);

interface Line {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** An entry's before → after as a list of changed fields; a creation shows its values, a deletion what was removed. */
export function AuditChanges({ before, after, timeZone }: { before: unknown; after: unknown; timeZone: string }) {
  const { t } = useTranslation();
  const b = hasContent(before) ? flatten(before) : undefined;
  const a = hasContent(after) ? flatten(after) : undefined;
  // Field names come from the server's audit views; known ones are translated, others shown as written.
  const fieldLabel = (path: string) =>
    path ? path.split('.').map((seg) => (IDENTIFIER.test(seg) ? t(`audit.fields.${seg}`, { defaultValue: seg }) : seg)).join(' / ') : t('audit.value');

  if (!b && !a) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;

  const both = Boolean(b && a);
  const lines: Line[] = both
    ? [...new Set([...b!.keys(), ...a!.keys()])]
        .map((path) => ({ path, before: b!.get(path), after: a!.get(path) }))
        .filter((l) => JSON.stringify(l.before) !== JSON.stringify(l.after))
    : [...(a ?? b)!.entries()].map(([path, value]) => ({ path, after: value }));

  if (!lines.length) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;

  return (
    <div style={{ maxWidth: 900 }}>
      {!a && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('audit.removedContent')}
        </Typography.Paragraph>
      )}
      <Table<Line>
        size="small"
        bordered
        rowKey="path"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('audit.field'), dataIndex: 'path', width: 200, render: fieldLabel },
          ...(both
            ? [
                {
                  title: t('audit.before'),
                  dataIndex: 'before',
                  onCell: () => ({ style: { background: 'var(--ant-color-error-bg)' } }),
                  render: (v: unknown) => formatValue(v, t, timeZone),
                },
                {
                  title: t('audit.after'),
                  dataIndex: 'after',
                  onCell: () => ({ style: { background: 'var(--ant-color-success-bg)' } }),
                  render: (v: unknown) => formatValue(v, t, timeZone),
                },
              ]
            : [{ title: t('audit.value'), dataIndex: 'after', render: (v: unknown) => formatValue(v, t, timeZone) }]),
        ]}
      />
    </div>
  );
}
