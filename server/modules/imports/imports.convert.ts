import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { MessageKey } from '../../../shared/i18n/messages.ts';
import { REGIONS, type Region } from '../../../shared/regions/index.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import { users } from '../users/users.schema.ts';
import type { Cell } from './imports.parse.ts';
import type { ImportField } from './imports.fields.ts';

/**
 * Cell to value conversions for imports: what people type in spreadsheets (labels instead of codes, Excel day
 * numbers, "是/否", region names, user names) becomes the stored form the shared schemas check. A conversion
 * that fails returns a message key; the row is then rejected with it.
 */

export type Converted<T> = { value: T } | { error: MessageKey; params?: Record<string, string | number> };
const ok = <T>(value: T): Converted<T> => ({ value });
const fail = (error: MessageKey, params?: Record<string, string | number>): Converted<never> => ({ error, params });

/** Folds a label or code for lookups: width, case and spaces do not matter. */
export const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

export function text(cell: Cell): string | null {
  if (cell === null) return null;
  // Excel stores long digit strings (phones) as numbers; print them without exponent or separators.
  const s = typeof cell === 'number' ? (Number.isInteger(cell) ? cell.toFixed(0) : String(cell)) : cell.trim();
  return s === '' ? null : s;
}

/** Lists in one cell: tags, multi-options, groups. */
export function list(cell: Cell): string[] {
  const s = text(cell);
  return s ? [...new Set(s.split(/[,，;；、|\n]/).map((x) => x.trim()).filter(Boolean))] : [];
}

export function integer(cell: Cell): Converted<number | null> {
  const s = text(cell);
  if (s === null) return ok(null);
  // Importance is often typed as stars.
  if (/^★+$/.test(s)) return ok(s.length);
  const n = Number(s);
  return Number.isInteger(n) ? ok(n) : fail('v.number');
}

const TRUE = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', 't', '对']);
const FALSE = new Set(['否', 'n', 'no', 'false', '0', '×', 'x', 'f', '不是']);

export function bool(cell: Cell): Converted<boolean | null> {
  const s = text(cell);
  if (s === null) return ok(null);
  const f = fold(s);
  if (TRUE.has(f)) return ok(true);
  if (FALSE.has(f)) return ok(false);
  return fail('v.bool');
}

export function enumValue(field: ImportField, cell: Cell): Converted<string | null> {
  const s = text(cell);
  if (s === null) return ok(null);
  const f = fold(s);
  for (const [code, words] of Object.entries(field.values ?? {})) if (fold(code) === f || words.some((w) => fold(w) === f)) return ok(code);
  return fail('v.unknownOption');
}

/* ---------- dates and times ---------- */

const offsetCache = new Map<string, number>();

