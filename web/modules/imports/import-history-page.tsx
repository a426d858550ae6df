import { useState } from 'react';
import { DownloadOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Popconfirm, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ImportRecordType, ImportStatus } from '../../../shared/validation/imports.ts';
import { ForbiddenPage } from '../../components/result-pages.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useTimeZone } from '../../lib/session.ts';
import { importsApi, importsKeys, type ImportJob } from './imports.api.ts';
import { useImportTypes } from './import-wizard-page.tsx';

const STATUS_COLORS: Record<ImportStatus, string> = { pending: 'default', running: 'processing', failed: 'error', done: 'success', undone: 'warning' };

/** Every import of the record types the user may import, newest first, with the rejection report and undo. */
export function ImportHistoryPage() {
  const types = useImportTypes();
  return types.length ? <History types={types} /> : <ForbiddenPage />;
}

function History({ types }: { types: ImportRecordType[] }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [type, setType] = useState<ImportRecordType | undefined>();
  const list = useInfiniteQuery({
    queryKey: importsKeys.list(type),
    queryFn: ({ pageParam }) => importsApi.list(type, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const undo = useMutation({
    mutationFn: (id: string) => importsApi.undo(id),
    onSuccess: () => {
      message.success(t('imports.undone'));
      void qc.invalidateQueries({ queryKey: importsKeys.all });
    },
    onError: (err) => onError(err),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('imports.historyTitle')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/imports/new${type ? `?type=${type}` : ''}`)}>
          {t('imports.newImport')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('imports.historyIntro')}</Typography.Paragraph>
      <Select
        allowClear
        placeholder={t('imports.allTypes')}
        style={{ width: 180, marginBottom: 12 }}
        value={type}
        onChange={setType}
        options={types.map((v) => ({ value: v, label: t(`imports.types.${v}`) }))}
      />
      <Table<ImportJob>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="import-history"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.empty')} /> }}
        columns={[
          { title: t('imports.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v, tz) },
          { title: t('imports.type'), dataIndex: 'recordType', width: 100, render: (v: ImportRecordType) => t(`imports.types.${v}`) },
          { title: t('imports.file'), dataIndex: 'fileName', ellipsis: true },
          { title: t('imports.operator'), width: 110, render: (_: unknown, r) => r.createdBy.name ?? '—' },
          { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: ImportStatus) => <Tag color={STATUS_COLORS[s]}>{t(`imports.status.${s}`)}</Tag> },
          {
            title: t('imports.result'),
            width: 260,
            render: (_: unknown, r) =>
              r.rejectedRows > 0 ? (
                <Typography.Text type="danger">{t('imports.rejectedCount', { count: r.rejectedRows })}</Typography.Text>
              ) : r.status === 'failed' ? (
                <Typography.Text type="danger">{r.error}</Typography.Text>
              ) : r.status === 'done' || r.status === 'undone' ? (
                t('imports.counts', { created: r.createdRows, updated: r.updatedRows, skipped: r.skippedRows })
              ) : (
                '—'
              ),
          },
          {
            title: t('imports.actions'),
            width: 110,
            fixed: 'right',
            render: (_: unknown, r) => (
              <Flex gap={4}>
                {r.hasReport && (
                  <Tooltip title={t('imports.downloadReport')}>
                    <Button type="text" icon={<DownloadOutlined />} aria-label={t('imports.downloadReport')} onClick={() => void importsApi.report(r.id).catch(onError)} />
                  </Tooltip>
                )}
                {r.status === 'done' && (
                  <Popconfirm
                    title={t('imports.undoConfirm')}
                    description={t('imports.undoHelp', { created: r.createdRows, updated: r.updatedRows })}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => undo.mutateAsync(r.id)}
                  >
                    <Tooltip title={t('imports.undo')}>
                      <Button type="text" danger icon={<RollbackOutlined />} aria-label={t('imports.undo')} />
                    </Tooltip>
                  </Popconfirm>
                )}
              </Flex>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('imports.loadMore')}
          </Button>
        </Flex>
      )}
    </>
  );
}
