import { normalizeSearch, searchKeys, type SearchKeys } from '../search/search.keys.ts';

/**
 * Derived keys of a customer row: the duplicate keys (CUS-03, 001 §1.3.1) and the search keys. Every write of a
 * name, English name, number, phone, e-mail or address recomputes them through `customerKeys`.
 */

/**
 * The duplicate key of a name: NFKC (full-width letters, digits and parentheses to half-width), lower case, and
 * without spaces, punctuation or symbols, so "海尔（集团）" and "海尔(集团) " are the same customer.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Digits only; a mainland mobile written with its country code (+86, 0086) keys as the bare 11 digits. */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  return digits || null;
}

/** Prefix of the address bigrams in `search_grams`, apart from the name's, for the address keyword filter. */
export const ADDRESS_GRAM = 'a:';

export function addressGrams(address: string): string[] {
  const chars = [...normalizeSearch(address)];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(ADDRESS_GRAM + chars[i] + chars[i + 1]);
  return [...out];
}

export interface CustomerKeyInput {
  name: string;
  englishName?: string | null;
  number: string;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

export interface CustomerKeys extends SearchKeys {
  nameKey: string;
  phoneKey: string | null;
}

/**
 * All derived columns of a customer. Bulk loaders (import, bench, demo) call this too, so that their rows are
 * found by the same searches and duplicate checks.
 */
export function customerKeys(c: CustomerKeyInput): CustomerKeys {
  const pk = phoneKey(c.phone);
  const keys = searchKeys(c.name, [c.englishName, c.number, pk, c.email]);
  return {
    nameKey: nameKey(c.name),
    phoneKey: pk,
    searchGrams: c.address ? [...keys.searchGrams, ...addressGrams(c.address)] : keys.searchGrams,
    searchText: keys.searchText,
  };
}
