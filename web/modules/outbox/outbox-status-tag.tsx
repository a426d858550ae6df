import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutboxStatus } from './outbox.api.ts';

const COLORS: Record<OutboxStatus, string> = { queued: 'processing', sent: 'success', failed: 'error', kept: 'default' };

/** A mail's status; a failed one shows its error on hover. */
export function OutboxStatusTag({ status, error }: { status: OutboxStatus; error?: string | null }) {
  const { t } = useTranslation();
  const tag = <Tag color={COLORS[status]}>{t(`outbox.statuses.${status}`)}</Tag>;
  return error ? <Tooltip title={error}>{tag}</Tooltip> : tag;
}
