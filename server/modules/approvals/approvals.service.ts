import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, fieldError, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import type { AppContext } from '../../lib/services.ts';
import { messages, translate, type Locale, type MessageKey } from '../../../shared/i18n/messages.ts';
import type {
  ApprovalDecision,
  ApprovalFlowUpdate,
  ApprovalHistoryQuery,
  ApprovalInboxQuery,
  ApprovalSentQuery,
} from '../../../shared/validation/approvals.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { roles } from '../roles/roles.schema.ts';
import { users } from '../users/users.schema.ts';
import {
  approvalFlows,
  approvalRequests,
  approvalSteps,
  type ApprovalAction,
  type ApprovalLevel,
  type ApproverRule,
} from './approvals.schema.ts';
import { lookup } from '../../lib/lookup.ts';

/**
 * The generic approval engine (CUS-02, CUS-09, section R.4). A module that wants approvals for its records
 * registers a handler for its record type at load time, asks `approvalFlowFor` whether an action needs approval,
 * and if so calls `submitApproval` instead of writing the change; the engine calls the handler back, in the
 * deciding transaction, when the last level approves (`apply`) or when the request is rejected or withdrawn
 * (`reject`). The engine never reads the record's table itself, so any record type can use it.
 */

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;
export type ApprovalStepRow = typeof approvalSteps.$inferSelect;
/** What a decision needs beyond the transaction: the mailer and the public URL for the notices it sends. */
export type ApprovalCtx = Pick<AppContext, 'mailer' | 'publicUrl'>;

export interface ApprovalHandler {
  /** Makes the approved change (create, modify or delete the record from `request.payload`), with its audit entry. */
  apply(tx: Tx, ctx: ApprovalCtx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
  /** Undoes what submission put in place (a pending mark, a record pending creation) after a rejection or withdrawal. */
  reject(tx: Tx, ctx: ApprovalCtx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
  /** The record's current values of the fields the payload changes, for the approver's before → after view. */
  before?(tx: Tx, actor: Actor, request: ApprovalRequestRow): Promise<Record<string, unknown> | null>;
  /** True when the actor may read the record: they then read its approval history and requests too. */
  canRead?(tx: Tx, actor: Actor, recordId: string): Promise<boolean>;
  /** Where the record opens in the web app, for the record link of notices and the request drawer. */
  link?(recordId: string): string;
}

const handlers = new Map<string, ApprovalHandler>();

/** Called once per record type by the module that owns it, at module load. */
export function registerApprovalHandler(recordType: string, handler: ApprovalHandler): void {
  if (handlers.has(recordType) && handlers.get(recordType) !== handler) throw new Error(`approval handler for ${recordType} registered twice`);
  handlers.set(recordType, handler);
}

export function approvalRecordTypes(): string[] {
  return [...handlers.keys()].sort();
}

function handlerFor(recordType: string): ApprovalHandler {
  const handler = handlers.get(recordType);
  if (!handler) throw new Error(`no approval handler for record type ${recordType}`);
  return handler;
}

/** The record type's name in a language; record types name themselves in messages.ts as `rt.<type>`. */
export function recordTypeLabel(locale: Locale, recordType: string): string {
  const key = `rt.${recordType}`;
  return key in messages[locale] ? translate(locale, key) : recordType;
}

/* ---------- flows ---------- */

/** The levels of the organisation's enabled flow for the record type and action, or null: no approval needed. */
export async function approvalFlowFor(tx: Tx, orgId: string, recordType: string, action: ApprovalAction): Promise<ApprovalLevel[] | null> {
  const [flow] = await tx
    .select({ levels: approvalFlows.levels })
    .from(approvalFlows)
    .where(
      and(eq(approvalFlows.orgId, orgId), eq(approvalFlows.recordType, recordType), eq(approvalFlows.action, action), eq(approvalFlows.enabled, true)),
    );
  return flow && flow.levels.length ? flow.levels : null;
}

const ACTIONS: ApprovalAction[] = ['create', 'modify', 'delete'];

function presentFlow(locale: Locale, recordType: string, action: ApprovalAction, flow: typeof approvalFlows.$inferSelect | undefined) {
  return {
    recordType,
    recordTypeLabel: recordTypeLabel(locale, recordType),
    action,
    configured: Boolean(flow),
    enabled: flow?.enabled ?? false,
    levels: flow?.levels ?? [],
    updatedAt: flow?.updatedAt ?? null,
    version: flow?.version ?? null,
  };
}

function assertKnownRecordType(recordType: string) {
  if (!handlers.has(recordType)) throw notFound();
}

/**
 * Every record type that supports approvals, with each action's flow (configured or not), and the names of the
 * roles and users the flows name, so the settings page can show them without reading the role and user lists.
 */
export async function listApprovalFlows(tx: Tx, actor: Actor) {
  const rows = await tx.select().from(approvalFlows).where(eq(approvalFlows.orgId, actor.orgId));
  const byKey = new Map(rows.map((f) => [`${f.recordType}/${f.action}`, f]));
  const rules = rows.flatMap((f) => f.levels.map((l) => l.approvers));
  const roleIds = [...new Set(rules.flatMap((r) => (r.kind === 'role' ? [r.roleId] : [])))];
  const userIds = [...new Set(rules.flatMap((r) => (r.kind === 'users' ? r.userIds : [])))];
  const named = [
    ...(roleIds.length ? await tx.select({ id: roles.id, name: roles.name }).from(roles).where(and(eq(roles.orgId, actor.orgId), inArray(roles.id, roleIds))) : []),
    ...(userIds.length ? await tx.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.orgId, actor.orgId), inArray(users.id, userIds))) : []),
  ];
  return {
    items: approvalRecordTypes().flatMap((type) => ACTIONS.map((action) => presentFlow(actor.locale, type, action, byKey.get(`${type}/${action}`)))),
    names: Object.fromEntries(named.map((n) => [n.id, n.name])) as Record<string, string>,
  };
}

