import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { currentLocale } from '../../lib/i18n.ts';

export interface DictOption {
  value: string;
  label: string;
  color: string | null;
}

interface Item {
  code: string;
  labelZh: string;
  labelEn: string;
  color: string | null;
  enabled: boolean;
}

/**
 * One dictionary's enabled options (industry, source, level…), labelled in the current language. Cached under
 * ['dictionary'], which the dictionary page refreshes after every edit.
 */
export function useDictOptions(type: string) {
  const { data } = useQuery({
    queryKey: ['dictionary', 'options', type],
    queryFn: () => api.get<{ items: Item[] }>('/dictionary', { type }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
  const en = currentLocale() === 'en-US';
  return (data ?? []).map<DictOption>((i) => ({ value: i.code, label: en ? i.labelEn : i.labelZh, color: i.color }));
}

/** The label of a stored code; a code no longer in the dictionary shows as itself. */
export const dictLabel = (options: DictOption[], code: string | null | undefined) => (code ? (options.find((o) => o.value === code)?.label ?? code) : undefined);
