import { useState } from 'react';
import { ClockCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Empty, Flex, Form, Popconfirm, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan, useTimeZone } from '../../lib/session.ts';
import { AttachmentList } from '../attachments/attachment-list.tsx';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { FollowupFields, followupValuesOf, newFollowupValues, type FollowupValues } from './followup-fields.tsx';
import { FOLLOWUP_AFFECTED, useSaveFollowup } from './followup-form-drawer.tsx';
import { followupsApi, methodLabel, useCustomerFollowups, useFollowupMethods, type Followup } from './followups.api.ts';

/**
 * The follow-up timeline of one customer, for its 360° page (ACT-06, ACT-08): newest contact first, with adding,
 * editing and deleting in place. `canEdit` is the page's say (the customer may be waiting for approval); the
 * server's answer for each record narrows it further.
 */
export function FollowupTimeline({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const tz = useTimeZone();
  const methods = useFollowupMethods();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const allowed = can('activity:view');
  const timeline = useCustomerFollowups(customerId, allowed);
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  const remove = useMutation({
    mutationFn: (f: Followup) => followupsApi.remove(f.id),
    onSuccess: async (_r, f) => {
      undoDelete('followup', [f.id], t('common.deleted'));
      await Promise.all(FOLLOWUP_AFFECTED.map((queryKey) => qc.invalidateQueries({ queryKey: [...queryKey] })));
    },
    onError: (err) => onError(err),
  });

  if (!allowed) return <Alert type="info" showIcon title={t('followups.noPermission')} />;
  const pages = timeline.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const mayCreate = canEdit && Boolean(pages[0]?.canCreate);

  return (
    <div data-testid="followup-timeline">
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        {mayCreate && !adding && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-followup">
            {t('followups.newFollowup')}
          </Button>
        )}
      </Flex>
      {adding && (
        <Card size="small" style={{ marginBottom: 16 }} title={t('followups.newFollowup')}>
          <InlineFollowupForm customerId={customerId} onDone={() => setAdding(false)} />
        </Card>
      )}
      {timeline.isLoading ? (
        <Spin />
      ) : items.length === 0 ? (
        !adding && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followups.noneForCustomer')}>
            {mayCreate && (
              <Button type="primary" onClick={() => setAdding(true)}>
                {t('followups.newFollowup')}
              </Button>
            )}
          </Empty>
        )
      ) : (
        <Timeline
          items={items.map((f) => ({
            key: f.id,
            color: f.nextContactAt && new Date(f.nextContactAt).getTime() > now ? 'green' : 'blue',
            title: formatDateTime(f.occurredAt, tz),
            content:
              editingId === f.id ? (
                <InlineFollowupForm customerId={customerId} record={f} onDone={() => setEditingId(null)} />
              ) : (
                <div data-testid="followup-item">
                  <Flex justify="space-between" align="start" gap={8}>
                    <Space size={4} wrap>
                      <Tag>{methodLabel(methods, f.method)}</Tag>
                      {f.contact && <Typography.Text strong>{f.contact.name}</Typography.Text>}
                      <Typography.Text type="secondary">{f.author?.name}</Typography.Text>
                    </Space>
                    {canEdit && (
                      <Space size={0}>
                        {f.canEdit && (
                          <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditingId(f.id)} />
                        )}
                        {f.canDelete && (
                          <Popconfirm title={t('followups.confirmDelete')} okButtonProps={{ danger: true }} onConfirm={() => remove.mutateAsync(f).catch(() => undefined)}>
                            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                          </Popconfirm>
                        )}
                      </Space>
                    )}
                  </Flex>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{f.content}</Typography.Paragraph>
                  {f.nextContactAt && (
                    <Typography.Text type="secondary">
                      <ClockCircleOutlined /> {t('followups.nextContactOn', { time: formatDateTime(f.nextContactAt, tz) })}
                    </Typography.Text>
                  )}
                </div>
              ),
          }))}
        />
      )}
      {timeline.hasNextPage && (
        <Button block onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
          {t('followups.loadMore')}
        </Button>
      )}
    </div>
  );
}

/** The follow-up form inside the timeline: a new record for the customer, or an edit of one in place. */
function InlineFollowupForm({ customerId, record, onDone }: { customerId: string; record?: Followup; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FollowupValues>();
  const save = useSaveFollowup(record, form, onDone, async () => (record ? followupsApi.get(record.id) : undefined));
  return (
    <>
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={record ? followupValuesOf(record) : newFollowupValues(customerId)}
        onFinish={(v) => save.mutate({ ...v, customerId })}
      >
        <FollowupFields form={form} fixedCustomer />
        <Space>
          {/* Not a submit button: Enter confirms a date picker's typed time, it must not send the form. */}
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="followup-save">
            {t('common.save')}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      {record && (
        <>
          <Divider titlePlacement="start" plain>
            {t('attachments.title')}
          </Divider>
          <AttachmentList recordType="followup" recordId={record.id} canEdit={record.canEdit} />
        </>
      )}
    </>
  );
}
