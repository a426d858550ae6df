import { ArrowDownOutlined, ArrowUpOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, List, Popover, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ListField } from './list-fields.ts';

const columnsOf = <Row,>(fields: ListField<Row>[]) => fields.filter((f) => f.render);
export const defaultColumns = <Row,>(fields: ListField<Row>[]) => columnsOf(fields).filter((f) => f.pinned || f.defaultVisible).map((f) => f.key);

/** The visible columns in order; columns of fields that no longer exist (a removed custom field) are dropped. */
export function visibleColumns<Row>(all: ListField<Row>[], columns: string[] | undefined): ListField<Row>[] {
  const fields = columnsOf(all);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const chosen = (columns ?? defaultColumns(fields)).map((k) => byKey.get(k)).filter((f): f is ListField<Row> => Boolean(f));
  const pinned = fields.filter((f) => f.pinned);
  return [...pinned, ...chosen.filter((f) => !f.pinned)];
}

/**
 * Which columns the list shows and in which order (CUS-08 "布局"): shown columns first, in their order, moved
 * with the arrows; hidden ones after them.
 */
export function ColumnChooser<Row>({ fields: all, columns, onChange }: {
  fields: ListField<Row>[];
  columns: string[] | undefined;
  onChange: (columns: string[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const fields = columnsOf(all);
  const shown = visibleColumns(fields, columns).filter((f) => !f.pinned).map((f) => f.key);
  const hidden = fields.filter((f) => !f.pinned && !shown.includes(f.key)).map((f) => f.key);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const pinned = fields.filter((f) => f.pinned).map((f) => f.key);
  const emit = (next: string[]) => onChange([...pinned, ...next]);
  const move = (i: number, by: -1 | 1) => {
    const next = [...shown];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    emit(next);
  };

  const content = (
    <div style={{ width: 280 }}>
      <List
        size="small"
        style={{ maxHeight: 420, overflowY: 'auto' }}
        dataSource={[...shown, ...hidden]}
        renderItem={(key, i) => {
          const visible = i < shown.length;
          const title = byKey.get(key)!.title;
          return (
            <List.Item style={{ paddingInline: 4 }}>
              <Checkbox
                checked={visible}
                onChange={(e) => emit(e.target.checked ? [...shown, key] : shown.filter((k) => k !== key))}
                aria-label={title}
              >
                {title}
              </Checkbox>
              {visible && (
                <span>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('views.moveUp', { name: title })} />
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowDownOutlined />}
                    disabled={i === shown.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={t('views.moveDown', { name: title })}
                  />
                </span>
              )}
            </List.Item>
          );
        }}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('views.columnsShown', { count: shown.length + pinned.length })}</Typography.Text>
        <Button size="small" onClick={() => onChange(undefined)} disabled={columns === undefined}>
          {t('views.defaultColumns')}
        </Button>
      </Flex>
    </div>
  );

  return (
    <Popover content={content} title={t('views.columns')} trigger="click" placement="bottomRight">
      <Tooltip title={t('views.columns')}>
        <Button icon={<SettingOutlined />} aria-label={t('views.columns')} data-testid="column-chooser" />
      </Tooltip>
    </Popover>
  );
}
