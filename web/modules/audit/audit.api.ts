import type { AuditFilter } from '../../../shared/validation/audit.ts';
import { api, download } from '../../lib/api.ts';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  module: string;
  action: string;
  recordType: string | null;
  recordId: string | null;
  recordLabel: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFacets {
  modules: string[];
  actions: { module: string; action: string }[];
}

export interface UserOption {
  id: string;
  name: string;
  username: string;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditKeys = {
  all: ['audit-logs'] as const,
  list: (filter: AuditFilter) => ['audit-logs', 'list', filter] as const,
  facets: ['audit-logs', 'facets'] as const,
};

export const auditApi = {
  list: (filter: AuditFilter, cursor?: string) =>
    api.get<{ items: AuditEntry[]; nextCursor: string | null }>('/audit-logs', { ...filter, cursor, limit: AUDIT_PAGE_SIZE }),
  facets: () => api.get<AuditFacets>('/audit-logs/facets'),
  export: (format: 'csv' | 'xlsx', filter: AuditFilter) => download('/audit-logs/export', { ...filter, format }),
  cleanup: (before: string) => api.post<{ deleted: number }>('/audit-logs/cleanup', { before }),
  userOptions: (q: string) => api.get<{ items: UserOption[] }>('/users/options', { q, limit: 20 }),
};
