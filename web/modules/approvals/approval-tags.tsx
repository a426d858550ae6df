import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApprovalAction, ApprovalStatus } from '../../../shared/validation/approvals.ts';
import type { ApprovalStep } from './approvals.api.ts';

const STATUS_COLORS: Record<ApprovalStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' };
const ACTION_COLORS: Record<ApprovalAction, string> = { create: 'blue', modify: 'gold', delete: 'red' };

export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`approvals.status.${status}`)}</Tag>;
}

export function ApprovalActionTag({ action }: { action: ApprovalAction }) {
  const { t } = useTranslation();
  return <Tag color={ACTION_COLORS[action]}>{t(`approvals.action.${action}`)}</Tag>;
}

/** A step closed without a decision was not needed: another approver, or the request's end, came first. */
export function StepDecisionTag({ step }: { step: ApprovalStep }) {
  const { t } = useTranslation();
  if (step.decision === 'approved') return <Tag color="success">{t('approvals.decision.approved')}</Tag>;
  if (step.decision === 'rejected') return <Tag color="error">{t('approvals.decision.rejected')}</Tag>;
  return step.decidedAt ? <Tag>{t('approvals.decision.skipped')}</Tag> : <Tag color="processing">{t('approvals.decision.waiting')}</Tag>;
}
