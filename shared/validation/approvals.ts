import { z } from 'zod';
import { blankAsMissing, pageQuery, uuid, version } from './common.ts';

export const APPROVAL_ACTIONS = ['create', 'modify', 'delete'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];
export const APPROVAL_SIGNOFFS = ['any', 'all'] as const;
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A flow is short by nature (the manuals show one or two reviewers); more levels would be a configuration error. */
export const APPROVAL_MAX_LEVELS = 10;
/** Named approvers of one level; a larger group is a role. */
export const APPROVAL_MAX_NAMED_USERS = 50;
/** How far up the position tree a level may reach. */
export const APPROVAL_MAX_SUPERIOR = 5;

/** Record types are code identifiers chosen by the owning module ('customer', 'quote', 'care_plan', ...). */
export const approvalRecordType = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'v.unknownRecordType');

export const approverRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('superior'), n: z.number().int().min(1, 'v.superiorN').max(APPROVAL_MAX_SUPERIOR, 'v.superiorN') }),
  z.object({ kind: z.literal('role'), roleId: uuid }),
  z.object({
    kind: z.literal('users'),
    userIds: z
      .array(uuid)
      .min(1, 'v.required')
      .max(APPROVAL_MAX_NAMED_USERS)
      .refine((ids) => new Set(ids).size === ids.length, 'v.duplicateIds'),
  }),
]);
export type ApproverRule = z.infer<typeof approverRule>;

export const approvalLevel = z.object({ approvers: approverRule, signoff: z.enum(APPROVAL_SIGNOFFS) });
export type ApprovalLevelInput = z.infer<typeof approvalLevel>;

export const approvalFlowParams = z.object({ recordType: approvalRecordType, action: z.enum(APPROVAL_ACTIONS) });

/** `version` is that of the flow read; a flow not yet configured has none. */
export const approvalFlowUpdate = z.object({
  enabled: z.boolean(),
  levels: z.array(approvalLevel).min(1, 'v.required').max(APPROVAL_MAX_LEVELS),
  version: version.nullish(),
});
export type ApprovalFlowUpdate = z.infer<typeof approvalFlowUpdate>;

export const approvalDecision = z.object({ comment: z.string().trim().max(1000).optional(), version });
/** Sending a request back says why, so the submitter knows what to change before resubmitting. */
export const approvalRejection = z.object({ comment: z.string().trim().min(1, 'v.required').max(1000), version });
export const approvalWithdrawal = z.object({ version });
export type ApprovalDecision = z.infer<typeof approvalDecision>;

export const approvalInboxQuery = pageQuery.extend({ recordType: blankAsMissing(approvalRecordType) });
export type ApprovalInboxQuery = z.infer<typeof approvalInboxQuery>;

export const approvalSentQuery = pageQuery.extend({
  recordType: blankAsMissing(approvalRecordType),
  status: blankAsMissing(z.enum(APPROVAL_STATUSES)),
});
export type ApprovalSentQuery = z.infer<typeof approvalSentQuery>;

export const approvalHistoryQuery = z.object({
  recordType: approvalRecordType,
  recordId: uuid,
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ApprovalHistoryQuery = z.infer<typeof approvalHistoryQuery>;
