import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, updatedAt, version } from '../../db/columns.ts';

/** A saved list query and layout ("查询另存为", CUS-08): filters, sort and columns, private or shared. */
export interface ViewDefinition {
  filters: Record<string, unknown>;
  sort?: { field: string; order: 'asc' | 'desc' };
  columns?: string[];
}

export const savedViews = pgTable(
  'saved_views',
  {
    orgId: orgId(),
    id: id(),
    /** The list the view belongs to: 'customer', 'contact', 'followup'. */
    list: text('list').notNull(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id').notNull(),
    shared: boolean('shared').notNull().default(false),
    definition: jsonb('definition').$type<ViewDefinition>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // One owner's views of a list are told apart by name; the index also serves "my views of this list".
    uniqueIndex('saved_views_owner_name_key').on(t.orgId, t.list, t.ownerId, sql`lower(${t.name})`),
    index('saved_views_shared_idx').on(t.orgId, t.list).where(sql`shared`),
    tenantPolicy('saved_views'),
  ],
);
