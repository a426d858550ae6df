import { api } from '../../lib/api.ts';
import type { PoolRulesInput } from '../../../shared/validation/pool.ts';

/** A row of the pool list: the customers list API's answer, of which the pool page shows a few columns. */
export interface PoolCustomer {
  id: string;
  number: string;
  name: string;
  level: string | null;
  status: string;
  industry: string | null;
  phone: string | null;
  lastFollowupAt: string | null;
  poolEnteredAt: string | null;
  ownerSince: string | null;
  version: number;
}

export interface PoolStatus {
  owned: number;
  claimedToday: number;
  maxOwnedPerUser: number | null;
  maxClaimsPerDay: number | null;
  reclaimWaitDays: number;
}

export interface PoolSettings {
  rules: PoolRulesInput;
  version: number | null;
  updatedAt: string | null;
}

export const POOL_PAGE_SIZE = 20;
/** The pool itself, or the user's own customers (to return some). */
export type PoolListView = 'pool' | 'mine';

/** Claims and returns change customers lists and work lists elsewhere too, so they invalidate everything. */
export const poolKeys = {
  all: ['pool'] as const,
  list: (view: PoolListView, q: string, cursor?: string) => ['pool', 'list', { view, q, cursor }] as const,
  me: ['pool', 'me'] as const,
  settings: ['pool', 'settings'] as const,
};

export const poolApi = {
  list: (view: PoolListView, q: string, cursor?: string) =>
    api.get<{ items: PoolCustomer[]; nextCursor: string | null; total: number | null; totalEstimated: boolean }>('/customers', {
      view,
      q: q || undefined,
      cursor,
      limit: POOL_PAGE_SIZE,
    }),
  me: () => api.get<PoolStatus>('/pool/me'),
  claim: (ids: string[]) => api.post<{ claimed: number; owned: number; claimedToday: number }>('/pool/claim', { ids }),
  returnToPool: (ids: string[], reason: string) => api.post<{ returned: number }>('/pool/return', { ids, reason }),
  assign: (ids: string[], ownerId: string) => api.post<{ assigned: number }>('/pool/assign', { ids, ownerId }),
  settings: () => api.get<PoolSettings>('/pool/settings'),
  saveSettings: (rules: PoolRulesInput, version: number | null) => api.put<PoolSettings>('/pool/settings', { rules, version }),
};
