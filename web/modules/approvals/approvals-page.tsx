import { useState } from 'react';
import { useInfiniteQuery, useQuery, type InfiniteData, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, Flex, Select, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../../shared/validation/approvals.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/session.ts';
import { ApprovalDrawer } from './approval-drawer.tsx';
import { ApprovalActionTag, ApprovalStatusTag } from './approval-tags.tsx';
import { approvalsApi, approvalsKeys, type ApprovalSummary } from './approvals.api.ts';

type Tab = 'inbox' | 'sent';

/** A keyset-paged list that grows with "load more". */
function PagedTable<T extends ApprovalSummary>({
  query,
  columns,
  empty,
  onOpen,
  testId,
}: {
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor: string | null }>>;
  columns: ColumnsType<T>;
  empty: string;
  onOpen: (row: T) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isError) return <Alert type="error" showIcon title={query.error.message} />;
  return (
    <>
      <Table<T>
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
        onRow={(row) => ({ onClick: () => onOpen(row), style: { cursor: 'pointer' } })}
        data-testid={testId}
      />
      {rows.length > 0 && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          {query.hasNextPage ? (
            <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
              {t('approvals.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('approvals.allLoaded')}</Typography.Text>
          )}
        </Flex>
      )}
    </>
  );
}

/** The approval inbox (待我审批) and the user's own submissions; `?request=<id>` opens one in the drawer. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'sent' ? 'sent' : 'inbox';
  const requestId = params.get('request') ?? undefined;
  const [status, setStatus] = useState<ApprovalStatus>();

  const inbox = useInfiniteQuery({
    queryKey: approvalsKeys.inbox,
    queryFn: ({ pageParam }) => approvalsApi.inbox(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const sent = useInfiniteQuery({
    queryKey: approvalsKeys.sent(status),
    queryFn: ({ pageParam }) => approvalsApi.sent(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: tab === 'sent',
  });
  const count = useQuery({ queryKey: approvalsKeys.count, queryFn: approvalsApi.inboxCount });

  const update = (next: { tab?: Tab; request?: string | null }) => {
    const p = new URLSearchParams(params);
    if (next.tab) p.set('tab', next.tab);
    if (next.request === null) p.delete('request');
    else if (next.request) p.set('request', next.request);
    setParams(p, { replace: true });
  };

  const common: ColumnsType<ApprovalSummary> = [
    {
      title: t('approvals.record'),
      key: 'record',
      render: (_v, r) => (
        <div>
          <Typography.Text strong>{r.recordLabel}</Typography.Text>
          <div>
            <Typography.Text type="secondary">{r.recordTypeLabel}</Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('approvals.actionCol'), dataIndex: 'action', width: 100, render: (a: ApprovalSummary['action']) => <ApprovalActionTag action={a} /> },
  ];
  const inboxColumns: ColumnsType<ApprovalSummary> = [
    ...common,
    { title: t('approvals.submitter'), key: 'submitter', width: 140, render: (_v, r) => r.submitter.name },
    { title: t('approvals.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (v: string) => formatDateTime(v, tz) },
    { title: t('approvals.level'), key: 'level', width: 130, render: (_v, r) => t('approvals.levelOf', { level: r.currentLevel + 1, levels: r.levels.length }) },
  ];
  const sentColumns: ColumnsType<ApprovalSummary> = [
    ...common,
    { title: t('approvals.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (v: string) => formatDateTime(v, tz) },
    { title: t('approvals.statusCol'), dataIndex: 'status', width: 110, render: (s: ApprovalStatus) => <ApprovalStatusTag status={s} /> },
    { title: t('approvals.decidedAt'), dataIndex: 'decidedAt', width: 170, render: (v: string | null) => formatDateTime(v, tz) },
  ];

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('approvals.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('approvals.intro')}</Typography.Text>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => update({ tab: key as Tab })}
          tabBarExtraContent={
            tab === 'sent' && (
              <Select<ApprovalStatus | undefined>
                allowClear
                value={status}
                onChange={setStatus}
                placeholder={t('approvals.allStatuses')}
                style={{ width: 140 }}
                options={APPROVAL_STATUSES.map((s) => ({ value: s, label: t(`approvals.status.${s}`) }))}
                aria-label={t('approvals.statusCol')}
              />
            )
          }
          items={[
            {
              key: 'inbox',
              label: (
                <Badge count={count.data?.count ?? 0} size="small" offset={[8, -2]}>
                  {t('approvals.inbox')}
                </Badge>
              ),
              children: <PagedTable query={inbox} columns={inboxColumns} empty={t('approvals.emptyInbox')} onOpen={(r) => update({ request: r.id })} testId="approval-inbox" />,
            },
            {
              key: 'sent',
              label: t('approvals.sent'),
              children: <PagedTable query={sent} columns={sentColumns} empty={t('approvals.emptySent')} onOpen={(r) => update({ request: r.id })} testId="approval-sent" />,
            },
          ]}
        />
      </Card>
      <ApprovalDrawer requestId={requestId} onClose={() => update({ request: null })} />
    </>
  );
}
