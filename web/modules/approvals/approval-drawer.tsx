import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Flex, Grid, Input, Popconfirm, Skeleton, Space, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { approvalRejection } from '../../../shared/validation/approvals.ts';
import { formatDateTime } from '../../lib/format.ts';
import { isVersionConflict, useErrorHandler } from '../../lib/forms.ts';
import { useTimeZone } from '../../lib/session.ts';
import { ApprovalActionTag, ApprovalStatusTag, StepDecisionTag } from './approval-tags.tsx';
import { approvalsApi, approvalsKeys, type ApprovalDetail } from './approvals.api.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join('、') : '—';
  if (isRecord(value)) return JSON.stringify(value);
  return String(value);
}

/**
 * The proposed values, beside the current ones where the record's module provides them. A change request's
 * payload may hold its changes under `changes` (with what the submitter saw under `before`); any other payload
 * is the proposed values themselves.
 */
function ProposedValues({ request }: { request: ApprovalDetail }) {
  const { t, i18n } = useTranslation();
  const proposed = isRecord(request.payload.changes) ? request.payload.changes : request.payload;
  const current = request.before ?? (isRecord(request.payload.before) ? request.payload.before : null);
  const keys = Object.keys(proposed);
  if (request.action === 'delete') return <Alert type="warning" showIcon title={t('approvals.deleteNote')} />;
  if (!keys.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.noChanges')} />;
  // Field names come from the record module's own labels (`customers.fields.name`), else the key itself.
  const fieldLabel = (key: string) => {
    const i18nKey = `${request.recordType}s.fields.${key}`;
    return i18n.exists(i18nKey) ? t(i18nKey) : key;
  };
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={keys.map((key) => ({ key, current: current?.[key], proposed: proposed[key] }))}
      columns={[
        { title: t('approvals.field'), dataIndex: 'key', width: 140, render: fieldLabel },
        ...(current ? [{ title: t('approvals.current'), dataIndex: 'current', render: show }] : []),
        {
          title: t('approvals.proposed'),
          dataIndex: 'proposed',
          render: (v: unknown, row: { current: unknown }) =>
            current && JSON.stringify(row.current) !== JSON.stringify(v) ? <Typography.Text mark>{show(v)}</Typography.Text> : show(v),
        },
      ]}
      data-testid="approval-changes"
    />
  );
}

