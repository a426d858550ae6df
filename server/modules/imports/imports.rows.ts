import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows, type Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import type { Actor } from '../../lib/context.ts';
import { translate, type Locale, type MessageKey } from '../../../shared/i18n/messages.ts';
import { contactCreate } from '../../../shared/validation/contacts.ts';
import { customerCreate } from '../../../shared/validation/customers.ts';
import { checkCustomValues, type CustomFieldDef } from '../../../shared/validation/customfields.ts';
import { followupCreate } from '../../../shared/validation/followups.ts';
import type { DuplicateMode, ImportRecordType } from '../../../shared/validation/imports.ts';
import { issueMessage } from '../../../shared/validation/issues.ts';
import { customerVisible, type CustomerAccess } from '../customers/customers.access.ts';
import { customerKeys, nameKey, phoneKey } from '../customers/customers.keys.ts';
import { nextCustomerNumbers } from '../customers/customers.rules.ts';
import { syncCustomerFollowupFacts } from '../followups/followups.service.ts';
import { normalizeSearch, searchKeys } from '../search/search.keys.ts';
import { bulkInsert, bulkUpdate, type BulkColumn } from './imports.bulk.ts';
import * as cv from './imports.convert.ts';
import { CONTACT_FIELDS, CUSTOMER_FIELDS, label, type ImportField } from './imports.fields.ts';
import type { Cell, Row } from './imports.parse.ts';

/**
 * Validation and writing of imported rows (IO-01), one record type at a time. Every row is checked before anything
 * is written: its cells are converted (labels to codes, names to ids), checked with the same shared schemas as the
 * forms, matched against the rest of the file and against the database (one query per chunk of rows, never one
 * per row), and either accepted, skipped as a duplicate, or rejected with its reasons in the user's language. Only
 * when no row is rejected does `write` put the accepted rows in, in set-based statements inside one transaction.
 */

export interface RowIn {
  line: number;
  cells: Row;
}

export interface Rejection {
  line: number;
  cells: Row;
  reasons: string[];
}

export interface RunContext {
  actor: Actor;
  acc: CustomerAccess;
  importId: string;
  mode: DuplicateMode;
  locale: Locale;
  timeZone: string;
  date1904: boolean;
  /** Mapped fields by key, with their column in the file. */
  columns: Map<string, { field: ImportField; index: number }>;
  customDefs: (CustomFieldDef & { labelZh: string; labelEn: string })[];
  dict: cv.DictLookup;
  users: cv.UserLookup;
  groups: Map<string, string>;
}

export interface WriteResult {
  created: number;
  updated: number;
}

export interface ImportRun {
  rejected: Rejection[];
  skipped: number;
  accepted: number;
  validateChunk(tx: Tx, rows: RowIn[]): Promise<void>;
  write(tx: Tx): Promise<WriteResult>;
}

/** A stale row: changed by someone between validation and writing. The import fails and may simply be run again. */
export class ImportConflict extends Error {}

/* ---------- shared row machinery ---------- */

type Errors = Map<string, string>;

class RowReader {
  readonly errors: Errors = new Map();
  constructor(
    private readonly ctx: RunContext,
    readonly row: RowIn,
  ) {}

  mapped(key: string): boolean {
    return this.ctx.columns.has(key);
  }

  cell(key: string): Cell {
    const c = this.ctx.columns.get(key);
    return c ? (this.row.cells[c.index] ?? null) : null;
  }

  /** Mapped and not empty: an update changes only such fields. */
  given(key: string): boolean {
    const v = this.cell(key);
    return v !== null && v !== '';
  }

  fail(key: string, error: MessageKey, params?: Record<string, string | number>) {
    if (!this.errors.has(key)) this.errors.set(key, translate(this.ctx.locale, error, params));
  }

  take<T>(key: string, r: cv.Converted<T>): T | null {
    if ('error' in r) {
      this.fail(key, r.error, r.params);
      return null;
    }
    return r.value;
  }

  text(key: string) {
    return cv.text(this.cell(key));
  }

  user(key: string) {
    return this.take(key, this.ctx.users.id(this.cell(key)));
  }

  dateTime(key: string) {
    return this.take(key, cv.dateTime(this.cell(key), this.ctx.timeZone, this.ctx.date1904));
  }

  /** Errors of a shared schema, on the import field each path belongs to. */
  zodErrors(error: z.ZodError, fieldOf: (path: string) => string | null) {
    for (const issue of error.issues) {
      const key = fieldOf(String(issue.path[0] ?? ''));
      if (key && !this.errors.has(key)) this.errors.set(key, issueMessage(issue, this.ctx.locale));
    }
  }
}

function reasons(ctx: RunContext, errors: Errors): string[] {
  const [colon] = ctx.locale === 'en-US' ? [': '] : ['：'];
  return [...errors].map(([key, message]) => {
    const f = ctx.columns.get(key)?.field;
    const name = f ? label(f.label, ctx.locale) : key.startsWith('custom.') ? customLabel(ctx, key) : key;
    return `${name}${colon}${message}`;
  });
}

function customLabel(ctx: RunContext, key: string) {
  const def = ctx.customDefs.find((d) => `custom.${d.key}` === key);
  return def ? (ctx.locale === 'en-US' ? def.labelEn : def.labelZh) : key;
}

/** Creator and times the file gives are kept; otherwise the importer and now. */
function provenance(r: RowReader, actor: Actor) {
  const createdBy = r.user('createdBy') ?? actor.userId;
  const createdAt = r.dateTime('createdAt');
  const updatedAt = r.dateTime('updatedAt');
  return { createdBy, createdAt, updatedAt };
}

