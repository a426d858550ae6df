import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { pinyin } from 'pinyin-pro';
import { SEARCH_MIN_LENGTH } from '../../../shared/validation/search.ts';
import { containsPattern } from '../../lib/like.ts';

/**
 * Search keys for customers and contacts (CUS-03, UI-04). PostgreSQL's trigram index does not see CJK characters
 * as word characters under the C locale that PGlite uses, so Chinese substrings go through `search_grams`, a GIN
 * array of the name's character bigrams: a query of n >= 2 characters must contain all its bigrams and is then
 * rechecked with LIKE. Latin queries of 3 or more characters (pinyin, English names, phone and e-mail fragments)
 * go through the trigram index on `search_text`. Two-letter latin queries are pinyin initials ("hr" for 海尔),
 * stored as `i:` bigrams of the initials.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Lower case, full-width folded to half-width (NFKC), spaces removed. */
export function normalizeSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function bigrams(text: string, prefix = ''): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(prefix + chars[i] + chars[i + 1]);
  return out;
}

/**
 * The pinyin initials of a name. Syllables without an initial consonant count by their first letter ("海尔" →
 * "he"), and, as many users type it, 儿/尔-type "er" also as "r" ("hr"); both spellings are kept.
 */
function pinyinForms(name: string): { full: string; initials: string[] } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => normalizeSearch(s).replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  const first = syllables.map((s) => s[0]!).join('');
  const alt = syllables.map((s) => (s === 'er' ? 'r' : s[0]!)).join('');
  return { full: syllables.join(''), initials: alt === first ? [first] : [first, alt] };
}

export interface SearchKeys {
  searchGrams: string[];
  searchText: string;
}

/**
 * Keys for one record: `name` is searched by Chinese substring, pinyin and initials; `others` (English name,
 * number, phones, e-mail…) by fragments of 3 or more characters.
 */
export function searchKeys(name: string, others: readonly (string | null | undefined)[] = []): SearchKeys {
  const normName = normalizeSearch(name);
  const grams = new Set(bigrams(normName));
  const parts = [normName];
  if (CJK.test(normName)) {
    const { full, initials } = pinyinForms(name);
    parts.push(full, ...initials);
    for (const i of initials) for (const g of bigrams(i, 'i:')) grams.add(g);
  }
  for (const o of others) if (o) parts.push(normalizeSearch(o));
  return { searchGrams: [...grams], searchText: parts.join(' ') };
}

/** The shortest query worth running: one bigram. */
export const MIN_SEARCH_LENGTH = SEARCH_MIN_LENGTH;

/**
 * The `where` condition for a search query on a table with `search_grams` and `search_text`, or null when the
 * query is too short to run.
 */
export function searchCondition(cols: { searchGrams: PgColumn; searchText: PgColumn }, query: string): SQL | null {
  const q = normalizeSearch(query);
  if ([...q].length < MIN_SEARCH_LENGTH) return null;
  if (CJK.test(q)) {
    const grams = `{${bigrams(q).map((g) => `"${g.replace(/["\\]/g, (c) => '\\' + c)}"`).join(',')}}`;
    return sql`(${cols.searchGrams} @> ${grams}::text[] and ${cols.searchText} like ${containsPattern(q)})`;
  }
  if ([...q].length === 2) {
    return sql`${cols.searchGrams} && ${`{"${q.replace(/["\\]/g, (c) => '\\' + c)}","i:${q.replace(/["\\]/g, (c) => '\\' + c)}"}`}::text[]`;
  }
  return sql`${cols.searchText} like ${containsPattern(q)}`;
}
