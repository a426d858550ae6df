import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

interface UserOption {
  id: string;
  name: string;
  username: string;
}

/**
 * Names of users met so far (picker answers, list rows), so a filter or form that holds only ids can still show
 * names; the organisation's user list is not sent whole to every page.
 */
const names = new Map<string, string>();
export function rememberUserNames(users: readonly { id: string; name: string }[]) {
  for (const u of users) names.set(u.id, u.name);
}
export const userName = (id: string) => names.get(id);

function useUserOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'options', q],
    queryFn: async () => {
      const r = await api.get<{ items: UserOption[] }>('/users/options', { q: q || undefined, limit: 20 });
      rememberUserNames(r.items);
      return r.items;
    },
    enabled,
    staleTime: 30_000,
  });
}

type Props = Omit<SelectProps<string | string[]>, 'options' | 'showSearch' | 'mode'> & { multiple?: boolean; excludeIds?: string[] };

/** Picks active users of the organisation, searched on the server by name or user name as one types. */
export function UserSelect({ multiple, excludeIds, value, ...props }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const selected = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  // Names of chosen users not met yet: one unfiltered page usually covers a small organisation.
  const unknown = selected.some((id) => !names.has(id));
  const options = useUserOptions(q, open || unknown);
  const items = (options.data ?? []).filter((u) => !excludeIds?.includes(u.id));
  const listed = new Set(items.map((u) => u.id));
  return (
    <Select<string | string[]>
      {...props}
      value={value}
      mode={multiple ? 'multiple' : undefined}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={options.isFetching}
      notFoundContent={options.isFetching ? t('common.loading') : undefined}
      options={[
        ...selected.filter((id) => !listed.has(id)).map((id) => ({ value: id, label: names.get(id) ?? '…' })),
        ...items.map((u) => ({ value: u.id, label: `${u.name} (${u.username})` })),
      ]}
      optionRender={(o) => o.label}
      labelRender={(o) => names.get(String(o.value)) ?? o.label}
    />
  );
}
