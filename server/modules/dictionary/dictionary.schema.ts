import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';

export const dictItems = pgTable(
  'dict_items',
  {
    orgId: orgId(),
    id: id(),
    dictType: text('dict_type').notNull(),
    code: text('code').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    sort: integer('sort').notNull().default(0),
    color: text('color'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('dict_items_code_key').on(t.orgId, t.dictType, t.code),
    index('dict_items_type_idx').on(t.orgId, t.dictType, t.sort),
    tenantPolicy('dict_items'),
  ],
);