/** The zone's offset from UTC (ms) at an instant, cached by hour: zones change offset on the hour. */
function zoneOffset(utcMs: number, tz: string): number {
  const key = `${tz}|${Math.floor(utcMs / 3_600_000)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(utcMs));
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** A wall-clock time in a zone (as if UTC fields) → the instant. */
function wallToInstant(wallMs: number, tz: string): Date {
  const first = wallMs - zoneOffset(wallMs, tz);
  return new Date(wallMs - zoneOffset(first, tz));
}

const WALL = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?)?$/;

function validWall(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number | null {
  const ms = Date.UTC(y, m - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

/** Excel's day number (days since 1899-12-30, or 1904-01-01) as wall-clock ms. */
function excelWall(serial: number, date1904: boolean): number {
  return Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000);
}

/** A time: ISO 8601 with an offset, a wall-clock time in the organisation's zone, or an Excel day number. */
export function dateTime(cell: Cell, tz: string, date1904: boolean): Converted<string | null> {
  if (cell === null) return ok(null);
  if (typeof cell === 'number') {
    if (!(cell > 0 && cell < 2_958_466)) return fail('v.dateTime');
    return ok(wallToInstant(excelWall(cell, date1904), tz).toISOString());
  }
  const s = cell.trim();
  if (s === '') return ok(null);
  const m = WALL.exec(s);
  if (m) {
    const wall = validWall(+m[1]!, +m[2]!, +m[3]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
    return wall === null ? fail('v.dateTime') : ok(wallToInstant(wall, tz).toISOString());
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return ok(new Date(t).toISOString());
  }
  return fail('v.dateTime');
}

/** A calendar date as YYYY-MM-DD. */
export function date(cell: Cell, date1904: boolean): Converted<string | null> {
  if (cell === null) return ok(null);
  if (typeof cell === 'number') {
    if (!(cell > 0 && cell < 2_958_466)) return fail('v.date');
    return ok(new Date(excelWall(Math.floor(cell), date1904)).toISOString().slice(0, 10));
  }
  const s = cell.trim();
  if (s === '') return ok(null);
  const m = WALL.exec(s);
  const wall = m && !m[4] ? validWall(+m[1]!, +m[2]!, +m[3]!) : null;
  return wall === null ? fail('v.date') : ok(new Date(wall).toISOString().slice(0, 10));
}

/* ---------- regions ---------- */

/** Names without their administrative suffix, so "广东" finds 广东省 and "深圳" finds 深圳市. */
function shortName(name: string): string {
  return name.replace(/(省|市|自治区|特别行政区|壮族|回族|维吾尔|地区|自治州|盟|自治县|县|区|旗)+$/u, '') || name;
}

function findByName(nodes: readonly Region[] | undefined, name: string): Region | undefined {
  if (!nodes) return undefined;
  const f = fold(name);
  return nodes.find((n) => fold(n.name) === f) ?? nodes.find((n) => fold(shortName(n.name)) === fold(shortName(name)));
}

export interface RegionValue {
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
}
export type RegionError = { field: 'province' | 'city' | 'district'; error: MessageKey };

/**
 * Region names to codes. The city may be left out for municipalities (上海市 浦东新区) and wherever the district
 * name is unique within the province; "市辖区", the placeholder some lists use as the city of a municipality,
 * means the province's one city.
 */
export function resolveRegion(province: string | null, city: string | null, district: string | null): RegionValue | RegionError {
  const out: RegionValue = { provinceCode: null, cityCode: null, districtCode: null };
  if (!province && !city && !district) return out;
  const p = province ? findByName(REGIONS, province) : undefined;
  if (!p) return { field: province ? 'province' : city ? 'city' : 'district', error: province ? 'v.regionName' : 'v.required' };
  out.provinceCode = p.code;
  let c: Region | undefined;
  if (city && !/^(市辖区|县|省直辖县级行政区划)$/.test(city)) {
    c = findByName(p.children, city);
    if (!c) return { field: 'city', error: 'v.regionName' };
  } else if (p.children?.length === 1) {
    c = p.children[0];
  }
  if (district) {
    const candidates = c ? [c] : (p.children ?? []);
    const hits = candidates.flatMap((cc) => {
      const d = findByName(cc.children, district);
      return d ? [{ city: cc, district: d }] : [];
    });
    if (hits.length !== 1) return { field: 'district', error: 'v.regionName' };
    c = hits[0]!.city;
    out.districtCode = hits[0]!.district.code;
  }
  out.cityCode = c?.code ?? null;
  return out;
}

/** One cell naming a region: "广东省 深圳市 南山区", "广东省/深圳市/南山区", "上海 浦东新区". */
export function resolveRegionText(value: string | null): RegionValue | RegionError {
  const parts = value ? value.split(/[\s/\\,，、\-—]+/).filter(Boolean) : [];
  if (parts.length > 3) return { field: 'province', error: 'v.regionName' };
  if (parts.length < 3) {
    const asCity = resolveRegion(parts[0] ?? null, parts[1] ?? null, null);
    if (!('field' in asCity) || parts.length < 2) return asCity;
    return resolveRegion(parts[0]!, null, parts[1]!);
  }
  return resolveRegion(parts[0]!, parts[1]!, parts[2]!);
}

/* ---------- organisation data: dictionaries and users ---------- */

export class DictLookup {
  private readonly byType = new Map<string, Map<string, string>>();
  readonly labels = new Map<string, { code: string; zh: string; en: string }[]>();

  static async load(tx: Tx, orgId: string, types: string[]): Promise<DictLookup> {
    const d = new DictLookup();
    if (!types.length) return d;
    const rows = await tx
      .select({ type: dictItems.dictType, code: dictItems.code, zh: dictItems.labelZh, en: dictItems.labelEn })
      .from(dictItems)
      .where(and(eq(dictItems.orgId, orgId), eq(dictItems.enabled, true), sql`${dictItems.dictType} = any(${`{${types.join(',')}}`}::text[])`))
      .orderBy(dictItems.dictType, dictItems.sort);
    for (const r of rows) {
      let m = d.byType.get(r.type);
      if (!m) d.byType.set(r.type, (m = new Map()));
      // Codes first: a label that happens to equal another item's code does not shadow it.
      m.set(fold(r.code), r.code);
      d.labels.set(r.type, [...(d.labels.get(r.type) ?? []), { code: r.code, zh: r.zh, en: r.en }]);
    }
    for (const r of rows) {
      const m = d.byType.get(r.type)!;
      for (const l of [r.zh, r.en]) if (!m.has(fold(l))) m.set(fold(l), r.code);
    }
    return d;
  }

  /** An enabled item's code from its code or either label. */
  code(type: string, cell: Cell): Converted<string | null> {
    const s = text(cell);
    if (s === null) return ok(null);
    const code = this.byType.get(type)?.get(fold(s));
    return code ? ok(code) : fail('v.unknownOption');
  }
}

export class UserLookup {
  private readonly byUsername = new Map<string, string>();
  private readonly byName = new Map<string, string | null>();
  readonly usernames = new Map<string, string>();

  /** The organisation's active users: an import names owners and authors by username or name. */
  static async load(tx: Tx, orgId: string): Promise<UserLookup> {
    const u = new UserLookup();
    const rows = await tx.select({ id: users.id, username: users.username, name: users.name }).from(users).where(and(eq(users.orgId, orgId), eq(users.status, 'active')));
    for (const r of rows) {
      u.byUsername.set(r.username.toLowerCase(), r.id);
      u.usernames.set(r.id, r.username);
      const n = fold(r.name);
      // A name two people share identifies nobody.
      u.byName.set(n, u.byName.has(n) ? null : r.id);
    }
    return u;
  }

  id(cell: Cell): Converted<string | null> {
    const s = text(cell);
    if (s === null) return ok(null);
    const byUsername = this.byUsername.get(s.toLowerCase());
    if (byUsername) return ok(byUsername);
    const byName = this.byName.get(fold(s));
    if (byName) return ok(byName);
    return fail(byName === null ? 'v.userAmbiguous' : 'v.userUnknown');
  }
}

/* ---------- custom fields ---------- */

/**
 * A custom field's cell in the form `checkCustomValues` takes: option labels become values, lists split, users
 * and dates resolved. The shared check then validates it like any form's value.
 */
export function customCell(field: ImportField, cell: Cell, ctx: { users: UserLookup; date1904: boolean }): Converted<unknown> {
  const def = field.custom!;
  if (cell === null || cell === '') return ok(null);
  const options = def.options as { value: string; labelZh?: string; labelEn?: string }[];
  const option = (s: string) => {
    const f = fold(s);
    return options.find((o) => fold(o.value) === f || (o.labelZh && fold(o.labelZh) === f) || (o.labelEn && fold(o.labelEn) === f))?.value ?? s;
  };
  let raw: unknown;
  switch (def.type) {
    case 'option':
      raw = option(text(cell)!);
      break;
    case 'multi_option':
      raw = list(cell).map(option);
      break;
    case 'user': {
      const r = ctx.users.id(cell);
      if ('error' in r) return r;
      raw = r.value;
      break;
    }
    case 'date': {
      const r = date(cell, ctx.date1904);
      if ('error' in r) return fail('v.customDate');
      raw = r.value;
      break;
    }
    case 'number':
    case 'money':
      raw = typeof cell === 'number' ? cell : text(cell)!.replace(/[,，¥￥\s]/g, '');
      break;
    default:
      raw = text(cell);
  }
  return ok(raw);
}