type Provenance = ReturnType<typeof provenance>;

const uuids = (ids: Iterable<string>) => `{${[...new Set(ids)].join(',')}}`;
const texts = (values: Iterable<string>) => `{${[...new Set(values)].map((v) => `"${v.replace(/["\\]/g, (c) => '\\' + c)}"`).join(',')}}`;

const fieldOf = (fields: ImportField[], key: string) => fields.find((f) => f.key === key)!;

/** A valid uuid for a schema's required reference that the import resolves itself later. */
const PLACEHOLDER_ID = '00000000-0000-7000-8000-000000000000';

function customValues(r: RowReader, ctx: RunContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field } of ctx.columns.values()) {
    if (field.kind !== 'custom' || !r.given(field.key)) continue;
    const v = r.take(field.key, cv.customCell(field, r.cell(field.key), ctx));
    if (v !== null) out[field.custom!.key] = v;
  }
  return out;
}

function checkCustom(r: RowReader, ctx: RunContext, input: Record<string, unknown>, previous?: Record<string, unknown>) {
  const result = checkCustomValues(ctx.customDefs, input, previous);
  for (const [key, error] of Object.entries(result.errors)) r.fail(key, error as MessageKey);
  return result.values;
}

/* ---------- customers ---------- */

const CUSTOMER_FIELD_PATHS: Record<string, string> = { provinceCode: 'province', cityCode: 'city', districtCode: 'district' };
type CustomerInput = z.output<typeof customerCreate>;
const UPDATABLE = [
  'name',
  'englishName',
  'kind',
  'industry',
  'source',
  'importance',
  'level',
  'status',
  'tags',
  'phone',
  'email',
  'address',
  'creditCode',
  'website',
  'otherInfo',
] as const;

interface CustomerCandidate {
  r: RowReader;
  values: CustomerInput;
  custom: Record<string, unknown>;
  regionGiven: boolean;
  ownerId: string;
  prov: Provenance;
  nameKey: string;
  phoneKey: string | null;
}

interface ExistingCustomer {
  id: string;
  number: string;
  name: string;
  name_key: string;
  credit_code: string | null;
  phone_key: string | null;
  approval_state: string;
  pending_request_id: string | null;
  version: number;
  writable: boolean;
  row: Record<string, unknown>;
}

interface CustomerCreateRow {
  id: string;
  values: CustomerInput;
  custom: Record<string, unknown>;
  ownerId: string;
  prov: Provenance;
  keys: ReturnType<typeof customerKeys>;
}

interface CustomerUpdateRow {
  id: string;
  version: number;
  number: string;
  values: Record<string, unknown>;
}

/** Regions come from three columns or one; the one column's errors belong to it. */
function regionOf(r: RowReader): { provinceCode: string | null; cityCode: string | null; districtCode: string | null } | null {
  if (r.mapped('region') && r.given('region')) {
    const res = cv.resolveRegionText(r.text('region'));
    if ('field' in res) {
      r.fail('region', res.error);
      return null;
    }
    return res;
  }
  const res = cv.resolveRegion(r.text('province'), r.text('city'), r.text('district'));
  if ('field' in res) {
    r.fail(res.field, res.error);
    return null;
  }
  return res;
}

