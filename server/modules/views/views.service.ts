import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { duplicate, fieldError, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { messages, translate, type MessageKey } from '../../../shared/i18n/messages.ts';
import { contactListQuery } from '../../../shared/validation/contacts.ts';
import { customerListQuery } from '../../../shared/validation/customers.ts';
import { followupListQuery } from '../../../shared/validation/followups.ts';
import {
  BUILTIN_CUSTOMER_VIEWS,
  VIEW_LIST_PERMISSION,
  VIEWS_PER_OWNER_MAX,
  type SavedView,
  type ViewCreate,
  type ViewDefinitionInput,
  type ViewList,
  type ViewUpdate,
} from '../../../shared/validation/views.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { users } from '../users/users.schema.ts';
import { savedViews } from './views.schema.ts';

type ViewRow = typeof savedViews.$inferSelect;

/** Audit entries go to the module of the list the view belongs to, where its users look for them. */
const AUDIT_MODULE: Record<ViewList, string> = { customer: 'customer', contact: 'contact', followup: 'activity' };

/** Shared views of one list, as many as one page of the view picker can sensibly show. */
const SHARED_VIEWS_MAX = 200;

function assertListAccess(actor: Actor, list: ViewList) {
  if (!actor.permissions.has(VIEW_LIST_PERMISSION[list])) throw forbidden();
}

/** Owners change their own views; a shared view is the organisation's too, so settings:edit may tidy it. */
const canEdit = (actor: Actor, row: Pick<ViewRow, 'ownerId' | 'shared'>) =>
  row.ownerId === actor.userId || (row.shared && actor.permissions.has('settings:edit'));

function present(actor: Actor, row: ViewRow, ownerName: string | null): SavedView {
  return {
    id: row.id,
    list: row.list as ViewList,
    name: row.name,
    builtin: false,
    shared: row.shared,
    owner: { id: row.ownerId, name: ownerName ?? '' },
    editable: canEdit(actor, row),
    // Stored only after passing viewDefinition, so the row holds that shape.
    definition: row.definition as ViewDefinitionInput,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/**
 * The four default customer queries (CUS-08): fixed entries named in the user's language, whose only filter is
 * the customer list's `view` parameter, so what they show follows the same visibility rule as everything else.
 */
function builtinViews(actor: Actor, list: ViewList): SavedView[] {
  if (list !== 'customer') return [];
  return BUILTIN_CUSTOMER_VIEWS.map((key) => ({
    id: `builtin:${key}`,
    list,
    name: translate(actor.locale, `views.builtin.${key}` as MessageKey),
    builtin: true,
    shared: true,
    owner: null,
    editable: false,
    definition: { filters: { view: key } },
    updatedAt: null,
    version: 0,
  }));
}

/** Each list's own query schema: a view stores what that list accepts, so applying it later cannot fail on shape. */
const LIST_QUERIES = { customer: customerListQuery, contact: contactListQuery, followup: followupListQuery } as const;
/** Paging belongs to the reader, and the sort has its own place in the definition. */
const NOT_FILTERS = new Set(['limit', 'cursor', 'sort', 'order']);

/**
 * Checks a definition against its list: every filter a parameter the list knows, with a value it accepts, and a
 * sort it offers. Custom field filters (`cf.<key>`) are checked for shape here and against the organisation's
 * fields when the list runs them. Each problem is a field error on `definition.filters.<name>` or `definition.sort`.
 */
function checkDefinition(list: ViewList, definition: ViewDefinitionInput) {
  const schema = LIST_QUERIES[list];
  const query: Record<string, unknown> = {};
  const errors: Record<string, MessageKey> = {};
  for (const [key, value] of Object.entries(definition.filters)) {
    if (NOT_FILTERS.has(key)) errors[`definition.filters.${key}`] = 'v.viewFilter';
    else query[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  // Lists whose query drops unknown parameters would take a misspelt filter as none at all.
  const known = 'shape' in schema ? new Set(Object.keys(schema.shape)) : null;
  if (known) for (const key of Object.keys(query)) if (!known.has(key)) errors[`definition.filters.${key}`] = 'v.viewFilter';
  if (definition.sort) {
    query.sort = definition.sort.field;
    query.order = definition.sort.order;
  }
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const field = key === 'sort' || key === 'order' ? 'definition.sort' : `definition.filters.${key}`;
      errors[field] ??= issue.message in messages['zh-CN'] ? (issue.message as MessageKey) : 'v.viewFilter';
    }
  }
  if (Object.keys(errors).length) throw fieldError(errors);
}

const auditView = (v: Pick<ViewRow, 'name' | 'shared' | 'definition'>) => ({ name: v.name, shared: v.shared, definition: v.definition });

/** The built-in views first, then the user's own, then those others share, each by name. */
export async function listViews(tx: Tx, actor: Actor, list: ViewList) {
  assertListAccess(actor, list);
  const rows = await tx
    .select({ view: savedViews, ownerName: users.name })
    .from(savedViews)
    .leftJoin(users, and(eq(users.orgId, savedViews.orgId), eq(users.id, savedViews.ownerId)))
    .where(
      and(
        eq(savedViews.orgId, actor.orgId),
        eq(savedViews.list, list),
        or(eq(savedViews.ownerId, actor.userId), eq(savedViews.shared, true)),
      ),
    )
    .orderBy(sql`${savedViews.ownerId} = ${actor.userId} desc`, asc(savedViews.name), asc(savedViews.id))
    .limit(VIEWS_PER_OWNER_MAX + SHARED_VIEWS_MAX);
  return { items: [...builtinViews(actor, list), ...rows.map((r) => present(actor, r.view, r.ownerName))] };
}

async function findVisible(tx: Tx, actor: Actor, id: string): Promise<{ view: ViewRow; ownerName: string | null }> {
  const [row] = await tx
    .select({ view: savedViews, ownerName: users.name })
    .from(savedViews)
    .leftJoin(users, and(eq(users.orgId, savedViews.orgId), eq(users.id, savedViews.ownerId)))
    .where(and(eq(savedViews.orgId, actor.orgId), eq(savedViews.id, id)));
  // Another user's private view stays hidden, as does a view of a list the actor may not read.
  if (!row || (row.view.ownerId !== actor.userId && !row.view.shared)) throw notFound();
  if (!actor.permissions.has(VIEW_LIST_PERMISSION[row.view.list as ViewList])) throw notFound();
  return row;
}

export async function getView(tx: Tx, actor: Actor, id: string) {
  const { view, ownerName } = await findVisible(tx, actor, id);
  return present(actor, view, ownerName);
}

async function assertNameFree(tx: Tx, actor: Actor, list: string, ownerId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.orgId, actor.orgId),
        eq(savedViews.list, list),
        eq(savedViews.ownerId, ownerId),
        sql`lower(${savedViews.name}) = lower(${name})`,
        exceptId ? sql`${savedViews.id} <> ${exceptId}` : undefined,
      ),
    );
  if (taken) throw duplicate({ name: 'v.nameTaken' });
}

