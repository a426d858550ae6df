import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export interface WorklistCustomer {
  id: string;
  number: string;
  name: string;
  status: string;
  level: string | null;
  owner: { id: string; name: string | null } | null;
  nextContactAt: string;
  lastFollowupAt: string | null;
  lastFollowupContent: string | null;
}

export interface ReturningCustomer {
  id: string;
  number: string;
  name: string;
  dueAt: string;
  reason: 'no_followup' | 'no_deal';
}

export interface PendingApproval {
  id: string;
  recordTypeLabel: string;
  recordLabel: string;
  /** Where the record opens in the app, when its type has a page. */
  recordLink: string | null;
  action: 'create' | 'modify' | 'delete';
  submitter: { id: string; name: string };
  submittedAt: string;
}

export interface Section<T> {
  count: number;
  /** The count stopped at the cap; there are more. */
  capped: boolean;
  items: T[];
}

export interface WorklistSummary {
  /** Null for users who may not view customers. */
  today: Section<WorklistCustomer> | null;
  overdue: Section<WorklistCustomer> | null;
  returning: Section<ReturningCustomer> | null;
  approvals: Section<PendingApproval>;
}

export type ContactList = 'today' | 'overdue';

export const worklistsKey = ['worklists'] as const;

export function useWorklistSummary(team: boolean) {
  return useQuery({
    queryKey: [...worklistsKey, 'summary', team],
    queryFn: () => api.get<WorklistSummary>('/worklists', { team: team || undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useContactWorklist(list: ContactList, team: boolean, cursor: string | undefined, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: [...worklistsKey, list, team, cursor, limit],
    queryFn: () => api.get<{ items: WorklistCustomer[]; nextCursor: string | null }>(`/worklists/${list}`, { team: team || undefined, cursor, limit }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReturningWorklist(enabled: boolean) {
  return useQuery({
    queryKey: [...worklistsKey, 'returning'],
    queryFn: () => api.get<{ items: ReturningCustomer[]; total: number }>('/worklists/returning', { limit: 200 }),
    enabled,
  });
}

export function useApprovalWorklist(cursor: string | undefined, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: [...worklistsKey, 'approvals', cursor, limit],
    queryFn: () => api.get<{ items: PendingApproval[]; nextCursor: string | null }>('/worklists/approvals', { cursor, limit }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
