import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

export interface UserOption {
  id: string;
  name: string;
  username: string;
}

/**
 * Picks active users by name or username, searched on the server (organisations can be large). `known` names
 * users already chosen, so a saved selection shows names before any search has run.
 */
export function UserPicker({
  value,
  onChange,
  multiple,
  known = [],
  id,
  style,
}: {
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  multiple?: boolean;
  known?: UserOption[];
  id?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['users', 'options', q],
    queryFn: () => api.get<{ items: UserOption[] }>('/users/options', { q, limit: 20 }).then((r) => r.items),
    staleTime: 30_000,
  });
  const byId = new Map([...known, ...(found.data ?? [])].map((u) => [u.id, u]));
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      placeholder={t('userPicker.placeholder')}
      options={[...byId.values()].map((u) => ({ value: u.id, label: u.username ? `${u.name}（${u.username}）` : u.name }))}
      style={{ width: '100%', ...style }}
      data-testid="user-picker"
    />
  );
}