function customerRun(ctx: RunContext): ImportRun {
  const rejected: Rejection[] = [];
  const creates: CustomerCreateRow[] = [];
  const updates: CustomerUpdateRow[] = [];
  const seen = { name: new Map<string, number>(), credit: new Map<string, number>(), phone: new Map<string, number>(), existing: new Map<string, number>() };
  const run: ImportRun = { rejected, skipped: 0, accepted: 0, validateChunk, write };
  const mayAssign = ctx.actor.permissions.has('customer:assign');

  function convert(row: RowIn): CustomerCandidate | null {
    const r = new RowReader(ctx, row);
    const input: Record<string, unknown> = {
      name: r.text('name') ?? '',
      englishName: r.text('englishName'),
      kind: r.take('kind', cv.enumValue(fieldOf(CUSTOMER_FIELDS, 'kind'), r.cell('kind'))) ?? undefined,
      industry: r.take('industry', ctx.dict.code('industry', r.cell('industry'))),
      source: r.take('source', ctx.dict.code('customer_source', r.cell('source'))),
      importance: r.take('importance', cv.integer(r.cell('importance'))),
      level: r.take('level', ctx.dict.code('customer_level', r.cell('level'))),
      status: r.take('status', cv.enumValue(fieldOf(CUSTOMER_FIELDS, 'status'), r.cell('status'))) ?? undefined,
      tags: cv.list(r.cell('tags')),
      phone: r.text('phone'),
      email: r.text('email'),
      address: r.text('address'),
      creditCode: r.text('creditCode'),
      website: r.text('website'),
      otherInfo: r.text('otherInfo'),
      ...(regionOf(r) ?? {}),
      ownerId: null,
      relatedIds: [],
    };
    const custom = customValues(r, ctx);
    const owner = r.user('owner') ?? ctx.actor.userId;
    if (owner !== ctx.actor.userId && !mayAssign) r.fail('owner', 'v.ownerNeedsAssign');
    const prov = provenance(r, ctx.actor);
    const parsed = customerCreate.safeParse(input);
    if (!parsed.success) {
      r.zodErrors(parsed.error, (path) => {
        if (path === 'custom' || path === 'ownerId' || path === 'relatedIds') return null;
        const key = CUSTOMER_FIELD_PATHS[path] ?? path;
        return r.mapped(key) ? key : r.mapped('region') && CUSTOMER_FIELD_PATHS[path] ? 'region' : key;
      });
    }
    if (r.errors.size || !parsed.success) {
      rejected.push({ line: row.line, cells: row.cells, reasons: reasons(ctx, r.errors) });
      return null;
    }
    const values = parsed.data;
    return {
      r,
      values,
      custom,
      regionGiven: ['province', 'city', 'district', 'region'].some((k) => r.given(k)),
      ownerId: owner,
      prov,
      nameKey: nameKey(values.name),
      phoneKey: phoneKey(values.phone),
    };
  }

  async function existingFor(tx: Tx, cands: CustomerCandidate[]): Promise<ExistingCustomer[]> {
    if (!cands.length) return [];
    const names = cands.map((c) => c.nameKey);
    const credits = cands.flatMap((c) => (c.values.creditCode ? [c.values.creditCode] : []));
    const phones = ctx.mode === 'create' ? [] : cands.flatMap((c) => (c.phoneKey ? [c.phoneKey] : []));
    return queryRows<ExistingCustomer>(
      tx,
      sql`select customers.id, customers.number, customers.name, customers.name_key, customers.credit_code, customers.phone_key, customers.approval_state, customers.pending_request_id, customers.version,
                 coalesce(${customerVisible(ctx.acc, 'write')}, false) as writable, to_jsonb(customers) as row
            from customers
           where customers.org_id = ${ctx.actor.orgId} and customers.deleted_at is null
             and (customers.name_key = any(${texts(names)}::text[]) or customers.credit_code = any(${texts(credits)}::text[]) or customers.phone_key = any(${texts(phones)}::text[]))`,
    );
  }

  function reject(c: CustomerCandidate, key: string, error: MessageKey, params?: Record<string, string | number>) {
    c.r.fail(key, error, params);
    rejected.push({ line: c.r.row.line, cells: c.r.row.cells, reasons: reasons(ctx, c.r.errors) });
  }

  async function validateChunk(tx: Tx, rows: RowIn[]) {
    const cands = rows.map(convert).filter((c): c is CustomerCandidate => c !== null);
    const existing = await existingFor(tx, cands);
    const byName = new Map(existing.map((e) => [e.name_key, e]));
    const byCredit = new Map(existing.filter((e) => e.credit_code).map((e) => [e.credit_code!, e]));
    const byPhone = new Map<string, ExistingCustomer[]>();
    for (const e of existing) if (e.phone_key) byPhone.set(e.phone_key, [...(byPhone.get(e.phone_key) ?? []), e]);

    for (const c of cands) {
      const line = c.r.row.line;
      const credit = c.values.creditCode;
      const nameDup = seen.name.get(c.nameKey);
      const creditDup = credit ? seen.credit.get(credit) : undefined;
      const phoneDup = ctx.mode !== 'create' && c.phoneKey ? seen.phone.get(c.phoneKey) : undefined;
      if (nameDup === undefined) seen.name.set(c.nameKey, line);
      if (credit && creditDup === undefined) seen.credit.set(credit, line);
      if (c.phoneKey && !seen.phone.has(c.phoneKey)) seen.phone.set(c.phoneKey, line);
      if (nameDup !== undefined || creditDup !== undefined || phoneDup !== undefined) {
        const [key, dupLine] = nameDup !== undefined ? ['name', nameDup] : creditDup !== undefined ? ['creditCode', creditDup] : ['phone', phoneDup!];
        reject(c, key, 'v.dupInFile', { line: dupLine });
        continue;
      }
      const unique = [byName.get(c.nameKey), c.values.creditCode ? byCredit.get(c.values.creditCode) : undefined].filter((e): e is ExistingCustomer => !!e);
      const phoneHits = ctx.mode === 'create' || !c.phoneKey ? [] : (byPhone.get(c.phoneKey) ?? []);
      const matches = [...new Map([...unique, ...phoneHits].map((e) => [e.id, e])).values()];
      if (!matches.length) {
        const custom = checkCustom(c.r, ctx, c.custom);
        if (c.r.errors.size) {
          rejected.push({ line, cells: c.r.row.cells, reasons: reasons(ctx, c.r.errors) });
          continue;
        }
        creates.push({ id: newId(), values: c.values, custom, ownerId: c.ownerId, prov: c.prov, keys: customerKeys({ ...c.values, number: '' }) });
        run.accepted++;
        continue;
      }
      if (ctx.mode === 'skip') {
        run.skipped++;
        continue;
      }
      if (ctx.mode === 'create') {
        // Names and credit codes are unique among living customers: such a row cannot be created next to its twin.
        const twin = unique[0]!;
        reject(c, byName.get(c.nameKey) ? 'name' : 'creditCode', 'v.dupExists', { name: twin.name });
        continue;
      }
      if (matches.length > 1) {
        reject(c, 'name', 'v.dupAmbiguous');
        continue;
      }
      const target = matches[0]!;
      const earlier = seen.existing.get(target.id);
      if (earlier !== undefined) {
        reject(c, 'name', 'v.dupInFile', { line: earlier });
        continue;
      }
      seen.existing.set(target.id, line);
      if (!target.writable) {
        reject(c, 'name', 'v.dupNotWritable', { name: target.name });
        continue;
      }
      if (target.approval_state !== 'active' || target.pending_request_id) {
        reject(c, 'name', 'v.dupPending', { name: target.name });
        continue;
      }
      const before = target.row as Record<string, unknown>;
      const merged: Record<string, unknown> = {};
      const column = (f: string) => f.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
      for (const f of UPDATABLE) merged[f] = c.r.given(f) ? c.values[f] : before[column(f)];
      if (c.regionGiven) Object.assign(merged, { provinceCode: c.values.provinceCode, cityCode: c.values.cityCode, districtCode: c.values.districtCode });
      else Object.assign(merged, { provinceCode: before.province_code, cityCode: before.city_code, districtCode: before.district_code });
      const previousCustom = (before.custom ?? {}) as Record<string, unknown>;
      merged.custom = checkCustom(c.r, ctx, { ...previousCustom, ...c.custom }, previousCustom);
      if (c.r.errors.size) {
        rejected.push({ line, cells: c.r.row.cells, reasons: reasons(ctx, c.r.errors) });
        continue;
      }
      merged.updatedAt = c.prov.updatedAt ?? new Date().toISOString();
      updates.push({ id: target.id, version: target.version, number: target.number, values: merged });
      run.accepted++;
    }
  }

  async function write(tx: Tx): Promise<WriteResult> {
    const { actor, importId } = ctx;
    const now = new Date().toISOString();
    if (creates.length) {
      const numbers = await nextCustomerNumbers(tx, actor.orgId, creates.length);
      const columns: BulkColumn[] = [
        ...col('org_id', 'uuid', 'id', 'uuid', 'number', 'text', 'name', 'text', 'name_key', 'text', 'english_name', 'text', 'kind', 'text'),
        ...col('industry', 'text', 'source', 'text', 'importance', 'smallint', 'level', 'text', 'status', 'text', 'tags', 'text[]', 'phone', 'text'),
        ...col('phone_key', 'text', 'email', 'text', 'province_code', 'text', 'city_code', 'text', 'district_code', 'text', 'address', 'text'),
        ...col('credit_code', 'text', 'website', 'text', 'other_info', 'text', 'custom', 'jsonb', 'owner_id', 'uuid', 'owner_since', 'timestamptz'),
        ...col('import_id', 'uuid', 'search_grams', 'text[]', 'search_text', 'text', 'created_by', 'uuid', 'created_at', 'timestamptz'),
        ...col('updated_by', 'uuid', 'updated_at', 'timestamptz'),
      ];
      const rows = creates.map((c, i) => {
        const v = c.values;
        const number = numbers[i]!;
        const createdAt = c.prov.createdAt ?? now;
        return [
          actor.orgId, c.id, number, v.name, c.keys.nameKey, v.englishName, v.kind,
          v.industry, v.source, v.importance, v.level, v.status, [...new Set(v.tags)], v.phone,
          c.keys.phoneKey, v.email, v.provinceCode, v.cityCode, v.districtCode, v.address,
          v.creditCode, v.website, v.otherInfo, c.custom, c.ownerId, now,
          // The number joins the search text here, once reserved; search matches fragments, so the order of parts is free.
          importId, c.keys.searchGrams, `${c.keys.searchText} ${normalizeSearch(number)}`, c.prov.createdBy, createdAt,
          c.prov.createdBy, c.prov.updatedAt ?? createdAt,
        ];
      });
      await bulkInsert(tx, 'customers', columns, rows);
    }
    if (updates.length) {
      await saveBefore(tx, ctx, 'customers', updates.map((u) => u.id));
      const columns: BulkColumn[] = [
        ...col('name', 'text', 'name_key', 'text', 'english_name', 'text', 'kind', 'text', 'industry', 'text', 'source', 'text'),
        ...col('importance', 'smallint', 'level', 'text', 'status', 'text', 'tags', 'text[]', 'phone', 'text', 'phone_key', 'text', 'email', 'text'),
        ...col('province_code', 'text', 'city_code', 'text', 'district_code', 'text', 'address', 'text', 'credit_code', 'text', 'website', 'text'),
        ...col('other_info', 'text', 'custom', 'jsonb', 'search_grams', 'text[]', 'search_text', 'text', 'updated_by', 'uuid'),
        ...col('updated_at', 'timestamptz', 'version', 'integer'),
      ];
      const rows = updates.map((u) => {
        const v = u.values as Record<string, never>;
        const keys = customerKeys({ name: v.name, englishName: v.englishName, number: u.number, phone: v.phone, email: v.email, address: v.address });
        return [
          u.id, u.version, v.name, keys.nameKey, v.englishName, v.kind, v.industry, v.source,
          v.importance, v.level, v.status, [...new Set(v.tags as string[])], v.phone, keys.phoneKey, v.email,
          v.provinceCode, v.cityCode, v.districtCode, v.address, v.creditCode, v.website,
          v.otherInfo, v.custom, keys.searchGrams, keys.searchText, actor.userId,
          v.updatedAt, u.version + 1,
        ];
      });
      if ((await bulkUpdate(tx, 'customers', actor.orgId, columns, rows)) !== updates.length) throw new ImportConflict();
    }
    return { created: creates.length, updated: updates.length };
  }

  return run;
}

