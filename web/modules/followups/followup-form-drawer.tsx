import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Grid, Skeleton, Space, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { isVersionConflict, useErrorHandler } from '../../lib/forms.ts';
import { AttachmentList } from '../attachments/attachment-list.tsx';
import { followupBody, FollowupFields, followupValuesOf, newFollowupValues, type FollowupValues } from './followup-fields.tsx';
import { followupsApi, useFollowup, type Followup } from './followups.api.ts';

/** What a follow-up changes besides itself: the customer's last follow-up and next contact, and the work lists. */
export const FOLLOWUP_AFFECTED = [['followups'], ['customers'], ['worklists']] as const;

/**
 * Saves a new follow-up or changes one; on a stale version the form is refilled from the server. Shared by the
 * drawer and the customer timeline's inline form.
 */
export function useSaveFollowup(record: Followup | undefined, form: FormInstance<FollowupValues>, done: (f: Followup) => void, reload: () => Promise<Followup | undefined>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const refresh = () => Promise.all(FOLLOWUP_AFFECTED.map((queryKey) => qc.invalidateQueries({ queryKey: [...queryKey] })));
  return useMutation({
    mutationFn: (v: FollowupValues) =>
      record ? followupsApi.update(record.id, { ...followupBody(v), version: record.version }) : followupsApi.create({ ...followupBody(v), customerId: v.customerId ?? '' }),
    onSuccess: async (f) => {
      message.success(t(record ? 'common.saved' : 'followups.created'));
      done(f);
      await refresh();
    },
    onError: async (err) => {
      if (isVersionConflict(err) && record) {
        message.warning(t('common.versionConflict'));
        const fresh = await reload();
        if (fresh) form.setFieldsValue(followupValuesOf(fresh));
        await refresh();
        return;
      }
      onError(err, form);
    },
  });
}

/** New follow-up (optionally for a given customer) or edit of an existing one, filled from a fresh read. */
export function FollowupFormDrawer({ open, followupId, customer, onClose }: {
  open: boolean;
  followupId?: string;
  customer?: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FollowupValues>();
  const editing = Boolean(followupId);
  const loaded = useFollowup(followupId);
  const record = editing ? loaded.data : undefined;
  const save = useSaveFollowup(record, form, onClose, async () => (await loaded.refetch()).data);
  const fixedCustomer = Boolean(record || customer);

  return (
    <Drawer
      open={open}
      title={record ? `${t('followups.editFollowup')} · ${record.customer.name ?? ''}` : t('followups.newFollowup')}
      size={screens.md ? 600 : '100%'}
      onClose={onClose}
      afterOpenChange={(visible) => visible && editing && void loaded.refetch()}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={editing && !record} onClick={() => form.submit()} data-testid="followup-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {editing && !record ? (
        <Skeleton active />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={record ? followupValuesOf(record) : newFollowupValues(customer?.id)}
          onFinish={(v) => save.mutate({ ...v, customerId: v.customerId ?? record?.customerId ?? customer?.id })}
          clearOnDestroy
        >
          {fixedCustomer && (
            <Form.Item label={t('followups.fields.customer')}>
              <strong>{record?.customer.name ?? customer?.name}</strong>
            </Form.Item>
          )}
          {/* No submit button inside: Enter confirms a date picker's typed time, it must not send the form. */}
          <FollowupFields form={form} fixedCustomer={fixedCustomer} />
        </Form>
      )}
      {record && (
        <>
          <Typography.Title level={5}>{t('attachments.title')}</Typography.Title>
          <AttachmentList recordType="followup" recordId={record.id} canEdit={record.canEdit} />
        </>
      )}
    </Drawer>
  );
}
