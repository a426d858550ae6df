import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditApi } from './audit.api.ts';

export interface ActorValue {
  value: string;
  label: string;
}

/** Picks an operator by searching the organisation's users on the server as the user types. */
export function ActorSelect({ value, onChange }: { value?: ActorValue; onChange: (v: ActorValue | undefined) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  // One request per pause in typing, not one per key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(search), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const options = useQuery({ queryKey: ['users', 'options', q], queryFn: () => auditApi.userOptions(q), enabled: open, staleTime: 30_000 });

  return (
    <Select<ActorValue>
      labelInValue
      allowClear
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={options.isFetching}
      placeholder={t('audit.actorPlaceholder')}
      aria-label={t('audit.actor')}
      notFoundContent={options.isFetching ? t('common.loading') : undefined}
      options={options.data?.items.map((u) => ({ value: u.id, label: t('audit.userOption', { name: u.name, username: u.username }) }))}
      style={{ width: '100%' }}
    />
  );
}
