import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, Typography, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

interface CustomerOption {
  id: string;
  number: string;
  name: string;
  owner: { id: string; name: string } | null;
}

/** Names of customers met in the picker, so a chosen one keeps its name once the search that found it is gone. */
const names = new Map<string, string>();

type Props = Omit<SelectProps<string>, 'options' | 'showSearch' | 'mode' | 'onChange'> & {
  onChange?: (id: string | undefined, customer?: { id: string; name: string }) => void;
  /** The chosen customer's name, when the form already knows it (editing), so it shows before any search. */
  selectedName?: string | null;
};

/**
 * Picks a customer, searched on the server as one types (name, pinyin, initials, number, phone): the
 * organisation's customers are never sent whole. Arrow keys and Enter choose, so a form can be filled without the
 * mouse.
 */
export function CustomerSelect({ value, onChange, selectedName, ...props }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const options = useQuery({
    queryKey: ['customers', 'picker', q],
    queryFn: async () => {
      const r = await api.get<{ items: CustomerOption[] }>('/customers', { q: q || undefined, limit: 20, sort: 'updatedAt', order: 'desc' });
      for (const c of r.items) names.set(c.id, c.name);
      return r.items;
    },
    enabled: open,
    staleTime: 30_000,
  });
  const items = options.data ?? [];
  const known = value && !items.some((c) => c.id === value) ? [{ value, label: selectedName ?? names.get(value) ?? '…', customer: undefined }] : [];
  return (
    <Select<string>
      {...props}
      value={value}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={options.isFetching}
      placeholder={props.placeholder ?? t('contacts.customerPlaceholder')}
      notFoundContent={options.isFetching ? t('common.loading') : t('contacts.noCustomerFound')}
      onChange={(id) => {
        const c = items.find((x) => x.id === id);
        onChange?.(id, c ? { id: c.id, name: c.name } : undefined);
      }}
      options={[
        ...known,
        ...items.map((c) => ({
          value: c.id,
          label: c.name,
          customer: c,
        })),
      ]}
      optionRender={(o) => {
        const c = (o.data as { customer?: CustomerOption }).customer;
        return c ? (
          <span>
            {c.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.number} · {c.owner?.name ?? t('contacts.inPool')}
            </Typography.Text>
          </span>
        ) : (
          o.label
        );
      }}
    />
  );
}
