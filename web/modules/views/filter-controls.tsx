import { DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { regionLabel } from '../../../shared/regions/index.ts';
import type { Filters } from './list-state.ts';
import type { FilterDef, ListField } from './list-fields.ts';
import { RegionCascader } from './region-cascader.tsx';
import { userName, UserSelect } from './user-select.tsx';

const split = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);
const join = (v: readonly string[] | undefined) => (v?.length ? v.join(',') : '');

/** The control for one field's filter, reading and writing the list's query parameters directly. */
export function FilterControl({ def, label, filters, onChange, style, draft }: {
  def: FilterDef;
  label: string;
  filters: Filters;
  onChange: (patch: Filters) => void;
  style?: React.CSSProperties;
  /** In a form that applies on its own button: text is taken as typed, not on Enter. */
  draft?: boolean;
}) {
  const { t } = useTranslation();
  const common = { 'aria-label': label, style: { width: '100%', ...style } };
  switch (def.kind) {
    case 'text':
      if (draft) {
        return <Input allowClear placeholder={def.placeholder ?? label} value={filters[def.param]} onChange={(e) => onChange({ [def.param]: e.target.value })} {...common} />;
      }
      return (
        <Input.Search
          // Remounted when the value changes from outside (a view, a reset), so the box shows the filter in effect.
          key={filters[def.param] ?? ''}
          defaultValue={filters[def.param]}
          placeholder={def.placeholder ?? label}
          allowClear
          onSearch={(v) => onChange({ [def.param]: v.trim() })}
          {...common}
        />
      );
    case 'select':
      return (
        <Select<string | string[]>
          mode={def.multiple === false ? undefined : 'multiple'}
          maxTagCount="responsive"
          allowClear
          placeholder={label}
          value={def.multiple === false ? filters[def.param] || undefined : split(filters[def.param])}
          onChange={(v) => onChange({ [def.param]: Array.isArray(v) ? join(v) : (v ?? '') })}
          options={def.options}
          showSearch={{ optionFilterProp: 'label' }}
          {...common}
        />
      );
    case 'tags':
      return (
        <Select<string[]>
          mode="tags"
          maxTagCount="responsive"
          allowClear
          placeholder={label}
          value={split(filters[def.param])}
          onChange={(v) => onChange({ [def.param]: join(v.map((x) => x.replace(/,/g, ' ').trim()).filter(Boolean)) })}
          open={false}
          suffixIcon={null}
          {...common}
        />
      );
    case 'users':
      return (
        <UserSelect
          multiple
          allowClear
          maxTagCount="responsive"
          placeholder={label}
          value={split(filters[def.param])}
          onChange={(v) => onChange({ [def.param]: join(v as string[]) })}
          {...common}
        />
      );
    case 'region':
      return (
        <RegionCascader
          allowClear
          value={{ provinceCode: filters[def.province], cityCode: filters[def.city], districtCode: filters[def.district] }}
          onChange={(v) => onChange({ [def.province]: v.provinceCode ?? '', [def.city]: v.cityCode ?? '', [def.district]: v.districtCode ?? '' })}
          {...common}
        />
      );
    case 'numberRange':
      return (
        <Space.Compact style={{ width: '100%' }}>
          {([def.from, def.to] as const).map((param, i) => (
            <InputNumber<number>
              key={param}
              min={def.min}
              max={def.max}
              step={def.step}
              placeholder={i === 0 ? t('views.min') : t('views.max')}
              aria-label={`${label} ${i === 0 ? t('views.min') : t('views.max')}`}
              value={filters[param] !== undefined && filters[param] !== '' ? Number(filters[param]) : null}
              onChange={(v) => onChange({ [param]: v === null || v === undefined ? '' : String(v) })}
              style={{ width: '50%' }}
            />
          ))}
        </Space.Compact>
      );
    case 'dateRange':
    case 'dayRange': {
      const read = (v: string | undefined) => (v ? dayjs(v) : null);
      const write = (d: Dayjs | null, end: boolean) => {
        if (!d) return '';
        if (def.kind === 'dayRange') return d.format('YYYY-MM-DD');
        return (end ? d.endOf('day') : d.startOf('day')).toISOString();
      };
      return (
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[read(filters[def.from]), read(filters[def.to])]}
          onChange={(range) => onChange({ [def.from]: write(range?.[0] ?? null, false), [def.to]: write(range?.[1] ?? null, true) })}
          {...common}
        />
      );
    }
  }
}

/** A short reading of one field's filter for the chips above the list, or undefined when it is not set. */
export function describeFilter<Row>(field: ListField<Row>, filters: Filters, t: (k: string) => string): string | undefined {
  const def = field.filter;
  if (!def) return undefined;
  const range = (a?: string, b?: string) => (a || b ? `${a || '…'} ~ ${b || '…'}` : undefined);
  const day = (v?: string) => (v ? dayjs(v).format('YYYY-MM-DD') : undefined);
  switch (def.kind) {
    case 'text':
    case 'tags':
      return filters[def.param] || undefined;
    case 'select': {
      const values = split(filters[def.param]);
      return values.length ? values.map((v) => def.options.find((o) => o.value === v)?.label ?? v).join('、') : undefined;
    }
    case 'users': {
      const ids = split(filters[def.param]);
      return ids.length ? ids.map((id) => userName(id) ?? t('views.someone')).join('、') : undefined;
    }
    case 'region':
      return filters[def.province] ? regionLabel(filters[def.province], filters[def.city], filters[def.district]) : undefined;
    case 'numberRange':
      return range(filters[def.from], filters[def.to]);
    case 'dateRange':
    case 'dayRange':
      return range(day(filters[def.from]), day(filters[def.to]));
  }
}
