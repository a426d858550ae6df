import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useTimeZone } from '../lib/session.ts';

interface NotificationItem {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const tz = useTimeZone();
  const { data } = useQuery({
    queryKey: ['notifications', 'bell'],
    queryFn: () => api.get<{ items: NotificationItem[]; unread: number }>('/notifications', { unreadOnly: true, limit: 8 }),
    refetchInterval: 60_000,
  });
  const markAll = useMutation({
    mutationFn: () => api.post('/notifications/read', { all: true }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const open = useMutation({
    mutationFn: (n: NotificationItem) => api.post('/notifications/read', { ids: [n.id] }),
    onSuccess: (_r, n) => {
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      if (n.link) void navigate(n.link);
    },
  });

  const panel = (
    <div style={{ width: 340, background: 'var(--ant-color-bg-elevated)', borderRadius: 8, boxShadow: 'var(--ant-box-shadow-secondary)', padding: 8 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '4px 8px' }}>
        <Typography.Text strong>{t('bell.title')}</Typography.Text>
        <Button type="link" size="small" disabled={!data?.unread} onClick={() => markAll.mutate()}>
          {t('bell.markAllRead')}
        </Button>
      </div>
      {data?.items.length ? (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer' }} onClick={() => open.mutate(n)}>
              <List.Item.Meta title={n.title} description={<>{n.body && <div>{n.body}</div>}<small>{formatDateTime(n.createdAt, tz)}</small></>} />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      )}
      <div style={{ textAlign: 'center' }}>
        <Button type="link" size="small" onClick={() => void navigate('/notifications')}>
          {t('bell.viewAll')}
        </Button>
      </div>
    </div>
  );

  return (
    <Dropdown popupRender={() => panel} trigger={['click']} placement="bottomRight">
      <Button type="text" aria-label={t('bell.title')} data-testid="notification-bell" icon={<Badge count={data?.unread ?? 0} size="small"><BellOutlined style={{ fontSize: 18 }} /></Badge>} />
    </Dropdown>
  );
}
