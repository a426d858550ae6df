import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import type { CustomerHistoryQuery } from '../../../shared/validation/customers.ts';
import { attachments } from '../attachments/attachments.schema.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { followups } from '../followups/followups.schema.ts';
import { recordShares } from '../roles/roles.schema.ts';
import { users } from '../users/users.schema.ts';
import type { ModuleName } from '../../../shared/permissions.ts';
import { childVisible, customerVisible, getAccessibleCustomer, loadCustomerAccess, type CustomerAccess } from './customers.access.ts';
import { customerRelations, customers } from './customers.schema.ts';
import { getCustomer } from './customers.service.ts';
import { lookup } from '../../lib/lookup.ts';

/** How many of each related list the 360° page shows at once; the module's own list pages go further. */
export const OVERVIEW_PAGE = 20;

/**
 * The visibility of a child module (contacts, follow-ups). Its scope usually equals the customer one, and the
 * sharing mode is the customer's in both cases, so the customer's answer is reused instead of asked again.
 */
async function childAccess(tx: Tx, actor: Actor, acc: CustomerAccess, module: ModuleName): Promise<CustomerAccess> {
  return (actor.scopes[module] ?? 'self') === (actor.scopes.customer ?? 'self') ? acc : loadCustomerAccess(tx, actor, module);
}

/** The follow-up author's name, in the same statement. */
const authorName = lookup<string | null>(users, users.name, followups.orgId, followups.createdBy);

/** Co-owners of a customer with their names (CUS-06). */
export async function coOwnersOf(tx: Tx, orgId: string, customerId: string) {
  return tx
    .select({ userId: recordShares.userId, name: users.name, access: recordShares.access })
    .from(recordShares)
    .innerJoin(users, and(eq(users.orgId, recordShares.orgId), eq(users.id, recordShares.userId)))
    .where(and(eq(recordShares.orgId, orgId), eq(recordShares.recordType, 'customer'), eq(recordShares.recordId, customerId)))
    .orderBy(users.name)
    .limit(100);
}

/** Related customers in both directions (CUS-05); the id of one the actor may not open is withheld. */
export async function relationsOf(tx: Tx, acc: CustomerAccess, customerId: string) {
  const rows = await queryRows<{ id: string; name: string; number: string; relation_type: string | null; outgoing: boolean; visible: boolean }>(
    tx,
    sql`select ${customers.id} as id, ${customers.name} as name, ${customers.number} as number, r.relation_type,
               r.customer_id = ${customerId} as outgoing, ${customerVisible(acc, 'read')} as visible
          from ${customerRelations} r
          join ${customers} on ${customers.orgId} = r.org_id
           and ${customers.id} = case when r.customer_id = ${customerId} then r.related_id else r.customer_id end
           and ${customers.deletedAt} is null
         where r.org_id = ${acc.actor.orgId} and (r.customer_id = ${customerId} or r.related_id = ${customerId})
         order by ${customers.name} limit 200`,
  );
  const present = (r: (typeof rows)[number]) => ({ id: r.visible ? r.id : null, name: r.name, number: r.number, relationType: r.relation_type });
  return { related: rows.filter((r) => r.outgoing).map(present), relatedBy: rows.filter((r) => !r.outgoing).map(present) };
}

/**
 * The customer 360° page in one call (CUS-11): the customer with what the actor may do, the first contacts,
 * the latest follow-ups, the attachments, co-owners, related customers and the open approval request. A fixed
 * number of statements, each on an index, whatever the customer holds.
 */
