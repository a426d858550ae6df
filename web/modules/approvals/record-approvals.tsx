import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Skeleton, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/session.ts';
import { ApprovalDrawer } from './approval-drawer.tsx';
import { ApprovalActionTag, ApprovalStatusTag, StepDecisionTag } from './approval-tags.tsx';
import { approvalsApi, approvalsKeys } from './approvals.api.ts';

/**
 * A record's approvals, for its detail page: a banner while a request is open (the record stays as it was until
 * it is decided) and the history of every request with each decision. Any record type that uses the approval
 * engine embeds it: `<RecordApprovals recordType="customer" recordId={id} />`.
 */
export function RecordApprovals({ recordType, recordId }: { recordType: string; recordId: string }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const [open, setOpen] = useState<string>();
  const list = useQuery({ queryKey: approvalsKeys.record(recordType, recordId), queryFn: () => approvalsApi.ofRecord(recordType, recordId) });

  if (list.isLoading) return <Skeleton active />;
  if (list.isError) return <Alert type="error" showIcon title={list.error.message} />;
  const items = list.data?.items ?? [];
  const pending = items.find((r) => r.status === 'pending');

  return (
    <div data-testid="record-approvals">
      {pending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('approvals.pendingBanner', {
            action: t(`approvals.action.${pending.action}`),
            submitter: pending.submitter.name,
            time: formatDateTime(pending.submittedAt, tz),
            level: pending.currentLevel + 1,
            levels: pending.levels.length,
          })}
          action={
            <Button size="small" type={pending.canDecide ? 'primary' : 'default'} onClick={() => setOpen(pending.id)} data-testid="record-approvals-open">
              {t('approvals.viewRequest')}
            </Button>
          }
        />
      )}
      {items.length ? (
        <Timeline
          items={items.map((r) => ({
            color: r.status === 'approved' ? 'green' : r.status === 'rejected' ? 'red' : r.status === 'pending' ? 'blue' : 'gray',
            content: (
              <div>
                <Flex gap={8} align="center" wrap>
                  <ApprovalActionTag action={r.action} />
                  <ApprovalStatusTag status={r.status} />
                  <Typography.Text>
                    {r.submitter.name} · {formatDateTime(r.submittedAt, tz)}
                  </Typography.Text>
                  <Button type="link" size="small" onClick={() => setOpen(r.id)}>
                    {t('approvals.viewRequest')}
                  </Button>
                </Flex>
                {r.steps
                  .filter((s) => s.decision)
                  .map((s) => (
                    <Flex key={s.id} gap={8} align="baseline" wrap style={{ marginTop: 4, paddingInlineStart: 8 }}>
                      <Typography.Text type="secondary">{t('approvals.levelOf', { level: s.level + 1, levels: r.levels.length })}</Typography.Text>
                      <span>{s.approver.name}</span>
                      <StepDecisionTag step={s} />
                      <Typography.Text type="secondary">{formatDateTime(s.decidedAt, tz)}</Typography.Text>
                      {s.comment && <Typography.Text italic>“{s.comment}”</Typography.Text>}
                    </Flex>
                  ))}
              </div>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.emptyHistory')} />
      )}
      <ApprovalDrawer requestId={open} onClose={() => setOpen(undefined)} />
    </div>
  );
}
