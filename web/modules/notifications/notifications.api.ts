import { api } from '../../lib/api.ts';

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** Under ['notifications'] like the bell's and the desktop's queries, so one invalidation refreshes them all. */
export const notificationsKeys = {
  all: ['notifications'] as const,
  page: (unreadOnly: boolean) => ['notifications', 'page', { unreadOnly }] as const,
};

export const notificationsApi = {
  list: (unreadOnly: boolean, cursor?: string) =>
    api.get<{ items: Notification[]; nextCursor: string | null; unread: number }>('/notifications', {
      unreadOnly,
      cursor,
      limit: NOTIFICATIONS_PAGE_SIZE,
    }),
  markRead: (input: { ids: string[] } | { all: true }) => api.post<{ updated: number; unread: number }>('/notifications/read', input),
};