async function findFlow(tx: Tx, orgId: string, recordType: string, action: ApprovalAction) {
  const [flow] = await tx
    .select()
    .from(approvalFlows)
    .where(and(eq(approvalFlows.orgId, orgId), eq(approvalFlows.recordType, recordType), eq(approvalFlows.action, action)));
  return flow;
}

export async function getApprovalFlow(tx: Tx, actor: Actor, recordType: string, action: ApprovalAction) {
  assertKnownRecordType(recordType);
  return presentFlow(actor.locale, recordType, action, await findFlow(tx, actor.orgId, recordType, action));
}

/** Roles and users a flow names must exist (users also active), each failure flagged at its level. */
async function checkFlowLevels(tx: Tx, orgId: string, levels: ApprovalLevel[]) {
  const roleIds = [...new Set(levels.flatMap((l) => (l.approvers.kind === 'role' ? [l.approvers.roleId] : [])))];
  const userIds = [...new Set(levels.flatMap((l) => (l.approvers.kind === 'users' ? l.approvers.userIds : [])))];
  const foundRoles = roleIds.length
    ? new Set((await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.orgId, orgId), inArray(roles.id, roleIds)))).map((r) => r.id))
    : new Set<string>();
  const foundUsers = userIds.length
    ? new Set(
        (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.orgId, orgId), inArray(users.id, userIds), eq(users.status, 'active')))
        ).map((u) => u.id),
      )
    : new Set<string>();
  const fields: Record<string, MessageKey> = {};
  levels.forEach((level, i) => {
    const rule = level.approvers;
    if (rule.kind === 'role' && !foundRoles.has(rule.roleId)) fields[`levels.${i}.approvers.roleId`] = 'v.notFound';
    if (rule.kind === 'users' && rule.userIds.some((id) => !foundUsers.has(id))) fields[`levels.${i}.approvers.userIds`] = 'v.notFound';
  });
  if (Object.keys(fields).length) throw fieldError(fields);
}

