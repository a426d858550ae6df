import { boolean, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';

export type CustomFieldType = 'text' | 'number' | 'date' | 'option' | 'multi_option' | 'money' | 'user';
export interface CustomFieldOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

/** Organisation-defined fields per record type (CFG-03); values live in the record's `custom` jsonb by `key`. */
export const customFields = pgTable(
  'custom_fields',
  {
    orgId: orgId(),
    id: id(),
    recordType: text('record_type').notNull(),
    key: text('key').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    type: text('type').$type<CustomFieldType>().notNull(),
    options: jsonb('options').$type<CustomFieldOption[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('custom_fields_key').on(t.orgId, t.recordType, t.key),
    tenantPolicy('custom_fields'),
  ],
);
