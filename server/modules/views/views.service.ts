import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { duplicate, fieldError, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { translate, type MessageKey } from '../../../shared/i18n/messages.ts';
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
