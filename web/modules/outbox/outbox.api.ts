import type { OUTBOX_STATUSES } from '../../../shared/validation/notifications.ts';
import { api } from '../../lib/api.ts';

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxListItem {
  id: string;
  to: string;
  subject: string;
  status: OutboxStatus;
  error: string | null;
  kind: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxMail extends Omit<OutboxListItem, 'kind'> {
  text: string;
  html: string | null;
  meta: { kind?: string } | null;
}

export interface OutboxFilter {
  status?: OutboxStatus;
  q?: string;
}

export const OUTBOX_PAGE_SIZE = 50;

export const outboxKeys = {
  all: ['outbox'] as const,
  list: (filter: OutboxFilter) => ['outbox', 'list', filter] as const,
  mail: (id: string) => ['outbox', 'mail', id] as const,
};

export const outboxApi = {
  list: (filter: OutboxFilter, cursor?: string) =>
    api.get<{ items: OutboxListItem[]; nextCursor: string | null }>('/outbox', { ...filter, cursor, limit: OUTBOX_PAGE_SIZE }),
  mail: (id: string) => api.get<OutboxMail>(`/outbox/${id}`),
};