/** Saves a flow; requests already submitted keep the levels they were submitted with. */
export async function updateApprovalFlow(tx: Tx, actor: Actor, recordType: string, action: ApprovalAction, input: ApprovalFlowUpdate) {
  assertKnownRecordType(recordType);
  const levels: ApprovalLevel[] = input.levels.map((l) => ({ approvers: l.approvers, signoff: l.signoff }));
  await checkFlowLevels(tx, actor.orgId, levels);
  const before = await findFlow(tx, actor.orgId, recordType, action);
  const label = `${recordType}/${action}`;
  if (!before) {
    const [row] = await tx
      .insert(approvalFlows)
      .values({ orgId: actor.orgId, recordType, action, enabled: input.enabled, levels })
      .onConflictDoNothing({ target: [approvalFlows.orgId, approvalFlows.recordType, approvalFlows.action] })
      .returning();
    // Someone else configured it since this editor read it as unconfigured.
    if (!row) throw versionConflict();
    await recordAudit(tx, actor, {
      module: 'approval',
      action: 'create_flow',
      recordType: 'approval_flow',
      recordId: row.id,
      recordLabel: label,
      after: { enabled: row.enabled, levels: row.levels },
    });
    return presentFlow(actor.locale, recordType, action, row);
  }
  if (input.version !== before.version) throw versionConflict();
  const [after] = await tx
    .update(approvalFlows)
    .set({ enabled: input.enabled, levels, updatedAt: new Date(), version: sql`${approvalFlows.version} + 1` })
    .where(and(eq(approvalFlows.orgId, actor.orgId), eq(approvalFlows.id, before.id), eq(approvalFlows.version, before.version)))
    .returning();
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, {
    module: 'approval',
    action: 'update_flow',
    recordType: 'approval_flow',
    recordId: after.id,
    recordLabel: label,
    ...diff({ enabled: before.enabled, levels: before.levels }, { enabled: after.enabled, levels: after.levels }),
  });
  return presentFlow(actor.locale, recordType, action, after);
}

/* ---------- who approves ---------- */

/**
 * The active users a rule names for a submitter. The N-th superior is whoever holds the position N levels above
 * one of the submitter's positions (each position's path is `/root/…/self/`); a user with several positions has
 * the superiors of each.
 */
async function approversOf(tx: Tx, orgId: string, submitterId: string, rule: ApproverRule): Promise<string[]> {
  let query: SQL;
  if (rule.kind === 'superior') {
    query = sql`select distinct up.user_id as id
        from user_positions me
        join positions p on p.org_id = me.org_id and p.id = me.position_id
        cross join lateral (select string_to_array(trim(both '/' from p.path), '/') as ids) chain
        join positions sup on sup.org_id = p.org_id and sup.id = (chain.ids[cardinality(chain.ids) - ${rule.n}::int])::uuid
        join user_positions up on up.org_id = sup.org_id and up.position_id = sup.id
        join users u on u.org_id = up.org_id and u.id = up.user_id and u.status = 'active'
       where me.org_id = ${orgId} and me.user_id = ${submitterId}`;
  } else if (rule.kind === 'role') {
    query = sql`select distinct ur.user_id as id
        from user_roles ur
        join users u on u.org_id = ur.org_id and u.id = ur.user_id and u.status = 'active'
       where ur.org_id = ${orgId} and ur.role_id = ${rule.roleId}`;
  } else {
    query = sql`select id from users where org_id = ${orgId} and id = any(${sql.param(rule.userIds)}::uuid[]) and status = 'active'`;
  }
  const ids = (await queryRows<{ id: string }>(tx, query)).map((r) => r.id).sort();
  // Nobody approves their own request, unless nobody else could.
  const others = ids.filter((id) => id !== submitterId);
  return others.length ? others : ids;
}

/* ---------- notices ---------- */

const ACTION_WORDS: Record<Locale, Record<ApprovalAction, string>> = {
  'zh-CN': { create: '新建', modify: '修改', delete: '删除' },
  'en-US': { create: 'new', modify: 'change of', delete: 'deletion of' },
};

function subject(locale: Locale, r: ApprovalRequestRow) {
  const type = recordTypeLabel(locale, r.recordType);
  return locale === 'zh-CN' ? `${ACTION_WORDS[locale][r.action]}${type}「${r.recordLabel}」` : `${ACTION_WORDS[locale][r.action]} ${type} "${r.recordLabel}"`;
}