/** One request: what it asks, its route with every approver's decision, and the actions open to the reader. */
export function ApprovalDrawer({ requestId, onClose }: { requestId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();

  const detail = useQuery({ queryKey: approvalsKeys.detail(requestId ?? ''), queryFn: () => approvalsApi.detail(requestId!), enabled: Boolean(requestId) });
  const request = detail.data;

  const settle = (done: string) => ({
    onSuccess: (fresh: ApprovalDetail) => {
      qc.setQueryData(approvalsKeys.detail(fresh.id), fresh);
      setComment('');
      message.success(t(done));
      // The decision may have changed the record itself (applied or released), which other pages show.
      void qc.invalidateQueries();
    },
    onError: (err: unknown) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        void detail.refetch();
        return;
      }
      onError(err);
      void qc.invalidateQueries({ queryKey: approvalsKeys.all });
    },
  });
  const approve = useMutation({ mutationFn: () => approvalsApi.approve(request!.id, { comment: comment.trim() || undefined, version: request!.version }), ...settle('approvals.approved') });
  const reject = useMutation({ mutationFn: () => approvalsApi.reject(request!.id, { comment: comment.trim(), version: request!.version }), ...settle('approvals.rejected') });
  const withdraw = useMutation({ mutationFn: () => approvalsApi.withdraw(request!.id, request!.version), ...settle('approvals.withdrawn') });
  const busy = approve.isPending || reject.isPending || withdraw.isPending;

  const onReject = () => {
    if (!approvalRejection.shape.comment.safeParse(comment).success) {
      setCommentError(t('approvals.rejectNeedsComment'));
      return;
    }
    reject.mutate();
  };

  const close = () => {
    setComment('');
    setCommentError(undefined);
    onClose();
  };

  return (
    <Drawer open={Boolean(requestId)} onClose={close} size={screens.md ? 720 : '100%'} title={request ? request.recordLabel : t('approvals.drawerTitle')} data-testid="approval-drawer">
      {detail.isError ? (
        <Alert type="error" showIcon title={detail.error.message} />
      ) : !request ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'type', label: t('approvals.recordType'), children: request.recordTypeLabel },
              {
                key: 'record',
                label: t('approvals.record'),
                // An approved deletion leaves nothing to open.
                children: request.recordLink && !(request.action === 'delete' && request.status === 'approved') ? (
                  <Link to={request.recordLink} onClick={close}>
                    {request.recordLabel}
                  </Link>
                ) : (
                  request.recordLabel
                ),
              },
              { key: 'action', label: t('approvals.actionCol'), children: <ApprovalActionTag action={request.action} /> },
              { key: 'status', label: t('approvals.statusCol'), children: <ApprovalStatusTag status={request.status} /> },
              { key: 'submitter', label: t('approvals.submitter'), children: request.submitter.name },
              { key: 'submittedAt', label: t('approvals.submittedAt'), children: formatDateTime(request.submittedAt, tz) },
              ...(request.decidedAt ? [{ key: 'decidedAt', label: t('approvals.decidedAt'), children: formatDateTime(request.decidedAt, tz) }] : []),
              ...(request.status === 'pending'
                ? [{ key: 'level', label: t('approvals.level'), children: t('approvals.levelOf', { level: request.currentLevel + 1, levels: request.levels.length }) }]
                : []),
            ]}
          />

          <Divider titlePlacement="start">{t('approvals.changes')}</Divider>
          <ProposedValues request={request} />

          <Divider titlePlacement="start">{t('approvals.route')}</Divider>
          <Timeline
            items={request.levels.map((level, i) => ({
              color: i < request.currentLevel || request.status === 'approved' ? 'green' : i === request.currentLevel && request.status === 'pending' ? 'blue' : 'gray',
              content: (
                <div data-testid={`approval-level-${i + 1}`}>
                  <Typography.Text strong>{t('approvals.levelTitle', { level: i + 1, signoff: t(`approvals.signoff.${level.signoff}`) })}</Typography.Text>
                  {request.steps
                    .filter((s) => s.level === i)
                    .map((s) => (
                      <Flex key={s.id} gap={8} align="baseline" wrap style={{ marginTop: 4 }}>
                        <span>{s.approver.name}</span>
                        <StepDecisionTag step={s} />
                        {s.decision && <Typography.Text type="secondary">{formatDateTime(s.decidedAt, tz)}</Typography.Text>}
                        {s.comment && <Typography.Text italic>“{s.comment}”</Typography.Text>}
                      </Flex>
                    ))}
                </div>
              ),
            }))}
          />

          {request.canDecide && (
            <>
              <Divider titlePlacement="start">{t('approvals.comment')}</Divider>
              <Input.TextArea
                value={comment}
                onChange={(e) => {
                  setComment(e.target.value);
                  setCommentError(undefined);
                }}
                maxLength={1000}
                rows={3}
                placeholder={t('approvals.commentPlaceholder')}
                status={commentError ? 'error' : undefined}
                aria-label={t('approvals.comment')}
                data-testid="approval-comment"
              />
              {commentError && <Typography.Text type="danger">{commentError}</Typography.Text>}
              <Space style={{ marginTop: 12 }}>
                <Button type="primary" loading={approve.isPending} disabled={busy} onClick={() => approve.mutate()} data-testid="approval-approve">
                  {t('approvals.approve')}
                </Button>
                <Button danger loading={reject.isPending} disabled={busy} onClick={onReject} data-testid="approval-reject">
                  {t('approvals.reject')}
                </Button>
              </Space>
            </>
          )}
          {request.canWithdraw && (
            <Flex justify="flex-end" style={{ marginTop: 16 }}>
              <Popconfirm title={t('approvals.withdrawConfirm')} onConfirm={() => withdraw.mutateAsync().catch(() => undefined)}>
                <Button loading={withdraw.isPending} disabled={busy} data-testid="approval-withdraw">
                  {t('approvals.withdraw')}
                </Button>
              </Popconfirm>
            </Flex>
          )}
        </>
      )}
    </Drawer>
  );
}
