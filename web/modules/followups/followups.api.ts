import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { followupCreate, followupUpdate } from '../../../shared/validation/followups.ts';
import { api, type Query } from '../../lib/api.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { rememberUserNames } from '../views/user-select.tsx';

export interface Followup {
  id: string;
  customerId: string;
  customer: { id: string; name: string | null };
  contactId: string | null;
  contact: { id: string; name: string | null; mobile: string | null; phone: string | null; email: string | null } | null;
  ownerId: string | null;
  method: string;
  content: string;
  occurredAt: string;
  nextContactAt: string | null;
  remindedAt: string | null;
  authorId: string | null;
  author: { id: string; name: string | null } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** What the user may do with this follow-up, for the buttons shown; the server checks again. */
  canEdit: boolean;
  canDelete: boolean;
}

export interface FollowupPage {
  items: Followup[];
  nextCursor: string | null;
}

/** Everything under ['followups']; a change also refreshes customers (their last follow-up and next contact). */
export const followupsKey = ['followups'] as const;

const remember = (items: Followup[]) => rememberUserNames(items.flatMap((f) => (f.author?.name ? [{ id: f.author.id, name: f.author.name }] : [])));

export function useFollowupList(params: Query) {
  return useQuery({
    queryKey: [...followupsKey, 'list', params],
    queryFn: async () => {
      const page = await api.get<FollowupPage>('/followups', params);
      remember(page.items);
      return page;
    },
    placeholderData: keepPreviousData,
  });
}

export function useFollowup(id: string | undefined) {
  return useQuery({ queryKey: [...followupsKey, 'detail', id], queryFn: () => followupsApi.get(id!), enabled: Boolean(id) });
}

/** A customer's timeline, newest contact first, a page at a time. */
export function useCustomerFollowups(customerId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...followupsKey, 'customer', customerId],
    queryFn: ({ pageParam }) =>
      api.get<FollowupPage & { canCreate: boolean }>(`/customers/${customerId}/followups`, { limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

interface MethodItem {
  code: string;
  labelZh: string;
  labelEn: string;
  color: string | null;
}

/** The follow-up methods (dictionary `followup_method`), labelled in the current language. */
export function useFollowupMethods() {
  const { data } = useQuery({
    queryKey: ['dictionary', 'options', 'followup_method'],
    queryFn: () => api.get<{ items: MethodItem[] }>('/dictionary', { type: 'followup_method' }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
  const en = currentLocale() === 'en-US';
  return (data ?? []).map((i) => ({ value: i.code, label: en ? i.labelEn : i.labelZh, color: i.color }));
}

/** A method's label; a code since removed from the dictionary shows as itself. */
export const methodLabel = (methods: { value: string; label: string }[], code: string) => methods.find((m) => m.value === code)?.label ?? code;

export type FollowupCreateBody = z.input<typeof followupCreate>;
export type FollowupUpdateBody = z.input<typeof followupUpdate>;

export const followupsApi = {
  get: (id: string) => api.get<Followup>(`/followups/${id}`),
  create: (body: FollowupCreateBody) => api.post<Followup>('/followups', body),
  update: (id: string, body: FollowupUpdateBody) => api.put<Followup>(`/followups/${id}`, body),
  remove: (id: string) => api.delete<void>(`/followups/${id}`),
};
