import { useEffect, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { searchable, useGlobalSearch } from '../search/search.api.ts';

/** Names of customers picked so far, so a selection keeps its labels while the search moves on. */
const names = new Map<string, string>();

/** Picks customers the user may see by the same search as the top bar (name, pinyin, initials, phone). */
export function CustomerPicker({ excludeIds = [], value, ...props }: Omit<SelectProps<string | string[]>, 'options' | 'showSearch'> & { excludeIds?: string[] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const result = useGlobalSearch(q);
  const hits = searchable(q) ? (result.data?.customers ?? []).filter((c) => !excludeIds.includes(c.id) && !c.pending) : [];
  for (const h of hits) names.set(h.id, h.name);
  const selected = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const listed = new Set(hits.map((h) => h.id));
  return (
    <Select<string | string[]>
      {...props}
      value={value}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={result.isFetching}
      notFoundContent={searchable(q) ? (result.isFetching ? t('common.loading') : t('search.noResults')) : t('customers.mergeSearch')}
      options={[
        ...selected.filter((id) => !listed.has(id)).map((id) => ({ value: id, label: names.get(id) ?? id })),
        ...hits.map((h) => ({ value: h.id, label: h.name, title: `${h.name} · ${h.owner?.name ?? t('customers.pool')}` })),
      ]}
    />
  );
}

export const rememberCustomerNames = (list: { id: string | null; name: string }[]) => {
  for (const c of list) if (c.id) names.set(c.id, c.name);
};