export async function createView(tx: Tx, actor: Actor, input: ViewCreate) {
  assertListAccess(actor, input.list);
  checkDefinition(input.list, input.definition);
  const [mine] = await tx
    .select({ n: count() })
    .from(savedViews)
    .where(and(eq(savedViews.orgId, actor.orgId), eq(savedViews.list, input.list), eq(savedViews.ownerId, actor.userId)));
  if (mine!.n >= VIEWS_PER_OWNER_MAX) throw fieldError({ name: 'v.viewsFull' }, { max: VIEWS_PER_OWNER_MAX });
  await assertNameFree(tx, actor, input.list, actor.userId, input.name);
  // The check above gives the field error; the unique index still settles a race between two saves.
  const [row] = await tx
    .insert(savedViews)
    .values({ orgId: actor.orgId, list: input.list, name: input.name, ownerId: actor.userId, shared: input.shared, definition: input.definition })
    .onConflictDoNothing()
    .returning();
  if (!row) throw duplicate({ name: 'v.nameTaken' });
  await recordAudit(tx, actor, {
    module: AUDIT_MODULE[input.list],
    action: 'create',
    recordType: 'saved_view',
    recordId: row.id,
    recordLabel: row.name,
    after: auditView(row),
  });
  return present(actor, row, actor.name);
}

export async function updateView(tx: Tx, actor: Actor, id: string, input: ViewUpdate) {
  const { view: before, ownerName } = await findVisible(tx, actor, id);
  if (!canEdit(actor, before)) throw forbidden();
  checkDefinition(before.list as ViewList, input.definition);
  await assertNameFree(tx, actor, before.list, before.ownerId, input.name, id);
  const [after] = await tx
    .update(savedViews)
    .set({ name: input.name, shared: input.shared, definition: input.definition, updatedAt: new Date(), version: sql`${savedViews.version} + 1` })
    .where(and(eq(savedViews.orgId, actor.orgId), eq(savedViews.id, id), eq(savedViews.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, {
    module: AUDIT_MODULE[before.list as ViewList],
    action: 'update',
    recordType: 'saved_view',
    recordId: id,
    recordLabel: after.name,
    ...diff(auditView(before), auditView(after)),
  });
  return present(actor, after, ownerName);
}

export async function deleteView(tx: Tx, actor: Actor, id: string) {
  const { view } = await findVisible(tx, actor, id);
  if (!canEdit(actor, view)) throw forbidden();
  await tx.delete(savedViews).where(and(eq(savedViews.orgId, actor.orgId), eq(savedViews.id, id)));
  await recordAudit(tx, actor, {
    module: AUDIT_MODULE[view.list as ViewList],
    action: 'delete',
    recordType: 'saved_view',
    recordId: id,
    recordLabel: view.name,
    before: auditView(view),
  });
}
