import type { Locale } from '../../../shared/i18n/messages.ts';
import type { ImportRecordType } from '../../../shared/validation/imports.ts';
import type { CustomFieldDef } from '../../../shared/validation/customfields.ts';

/**
 * The fields an import can fill, per record type, with their labels in both languages (template headers,
 * mapping, the rejection report) and the other header names people use for them, so that a mapping is
 * suggested for files made elsewhere. Exports use the same labels for the same fields.
 */

export type FieldKind =
  | 'text'
  | 'int'
  | 'dict'
  | 'enum'
  | 'tags'
  | 'bool'
  | 'date'
  | 'datetime'
  | 'user'
  | 'province'
  | 'city'
  | 'district'
  | 'region'
  | 'customer'
  | 'contact'
  | 'groups'
  | 'custom';

export interface Label {
  zh: string;
  en: string;
}

export interface ImportField {
  key: string;
  label: Label;
  kind: FieldKind;
  required?: boolean;
  /** Other header names that mean this field (matched after normalising case, width, spaces and punctuation). */
  aliases?: string[];
  /** For 'dict': the dictionary type. */
  dictType?: string;
  /** For 'enum': each code with the words that name it. */
  values?: Record<string, string[]>;
  /** An example cell for the template. */
  example?: Label;
  /** For 'custom': the organisation's definition. */
  custom?: CustomFieldDef & { labelZh: string; labelEn: string };
}

export const label = (l: Label, locale: Locale) => (locale === 'en-US' ? l.en : l.zh);

const audit: ImportField[] = [
  { key: 'createdBy', label: { zh: '创建人', en: 'Created by' }, kind: 'user', aliases: ['录入人', 'creator'] },
  { key: 'createdAt', label: { zh: '创建时间', en: 'Created at' }, kind: 'datetime', aliases: ['创建日期', '录入时间', 'created'] },
  { key: 'updatedAt', label: { zh: '更新时间', en: 'Updated at' }, kind: 'datetime', aliases: ['修改时间', '最后修改时间', '最后更新时间', 'updated', 'modified'] },
];

