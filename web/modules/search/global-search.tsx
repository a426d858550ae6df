import { useEffect, useMemo, useState } from 'react';
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Flex, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchContactHit, SearchCustomerHit } from '../../../shared/validation/search.ts';
import { useCan } from '../../lib/session.ts';
import { searchable, useGlobalSearch } from './search.api.ts';

const HIT_VALUE = /^(customer|contact):[0-9a-f-]{36}/;

/** Marks the query where it appears literally in a name (a Chinese substring); pinyin hits show plain. */
function Highlighted({ text, query }: { text: string; query: string }) {
  const q = query.trim();
  const at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <Typography.Text mark>{text.slice(at, at + q.length)}</Typography.Text>
      {text.slice(at + q.length)}
    </>
  );
}

function CustomerOption({ hit, query }: { hit: SearchCustomerHit; query: string }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" gap={8} data-testid="search-customer">
      <Typography.Text ellipsis>
        <Highlighted text={hit.name} query={query} />
        {hit.pending && (
          <Tag color="orange" style={{ marginInlineStart: 6 }}>
            {t('search.pending')}
          </Tag>
        )}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ flex: 'none' }}>
        {hit.owner ? hit.owner.name : t('search.pool')}
      </Typography.Text>
    </Flex>
  );
}

function ContactOption({ hit, query }: { hit: SearchContactHit; query: string }) {
  return (
    <Flex justify="space-between" gap={8} data-testid="search-contact">
      <Typography.Text ellipsis>
        <Highlighted text={hit.name} query={query} />
        {hit.mobile && <Typography.Text type="secondary"> · {hit.mobile}</Typography.Text>}
      </Typography.Text>
      <Typography.Text type="secondary" ellipsis style={{ maxWidth: '50%' }}>
        {hit.customer.name}
      </Typography.Text>
    </Flex>
  );
}

/**
 * The top-bar search (UI-04, CUS-03): customers and contacts by name, pinyin, initials, phone or e-mail, grouped,
 * each customer with its owner. Arrow keys move through the hits and Enter opens the highlighted one.
 */
export function GlobalSearch({ style }: { style?: React.CSSProperties }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  // One request per pause in typing, not one per key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const result = useGlobalSearch(q);
  const ready = searchable(q) && result.data !== undefined;

  const options = useMemo(() => {
    if (!ready || !result.data) return [];
    const groups = [];
    if (result.data.customers.length) {
      groups.push({
        label: t('search.customers'),
        options: result.data.customers.map((hit) => ({ value: `customer:${hit.id}`, label: <CustomerOption hit={hit} query={q} /> })),
      });
    }
    if (result.data.contacts.length) {
      groups.push({
        label: t('search.contacts'),
        options: result.data.contacts.map((hit) => ({ value: `contact:${hit.customer.id}:${hit.id}`, label: <ContactOption hit={hit} query={q} /> })),
      });
    }
    return groups;
  }, [ready, result.data, q, t]);

  if (!can('customer:view') && !can('contact:view')) return null;

  const openHit = (value: string) => {
    const [kind, customerId] = value.split(':');
    setText('');
    setOpen(false);
    void navigate(kind === 'customer' ? `/customers/${customerId}` : `/customers/${customerId}?tab=contacts`);
  };

  // The header's line height would otherwise stretch the box to the bar's full height.
  return (
    <div style={{ lineHeight: 'normal', ...style }}>
      <AutoComplete
        value={text}
        options={options}
        onChange={(v: string) => {
          // Picking a hit sets its value as the text; that is a navigation, not a new query.
          if (HIT_VALUE.test(v)) return;
          setText(v);
          // The drop-down closes itself while it has nothing to show; typing opens it again.
          setOpen(true);
        }}
        onSelect={openHit}
        // Open while the box has the focus and a query worth running: the select's own open state would close
        // for good while the first answer is still on its way.
        open={open && searchable(text)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onInputKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
        // The first hit is highlighted, so Enter right after typing opens the best match.
        defaultActiveFirstOption
        popupMatchSelectWidth={400}
        notFoundContent={ready ? t('search.noResults') : result.isFetching ? t('common.loading') : null}
        style={{ width: '100%' }}
        data-testid="global-search"
      >
        <Input prefix={<SearchOutlined />} placeholder={t('search.placeholder')} aria-label={t('common.search')} allowClear />
      </AutoComplete>
    </div>
  );
}
