import { api } from '../../lib/api.ts';
import type { ApprovalAction, ApprovalFlowUpdate, ApprovalStatus, ApproverRule } from '../../../shared/validation/approvals.ts';

export interface ApprovalLevel {
  approvers: ApproverRule;
  signoff: 'any' | 'all';
}

export interface ApprovalSummary {
  id: string;
  recordType: string;
  recordTypeLabel: string;
  recordId: string;
  recordLabel: string;
  /** Where the record opens in the app, when its module says so. */
  recordLink: string | null;
  action: ApprovalAction;
  status: ApprovalStatus;
  submitter: { id: string; name: string };
  submittedAt: string;
  decidedAt: string | null;
  currentLevel: number;
  levels: ApprovalLevel[];
  version: number;
}

export interface ApprovalStep {
  id: string;
  level: number;
  approver: { id: string; name: string };
  /** Null with a decidedAt: the step closed without a decision (another approver or the request's end came first). */
  decision: 'approved' | 'rejected' | null;
  comment: string | null;
  decidedAt: string | null;
}

export interface ApprovalDetail extends ApprovalSummary {
  payload: Record<string, unknown>;
  /** The record's current values beside the proposal, while pending and where the record's module can tell. */
  before: Record<string, unknown> | null;
  steps: ApprovalStep[];
  canDecide: boolean;
  canWithdraw: boolean;
}

export type RecordApproval = ApprovalSummary & Pick<ApprovalDetail, 'steps' | 'canDecide' | 'canWithdraw'>;
export type InboxItem = ApprovalSummary & { stepId: string };

export interface ApprovalFlow {
  recordType: string;
  recordTypeLabel: string;
  action: ApprovalAction;
  configured: boolean;
  enabled: boolean;
  levels: ApprovalLevel[];
  updatedAt: string | null;
  version: number | null;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const APPROVALS_PAGE_SIZE = 20;

/** Everything under ['approvals'], so a decision refreshes the inbox, the badge, the drawer and record histories at once. */
export const approvalsKeys = {
  all: ['approvals'] as const,
  inbox: ['approvals', 'inbox'] as const,
  count: ['approvals', 'count'] as const,
  sent: (status?: ApprovalStatus) => ['approvals', 'sent', { status }] as const,
  detail: (id: string) => ['approvals', 'detail', id] as const,
  record: (recordType: string, recordId: string) => ['approvals', 'record', recordType, recordId] as const,
  flows: ['approvals', 'flows'] as const,
};

export const approvalsApi = {
  inbox: (cursor?: string) => api.get<Page<InboxItem>>('/approvals/inbox', { cursor, limit: APPROVALS_PAGE_SIZE }),
  inboxCount: () => api.get<{ count: number }>('/approvals/inbox/count'),
  sent: (status: ApprovalStatus | undefined, cursor?: string) => api.get<Page<ApprovalSummary>>('/approvals/sent', { status, cursor, limit: APPROVALS_PAGE_SIZE }),
  detail: (id: string) => api.get<ApprovalDetail>(`/approvals/${id}`),
  ofRecord: (recordType: string, recordId: string) => api.get<{ items: RecordApproval[] }>('/approvals', { recordType, recordId }),
  approve: (id: string, input: { comment?: string; version: number }) => api.post<ApprovalDetail>(`/approvals/${id}/approve`, input),
  reject: (id: string, input: { comment: string; version: number }) => api.post<ApprovalDetail>(`/approvals/${id}/reject`, input),
  withdraw: (id: string, version: number) => api.post<ApprovalDetail>(`/approvals/${id}/withdraw`, { version }),
  flows: () => api.get<{ items: ApprovalFlow[]; names: Record<string, string> }>('/approval-flows'),
  saveFlow: (recordType: string, action: ApprovalAction, input: ApprovalFlowUpdate) => api.put<ApprovalFlow>(`/approval-flows/${recordType}/${action}`, input),
};
