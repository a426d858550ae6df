import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SEARCH_MIN_LENGTH, type SearchResult } from '../../../shared/validation/search.ts';
import { api } from '../../lib/api.ts';

/** How many hits per group the top bar shows (UI-04: five, each with its owner). */
export const TOP_BAR_HITS = 5;

/** The query as the server folds it; shorter than one bigram finds nothing, so it is not sent. */
export const searchable = (q: string) => [...q.normalize('NFKC').replace(/\s+/g, '')].length >= SEARCH_MIN_LENGTH;

export function useGlobalSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => api.get<SearchResult>('/search', { q, limit: TOP_BAR_HITS }),
    enabled: searchable(q),
    staleTime: 30_000,
    // The list keeps the last answer while the next one loads, instead of flashing empty on every key.
    placeholderData: keepPreviousData,
  });
}
