import { Cascader, type CascaderProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { REGIONS, type Region } from '../../../shared/regions/index.ts';

export interface RegionValue {
  provinceCode?: string | null;
  cityCode?: string | null;
  districtCode?: string | null;
}

const toPath = (v: RegionValue | undefined) => [v?.provinceCode, v?.cityCode, v?.districtCode].filter((c): c is string => Boolean(c));

/**
 * Province → city → district from the national region tree (shared/regions, the same codes the server checks).
 * Any level may be the last one chosen, so a filter can name a whole province and a form can stop at a city.
 */
export function RegionCascader({ value, onChange, ...props }: Omit<CascaderProps<Region>, 'value' | 'onChange' | 'options' | 'multiple'> & {
  value?: RegionValue;
  onChange?: (v: RegionValue) => void;
}) {
  const { t } = useTranslation();
  return (
    <Cascader<Region>
      {...props}
      options={REGIONS}
      fieldNames={{ label: 'name', value: 'code', children: 'children' }}
      value={toPath(value)}
      changeOnSelect
      showSearch={{ filter: (input, path) => path.some((r) => r.name.includes(input)) }}
      placeholder={props.placeholder ?? t('views.regionPlaceholder')}
      onChange={(path) => {
        const [provinceCode, cityCode, districtCode] = (path ?? []) as string[];
        onChange?.({ provinceCode: provinceCode ?? null, cityCode: cityCode ?? null, districtCode: districtCode ?? null });
      }}
    />
  );
}