export const CUSTOMER_FIELDS: ImportField[] = [
  {
    key: 'name',
    label: { zh: '客户名称', en: 'Customer name' },
    kind: 'text',
    required: true,
    aliases: ['名称', '客户名', '客户全称', '公司名称', '企业名称', '单位名称', '公司', 'company', 'companyname', 'customer', 'name'],
    example: { zh: '上海示例科技有限公司', en: '上海示例科技有限公司' },
  },
  { key: 'englishName', label: { zh: '英文名称', en: 'English name' }, kind: 'text', aliases: ['英文名'], example: { zh: 'Shanghai Example Technology Co., Ltd.', en: 'Shanghai Example Technology Co., Ltd.' } },
  {
    key: 'kind',
    label: { zh: '客户类型', en: 'Customer type' },
    kind: 'enum',
    aliases: ['类型', 'type'],
    values: { enterprise: ['企业', '企业客户', '公司', 'enterprise', 'company'], individual: ['个人', '个人客户', 'individual', 'person'] },
    example: { zh: '企业客户', en: 'Enterprise' },
  },
  { key: 'industry', label: { zh: '行业', en: 'Industry' }, kind: 'dict', dictType: 'industry', aliases: ['所属行业', '行业类别'] },
  { key: 'source', label: { zh: '客户来源', en: 'Source' }, kind: 'dict', dictType: 'customer_source', aliases: ['来源'] },
  { key: 'importance', label: { zh: '重要程度', en: 'Importance' }, kind: 'int', aliases: ['重要性', '星级'], example: { zh: '3', en: '3' } },
  { key: 'level', label: { zh: '客户等级', en: 'Level' }, kind: 'dict', dictType: 'customer_level', aliases: ['等级', '客户级别', '级别'] },
  {
    key: 'status',
    label: { zh: '客户状态', en: 'Status' },
    kind: 'enum',
    aliases: ['状态'],
    values: {
      potential: ['潜在', '潜在客户', 'potential'],
      formal: ['正式', '正式客户', 'formal'],
      signed: ['签约', '签约客户', '已签约', 'signed'],
      abandoned: ['放弃', '放弃客户', '已放弃', 'abandoned'],
    },
    example: { zh: '潜在客户', en: 'Potential' },
  },
  { key: 'tags', label: { zh: '标签', en: 'Tags' }, kind: 'tags', example: { zh: '重点,华东', en: 'key,east' } },
  { key: 'phone', label: { zh: '电话', en: 'Phone' }, kind: 'text', aliases: ['联系电话', '公司电话', '电话号码', '座机', 'tel', 'telephone'], example: { zh: '021-60000000', en: '021-60000000' } },
  { key: 'email', label: { zh: '邮箱', en: 'E-mail' }, kind: 'text', aliases: ['电子邮箱', '电子邮件', '邮件', 'email', 'mail'], example: { zh: 'info@example.com', en: 'info@example.com' } },
  { key: 'province', label: { zh: '省份', en: 'Province' }, kind: 'province', aliases: ['省', '所在省份', '省份/直辖市'], example: { zh: '上海市', en: '上海市' } },
  { key: 'city', label: { zh: '城市', en: 'City' }, kind: 'city', aliases: ['市', '所在城市', '地市'], example: { zh: '上海市', en: '上海市' } },
  { key: 'district', label: { zh: '区县', en: 'District' }, kind: 'district', aliases: ['区', '县', '区/县', '所在区县'], example: { zh: '浦东新区', en: '浦东新区' } },
  { key: 'region', label: { zh: '所在地区', en: 'Region' }, kind: 'region', aliases: ['地区', '省市区', '所在地'] },
  { key: 'address', label: { zh: '详细地址', en: 'Address' }, kind: 'text', aliases: ['地址', '联系地址', '公司地址', '通讯地址'], example: { zh: '张江路 100 号', en: '张江路 100 号' } },
  { key: 'creditCode', label: { zh: '统一社会信用代码', en: 'Unified social credit code' }, kind: 'text', aliases: ['信用代码', '社会信用代码', 'uscc', 'creditcode'] },
  { key: 'website', label: { zh: '网址', en: 'Website' }, kind: 'text', aliases: ['网站', '公司网址', '官网', 'url', 'web'] },
  { key: 'otherInfo', label: { zh: '其他信息', en: 'Other information' }, kind: 'text', aliases: ['备注', '说明', 'notes', 'remarks'] },
  { key: 'owner', label: { zh: '负责人', en: 'Owner' }, kind: 'user', aliases: ['所有者', '归属人', '业务员', '销售', '客户经理'] },
  ...audit,
];

export const CONTACT_FIELDS: ImportField[] = [
  {
    key: 'customer',
    label: { zh: '所属客户', en: 'Customer' },
    kind: 'customer',
    required: true,
    aliases: ['客户', '客户名称', '客户编号', '公司', '公司名称', '单位'],
    example: { zh: '上海示例科技有限公司', en: '上海示例科技有限公司' },
  },
  { key: 'name', label: { zh: '姓名', en: 'Name' }, kind: 'text', required: true, aliases: ['联系人', '联系人姓名', '名字', 'contact', 'contactname', 'name'], example: { zh: '张伟', en: '张伟' } },
  {
    key: 'gender',
    label: { zh: '性别', en: 'Gender' },
    kind: 'enum',
    values: { male: ['男', 'male', 'm', '先生'], female: ['女', 'female', 'f', '女士'], unknown: ['未知', 'unknown'] },
    example: { zh: '男', en: 'Male' },
  },
  { key: 'title', label: { zh: '职务', en: 'Title' }, kind: 'text', aliases: ['职位', '头衔', 'position', 'jobtitle'], example: { zh: '采购经理', en: '采购经理' } },
  { key: 'department', label: { zh: '部门', en: 'Department' }, kind: 'text', aliases: ['所在部门', 'dept'] },
  { key: 'mobile', label: { zh: '手机', en: 'Mobile' }, kind: 'text', aliases: ['手机号', '手机号码', '移动电话', 'mobilephone', 'cellphone'], example: { zh: '13800138000', en: '13800138000' } },
  { key: 'phone', label: { zh: '电话', en: 'Phone' }, kind: 'text', aliases: ['座机', '办公电话', '固定电话', '联系电话', 'tel', 'telephone'] },
  { key: 'email', label: { zh: '邮箱', en: 'E-mail' }, kind: 'text', aliases: ['电子邮箱', '电子邮件', '邮件', 'email', 'mail'], example: { zh: 'zhangwei@example.com', en: 'zhangwei@example.com' } },
  { key: 'wechat', label: { zh: '微信', en: 'WeChat' }, kind: 'text', aliases: ['微信号', 'weixin'] },
  { key: 'birthday', label: { zh: '生日', en: 'Birthday' }, kind: 'date', aliases: ['出生日期', '生日日期'] },
  { key: 'isPrimary', label: { zh: '主联系人', en: 'Primary contact' }, kind: 'bool', aliases: ['是否主联系人', '首要联系人', 'primary'], example: { zh: '是', en: 'Yes' } },
  { key: 'groups', label: { zh: '分组', en: 'Groups' }, kind: 'groups', aliases: ['联系人分组', '组', 'group'] },
  { key: 'notes', label: { zh: '备注', en: 'Notes' }, kind: 'text', aliases: ['说明', 'remarks'] },
  ...audit,
];