type NoticeKind = 'approval_pending' | 'approval_approved' | 'approval_rejected';

function noticeText(locale: Locale, kind: NoticeKind, r: ApprovalRequestRow, who: string, comment: string | null) {
  const zh = locale === 'zh-CN';
  const what = subject(locale, r);
  const levels = r.levels.length;
  const level = r.currentLevel + 1;
  switch (kind) {
    case 'approval_pending':
      return {
        title: zh ? `待审批：${what}` : `To approve: ${what}`,
        body: zh
          ? `${who} 提交了审批申请${levels > 1 ? `（第 ${level}/${levels} 级）` : ''}，请审批。`
          : `${who} submitted it for approval${levels > 1 ? ` (level ${level} of ${levels})` : ''}.`,
      };
    case 'approval_approved':
      return {
        title: zh ? `审批通过：${what}` : `Approved: ${what}`,
        body: (zh ? `${who} 批准了您的申请。` : `${who} approved your request.`) + (comment ? `\n${comment}` : ''),
      };
    case 'approval_rejected':
      return {
        title: zh ? `审批退回：${what}` : `Returned: ${what}`,
        body: (zh ? `${who} 退回了您的申请，可修改后重新提交。` : `${who} returned your request; you can change it and submit again.`) + (comment ? `\n${comment}` : ''),
      };
  }
}

/** Each recipient reads the notice in their own language (their preference, else the organisation's). */
async function notifyApproval(
  tx: Tx,
  ctx: ApprovalCtx,
  r: ApprovalRequestRow,
  userIds: string[],
  kind: NoticeKind,
  who: string,
  comment: string | null = null,
) {
  if (!userIds.length) return;
  const rows = await queryRows<{ id: string; locale: string | null; org_locale: string }>(
    tx,
    sql`select u.id, u.prefs->>'locale' as locale, o.default_locale as org_locale
          from users u join organizations o on o.id = u.org_id
         where u.org_id = ${r.orgId} and u.id = any(${sql.param(userIds)}::uuid[])`,
  );
  const byLocale = new Map<Locale, string[]>();
  for (const row of rows) {
    const locale = (row.locale ?? row.org_locale) === 'en-US' ? 'en-US' : 'zh-CN';
    byLocale.set(locale, [...(byLocale.get(locale) ?? []), row.id]);
  }
  const link = kind === 'approval_pending' ? `/approvals?request=${r.id}` : `/approvals?tab=sent&request=${r.id}`;
  for (const [locale, ids] of byLocale) {
    await notifyUsers(tx, ctx.mailer, r.orgId, ids, { kind, ...noticeText(locale, kind, r, who, comment), link }, ctx.publicUrl);
  }
}

/* ---------- submitting ---------- */

export interface ApprovalSubmission {
  recordType: string;
  recordId: string;
  /** What people see in inboxes and notices (the customer's name). */
  recordLabel: string;
  action: ApprovalAction;
  /** The proposed values; the handler reads them back in `apply`. */
  payload: Record<string, unknown>;
}

/**
 * Opens a request under the organisation's enabled flow for the record type and action (ask `approvalFlowFor`
 * first). Every level's approvers are resolved now, so a level nobody could approve is refused at once
 * (422 approval_no_approver) instead of leaving a request stuck half-way, and the route is fixed for its life.
 * A record has at most one open request (409 approval_pending).
 */