export async function customerOverview(tx: Tx, actor: Actor, id: string) {
  const acc = await loadCustomerAccess(tx, actor);
  const customer = await getCustomer(tx, actor, id, acc);
  const canContacts = actor.permissions.has('contact:view');
  const canFollowups = actor.permissions.has('activity:view');

  const contactRows = canContacts
    ? await tx
        .select({
          id: contacts.id,
          name: contacts.name,
          gender: contacts.gender,
          title: contacts.title,
          department: contacts.department,
          mobile: contacts.mobile,
          phone: contacts.phone,
          email: contacts.email,
          wechat: contacts.wechat,
          isPrimary: contacts.isPrimary,
        })
        .from(contacts)
        .where(
          and(eq(contacts.orgId, actor.orgId), eq(contacts.customerId, id), childVisible(await childAccess(tx, actor, acc, 'contact'), contacts, 'read')),
        )
        .orderBy(sql`${contacts.isPrimary} desc nulls last`, contacts.name)
        .limit(OVERVIEW_PAGE + 1)
    : null;

  const followupRows = canFollowups
    ? await tx
        .select({
          id: followups.id,
          contactId: followups.contactId,
          method: followups.method,
          content: followups.content,
          occurredAt: followups.occurredAt,
          nextContactAt: followups.nextContactAt,
          createdBy: followups.createdBy,
          authorName,
        })
        .from(followups)
        .where(
          and(
            eq(followups.orgId, actor.orgId),
            eq(followups.customerId, id),
            childVisible(await childAccess(tx, actor, acc, 'activity'), followups, 'read'),
          ),
        )
        .orderBy(desc(followups.occurredAt), desc(followups.id))
        .limit(OVERVIEW_PAGE + 1)
    : null;

  const files = await tx
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      mimeType: attachments.mimeType,
      size: attachments.size,
      uploadedBy: attachments.uploadedBy,
      createdAt: attachments.createdAt,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(attachments)
    .where(and(eq(attachments.orgId, actor.orgId), eq(attachments.recordType, 'customer'), eq(attachments.recordId, id)))
    .orderBy(desc(attachments.createdAt))
    .limit(OVERVIEW_PAGE);

  const coOwners = await coOwnersOf(tx, actor.orgId, id);
  const relations = await relationsOf(tx, acc, id);
  const more = <T>(rows: T[] | null) => (rows ? { items: rows.slice(0, OVERVIEW_PAGE), hasMore: rows.length > OVERVIEW_PAGE } : null);
  return {
    customer,
    contacts: more(contactRows),
    followups: more(followupRows),
    attachments: { items: files.map(({ total: _, ...f }) => f), total: files[0]?.total ?? 0 },
    coOwners,
    ...relations,
  };
}

/* ---------- change history ---------- */

type Json = Record<string, unknown> | null;

function changesOf(before: Json, after: Json) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}

/**
 * The customer's change history from the audit log (who, when, field, old → new), newest first, keyset paged.
 * Entries of customers merged into this one are part of it: the merge moved their history here.
 */
export async function customerHistory(tx: Tx, actor: Actor, id: string, query: CustomerHistoryQuery) {
  const acc = await loadCustomerAccess(tx, actor);
  await getAccessibleCustomer(tx, acc, id, 'read');
  const merged = await queryRows<{ id: string }>(
    tx,
    sql`select distinct after ->> 'mergedId' as id from ${auditLogs}
         where org_id = ${actor.orgId} and record_type = 'customer' and record_id = ${id} and action = 'merge'`,
  );
  const ids = [id, ...merged.map((m) => m.id).filter(Boolean)];
  const rows = await tx
    .select({
      id: auditLogs.id,
      at: auditLogs.at,
      actorId: auditLogs.actorId,
      actorName: auditLogs.actorName,
      action: auditLogs.action,
      recordId: auditLogs.recordId,
      before: auditLogs.before,
      after: auditLogs.after,
      cursorAt: keysetAt(auditLogs.at),
    })
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.orgId, actor.orgId),
        eq(auditLogs.recordType, 'customer'),
        inArray(auditLogs.recordId, ids),
        afterCursor(auditLogs.at, auditLogs.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(auditLogs.at), desc(auditLogs.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
      action: r.action,
      recordId: r.recordId,
      changes: changesOf(r.before as Json, r.after as Json),
    })),
    nextCursor: page.nextCursor,
  };
}
