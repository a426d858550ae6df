import type { Locale } from '../../../shared/i18n/messages.ts';
import { regionLabel } from '../../../shared/regions/index.ts';
import type { ExportList } from '../../../shared/validation/exports.ts';
import type { Label } from '../imports/imports.fields.ts';

/**
 * The columns each exportable list offers, under the keys the web's list pages use for their columns, with
 * headers in both languages and the cell each shows: labels instead of codes, names instead of ids, times in
 * the reader's time zone, as on screen.
 */

export interface Formatter {
  locale: Locale;
  time(v: Date | string | null): string | null;
  dict(type: string, code: string | null): string | null;
  userName(id: string | null): string | null;
  groupNames(ids: string[]): string;
  join(values: string[]): string;
  /** A custom field's stored value as shown (option labels, user names). */
  custom(key: string, value: unknown): unknown;
  customLabel(key: string): Label | undefined;
}

export interface ColumnDef {
  key: string;
  label: Label;
  width: number;
  value: (row: Record<string, unknown>, f: Formatter) => unknown;
}

const pick = (l: Label, locale: Locale) => (locale === 'en-US' ? l.en : l.zh);
const s = (v: unknown) => (v === null || v === undefined ? null : (v as string));

const KIND: Record<string, Label> = { enterprise: { zh: '企业', en: 'Enterprise' }, individual: { zh: '个人', en: 'Individual' } };
const CHANNEL: Record<string, Label> = { channel: { zh: '渠道客户', en: 'Channel customer' }, end: { zh: '终端客户', en: 'End customer' } };
const STATUS: Record<string, Label> = {
  potential: { zh: '潜在客户', en: 'Potential' },
  formal: { zh: '正式客户', en: 'Formal' },
  signed: { zh: '签约客户', en: 'Signed' },
  abandoned: { zh: '放弃客户', en: 'Abandoned' },
};
const GENDER: Record<string, Label> = { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' }, unknown: { zh: '未知', en: 'Unknown' } };
const YES_NO = { yes: { zh: '是', en: 'Yes' }, no: { zh: '否', en: 'No' } };

const enumOf = (table: Record<string, Label>) => (v: unknown, f: Formatter) => (v ? (table[v as string] ? pick(table[v as string]!, f.locale) : (v as string)) : null);

const CUSTOMER: ColumnDef[] = [
  { key: 'number', label: { zh: '客户编号', en: 'No.' }, width: 13, value: (r) => r.number },
  { key: 'name', label: { zh: '客户名称', en: 'Name' }, width: 28, value: (r) => r.name },
  { key: 'englishName', label: { zh: '英文名称', en: 'English name' }, width: 24, value: (r) => r.englishName },
  { key: 'kind', label: { zh: '客户类型', en: 'Type' }, width: 8, value: (r, f) => enumOf(KIND)(r.kind, f) },
  { key: 'channel', label: { zh: '渠道 / 终端', en: 'Channel / end' }, width: 10, value: (r, f) => enumOf(CHANNEL)(r.channel, f) },
  { key: 'industry', label: { zh: '行业', en: 'Industry' }, width: 12, value: (r, f) => f.dict('industry', s(r.industry)) },
  { key: 'source', label: { zh: '客户来源', en: 'Source' }, width: 12, value: (r, f) => f.dict('customer_source', s(r.source)) },
  { key: 'importance', label: { zh: '重要程度', en: 'Importance' }, width: 8, value: (r) => r.importance },
  { key: 'level', label: { zh: '客户等级', en: 'Level' }, width: 12, value: (r, f) => f.dict('customer_level', s(r.level)) },
  { key: 'status', label: { zh: '客户状态', en: 'Status' }, width: 10, value: (r, f) => f.dict('customer_status', s(r.status)) ?? enumOf(STATUS)(r.status, f) },
  { key: 'tags', label: { zh: '标签', en: 'Tags' }, width: 16, value: (r, f) => f.join((r.tags as string[]) ?? []) },
  { key: 'phone', label: { zh: '电话', en: 'Phone' }, width: 15, value: (r) => r.phone },
  { key: 'email', label: { zh: '电子邮箱', en: 'E-mail' }, width: 22, value: (r) => r.email },
  { key: 'region', label: { zh: '省 / 市 / 区', en: 'Province / city / district' }, width: 20, value: (r) => regionLabel(s(r.provinceCode), s(r.cityCode), s(r.districtCode)) || null },
  { key: 'address', label: { zh: '详细地址', en: 'Address' }, width: 28, value: (r) => r.address },
  { key: 'creditCode', label: { zh: '统一社会信用代码', en: 'Unified social credit code' }, width: 20, value: (r) => r.creditCode },
  { key: 'website', label: { zh: '网址', en: 'Website' }, width: 22, value: (r) => r.website },
  { key: 'otherInfo', label: { zh: '其他信息', en: 'Other information' }, width: 30, value: (r) => r.otherInfo },
  { key: 'owner', label: { zh: '负责人', en: 'Owner' }, width: 10, value: (r) => r.ownerName },
  { key: 'lastFollowupAt', label: { zh: '最近跟进', en: 'Last follow-up' }, width: 16, value: (r, f) => f.time(r.lastFollowupAt as Date | null) },
  { key: 'lastFollowupContent', label: { zh: '最近跟进内容', en: 'Last follow-up content' }, width: 36, value: (r) => r.lastFollowupContent },
  { key: 'nextContactAt', label: { zh: '下次联系', en: 'Next contact' }, width: 16, value: (r, f) => f.time(r.nextContactAt as Date | null) },
  { key: 'createdAt', label: { zh: '创建时间', en: 'Created' }, width: 16, value: (r, f) => f.time(r.createdAt as Date) },
  { key: 'updatedAt', label: { zh: '更新时间', en: 'Updated' }, width: 16, value: (r, f) => f.time(r.updatedAt as Date) },
];

const CONTACT: ColumnDef[] = [
  { key: 'name', label: { zh: '姓名', en: 'Name' }, width: 10, value: (r) => r.name },
  { key: 'customer', label: { zh: '所属客户', en: 'Customer' }, width: 26, value: (r) => r.customerName },
  { key: 'title', label: { zh: '职务', en: 'Title' }, width: 12, value: (r) => r.title },
  { key: 'department', label: { zh: '部门', en: 'Department' }, width: 12, value: (r) => r.department },
  { key: 'gender', label: { zh: '性别', en: 'Gender' }, width: 6, value: (r, f) => enumOf(GENDER)(r.gender, f) },
  { key: 'mobile', label: { zh: '手机', en: 'Mobile' }, width: 14, value: (r) => r.mobile },
  { key: 'phone', label: { zh: '电话', en: 'Phone' }, width: 15, value: (r) => r.phone },
  { key: 'email', label: { zh: '电子邮箱', en: 'E-mail' }, width: 22, value: (r) => r.email },
  { key: 'wechat', label: { zh: '微信', en: 'WeChat' }, width: 14, value: (r) => r.wechat },
  { key: 'birthday', label: { zh: '生日', en: 'Birthday' }, width: 11, value: (r) => r.birthday },
  { key: 'isPrimary', label: { zh: '主联系人', en: 'Primary contact' }, width: 8, value: (r, f) => pick(r.isPrimary ? YES_NO.yes : YES_NO.no, f.locale) },
  { key: 'groups', label: { zh: '分组', en: 'Groups' }, width: 14, value: (r, f) => f.groupNames((r.groupIds as string[]) ?? []) },
  { key: 'notes', label: { zh: '备注', en: 'Notes' }, width: 26, value: (r) => r.notes },
  { key: 'owner', label: { zh: '负责人', en: 'Owner' }, width: 10, value: (r) => r.ownerName },
  { key: 'createdAt', label: { zh: '创建时间', en: 'Created' }, width: 16, value: (r, f) => f.time(r.createdAt as Date) },
  { key: 'updatedAt', label: { zh: '更新时间', en: 'Updated' }, width: 16, value: (r, f) => f.time(r.updatedAt as Date) },
];

const FOLLOWUP: ColumnDef[] = [
  { key: 'occurredAt', label: { zh: '联系时间', en: 'Contact time' }, width: 16, value: (r, f) => f.time(r.occurredAt as Date) },
  { key: 'customer', label: { zh: '客户', en: 'Customer' }, width: 24, value: (r) => r.customerName },
  { key: 'contact', label: { zh: '联系人', en: 'Contact' }, width: 10, value: (r) => r.contactName },
  { key: 'contactPhone', label: { zh: '联系电话', en: 'Contact phone' }, width: 14, value: (r) => r.contactMobile ?? r.contactPhone },
  { key: 'contactEmail', label: { zh: '联系邮箱', en: 'Contact e-mail' }, width: 20, value: (r) => r.contactEmail },
  { key: 'method', label: { zh: '跟进方式', en: 'Method' }, width: 8, value: (r, f) => f.dict('followup_method', s(r.method)) },
  { key: 'content', label: { zh: '跟进内容', en: 'Content' }, width: 40, value: (r) => r.content },
  { key: 'nextContactAt', label: { zh: '下次联系时间', en: 'Next contact' }, width: 16, value: (r, f) => f.time(r.nextContactAt as Date | null) },
  { key: 'author', label: { zh: '记录人', en: 'Logged by' }, width: 10, value: (r) => r.authorName },
  { key: 'createdAt', label: { zh: '创建时间', en: 'Created' }, width: 16, value: (r, f) => f.time(r.createdAt as Date) },
];

const CATALOG: Record<ExportList, ColumnDef[]> = { customer: CUSTOMER, contact: CONTACT, followup: FOLLOWUP };

/** Custom field columns are `cf.<key>`, as on the customer list. */
const CUSTOM = /^cf\.([a-z][a-z0-9_]{1,39})$/;

/** The columns asked for, in order; null for a key the list does not have. */
export function resolveColumns(list: ExportList, keys: string[], f: Pick<Formatter, 'customLabel'>): ColumnDef[] | { unknown: string } {
  const byKey = new Map(CATALOG[list].map((c) => [c.key, c]));
  const out: ColumnDef[] = [];
  for (const key of keys) {
    const known = byKey.get(key);
    if (known) {
      out.push(known);
      continue;
    }
    const custom = list === 'customer' ? CUSTOM.exec(key)?.[1] : undefined;
    const label = custom ? f.customLabel(custom) : undefined;
    if (!custom || !label) return { unknown: key };
    out.push({ key, label, width: 14, value: (r, fmt) => fmt.custom(custom, (r.custom as Record<string, unknown> | null)?.[custom]) });
  }
  return out;
}

export const columnHeader = (c: ColumnDef, locale: Locale) => pick(c.label, locale);
