import { Button, Descriptions, Divider, Drawer, Empty, Grid, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useCan, useTimeZone } from '../../lib/session.ts';
import { UserStatusTag } from './user-status-tag.tsx';
import { useUser, type LoginEntry } from './users.api.ts';

export function UserDetailDrawer({ open, userId, onClose, onEdit }: { open: boolean; userId?: string; onClose: () => void; onEdit: (id: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const tz = useTimeZone();
  const screens = Grid.useBreakpoint();
  const { data: user, isLoading, refetch } = useUser(userId);

  return (
    <Drawer
      open={open}
      title={user ? `${user.name}（${user.username}）` : t('users.details')}
      size={screens.md ? 720 : '100%'}
      onClose={onClose}
      afterOpenChange={(visible) => visible && void refetch()}
      extra={
        user && can('user:edit') && (
          <Button type="primary" onClick={() => onEdit(user.id)}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      {isLoading || !user ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            bordered
            items={[
              { key: 'username', label: t('users.username'), children: user.username },
              { key: 'name', label: t('users.name'), children: user.name },
              {
                key: 'email',
                label: t('users.email'),
                children: user.email ? (
                  <Space size={4} wrap>
                    {user.email}
                    <Tag color={user.emailVerified ? 'green' : 'gold'}>{t(user.emailVerified ? 'users.verified' : 'users.unverified')}</Tag>
                  </Space>
                ) : (
                  '—'
                ),
              },
              { key: 'mobile', label: t('users.mobile'), children: user.mobile ?? '—' },
              { key: 'department', label: t('users.department'), children: user.department?.name ?? '—' },
              { key: 'status', label: t('common.status'), children: <UserStatusTag user={user} /> },
              { key: 'createdAt', label: t('users.createdAt'), children: formatDateTime(user.createdAt, tz) },
              { key: 'loginCount', label: t('users.loginCount'), children: user.loginCount },
              { key: 'lastLogin', label: t('users.lastLogin'), children: formatDateTime(user.lastLoginAt, tz) },
              { key: 'lastLoginIp', label: t('users.lastLoginIp'), children: user.lastLoginIp ?? '—' },
            ]}
          />

          <Divider titlePlacement="start">{t('users.roles')}</Divider>
          {user.roles.length ? (
            <Space size={[4, 8]} wrap>
              {user.roles.map((r) => (
                <Tag key={r.id} color="blue">
                  {r.name}
                </Tag>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('users.noRoles')}</Typography.Text>
          )}

          <Divider titlePlacement="start">{t('users.positions')}</Divider>
          {user.positions.length ? (
            <Space size={[4, 8]} wrap>
              {user.positions.map((p) => (
                <Tag key={p.id} color={p.isPrimary ? 'geekblue' : undefined}>
                  {p.name}
                  {p.isPrimary && `（${t('users.primary')}）`}
                </Tag>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('users.noPositions')}</Typography.Text>
          )}

          <Divider titlePlacement="start">{t('users.loginHistory')}</Divider>
          <Table<LoginEntry>
            size="small"
            rowKey={(r) => `${r.at}-${r.ip}`}
            dataSource={user.loginHistory}
            pagination={false}
            scroll={{ x: 560 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.noLogins')} /> }}
            columns={[
              { title: t('users.time'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v, tz) },
              { title: t('users.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
              {
                title: t('users.result'),
                dataIndex: 'success',
                width: 90,
                render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{t(ok ? 'users.success' : 'users.failure')}</Tag>,
              },
              { title: t('users.browser'), dataIndex: 'userAgent', ellipsis: true, render: (v: string | null) => v ?? '—' },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