export async function submitApproval(tx: Tx, ctx: ApprovalCtx, actor: Actor, input: ApprovalSubmission): Promise<ApprovalRequestRow> {
  handlerFor(input.recordType);
  const levels = await approvalFlowFor(tx, actor.orgId, input.recordType, input.action);
  if (!levels) throw new Error(`no enabled approval flow for ${input.recordType}/${input.action}`);
  const approvers: string[][] = [];
  for (const [i, level] of levels.entries()) {
    const ids = await approversOf(tx, actor.orgId, actor.userId, level.approvers);
    if (!ids.length) throw new AppError('approval_no_approver', 422, { approval: 'v.noApprover' }, { level: i + 1 });
    approvers.push(ids);
  }
  const [request] = await tx
    .insert(approvalRequests)
    .values({
      orgId: actor.orgId,
      recordType: input.recordType,
      recordId: input.recordId,
      recordLabel: input.recordLabel,
      action: input.action,
      submitterId: actor.userId,
      payload: input.payload,
      levels,
    })
    .onConflictDoNothing({ target: [approvalRequests.orgId, approvalRequests.recordType, approvalRequests.recordId], where: sql`status = 'pending'` })
    .returning();
  if (!request) throw new AppError('approval_pending', 409);
  await tx.insert(approvalSteps).values(approvers.flatMap((ids, level) => ids.map((approverId) => ({ orgId: actor.orgId, requestId: request.id, level, approverId }))));
  await recordAudit(tx, actor, {
    module: 'approval',
    action: 'submit',
    recordType: 'approval_request',
    recordId: request.id,
    recordLabel: request.recordLabel,
    after: { recordType: request.recordType, recordId: request.recordId, action: request.action, payload: request.payload, levels, approvers },
  });
  await notifyApproval(tx, ctx, request, approvers[0]!, 'approval_pending', actor.name);
  return request;
}

/* ---------- deciding ---------- */

async function lockRequest(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.orgId, orgId), eq(approvalRequests.id, id)))
    .for('update');
  return row;
}

const stepsOf = (tx: Tx, orgId: string, requestIds: string[]) =>
  requestIds.length
    ? tx
        .select({ step: approvalSteps, approverName: users.name })
        .from(approvalSteps)
        .leftJoin(users, and(eq(users.orgId, approvalSteps.orgId), eq(users.id, approvalSteps.approverId)))
        .where(and(eq(approvalSteps.orgId, orgId), inArray(approvalSteps.requestId, requestIds)))
        .orderBy(asc(approvalSteps.level), asc(approvalSteps.decidedAt), asc(users.name))
    : Promise.resolve([]);

/** Submitter, approvers, and whoever may read the record see a request; everyone else gets 404. */
async function canSeeRequest(tx: Tx, actor: Actor, request: ApprovalRequestRow, steps: ApprovalStepRow[]) {
  if (request.submitterId === actor.userId || steps.some((s) => s.approverId === actor.userId)) return true;
  const canRead = handlers.get(request.recordType)?.canRead;
  return canRead ? canRead(tx, actor, request.recordId) : false;
}

/** Closes, without a decision, the steps nobody needs to decide any more (the rest of an 'any' level, later levels). */
async function closeOpenSteps(tx: Tx, request: ApprovalRequestRow, at: Date, fromLevel: number, toLevel = request.levels.length - 1) {
  await tx
    .update(approvalSteps)
    .set({ decidedAt: at })
    .where(
      and(
        eq(approvalSteps.orgId, request.orgId),
        eq(approvalSteps.requestId, request.id),
        isNull(approvalSteps.decidedAt),
        sql`${approvalSteps.level} between ${fromLevel} and ${toLevel}`,
      ),
    );
}

const isOpenStepOf = (request: ApprovalRequestRow, userId: string) => (s: ApprovalStepRow) =>
  s.level === request.currentLevel && s.approverId === userId && s.decidedAt === null;

async function closeRequest(tx: Tx, request: ApprovalRequestRow, set: Partial<ApprovalRequestRow>) {
  const [row] = await tx
    .update(approvalRequests)
    .set({ ...set, updatedAt: new Date(), version: sql`${approvalRequests.version} + 1` })
    .where(and(eq(approvalRequests.orgId, request.orgId), eq(approvalRequests.id, request.id)))
    .returning();
  return row!;
}

/** The request, locked, and the actor's open step on its current level, after the checks every decision shares. */
async function loadForDecision(tx: Tx, actor: Actor, id: string, version: number) {
  const request = await lockRequest(tx, actor.orgId, id);
  if (!request) throw notFound();
  const steps = (await stepsOf(tx, actor.orgId, [id])).map((s) => s.step);
  if (!(await canSeeRequest(tx, actor, request, steps))) throw notFound();
  if (request.status !== 'pending') throw new AppError('approval_closed', 409);
  const mine = steps.find(isOpenStepOf(request, actor.userId));
  if (!mine) throw forbidden();
  if (version !== request.version) throw versionConflict();
  return { request, steps, mine };
}

