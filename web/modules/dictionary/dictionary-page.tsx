import { useState } from 'react';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Grid, Menu, Popconfirm, Row, Select, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isVersionConflict, useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { dictionaryApi, dictionaryKeys, type DictItem, type DictTypeSummary } from './dictionary.api.ts';
import { DictItemModal } from './dict-item-modal.tsx';

/** The types on the left (a drop-down on phones), the selected type's options on the right (CFG-01, CFG-02). */
export function DictionaryPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const canEdit = can('dictionary:edit');
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  // The type lives in the address, so a link or a reload opens the same list.
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<{ item?: DictItem } | null>(null);

  const types = useQuery({ queryKey: dictionaryKeys.types, queryFn: dictionaryApi.types });
  const typeList = types.data?.items ?? [];
  const selected = params.get('type') ?? typeList[0]?.type;
  const summary = typeList.find((x) => x.type === selected);
  const items = useQuery({
    queryKey: dictionaryKeys.items(selected ?? ''),
    queryFn: () => dictionaryApi.items(selected!),
    enabled: Boolean(selected),
  });
  const rows = items.data?.items ?? [];

  const typeName = (x: Pick<DictTypeSummary, 'type'> & { label?: string }) => t(`dictionary.types.${x.type}`, { defaultValue: x.label ?? x.type });
  const itemLabel = (item: DictItem) => (i18n.language === 'en-US' ? item.labelEn : item.labelZh);

  // A stale version means someone else changed the option: say so and show the current list.
  const onWriteError = (err: unknown) => {
    if (isVersionConflict(err)) {
      message.warning(t('common.versionConflict'));
      void qc.invalidateQueries({ queryKey: dictionaryKeys.all });
      return;
    }
    onError(err);
  };

  const toggle = useMutation({
    mutationFn: (item: DictItem) =>
      dictionaryApi.update(item.id, { labelZh: item.labelZh, labelEn: item.labelEn, color: item.color, enabled: !item.enabled, version: item.version }),
    onSuccess: (item) => {
      message.success(t(item.enabled ? 'dictionary.enabledOn' : 'dictionary.enabledOff', { label: itemLabel(item) }));
      void qc.invalidateQueries({ queryKey: dictionaryKeys.all });
    },
    onError: onWriteError,
  });

  const move = useMutation({
    mutationFn: ({ from, to }: { from: number; to: number }) => {
      const ids = rows.map((r) => r.id);
      [ids[from], ids[to]] = [ids[to]!, ids[from]!];
      return dictionaryApi.reorder(selected!, ids);
    },
    onSuccess: (result) => {
      // The answer is the new list (every moved item has a new version). Other caches of the dictionary, such as
      // drop-downs elsewhere, are only marked stale: they reload when next shown, not once per click here.
      qc.setQueryData(dictionaryKeys.items(selected!), result);
      void qc.invalidateQueries({ queryKey: dictionaryKeys.all, refetchType: 'none' });
    },
    onError: onWriteError,
  });

  const remove = useMutation({
    mutationFn: (item: DictItem) => dictionaryApi.remove(item.id),
    onSuccess: () => {
      message.success(t('common.deleted'));
      void qc.invalidateQueries({ queryKey: dictionaryKeys.all });
    },
    onError: onWriteError,
  });

  const columns: TableColumnsType<DictItem> = [
    {
      title: t('dictionary.sort'),
      key: 'sort',
      width: canEdit ? 96 : 64,
      render: (_v, item, index) =>
        canEdit ? (
          <Space.Compact size="small">
            <Tooltip title={t('dictionary.moveUp')}>
              <Button
                icon={<ArrowUpOutlined />}
                aria-label={`${t('dictionary.moveUp')} ${itemLabel(item)}`}
                disabled={index === 0 || move.isPending}
                onClick={() => move.mutate({ from: index, to: index - 1 })}
              />
            </Tooltip>
            <Tooltip title={t('dictionary.moveDown')}>
              <Button
                icon={<ArrowDownOutlined />}
                aria-label={`${t('dictionary.moveDown')} ${itemLabel(item)}`}
                disabled={index === rows.length - 1 || move.isPending}
                onClick={() => move.mutate({ from: index, to: index + 1 })}
              />
            </Tooltip>
          </Space.Compact>
        ) : (
          index + 1
        ),
    },
    { title: t('dictionary.code'), dataIndex: 'code', width: 130, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: t('dictionary.labelZh'), dataIndex: 'labelZh' },
    { title: t('dictionary.labelEn'), dataIndex: 'labelEn', responsive: ['sm'] },
    {
      title: t('dictionary.color'),
      dataIndex: 'color',
      width: 110,
      responsive: ['sm'],
      render: (color: string | null, item) => (color ? <Tag color={color}>{itemLabel(item)}</Tag> : <Typography.Text type="secondary">{t('dictionary.noColor')}</Typography.Text>),
    },
    {
      title: t('dictionary.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (enabled: boolean, item) => (
        <Switch
          size="small"
          checked={enabled}
          disabled={!canEdit}
          loading={toggle.isPending && toggle.variables?.id === item.id}
          aria-label={`${t('dictionary.enabled')} ${itemLabel(item)}`}
          onChange={() => toggle.mutate(item)}
        />
      ),
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_v: unknown, item: DictItem) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ item })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('dictionary.deleteConfirm', { label: itemLabel(item) })}
                  description={<div style={{ maxWidth: 260 }}>{t('dictionary.deleteHelp')}</div>}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutateAsync(item).catch(() => undefined)}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const selectType = (type: string) => setParams({ type }, { replace: true });

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dictionary.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dictionary.intro')}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        {screens.md ? (
          <Col md={7} lg={6} xl={5}>
            <Card title={t('dictionary.typesTitle')} styles={{ body: { padding: 4 } }}>
              {types.isLoading ? (
                <Skeleton active style={{ padding: 12 }} />
              ) : (
                <Menu
                  mode="inline"
                  style={{ borderInlineEnd: 'none' }}
                  selectedKeys={selected ? [selected] : []}
                  onClick={({ key }) => selectType(key)}
                  items={typeList.map((x) => ({
                    key: x.type,
                    label: typeName(x),
                    extra: <Typography.Text type="secondary">{x.count}</Typography.Text>,
                  }))}
                  data-testid="dict-types"
                />
              )}
            </Card>
          </Col>
        ) : (
          <Col xs={24}>
            <Select
              style={{ width: '100%' }}
              aria-label={t('dictionary.type')}
              loading={types.isLoading}
              value={selected}
              onChange={selectType}
              options={typeList.map((x) => ({ value: x.type, label: t('dictionary.typeOption', { name: typeName(x), count: x.count }) }))}
            />
          </Col>
        )}
        <Col xs={24} md={17} lg={18} xl={19}>
          <Card
            size={screens.md ? 'medium' : 'small'}
            title={
              selected && (
                <Space wrap size={[8, 0]}>
                  <span>{typeName(summary ?? { type: selected })}</span>
                  <Typography.Text code style={{ fontWeight: 'normal' }}>
                    {selected}
                  </Typography.Text>
                  {summary && (
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                      {t('dictionary.itemCount', { count: summary.count })}
                      {summary.count > summary.enabledCount && ` · ${t('dictionary.disabledCount', { count: summary.count - summary.enabledCount })}`}
                    </Typography.Text>
                  )}
                </Space>
              )
            }
            extra={
              canEdit &&
              selected && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                  {screens.sm ? t('dictionary.addItem') : t('common.create')}
                </Button>
              )
            }
          >
            <Table<DictItem>
              rowKey="id"
              size="middle"
              loading={items.isLoading || types.isLoading}
              dataSource={rows}
              columns={columns}
              pagination={false}
              scroll={{ x: screens.sm ? 720 : 560 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dictionary.empty')} /> }}
              onRow={(item) => ({ style: item.enabled ? undefined : { opacity: 0.55 } })}
              data-testid="dict-items"
            />
          </Card>
        </Col>
      </Row>
      {editing && selected && <DictItemModal dictType={selected} item={editing.item} onClose={() => setEditing(null)} />}
    </>
  );
}