export const FOLLOWUP_FIELDS: ImportField[] = [
  {
    key: 'customer',
    label: { zh: '客户', en: 'Customer' },
    kind: 'customer',
    required: true,
    aliases: ['所属客户', '客户名称', '客户编号', '公司', '公司名称'],
    example: { zh: '上海示例科技有限公司', en: '上海示例科技有限公司' },
  },
  { key: 'contact', label: { zh: '联系人', en: 'Contact' }, kind: 'contact', aliases: ['联系人姓名', '对接人'], example: { zh: '张伟', en: '张伟' } },
  { key: 'method', label: { zh: '跟进方式', en: 'Method' }, kind: 'dict', dictType: 'followup_method', required: true, aliases: ['联系方式', '方式', '跟进类型'] },
  { key: 'content', label: { zh: '跟进内容', en: 'Content' }, kind: 'text', required: true, aliases: ['内容', '联系内容', '沟通内容', '记录', '跟进记录'], example: { zh: '电话沟通需求，约定下周拜访', en: 'Call about requirements; visit next week' } },
  { key: 'occurredAt', label: { zh: '跟进时间', en: 'Time of contact' }, kind: 'datetime', required: true, aliases: ['联系时间', '时间', '日期', '拜访时间', '沟通时间'], example: { zh: '2024-05-01 10:00', en: '2024-05-01 10:00' } },
  { key: 'nextContactAt', label: { zh: '下次联系时间', en: 'Next contact' }, kind: 'datetime', aliases: ['下次跟进时间', '下次联系', '计划联系时间'], example: { zh: '2024-05-08 10:00', en: '2024-05-08 10:00' } },
  { key: 'createdBy', label: { zh: '记录人', en: 'Author' }, kind: 'user', aliases: ['创建人', '跟进人', '录入人'] },
  audit[1]!,
  audit[2]!,
];

export function customFieldsAsImport(defs: readonly (CustomFieldDef & { labelZh: string; labelEn: string })[]): ImportField[] {
  return defs.filter((d) => d.enabled).map((d) => ({ key: `custom.${d.key}`, label: { zh: d.labelZh, en: d.labelEn }, kind: 'custom' as const, required: d.required, custom: d }));
}

export function baseFields(recordType: ImportRecordType): ImportField[] {
  return recordType === 'customer' ? CUSTOMER_FIELDS : recordType === 'contact' ? CONTACT_FIELDS : FOLLOWUP_FIELDS;
}

/** Folds a header for matching: full-width to half-width, lower case, no spaces, marks or "(必填)". */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（]\s*(必填|required|选填|optional)\s*[)）]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Suggested mapping of file columns to fields: a header that names a field (label in either language, key or
 * alias) maps to it; each field takes the first such column.
 */
export function suggestMapping(headers: readonly string[], fields: readonly ImportField[]): Record<string, string> {
  const byName = new Map<string, string>();
  // Labels first, then aliases: an alias never takes a name another field uses as its label.
  for (const f of fields) for (const n of [f.label.zh, f.label.en, f.key]) if (!byName.has(normalizeHeader(n))) byName.set(normalizeHeader(n), f.key);
  for (const f of fields) for (const n of f.aliases ?? []) if (!byName.has(normalizeHeader(n))) byName.set(normalizeHeader(n), f.key);
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  headers.forEach((h, i) => {
    const key = byName.get(normalizeHeader(h));
    if (key && !taken.has(key)) {
      mapping[String(i)] = key;
      taken.add(key);
    }
  });
  return mapping;
}
