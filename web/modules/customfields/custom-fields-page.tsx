import { useState } from 'react';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Popconfirm, Segmented, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOM_RECORD_TYPES, type CustomRecordType } from '../../../shared/validation/customfields.ts';
import { ApiError } from '../../lib/api.ts';
import { isVersionConflict, useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { CustomFieldModal } from './custom-field-modal.tsx';
import { customFieldsApi, customFieldsKeys, type CustomField } from './customfields.api.ts';

/**
 * The organisation's own fields per record type (CFG-03): shown in forms, lists, filters, import and export in
 * this order. A field that holds values is disabled rather than deleted, so the values are kept.
 */
export function CustomFieldsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const canEdit = can('settings:edit');
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [recordType, setRecordType] = useState<CustomRecordType>(CUSTOM_RECORD_TYPES[0]);
  const [editing, setEditing] = useState<{ field?: CustomField } | null>(null);
  const list = useQuery({ queryKey: customFieldsKeys.admin(recordType), queryFn: () => customFieldsApi.list(recordType) });
  const rows = list.data?.items ?? [];
  const label = (f: CustomField) => (i18n.language === 'en-US' ? f.labelEn : f.labelZh);

  const onWriteError = (err: unknown) => {
    if (isVersionConflict(err)) {
      message.warning(t('common.versionConflict'));
      void qc.invalidateQueries({ queryKey: customFieldsKeys.all });
      return;
    }
    if (err instanceof ApiError && err.code === 'in_use') {
      modal.warning({ title: t('customfields.inUse'), content: t('customfields.inUseHelp') });
      return;
    }
    onError(err);
  };
  const refresh = () => qc.invalidateQueries({ queryKey: customFieldsKeys.all });

  const move = useMutation({
    mutationFn: ({ from, to }: { from: number; to: number }) => {
      const ids = rows.map((r) => r.id);
      [ids[from], ids[to]] = [ids[to]!, ids[from]!];
      return customFieldsApi.reorder(recordType, ids);
    },
    onSuccess: refresh,
    onError: onWriteError,
  });
  const toggle = useMutation({
    mutationFn: (f: CustomField) =>
      customFieldsApi.update(f.id, { labelZh: f.labelZh, labelEn: f.labelEn, options: f.options, required: f.required, position: f.position, enabled: !f.enabled, version: f.version }),
    onSuccess: refresh,
    onError: onWriteError,
  });
  const remove = useMutation({
    mutationFn: (f: CustomField) => customFieldsApi.remove(f.id),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await refresh();
    },
    onError: onWriteError,
  });

  const columns: TableColumnsType<CustomField> = [
    {
      title: t('customfields.order'),
      key: 'order',
      width: canEdit ? 96 : 64,
      render: (_v, f, index) =>
        canEdit ? (
          <Space.Compact size="small">
            <Button icon={<ArrowUpOutlined />} aria-label={t('views.moveUp', { name: label(f) })} disabled={index === 0 || move.isPending} onClick={() => move.mutate({ from: index, to: index - 1 })} />
            <Button
              icon={<ArrowDownOutlined />}
              aria-label={t('views.moveDown', { name: label(f) })}
              disabled={index === rows.length - 1 || move.isPending}
              onClick={() => move.mutate({ from: index, to: index + 1 })}
            />
          </Space.Compact>
        ) : (
          index + 1
        ),
    },
    { title: t('customfields.labelZh'), dataIndex: 'labelZh' },
    { title: t('customfields.labelEn'), dataIndex: 'labelEn', responsive: ['md'] },
    { title: t('customfields.key'), dataIndex: 'key', responsive: ['sm'], render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
    {
      title: t('customfields.type'),
      dataIndex: 'type',
      render: (type: string, f) => (
        <Space size={4}>
          <Tag>{t(`customfields.types.${type}`)}</Tag>
          {f.options.length > 0 && <Typography.Text type="secondary">{t('customfields.optionCount', { count: f.options.length })}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('customfields.required'), dataIndex: 'required', width: 80, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    {
      title: t('customfields.enabled'),
      dataIndex: 'enabled',
      width: 90,
      render: (v: boolean, f) =>
        canEdit ? (
          <Tooltip title={v ? t('customfields.disable') : t('customfields.enable')}>
            <Button size="small" type="link" onClick={() => toggle.mutate(f)}>
              {v ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>}
            </Button>
          </Tooltip>
        ) : v ? (
          <Tag color="green">{t('common.enabled')}</Tag>
        ) : (
          <Tag>{t('common.disabled')}</Tag>
        ),
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 140,
            render: (_v: unknown, f: CustomField) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ field: f })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('customfields.confirmDelete', { name: label(f) })} okButtonProps={{ danger: true }} onConfirm={() => remove.mutateAsync(f).catch(() => undefined)}>
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

  return (
    <Card
      title={t('customfields.title')}
      extra={
        canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('customfields.newField')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('customfields.intro')}</Typography.Paragraph>
      {CUSTOM_RECORD_TYPES.length > 1 && (
        <Flex style={{ marginBottom: 12 }}>
          <Segmented<CustomRecordType>
            value={recordType}
            onChange={setRecordType}
            options={CUSTOM_RECORD_TYPES.map((r) => ({ value: r, label: t(`customfields.recordTypes.${r}`) }))}
          />
        </Flex>
      )}
      <Table<CustomField>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.isLoading}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customfields.empty')} /> }}
      />
      {editing && <CustomFieldModal recordType={recordType} field={editing.field} onClose={() => setEditing(null)} />}
    </Card>
  );
}
