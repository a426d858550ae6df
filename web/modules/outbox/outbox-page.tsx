import { useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Grid, Input, Row, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { OUTBOX_STATUSES } from '../../../shared/validation/notifications.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/session.ts';
import { MailDrawer } from './mail-drawer.tsx';
import { outboxApi, outboxKeys, type OutboxFilter, type OutboxListItem, type OutboxStatus } from './outbox.api.ts';
import { OutboxStatusTag } from './outbox-status-tag.tsx';

/** Every mail the system sent or kept, for administrators to check delivery (and, without SMTP, to read it). */
export function OutboxPage() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<OutboxFilter>({});
  const [openId, setOpenId] = useState<string | null>(null);

  const list = useInfiniteQuery({
    queryKey: outboxKeys.list(filter),
    queryFn: ({ pageParam }) => outboxApi.list(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filter.status || filter.q);

  const columns: TableColumnsType<OutboxListItem> = [
    { title: t('outbox.time'), dataIndex: 'createdAt', width: screens.sm ? 150 : 100, render: (v: string) => formatDateTime(v, tz) },
    { title: t('outbox.to'), dataIndex: 'to', width: 200, ellipsis: true, responsive: ['md'] },
    {
      title: t('outbox.subject'),
      dataIndex: 'subject',
      render: (subject: string, mail) => (
        <>
          {/* A button, so the mail opens from the keyboard too. */}
          <Button type="link" onClick={() => setOpenId(mail.id)} style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}>
            {subject}
          </Button>
          {!screens.md && (
            <div>
              <Typography.Text type="secondary">{mail.to}</Typography.Text>
            </div>
          )}
          {mail.kind && screens.md && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`outbox.kinds.${mail.kind}`, { defaultValue: mail.kind })}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('outbox.status'),
      dataIndex: 'status',
      width: screens.sm ? 190 : 110,
      render: (status: OutboxStatus, mail) => <OutboxStatusTag status={status} error={mail.error} />,
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('outbox.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('outbox.intro')}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void qc.invalidateQueries({ queryKey: outboxKeys.all })} aria-label={t('common.refresh')} />
      </Flex>
      <Alert type="info" showIcon title={t('outbox.smtpNote')} style={{ marginBottom: 16 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={10} md={8} lg={6}>
            <Select<OutboxStatus | ''>
              style={{ width: '100%' }}
              aria-label={t('outbox.status')}
              value={filter.status ?? ''}
              onChange={(status) => setFilter((f) => ({ ...f, status: status || undefined }))}
              options={[{ value: '', label: t('outbox.allStatuses') }, ...OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`outbox.statuses.${s}`) }))]}
            />
          </Col>
          <Col xs={24} sm={14} md={12} lg={10}>
            <Input.Search
              allowClear
              placeholder={t('outbox.searchPlaceholder')}
              aria-label={t('outbox.searchPlaceholder')}
              onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() || undefined }))}
            />
          </Col>
        </Row>
      </Card>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<OutboxListItem>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: screens.md ? 760 : undefined }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filtered ? 'outbox.noMatch' : 'outbox.empty')} /> }}
        data-testid="outbox-table"
      />
      {rows.length > 0 && (
        <Flex justify="center" align="center" gap={12} wrap style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('outbox.loaded', { count: rows.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('outbox.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">· {t('outbox.allLoaded')}</Typography.Text>
          )}
        </Flex>
      )}
      <MailDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