/** Pairs of name and type as bulk columns, so the column lists above read as tables. */
function col(...pairs: string[]): BulkColumn[] {
  const out: BulkColumn[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push({ name: pairs[i]!, type: pairs[i + 1]! });
  return out;
}

/** The rows an update is about to change, whole, so that undo can put them back. */
async function saveBefore(tx: Tx, ctx: RunContext, table: 'customers' | 'contacts' | 'followups', ids: string[]) {
  for (let s = 0; s < ids.length; s += 5000) {
    await tx.execute(sql`insert into import_changes (org_id, import_id, record_id, before)
      select t.org_id, ${ctx.importId}::uuid, t.id, to_jsonb(t) from ${sql.identifier(table)} t
       where t.org_id = ${ctx.actor.orgId} and t.id = any(${uuids(ids.slice(s, s + 5000))}::uuid[])`);
  }
}

/* ---------- customers referenced by contacts and follow-ups ---------- */

interface CustomerRef {
  id: string;
  name: string;
  owner_id: string | null;
  approval_state: string;
  writable: boolean;
}

/**
 * Customers named by number or name in a chunk, among those the actor can see; remembered across chunks since
 * the same customers come back row after row.
 */
class CustomerRefs {
  private readonly cache = new Map<string, CustomerRef | null>();
  constructor(private readonly ctx: RunContext) {}

  private static key(v: string) {
    return nameKey(v);
  }

  async load(tx: Tx, values: string[]) {
    const wanted = [...new Set(values.map(CustomerRefs.key))].filter((k) => k && !this.cache.has(k));
    if (!wanted.length) return;
    const numbers = values.filter((v) => !this.cache.has(CustomerRefs.key(v))).map((v) => v.toUpperCase());
    const rows = await queryRows<CustomerRef & { number: string; name_key: string }>(
      tx,
      sql`select customers.id, customers.number, customers.name, customers.name_key, customers.owner_id, customers.approval_state, coalesce(${customerVisible(this.ctx.acc, 'write')}, false) as writable
            from customers
           where customers.org_id = ${this.ctx.actor.orgId} and ${customerVisible(this.ctx.acc, 'read')}
             and (customers.number = any(${texts(numbers)}::text[]) or customers.name_key = any(${texts(wanted)}::text[]))`,
    );
    for (const k of wanted) this.cache.set(k, null);
    for (const r of rows) {
      this.cache.set(CustomerRefs.key(r.number), r);
      this.cache.set(r.name_key, r);
    }
  }

  get(value: string): CustomerRef | null {
    return this.cache.get(CustomerRefs.key(value)) ?? null;
  }
}

/* ---------- contacts ---------- */

type ContactInput = z.output<typeof contactCreate>;
const CONTACT_UPDATABLE = ['name', 'gender', 'title', 'department', 'mobile', 'phone', 'email', 'wechat', 'birthday', 'isPrimary', 'notes', 'groupIds'] as const;
const CONTACT_FIELD_OF: Record<string, string> = { groupIds: 'groups', customerId: 'customer' };

interface ContactCandidate {
  r: RowReader;
  values: ContactInput;
  customerRef: string;
  prov: Provenance;
}

function contactRun(ctx: RunContext): ImportRun {
  const rejected: Rejection[] = [];
  const creates: { id: string; customer: CustomerRef; values: ContactInput; prov: Provenance }[] = [];
  const updates: { id: string; version: number; values: Record<string, unknown>; updatedAt: string }[] = [];
  const refs = new CustomerRefs(ctx);
  const seen = { name: new Map<string, number>(), mobile: new Map<string, number>(), existing: new Map<string, number>(), primary: new Map<string, number>() };
  const run: ImportRun = { rejected, skipped: 0, accepted: 0, validateChunk, write };

  function convert(row: RowIn): ContactCandidate | null {
    const r = new RowReader(ctx, row);
    const customerRef = r.text('customer');
    if (!customerRef) r.fail('customer', 'v.required');
    const groupIds: string[] = [];
    for (const g of cv.list(r.cell('groups'))) {
      const id = ctx.groups.get(cv.fold(g));
      if (id) groupIds.push(id);
      else r.fail('groups', 'v.groupUnknown');
    }
    const input = {
      customerId: PLACEHOLDER_ID,
      name: r.text('name') ?? '',
      gender: r.take('gender', cv.enumValue(fieldOf(CONTACT_FIELDS, 'gender'), r.cell('gender'))) ?? undefined,
      title: r.text('title'),
      department: r.text('department'),
      mobile: r.text('mobile'),
      phone: r.text('phone'),
      email: r.text('email'),
      wechat: r.text('wechat'),
      birthday: r.take('birthday', cv.date(r.cell('birthday'), ctx.date1904)),
      isPrimary: r.take('isPrimary', cv.bool(r.cell('isPrimary'))) ?? false,
      notes: r.text('notes'),
      groupIds,
    };
    const prov = provenance(r, ctx.actor);
    const parsed = contactCreate.safeParse(input);
    if (!parsed.success) r.zodErrors(parsed.error, (path) => CONTACT_FIELD_OF[path] ?? path);
    if (r.errors.size || !parsed.success) {
      rejected.push({ line: row.line, cells: row.cells, reasons: reasons(ctx, r.errors) });
      return null;
    }
    return { r, values: parsed.data, customerRef: customerRef!, prov };
  }

  function reject(c: ContactCandidate, key: string, error: MessageKey, params?: Record<string, string | number>) {
    c.r.fail(key, error, params);
    rejected.push({ line: c.r.row.line, cells: c.r.row.cells, reasons: reasons(ctx, c.r.errors) });
  }

  async function validateChunk(tx: Tx, rows: RowIn[]) {
    const cands = rows.map(convert).filter((c): c is ContactCandidate => c !== null);
    await refs.load(tx, cands.map((c) => c.customerRef));
    const customerIds = cands.flatMap((c) => refs.get(c.customerRef)?.id ?? []);
    const names = cands.map((c) => cv.fold(c.values.name));
    const mobiles = cands.flatMap((c) => (c.values.mobile ? [c.values.mobile] : []));
    const existing = customerIds.length
      ? await queryRows<{ id: string; customer_id: string; name: string; mobile: string | null; is_primary: boolean; version: number; row: Record<string, unknown> }>(
          tx,
          sql`select t.id, t.customer_id, t.name, t.mobile, t.is_primary, t.version, to_jsonb(t) as row from contacts t
               where t.org_id = ${ctx.actor.orgId} and t.deleted_at is null and t.customer_id = any(${uuids(customerIds)}::uuid[])
                 and (t.is_primary or lower(replace(t.name, ' ', '')) = any(${texts(names)}::text[]) or t.mobile = any(${texts(mobiles)}::text[]))`,
        )
      : [];
    const byName = new Map<string, typeof existing>();
    const byMobile = new Map<string, typeof existing>();
    const primaryOf = new Map<string, string>();
    for (const e of existing) {
      const nk = `${e.customer_id}|${cv.fold(e.name)}`;
      byName.set(nk, [...(byName.get(nk) ?? []), e]);
      if (e.mobile) byMobile.set(`${e.customer_id}|${e.mobile}`, [...(byMobile.get(`${e.customer_id}|${e.mobile}`) ?? []), e]);
      if (e.is_primary) primaryOf.set(e.customer_id, e.id);
    }

    for (const c of cands) {
      const line = c.r.row.line;
      const customer = refs.get(c.customerRef);
      if (!customer) {
        reject(c, 'customer', 'v.customerUnknown');
        continue;
      }
      if (!customer.writable) {
        reject(c, 'customer', 'v.customerNotWritable');
        continue;
      }
      const nameK = `${customer.id}|${cv.fold(c.values.name)}`;
      const mobileK = c.values.mobile ? `${customer.id}|${c.values.mobile}` : null;
      const dupLine = ctx.mode === 'create' ? undefined : (seen.name.get(nameK) ?? (mobileK ? seen.mobile.get(mobileK) : undefined));
      seen.name.set(nameK, seen.name.get(nameK) ?? line);
      if (mobileK) seen.mobile.set(mobileK, seen.mobile.get(mobileK) ?? line);
      if (dupLine !== undefined) {
        reject(c, seen.name.get(nameK) === dupLine ? 'name' : 'mobile', 'v.dupInFile', { line: dupLine });
        continue;
      }
      const matches = ctx.mode === 'create' ? [] : [...new Map([...(byName.get(nameK) ?? []), ...(mobileK ? (byMobile.get(mobileK) ?? []) : [])].map((e) => [e.id, e])).values()];
      if (matches.length && ctx.mode === 'skip') {
        run.skipped++;
        continue;
      }
      if (matches.length > 1) {
        reject(c, 'name', 'v.dupAmbiguous');
        continue;
      }
      const target = matches[0];
      if (target) {
        const earlier = seen.existing.get(target.id);
        if (earlier !== undefined) {
          reject(c, 'name', 'v.dupInFile', { line: earlier });
          continue;
        }
        seen.existing.set(target.id, line);
      }
      const primary = target && !c.r.given('isPrimary') ? Boolean(target.is_primary) : c.values.isPrimary;
      if (primary) {
        const holder = primaryOf.get(customer.id);
        const earlierPrimary = seen.primary.get(customer.id);
        if ((holder && holder !== target?.id) || earlierPrimary !== undefined) {
          reject(c, 'isPrimary', 'v.primaryTaken');
          continue;
        }
        seen.primary.set(customer.id, line);
      }
      if (!target) {
        creates.push({ id: newId(), customer, values: c.values, prov: c.prov });
      } else {
        const before = target.row;
        const merged: Record<string, unknown> = {};
        const column = (f: string) => (f === 'groupIds' ? 'group_ids' : f === 'isPrimary' ? 'is_primary' : f);
        for (const f of CONTACT_UPDATABLE) merged[f] = c.r.given(f === 'groupIds' ? 'groups' : f) ? c.values[f] : before[column(f)];
        updates.push({ id: target.id, version: target.version, values: merged, updatedAt: c.prov.updatedAt ?? new Date().toISOString() });
      }
      run.accepted++;
    }
  }

  async function write(tx: Tx): Promise<WriteResult> {
    const { actor, importId } = ctx;
    const now = new Date().toISOString();
    const columns = [
      ...col('org_id', 'uuid', 'id', 'uuid', 'customer_id', 'uuid', 'owner_id', 'uuid', 'name', 'text', 'gender', 'text', 'title', 'text'),
      ...col('department', 'text', 'mobile', 'text', 'phone', 'text', 'email', 'text', 'wechat', 'text', 'birthday', 'date', 'is_primary', 'boolean'),
      ...col('notes', 'text', 'group_ids', 'uuid[]', 'import_id', 'uuid', 'search_grams', 'text[]', 'search_text', 'text', 'created_by', 'uuid'),
      ...col('created_at', 'timestamptz', 'updated_by', 'uuid', 'updated_at', 'timestamptz'),
    ];
    await bulkInsert(
      tx,
      'contacts',
      columns,
      creates.map((c) => {
        const v = c.values;
        const keys = searchKeys(v.name, [v.mobile, v.phone, v.email, v.wechat]);
        const createdAt = c.prov.createdAt ?? now;
        return [
          actor.orgId, c.id, c.customer.id, c.customer.owner_id, v.name, v.gender, v.title,
          v.department, v.mobile, v.phone, v.email, v.wechat, v.birthday, v.isPrimary,
          v.notes, v.groupIds, importId, keys.searchGrams, keys.searchText, c.prov.createdBy,
          createdAt, c.prov.createdBy, c.prov.updatedAt ?? createdAt,
        ];
      }),
    );
    if (updates.length) {
      await saveBefore(tx, ctx, 'contacts', updates.map((u) => u.id));
      const updateColumns = [
        ...col('name', 'text', 'gender', 'text', 'title', 'text', 'department', 'text', 'mobile', 'text', 'phone', 'text', 'email', 'text'),
        ...col('wechat', 'text', 'birthday', 'date', 'is_primary', 'boolean', 'notes', 'text', 'group_ids', 'uuid[]', 'search_grams', 'text[]'),
        ...col('search_text', 'text', 'updated_by', 'uuid', 'updated_at', 'timestamptz', 'version', 'integer'),
      ];
      const rows = updates.map((u) => {
        const v = u.values as Record<string, never>;
        const keys = searchKeys(v.name, [v.mobile, v.phone, v.email, v.wechat]);
        return [
          u.id, u.version, v.name, v.gender, v.title, v.department, v.mobile, v.phone, v.email,
          v.wechat, v.birthday, v.isPrimary, v.notes, v.groupIds, keys.searchGrams,
          keys.searchText, actor.userId, u.updatedAt, u.version + 1,
        ];
      });
      if ((await bulkUpdate(tx, 'contacts', actor.orgId, updateColumns, rows)) !== updates.length) throw new ImportConflict();
    }
    return { created: creates.length, updated: updates.length };
  }

  return run;
}

/* ---------- follow-ups ---------- */

type FollowupInput = z.output<typeof followupCreate>;
const FOLLOWUP_FIELD_OF: Record<string, string> = { customerId: 'customer', contactId: 'contact' };

interface FollowupCandidate {
  r: RowReader;
  values: FollowupInput;
  customerRef: string;
  contactName: string | null;
  prov: Provenance;
}

function followupRun(ctx: RunContext): ImportRun {
  const rejected: Rejection[] = [];
  const creates: { id: string; customer: CustomerRef; contactId: string | null; values: FollowupInput; prov: Provenance }[] = [];
  const updates: {
    id: string;
    version: number;
    customerId: string;
    contactId: string | null;
    method: string;
    nextContactAt: string | null;
    remindedAt: string | null;
    updatedAt: string;
  }[] = [];
  const refs = new CustomerRefs(ctx);
  const seen = new Map<string, number>();
  const run: ImportRun = { rejected, skipped: 0, accepted: 0, validateChunk, write };

  function convert(row: RowIn): FollowupCandidate | null {
    const r = new RowReader(ctx, row);
    const customerRef = r.text('customer');
    if (!customerRef) r.fail('customer', 'v.required');
    const input = {
      customerId: PLACEHOLDER_ID,
      contactId: null,
      method: r.take('method', ctx.dict.code('followup_method', r.cell('method'))) ?? '',
      content: r.text('content') ?? '',
      occurredAt: r.dateTime('occurredAt') ?? '',
      nextContactAt: r.dateTime('nextContactAt'),
    };
    const prov = provenance(r, ctx.actor);
    const parsed = followupCreate.safeParse(input);
    if (!parsed.success) r.zodErrors(parsed.error, (path) => FOLLOWUP_FIELD_OF[path] ?? path);
    if (r.errors.size || !parsed.success) {
      rejected.push({ line: row.line, cells: row.cells, reasons: reasons(ctx, r.errors) });
      return null;
    }
    return { r, values: parsed.data, customerRef: customerRef!, contactName: r.text('contact'), prov };
  }

  async function validateChunk(tx: Tx, rows: RowIn[]) {
    const cands = rows.map(convert).filter((c): c is FollowupCandidate => c !== null);
    await refs.load(tx, cands.map((c) => c.customerRef));
    const customerIds = [...new Set(cands.flatMap((c) => refs.get(c.customerRef)?.id ?? []))];
    const contactNames = cands.flatMap((c) => (c.contactName ? [cv.fold(c.contactName)] : []));
    const contacts = customerIds.length && contactNames.length
      ? await queryRows<{ id: string; customer_id: string; name: string }>(
          tx,
          sql`select id, customer_id, name from contacts
               where org_id = ${ctx.actor.orgId} and deleted_at is null and customer_id = any(${uuids(customerIds)}::uuid[])
                 and lower(replace(name, ' ', '')) = any(${texts(contactNames)}::text[])`,
        )
      : [];
    const contactsByKey = new Map<string, string[]>();
    for (const c of contacts) contactsByKey.set(`${c.customer_id}|${cv.fold(c.name)}`, [...(contactsByKey.get(`${c.customer_id}|${cv.fold(c.name)}`) ?? []), c.id]);
    const times = cands.map((c) => c.values.occurredAt);
    const existing = customerIds.length && ctx.mode !== 'create'
      ? await queryRows<{ id: string; customer_id: string; occurred_at: string; content: string; version: number; contact_id: string | null; next_contact_at: string | null; reminded_at: string | null }>(
          tx,
          sql`select id, customer_id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, content, version,
                     contact_id, next_contact_at::text, reminded_at::text
                from followups
               where org_id = ${ctx.actor.orgId} and deleted_at is null and customer_id = any(${uuids(customerIds)}::uuid[])
                 and occurred_at = any(${`{${[...new Set(times)].join(',')}}`}::timestamptz[])`,
        )
      : [];
    const byKey = new Map<string, typeof existing>();
    for (const e of existing) {
      const k = `${e.customer_id}|${e.occurred_at}|${e.content}`;
      byKey.set(k, [...(byKey.get(k) ?? []), e]);
    }

    for (const c of cands) {
      const line = c.r.row.line;
      const reject = (key: string, error: MessageKey, params?: Record<string, string | number>) => {
        c.r.fail(key, error, params);
        rejected.push({ line, cells: c.r.row.cells, reasons: reasons(ctx, c.r.errors) });
      };
      const customer = refs.get(c.customerRef);
      if (!customer) {
        reject('customer', 'v.customerUnknown');
        continue;
      }
      // As when logging one by hand: on a customer one can write, or read and that has an owner (pool customers are claimed first).
      if (!customer.writable && !(customer.owner_id && customer.approval_state === 'active')) {
        reject('customer', 'v.customerNoFollowup');
        continue;
      }
      let contactId: string | null = null;
      if (c.contactName) {
        const hits = contactsByKey.get(`${customer.id}|${cv.fold(c.contactName)}`) ?? [];
        if (hits.length !== 1) {
          reject('contact', hits.length ? 'v.contactAmbiguous' : 'v.contactUnknown');
          continue;
        }
        contactId = hits[0]!;
      }
      const occurred = new Date(c.values.occurredAt).toISOString();
      const key = `${customer.id}|${occurred}|${c.values.content}`;
      if (ctx.mode !== 'create') {
        const dupLine = seen.get(key);
        if (dupLine !== undefined) {
          reject('occurredAt', 'v.dupInFile', { line: dupLine });
          continue;
        }
        seen.set(key, line);
      }
      const matches = byKey.get(key) ?? [];
      if (matches.length && ctx.mode === 'skip') {
        run.skipped++;
        continue;
      }
      if (matches.length > 1) {
        reject('occurredAt', 'v.dupAmbiguous');
        continue;
      }
      const target = matches[0];
      if (target) {
        if (!customer.writable) {
          reject('customer', 'v.dupNotWritable', { name: customer.name });
          continue;
        }
        const next = c.r.given('nextContactAt') ? c.values.nextContactAt : target.next_contact_at && new Date(target.next_contact_at).toISOString();
        const rescheduled = (next ?? null) !== (target.next_contact_at && new Date(target.next_contact_at).toISOString());
        updates.push({
          id: target.id,
          version: target.version,
          customerId: customer.id,
          contactId: c.r.given('contact') ? contactId : target.contact_id,
          method: c.values.method,
          nextContactAt: next ?? null,
          remindedAt: rescheduled ? remindedFor(next ?? null) : target.reminded_at,
          updatedAt: c.prov.updatedAt ?? new Date().toISOString(),
        });
      } else {
        creates.push({ id: newId(), customer, contactId, values: c.values, prov: c.prov });
      }
      run.accepted++;
    }
  }

  async function write(tx: Tx): Promise<WriteResult> {
    const { actor, importId } = ctx;
    const now = new Date();
    const columns = [
      ...col('org_id', 'uuid', 'id', 'uuid', 'customer_id', 'uuid', 'contact_id', 'uuid', 'owner_id', 'uuid', 'method', 'text', 'content', 'text'),
      ...col('occurred_at', 'timestamptz', 'next_contact_at', 'timestamptz', 'reminded_at', 'timestamptz', 'import_id', 'uuid', 'created_by', 'uuid'),
      ...col('created_at', 'timestamptz', 'updated_by', 'uuid', 'updated_at', 'timestamptz'),
    ];
    await bulkInsert(
      tx,
      'followups',
      columns,
      creates.map((c) => {
        const v = c.values;
        const createdAt = c.prov.createdAt ?? now.toISOString();
        const reminded = remindedFor(v.nextContactAt);
        return [
          actor.orgId, c.id, c.customer.id, c.contactId, c.customer.owner_id, v.method, v.content,
          v.occurredAt, v.nextContactAt, reminded, importId, c.prov.createdBy,
          createdAt, c.prov.createdBy, c.prov.updatedAt ?? createdAt,
        ];
      }),
    );
    if (updates.length) {
      await saveBefore(tx, ctx, 'followups', updates.map((u) => u.id));
      const updateColumns = col(
        ...['contact_id', 'uuid', 'method', 'text', 'next_contact_at', 'timestamptz', 'reminded_at', 'timestamptz'],
        ...['updated_by', 'uuid', 'updated_at', 'timestamptz', 'version', 'integer'],
      );
      const rows = updates.map((u) => [u.id, u.version, u.contactId, u.method, u.nextContactAt, u.remindedAt, actor.userId, u.updatedAt, u.version + 1]);
      if ((await bulkUpdate(tx, 'followups', actor.orgId, updateColumns, rows)) !== updates.length) throw new ImportConflict();
    }
    await syncCustomerFollowupFacts(tx, actor.orgId, [...creates.map((c) => c.customer.id), ...updates.map((u) => u.customerId)]);
    return { created: creates.length, updated: updates.length };
  }

  return run;
}

/** Next-contact times already past belong to history: no reminder goes out for them. */
function remindedFor(nextContactAt: string | null): string | null {
  return nextContactAt && Date.parse(nextContactAt) <= Date.now() ? new Date().toISOString() : null;
}

export function createRun(recordType: ImportRecordType, ctx: RunContext): ImportRun {
  return recordType === 'customer' ? customerRun(ctx) : recordType === 'contact' ? contactRun(ctx) : followupRun(ctx);
}