/**
 * Records the actor's approval. An 'any' level completes with it, an 'all' level with the last approver's; the
 * request then moves to the next level (whose approvers are notified) or, after the last, is approved and the
 * handler applies the change in this transaction. Partial approvals of an 'all' level leave the request's version
 * alone, so its approvers can act at the same time.
 */
export async function approveRequest(tx: Tx, ctx: ApprovalCtx, actor: Actor, id: string, input: ApprovalDecision) {
  const { request, steps, mine } = await loadForDecision(tx, actor, id, input.version);
  const comment = input.comment || null;
  const decidedAt = new Date();
  await tx.update(approvalSteps).set({ decision: 'approved', comment, decidedAt }).where(and(eq(approvalSteps.orgId, actor.orgId), eq(approvalSteps.id, mine.id)));
  const level = request.levels[request.currentLevel]!;
  const levelDone =
    level.signoff === 'any' || steps.every((s) => s.level !== request.currentLevel || s.id === mine.id || s.decision === 'approved');
  const isLast = request.currentLevel === request.levels.length - 1;
  let after = request;
  if (levelDone) {
    await closeOpenSteps(tx, request, decidedAt, request.currentLevel, request.currentLevel);
    after = isLast
      ? await closeRequest(tx, request, { status: 'approved', decidedAt })
      : await closeRequest(tx, request, { currentLevel: request.currentLevel + 1 });
  }
  await recordAudit(tx, actor, {
    module: 'approval',
    action: 'approve',
    recordType: 'approval_request',
    recordId: request.id,
    recordLabel: request.recordLabel,
    before: { status: request.status, currentLevel: request.currentLevel },
    after: { status: after.status, currentLevel: after.currentLevel, level: request.currentLevel + 1, comment },
  });
  if (levelDone && isLast) {
    await handlerFor(request.recordType).apply(tx, ctx, actor, after);
    await notifyApproval(tx, ctx, after, [request.submitterId], 'approval_approved', actor.name, comment);
  } else if (levelDone) {
    const next = steps.filter((s) => s.level === after.currentLevel).map((s) => s.approverId);
    const submitter = await userName(tx, actor.orgId, request.submitterId);
    await notifyApproval(tx, ctx, after, next, 'approval_pending', submitter);
  }
  return getApprovalRequest(tx, actor, id);
}

/** Rejection at any level ends the request; the handler undoes the pending state and the submitter may resubmit. */
export async function rejectRequest(tx: Tx, ctx: ApprovalCtx, actor: Actor, id: string, input: ApprovalDecision) {
  const { request, mine } = await loadForDecision(tx, actor, id, input.version);
  const comment = input.comment || null;
  const decidedAt = new Date();
  await tx.update(approvalSteps).set({ decision: 'rejected', comment, decidedAt }).where(and(eq(approvalSteps.orgId, actor.orgId), eq(approvalSteps.id, mine.id)));
  await closeOpenSteps(tx, request, decidedAt, 0);
  const after = await closeRequest(tx, request, { status: 'rejected', decidedAt });
  await recordAudit(tx, actor, {
    module: 'approval',
    action: 'reject',
    recordType: 'approval_request',
    recordId: request.id,
    recordLabel: request.recordLabel,
    before: { status: request.status },
    after: { status: after.status, level: request.currentLevel + 1, comment },
  });
  await handlerFor(request.recordType).reject(tx, ctx, actor, after);
  await notifyApproval(tx, ctx, after, [request.submitterId], 'approval_rejected', actor.name, comment);
  return getApprovalRequest(tx, actor, id);
}

