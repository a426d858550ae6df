import type { DictItemCreate, DictItemUpdate } from '../../../shared/validation/dictionary.ts';
import { api } from '../../lib/api.ts';

export interface DictItem {
  id: string;
  dictType: string;
  code: string;
  labelZh: string;
  labelEn: string;
  sort: number;
  color: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DictTypeSummary {
  type: string;
  /** The server's name for the type in the request's language. */
  label: string;
  count: number;
  enabledCount: number;
}

/** Everything under ['dictionary'], so other modules' drop-downs that cache items there refresh after an edit. */
export const dictionaryKeys = {
  all: ['dictionary'] as const,
  types: ['dictionary', 'types'] as const,
  items: (type: string) => ['dictionary', 'items', type, { includeDisabled: true }] as const,
};

export const dictionaryApi = {
  types: () => api.get<{ items: DictTypeSummary[] }>('/dictionary/types'),
  items: (type: string) => api.get<{ items: DictItem[] }>('/dictionary', { type, includeDisabled: true }),
  create: (input: DictItemCreate) => api.post<DictItem>('/dictionary', input),
  update: (id: string, input: DictItemUpdate) => api.put<DictItem>(`/dictionary/${id}`, input),
  /** Answers the type's whole list in its new order. */
  reorder: (dictType: string, ids: string[]) => api.post<{ items: DictItem[] }>('/dictionary/reorder', { dictType, ids }),
  remove: (id: string) => api.delete<void>(`/dictionary/${id}`),
};
