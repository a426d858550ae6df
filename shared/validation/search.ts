import { z } from 'zod';

/** The shortest query the search runs: one bigram of the name keys (server/modules/search/search.keys.ts). */
export const SEARCH_MIN_LENGTH = 2;

/** The top-bar search shows a short list per group (UI-04 names five); a caller may ask for up to twenty. */
export const SEARCH_MAX_LIMIT = 20;

export const searchQuery = z.object({
  q: z.string().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(5),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export interface SearchCustomerHit {
  id: string;
  number: string;
  name: string;
  englishName: string | null;
  status: string;
  /** Null while the customer is in the public pool. */
  owner: { id: string; name: string } | null;
  /** A customer whose creation waits for approval. */
  pending: boolean;
}

export interface SearchContactHit {
  id: string;
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
  customer: { id: string; name: string };
}

export interface SearchResult {
  customers: SearchCustomerHit[];
  contacts: SearchContactHit[];
}