/** The submitter takes a pending request back; the record returns to what it was, as after a rejection. */
export async function withdrawRequest(tx: Tx, ctx: ApprovalCtx, actor: Actor, id: string, input: { version: number }) {
  const request = await lockRequest(tx, actor.orgId, id);
  if (!request) throw notFound();
  if (request.submitterId !== actor.userId) {
    const steps = (await stepsOf(tx, actor.orgId, [id])).map((s) => s.step);
    if (!(await canSeeRequest(tx, actor, request, steps))) throw notFound();
    throw forbidden();
  }
  if (request.status !== 'pending') throw new AppError('approval_closed', 409);
  if (input.version !== request.version) throw versionConflict();
  const decidedAt = new Date();
  await closeOpenSteps(tx, request, decidedAt, 0);
  const after = await closeRequest(tx, request, { status: 'withdrawn', decidedAt });
  await recordAudit(tx, actor, {
    module: 'approval',
    action: 'withdraw',
    recordType: 'approval_request',
    recordId: request.id,
    recordLabel: request.recordLabel,
    before: { status: request.status },
    after: { status: after.status },
  });
  await handlerFor(request.recordType).reject(tx, ctx, actor, after);
  return getApprovalRequest(tx, actor, id);
}

async function userName(tx: Tx, orgId: string, id: string) {
  const [u] = await tx.select({ name: users.name }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return u?.name ?? '';
}

/* ---------- reading ---------- */

type StepWithName = Awaited<ReturnType<typeof stepsOf>>[number];

function presentStep({ step, approverName }: StepWithName) {
  return {
    id: step.id,
    level: step.level,
    approver: { id: step.approverId, name: approverName ?? '' },
    decision: step.decision,
    comment: step.comment,
    decidedAt: step.decidedAt,
  };
}

function presentRequest(r: ApprovalRequestRow, submitterName: string | null, locale: Locale) {
  return {
    id: r.id,
    recordType: r.recordType,
    recordTypeLabel: recordTypeLabel(locale, r.recordType),
    recordId: r.recordId,
    recordLabel: r.recordLabel,
    recordLink: handlers.get(r.recordType)?.link?.(r.recordId) ?? null,
    action: r.action,
    status: r.status,
    submitter: { id: r.submitterId, name: submitterName ?? '' },
    submittedAt: r.submittedAt,
    decidedAt: r.decidedAt,
    currentLevel: r.currentLevel,
    levels: r.levels,
    version: r.version,
  };
}

const submitterName = lookup<string | null>(users, users.name, approvalRequests.orgId, approvalRequests.submitterId);

/**
 * One request with its levels, every approver's step and decision, the proposed values and, while it is pending
 * and the handler can tell, the record's current values beside them.
 */
export async function getApprovalRequest(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ request: approvalRequests, submitterName })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.orgId, actor.orgId), eq(approvalRequests.id, id)));
  if (!row) throw notFound();
  const { request } = row;
  const steps = await stepsOf(tx, actor.orgId, [id]);
  if (!(await canSeeRequest(tx, actor, request, steps.map((s) => s.step)))) throw notFound();
  const handler = handlers.get(request.recordType);
  const before = request.status === 'pending' && handler?.before ? await handler.before(tx, actor, request) : null;
  const pending = request.status === 'pending';
  return {
    ...presentRequest(request, row.submitterName, actor.locale),
    payload: request.payload,
    before,
    steps: steps.map(presentStep),
    canDecide: pending && steps.some((s) => isOpenStepOf(request, actor.userId)(s.step)),
    canWithdraw: pending && request.submitterId === actor.userId,
  };
}

/** Steps waiting for the actor: on the current level of a pending request, not yet decided. */
function inboxWhere(actor: Actor, recordType?: string) {
  return and(
    eq(approvalSteps.orgId, actor.orgId),
    eq(approvalSteps.approverId, actor.userId),
    isNull(approvalSteps.decidedAt),
    eq(approvalRequests.status, 'pending'),
    eq(approvalRequests.currentLevel, approvalSteps.level),
    recordType ? eq(approvalRequests.recordType, recordType) : undefined,
  );
}

const requestOfStep = and(eq(approvalRequests.orgId, approvalSteps.orgId), eq(approvalRequests.id, approvalSteps.requestId));

