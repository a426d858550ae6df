import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy, ts, updatedAt, version } from '../../db/columns.ts';

export type ApprovalAction = 'create' | 'modify' | 'delete';
export type ApprovalSignoff = 'any' | 'all';
export type ApproverRule =
  | { kind: 'superior'; n: number }
  | { kind: 'role'; roleId: string }
  | { kind: 'users'; userIds: string[] };
export interface ApprovalLevel {
  approvers: ApproverRule;
  signoff: ApprovalSignoff;
}
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** One configurable flow per organisation, record type and action (section R.4). */
export const approvalFlows = pgTable(
  'approval_flows',
  {
    orgId: orgId(),
    id: id(),
    recordType: text('record_type').notNull(),
    action: text('action').$type<ApprovalAction>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    levels: jsonb('levels').$type<ApprovalLevel[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('approval_flows_type_action_key').on(t.orgId, t.recordType, t.action),
    tenantPolicy('approval_flows'),
  ],
);

/**
 * A request to create, change or delete a record. `payload` holds the proposed values; the record itself is only
 * changed when the last level approves. The flow's levels are copied at submission so later edits to the flow do
 * not change requests already under way.
 */
export const approvalRequests = pgTable(
  'approval_requests',
  {
    orgId: orgId(),
    id: id(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    recordLabel: text('record_label').notNull(),
    action: text('action').$type<ApprovalAction>().notNull(),
    status: text('status').$type<ApprovalStatus>().notNull().default('pending'),
    submitterId: uuid('submitter_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    levels: jsonb('levels').$type<ApprovalLevel[]>().notNull(),
    currentLevel: integer('current_level').notNull().default(0),
    submittedAt: createdAt('submitted_at'),
    decidedAt: ts('decided_at'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('approval_requests_record_idx').on(t.orgId, t.recordType, t.recordId, t.submittedAt.desc()),
    index('approval_requests_submitter_idx').on(t.orgId, t.submitterId, t.submittedAt.desc()),
    uniqueIndex('approval_requests_one_open_key').on(t.orgId, t.recordType, t.recordId).where(sql`status = 'pending'`),
    tenantPolicy('approval_requests'),
  ],
);

/**
 * The approvers of each level of a request, resolved at submission, and their decisions. A step closed without a
 * decision (`decided_at` set, `decision` null) was not needed: another approver completed an 'any' level, or the
 * request ended first. It stays, so everyone once asked still sees the request and who decided it.
 */
export const approvalSteps = pgTable(
  'approval_steps',
  {
    orgId: orgId(),
    id: id(),
    requestId: uuid('request_id').notNull(),
    level: integer('level').notNull(),
    approverId: uuid('approver_id').notNull(),
    decision: text('decision').$type<'approved' | 'rejected'>(),
    comment: text('comment'),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('approval_steps_request_level_approver_key').on(t.orgId, t.requestId, t.level, t.approverId),
    index('approval_steps_inbox_idx').on(t.orgId, t.approverId, t.createdAt.desc()).where(sql`decided_at is null`),
    tenantPolicy('approval_steps'),
  ],
);
