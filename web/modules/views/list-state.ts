import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SavedView } from './views.api.ts';

/** A list's filters as the API's query parameters; several values of one parameter are joined by commas. */
export type Filters = Record<string, string>;
export interface Sort {
  field: string;
  order: 'asc' | 'desc';
}

/** What a list shows: the view it started from, and the filters, sort and columns now in effect. */
export interface ListState {
  viewId: string;
  filters: Filters;
  sort: Sort | undefined;
  /** Visible columns in order; undefined means the list's defaults. */
  columns: string[] | undefined;
}

/** Address parameters that are not filters. */
const RESERVED = new Set(['sv', 'cols', 'sort', 'order']);

function toParams(state: ListState): URLSearchParams {
  const p = new URLSearchParams();
  p.set('sv', state.viewId);
  for (const [k, v] of Object.entries(state.filters)) if (v !== '') p.set(k, v);
  if (state.sort) {
    p.set('sort', state.sort.field);
    p.set('order', state.sort.order);
  }
  if (state.columns) p.set('cols', state.columns.join(','));
  return p;
}

/** A saved definition's filter values as address strings (arrays joined, numbers and booleans as text). */
export function filtersOf(view: Pick<SavedView, 'definition'>): Filters {
  const out: Filters = {};
  for (const [k, v] of Object.entries(view.definition.filters)) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

export function stateOf(view: SavedView): ListState {
  return { viewId: view.id, filters: filtersOf(view), sort: view.definition.sort, columns: view.definition.columns };
}

/** Whether the list shows something other than what its view saved. */
export function isModified(state: ListState, view: SavedView | undefined): boolean {
  if (!view) return false;
  const saved = stateOf(view);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const sortFilters = (f: Filters) => Object.fromEntries(Object.entries(f).sort(([a], [b]) => a.localeCompare(b)));
  return !same(sortFilters(state.filters), sortFilters(saved.filters)) || !same(state.sort, saved.sort) || !same(state.columns, saved.columns);
}

/**
 * The list's state lives in the address, so a reload, the back button or a copied link shows the same list. An
 * address without a view starts from `defaultViewId` with that view's filters once the views have loaded.
 */
export function useListState(defaultViewId: string) {
  const [params, setParams] = useSearchParams();
  const state = useMemo<ListState>(() => {
    const filters: Filters = {};
    for (const [k, v] of params) if (!RESERVED.has(k) && v !== '') filters[k] = v;
    const field = params.get('sort');
    const order = params.get('order');
    const cols = params.get('cols');
    return {
      viewId: params.get('sv') ?? defaultViewId,
      filters,
      sort: field ? { field, order: order === 'asc' ? 'asc' : 'desc' } : undefined,
      columns: cols ? cols.split(',').filter(Boolean) : undefined,
    };
  }, [params, defaultViewId]);

  const replace = useCallback((next: ListState, opts?: { replace?: boolean }) => setParams(toParams(next), opts), [setParams]);
  return {
    state,
    /** True until the address names a view: the caller applies the default view then. */
    unset: !params.has('sv'),
    apply: replace,
    setFilters: (patch: Filters | ((f: Filters) => Filters)) => {
      const next = typeof patch === 'function' ? patch(state.filters) : { ...state.filters, ...patch };
      replace({ ...state, filters: Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '' && v !== undefined)) });
    },
    setSort: (sort: Sort | undefined) => replace({ ...state, sort }),
    setColumns: (columns: string[] | undefined) => replace({ ...state, columns }),
  };
}

/**
 * Keyset paging: the cursors of the pages seen so far, so "previous" returns to a page without offsets. Any change
 * of what is listed (`key`) starts again at the first page.
 */
export function useKeysetPages(key: string) {
  const [pages, setPages] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = pages.key === key ? pages.cursors : [undefined];
  return {
    cursor: cursors.at(-1),
    page: cursors.length,
    next: (cursor: string) => setPages({ key, cursors: [...cursors, cursor] }),
    prev: () => setPages({ key, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
    first: () => setPages({ key, cursors: [undefined] }),
  };
}
