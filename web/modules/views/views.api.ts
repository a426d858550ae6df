import { useQuery } from '@tanstack/react-query';
import type { SavedView, ViewCreate, ViewList, ViewUpdate } from '../../../shared/validation/views.ts';
import { api } from '../../lib/api.ts';

export type { SavedView, ViewList };

export const viewsKey = (list: ViewList) => ['views', list] as const;

/** The list's views: built-in ones first, then the user's own, then those shared by others. */
export function useSavedViews(list: ViewList, enabled = true) {
  return useQuery({
    queryKey: viewsKey(list),
    queryFn: () => api.get<{ items: SavedView[] }>('/views', { list }).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

export const viewsApi = {
  create: (body: ViewCreate) => api.post<SavedView>('/views', body),
  update: (id: string, body: ViewUpdate) => api.put<SavedView>(`/views/${id}`, body),
  remove: (id: string) => api.delete<void>(`/views/${id}`),
};
