import { Space, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { regionLabel } from '../../../shared/regions/index.ts';
import { CUSTOMER_CHANNELS, CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../../../shared/validation/customers.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { FilterDef, ListField } from '../views/list-fields.ts';
import { userName } from '../views/user-select.tsx';
import { fieldLabel, optionLabel, type CustomField, type Customer } from './customers.api.ts';
import { dictLabel, type DictOption } from './dict-options.ts';

export const STATUS_COLORS: Record<string, string> = { potential: 'default', formal: 'blue', signed: 'green', abandoned: 'default' };
const MAX_TAGS = 3;

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

export function TagList({ tags }: { tags: string[] }) {
  if (!tags.length) return <>—</>;
  return (
    <Space size={[0, 4]} wrap>
      {tags.slice(0, MAX_TAGS).map((tag) => (
        <Tag key={tag}>{tag}</Tag>
      ))}
      {tags.length > MAX_TAGS && (
        <Tooltip title={tags.slice(MAX_TAGS).join('、')}>
          <Tag>+{tags.length - MAX_TAGS}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** A stored custom value as text: option labels, user names, numbers and dates as they are. */
export function customValueText(def: CustomField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  const label = (v: unknown) => {
    const o = def.options.find((x) => x.value === v);
    return o ? optionLabel(o) : String(v);
  };
  switch (def.type) {
    case 'option':
      return label(value);
    case 'multi_option':
      return Array.isArray(value) ? value.map(label).join('、') : String(value);
    case 'user':
      return userName(String(value)) ?? '…';
    case 'money':
      // A decimal string of numeric(18,2): grouped as text, since a JS number would round large amounts.
      return String(value).replace(/^(-?\d+)/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    default:
      return String(value);
  }
}

function customFilter(def: CustomField): FilterDef | undefined {
  const p = `cf.${def.key}`;
  switch (def.type) {
    case 'text':
      return { kind: 'text', param: p };
    case 'number':
    case 'money':
      return { kind: 'numberRange', from: `${p}.gte`, to: `${p}.lte` };
    case 'date':
      return { kind: 'dayRange', from: `${p}.gte`, to: `${p}.lte` };
    case 'option':
    case 'multi_option':
      return { kind: 'select', param: p, options: def.options.map((o) => ({ value: o.value, label: optionLabel(o) })) };
    case 'user':
      return { kind: 'users', param: p };
  }
}

export interface FieldContext {
  t: TFunction;
  tz: string;
  industries: DictOption[];
  sources: DictOption[];
  levels: DictOption[];
  customFields: CustomField[];
}

/** Every field of the customer list: its column, its sort and its filter (issue §5: filter on every field). */
export function customerFields({ t, tz, industries, sources, levels, customFields }: FieldContext): ListField<Customer>[] {
  const f = (k: string) => t(`customers.fields.${k}`);
  const enumOptions = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const time = (v: string | null) => formatDateTime(v, tz);
  return [
    { key: 'q', title: f('q'), filter: { kind: 'text', param: 'q', placeholder: t('customers.keywordPlaceholder') }, quick: true },
    {
      key: 'name',
      title: f('name'),
      pinned: true,
      width: 220,
      sort: 'name',
      filter: { kind: 'text', param: 'name' },
      render: (c) => (
        <Space size={4}>
          <Link to={`/customers/${c.id}`}>{c.name}</Link>
          {c.approvalState !== 'active' && <Tag color={c.approvalState === 'pending' ? 'orange' : 'red'}>{t(`customers.approvalState.${c.approvalState}`)}</Tag>}
        </Space>
      ),
    },
    { key: 'number', title: f('number'), width: 150, sort: 'number', filter: { kind: 'text', param: 'number' }, defaultVisible: true, render: (c) => c.number },
    { key: 'englishName', title: f('englishName'), width: 180, render: (c) => dash(c.englishName) },
    {
      key: 'status',
      title: f('status'),
      width: 100,
      quick: true,
      defaultVisible: true,
      filter: { kind: 'select', param: 'status', options: enumOptions(CUSTOMER_STATUSES, 'customers.status') },
      render: (c) => <Tag color={STATUS_COLORS[c.status]}>{t(`customers.status.${c.status}`)}</Tag>,
    },
    {
      key: 'level',
      title: f('level'),
      width: 110,
      defaultVisible: true,
      filter: { kind: 'select', param: 'level', options: levels },
      render: (c) => {
        const o = levels.find((l) => l.value === c.level);
        return c.level ? <Tag color={o?.color ?? undefined}>{o?.label ?? c.level}</Tag> : '—';
      },
    },
    {
      key: 'owner',
      title: f('owner'),
      width: 110,
      quick: true,
      defaultVisible: true,
      filter: { kind: 'users', param: 'ownerIds' },
      render: (c) => (c.owner ? c.owner.name : <Typography.Text type="secondary">{t('customers.pool')}</Typography.Text>),
    },
    { key: 'tags', title: f('tags'), width: 200, defaultVisible: true, filter: { kind: 'tags', param: 'tags' }, render: (c) => <TagList tags={c.tags} /> },
    { key: 'phone', title: f('phone'), width: 140, defaultVisible: true, filter: { kind: 'text', param: 'phone' }, render: (c) => dash(c.phone) },
    { key: 'email', title: f('email'), width: 180, filter: { kind: 'text', param: 'email' }, render: (c) => dash(c.email) },
    {
      key: 'industry',
      title: f('industry'),
      width: 120,
      quick: true,
      filter: { kind: 'select', param: 'industry', options: industries },
      render: (c) => dash(dictLabel(industries, c.industry)),
    },
    { key: 'source', title: f('source'), width: 120, filter: { kind: 'select', param: 'source', options: sources }, render: (c) => dash(dictLabel(sources, c.source)) },
    { key: 'kind', title: f('kind'), width: 90, filter: { kind: 'select', param: 'kind', options: enumOptions(CUSTOMER_KINDS, 'customers.kind') }, render: (c) => t(`customers.kind.${c.kind}`) },
    {
      key: 'channel',
      title: f('channel'),
      width: 110,
      filter: { kind: 'select', param: 'channel', options: enumOptions(CUSTOMER_CHANNELS, 'customers.channel') },
      render: (c) => t(`customers.channel.${c.channel}`),
    },
    {
      key: 'importance',
      title: f('importance'),
      width: 100,
      filter: { kind: 'numberRange', from: 'importanceMin', to: 'importanceMax', min: 1, max: 5 },
      render: (c) => (c.importance ? '★'.repeat(c.importance) : '—'),
    },
    {
      key: 'region',
      title: f('region'),
      width: 180,
      defaultVisible: true,
      filter: { kind: 'region', province: 'provinceCode', city: 'cityCode', district: 'districtCode' },
      render: (c) => dash(regionLabel(c.provinceCode, c.cityCode, c.districtCode)),
    },
    { key: 'address', title: f('address'), width: 200, filter: { kind: 'text', param: 'address' }, render: (c) => dash(c.address) },
    { key: 'contact', title: f('contact'), filter: { kind: 'text', param: 'contact' } },
    { key: 'creditCode', title: f('creditCode'), width: 190, render: (c) => dash(c.creditCode) },
    { key: 'website', title: f('website'), width: 180, render: (c) => dash(c.website) },
    {
      key: 'lastFollowupAt',
      title: f('lastFollowupAt'),
      width: 150,
      defaultVisible: true,
      filter: { kind: 'dateRange', from: 'lastFollowupFrom', to: 'lastFollowupTo' },
      render: (c) => time(c.lastFollowupAt),
    },
    { key: 'lastFollowupContent', title: f('lastFollowupContent'), width: 220, render: (c) => dash(c.lastFollowupContent) },
    {
      key: 'nextContactAt',
      title: f('nextContactAt'),
      width: 150,
      filter: { kind: 'dateRange', from: 'nextContactFrom', to: 'nextContactTo' },
      render: (c) => time(c.nextContactAt),
    },
    {
      key: 'createdAt',
      title: f('createdAt'),
      width: 150,
      sort: 'createdAt',
      filter: { kind: 'dateRange', from: 'createdFrom', to: 'createdTo' },
      render: (c) => time(c.createdAt),
    },
    {
      key: 'updatedAt',
      title: f('updatedAt'),
      width: 150,
      sort: 'updatedAt',
      filter: { kind: 'dateRange', from: 'updatedFrom', to: 'updatedTo' },
      render: (c) => time(c.updatedAt),
    },
    ...customFields
      .filter((d) => d.enabled)
      .map<ListField<Customer>>((d) => ({
        key: `cf.${d.key}`,
        title: fieldLabel(d),
        width: 140,
        filter: customFilter(d),
        render: (c) => customValueText(d, c.custom[d.key]),
      })),
  ];
}
