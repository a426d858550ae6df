import { index, integer, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';

/**
 * Both trees keep a materialised path of ids (`/a/b/c/`), so "this node and everything under it" is one indexed
 * prefix match, which the visibility predicate needs on every list query.
 */
export const departments = pgTable(
  'departments',
  {
    orgId: orgId(),
    id: id(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    path: text('path').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    unique('departments_sibling_name_key').on(t.orgId, t.parentId, t.name).nullsNotDistinct(),
    index('departments_path_idx').on(t.orgId, t.path.op('text_pattern_ops')),
    tenantPolicy('departments'),
  ],
);

export const positions = pgTable(
  'positions',
  {
    orgId: orgId(),
    id: id(),
    departmentId: uuid('department_id').notNull(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    path: text('path').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('positions_department_name_key').on(t.orgId, t.departmentId, t.name),
    index('positions_path_idx').on(t.orgId, t.path.op('text_pattern_ops')),
    tenantPolicy('positions'),
  ],
);
