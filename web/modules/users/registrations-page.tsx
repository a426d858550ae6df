import { useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Grid, Segmented, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useMe, useTimeZone } from '../../lib/session.ts';
import { useDialog } from '../orgchart/use-dialog.ts';
import { ApproveRegistrationModal } from './approve-registration-modal.tsx';
import { RejectRegistrationModal } from './reject-registration-modal.tsx';
import { UserStatusTag } from './user-status-tag.tsx';
import { useRegistrations, type Registration } from './users.api.ts';

type Filter = 'all' | 'pending' | 'unverified';

export function RegistrationsPage() {
  return (
    <RequirePermission permissions={['user:approve']}>
      <Registrations />
    </RequirePermission>
  );
}

function Registrations() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const { data: me } = useMe();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState({ current: 1, size: me?.user.prefs.pageSize ?? 20 });
  const list = useRegistrations({
    status: filter === 'all' ? undefined : filter,
    limit: page.size,
    offset: (page.current - 1) * page.size,
  });
  // On a phone only the actions stay pinned, so the applicant's details can be scrolled into view beside them.
  const pinUsername = Boolean(Grid.useBreakpoint().md);
  const approve = useDialog<Registration>();
  const reject = useDialog<Registration>();

  const columns: TableColumnsType<Registration> = [
    { title: t('users.username'), dataIndex: 'username', fixed: pinUsername ? 'left' : undefined, width: 140 },
    { title: t('users.name'), dataIndex: 'name', width: 110 },
    { title: t('users.email'), dataIndex: 'email', width: 220, ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('users.registrations.emailVerified'),
      dataIndex: 'emailVerified',
      width: 120,
      render: (ok: boolean) => <Tag color={ok ? 'green' : 'gold'}>{t(ok ? 'users.verified' : 'users.unverified')}</Tag>,
    },
    { title: t('users.mobile'), dataIndex: 'mobile', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('users.registrations.registeredAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v, tz) },
    { title: t('common.status'), dataIndex: 'status', width: 110, render: (_v, r) => <UserStatusTag user={r} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: pinUsername ? 150 : 130,
      render: (_v, r) => (
        <Space size={0}>
          {r.status === 'pending' ? (
            <Button type="link" size="small" onClick={() => approve.show(r)}>
              {t('users.registrations.approve')}
            </Button>
          ) : (
            // The applicant has not proved the address yet; approving would activate an unconfirmed identity.
            <Tooltip title={t('users.registrations.waitingForVerification')}>
              <Button type="link" size="small" disabled>
                {t('users.registrations.approve')}
              </Button>
            </Tooltip>
          )}
          <Button type="link" size="small" danger onClick={() => reject.show(r)}>
            {t('users.registrations.reject')}
          </Button>
        </Space>
      ),
    },
  ];

  const waiting = !list.isLoading && !list.data?.total && filter === 'all';
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.registrations')}
        </Typography.Title>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'pending', label: t('users.status.pending') },
              { value: 'unverified', label: t('users.status.unverified') },
            ]}
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} loading={list.isFetching && !list.isLoading} />
          </Tooltip>
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary">{t('users.registrations.intro')}</Typography.Paragraph>
      <Table<Registration>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isLoading || (list.isFetching && list.isPlaceholderData)}
        scroll={{ x: 1130 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={waiting ? t('users.registrations.nothingWaiting') : t('users.registrations.noneWithStatus')}
            />
          ),
        }}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (current, size) => setPage({ current, size }),
          hideOnSinglePage: true,
        }}
      />
      <ApproveRegistrationModal open={approve.open} registration={approve.data} onClose={approve.hide} />
      <RejectRegistrationModal open={reject.open} registration={reject.data} onClose={reject.hide} />
    </>
  );
}