export async function approvalInbox(tx: Tx, actor: Actor, query: ApprovalInboxQuery) {
  const rows = await tx
    .select({
      id: approvalSteps.id,
      request: approvalRequests,
      submitterName,
      cursorAt: keysetAt(approvalSteps.createdAt),
    })
    .from(approvalSteps)
    .innerJoin(approvalRequests, requestOfStep)
    .where(and(inboxWhere(actor, query.recordType), afterCursor(approvalSteps.createdAt, approvalSteps.id, decodeCursor(query.cursor))))
    // NULLS LAST matches the inbox index, so the newest steps come straight off it.
    .orderBy(sql`${approvalSteps.createdAt} desc nulls last`, desc(approvalSteps.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  return {
    items: page.items.map((r) => ({ stepId: r.id, ...presentRequest(r.request, r.submitterName, actor.locale) })),
    nextCursor: page.nextCursor,
  };
}

export async function approvalInboxCount(tx: Tx, actor: Actor): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(approvalSteps).innerJoin(approvalRequests, requestOfStep).where(inboxWhere(actor));
  return row!.n;
}

/** The home page's "approvals waiting for me": the newest few and how many there are. */
export async function myPendingApprovals(tx: Tx, actor: Actor, { limit }: { limit: number }) {
  const [page, total] = [await approvalInbox(tx, actor, { limit }), await approvalInboxCount(tx, actor)];
  return { items: page.items, total };
}

export async function approvalsSent(tx: Tx, actor: Actor, query: ApprovalSentQuery) {
  const rows = await tx
    .select({ request: approvalRequests, cursorAt: keysetAt(approvalRequests.submittedAt), id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, actor.orgId),
        eq(approvalRequests.submitterId, actor.userId),
        query.recordType ? eq(approvalRequests.recordType, query.recordType) : undefined,
        query.status ? eq(approvalRequests.status, query.status) : undefined,
        afterCursor(approvalRequests.submittedAt, approvalRequests.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(sql`${approvalRequests.submittedAt} desc nulls last`, desc(approvalRequests.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit);
  return { items: page.items.map((r) => presentRequest(r.request, actor.name, actor.locale)), nextCursor: page.nextCursor };
}

/**
 * A record's requests, newest first, each with its decisions. Whoever may read the record sees them all; anyone
 * else only the ones they submitted or were asked to approve.
 */
export async function recordApprovals(tx: Tx, actor: Actor, query: ApprovalHistoryQuery) {
  const handler = handlers.get(query.recordType);
  if (!handler) throw notFound();
  const readsRecord = handler.canRead ? await handler.canRead(tx, actor, query.recordId) : false;
  const involved = or(
    eq(approvalRequests.submitterId, actor.userId),
    sql`exists (select 1 from ${approvalSteps} where ${approvalSteps.orgId} = ${approvalRequests.orgId}
        and ${approvalSteps.requestId} = ${approvalRequests.id} and ${approvalSteps.approverId} = ${actor.userId})`,
  );
  const rows = await tx
    .select({ request: approvalRequests, submitterName })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, actor.orgId),
        eq(approvalRequests.recordType, query.recordType),
        eq(approvalRequests.recordId, query.recordId),
        readsRecord ? undefined : involved,
      ),
    )
    .orderBy(sql`${approvalRequests.submittedAt} desc nulls last`)
    .limit(query.limit);
  const steps = await stepsOf(
    tx,
    actor.orgId,
    rows.map((r) => r.request.id),
  );
  return {
    items: rows.map(({ request, submitterName: name }) => {
      const own = steps.filter((s) => s.step.requestId === request.id);
      const pending = request.status === 'pending';
      return {
        ...presentRequest(request, name, actor.locale),
        steps: own.map(presentStep),
        canDecide: pending && own.some((s) => isOpenStepOf(request, actor.userId)(s.step)),
        canWithdraw: pending && request.submitterId === actor.userId,
      };
    }),
  };
}

/** The open request on a record, if any: the record's module shows it and refuses other changes meanwhile. */
export async function openApprovalRequest(tx: Tx, orgId: string, recordType: string, recordId: string): Promise<ApprovalRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, orgId),
        eq(approvalRequests.recordType, recordType),
        eq(approvalRequests.recordId, recordId),
        eq(approvalRequests.status, 'pending'),
      ),
    );
  return row;
}
