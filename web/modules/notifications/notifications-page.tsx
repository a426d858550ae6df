import { useState } from 'react';
import { CheckOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Empty, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useTimeZone } from '../../lib/session.ts';
import { notificationsApi, notificationsKeys, type Notification } from './notifications.api.ts';

type View = 'unread' | 'all';

/** The signed-in user's own notifications; the bell links here for the full list. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [view, setView] = useState<View>('all');
  const unreadOnly = view === 'unread';

  const list = useInfiniteQuery({
    queryKey: notificationsKeys.page(unreadOnly),
    queryFn: ({ pageParam }) => notificationsApi.list(unreadOnly, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // Every page carries the current unread count; the latest page has the freshest one.
  const unread = list.data?.pages.at(-1)?.unread ?? 0;

  const markRead = useMutation({
    mutationFn: notificationsApi.markRead,
    // The bell and the desktop count live under the same key.
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationsKeys.all }),
    onError: (err) => onError(err),
  });

  const markingAll = markRead.isPending && markRead.variables !== undefined && 'all' in markRead.variables;
  const markAll = () =>
    markRead.mutate({ all: true }, { onSuccess: (r) => message.success(t('notifications.markedAllRead', { count: r.updated })) });

  const open = (n: Notification) => {
    if (n.readAt) {
      if (n.link) void navigate(n.link);
      return;
    }
    // Navigates also when marking fails: reaching the task matters more than the read mark.
    markRead.mutate({ ids: [n.id] }, { onSettled: () => (n.link ? void navigate(n.link) : undefined) });
  };

  return (
    <>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('notifications.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('notifications.intro')}</Typography.Text>
        </div>
        <Flex wrap gap={8} align="center">
          <Segmented<View>
            value={view}
            onChange={setView}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: unread ? t('notifications.unreadCount', { count: unread }) : t('notifications.unread') },
            ]}
          />
          <Button icon={<CheckOutlined />} disabled={!unread} loading={markingAll} onClick={markAll}>
            {t('notifications.markAllRead')}
          </Button>
        </Flex>
      </Flex>

      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}

      <Card styles={{ body: { padding: 0 } }}>
        {list.isLoading ? (
          <Skeleton active style={{ padding: 24 }} />
        ) : items.length ? (
          items.map((n, i) => (
            <Flex
              key={n.id}
              gap={12}
              align="flex-start"
              style={{
                padding: '12px 16px',
                borderTop: i ? '1px solid var(--ant-color-border-secondary)' : undefined,
                background: n.readAt ? undefined : 'var(--ant-color-primary-bg)',
              }}
              data-testid="notification-item"
            >
              <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 4 }} />
              <div style={{ flex: 1, minWidth: 0 }}>
                {n.link ? (
                  <Typography.Link
                    strong={!n.readAt}
                    href={n.link}
                    onClick={(e) => {
                      // A real href keeps it focusable and shows the target; the click also marks it read.
                      e.preventDefault();
                      open(n);
                    }}
                  >
                    {n.title}
                  </Typography.Link>
                ) : (
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                )}
                {n.body && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{n.body}</Typography.Paragraph>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt, tz)}
                  {n.readAt && ` · ${t('notifications.read')}`}
                </Typography.Text>
              </div>
              {!n.readAt && (
                <Button
                  type="link"
                  size="small"
                  onClick={() => markRead.mutate({ ids: [n.id] })}
                  disabled={markRead.isPending}
                  aria-label={`${t('notifications.markRead')} ${n.title}`}
                >
                  {t('notifications.markRead')}
                </Button>
              )}
            </Flex>
          ))
        ) : (
          <Empty style={{ padding: 32 }} image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(unreadOnly ? 'notifications.emptyUnread' : 'notifications.emptyAll')} />
        )}
      </Card>
      {items.length > 0 && (
        <Flex justify="center" align="center" gap={12} wrap style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('notifications.loaded', { count: items.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('notifications.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">· {t('notifications.allLoaded')}</Typography.Text>
          )}
        </Flex>
      )}
    </>
  );
}
