import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerBulk } from '../../../shared/validation/customers.ts';
import { ApiError } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { ReturnToPoolButton } from '../pool/return-to-pool.tsx';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { UserSelect } from '../views/user-select.tsx';
import { customersApi, customersKey, type Customer } from './customers.api.ts';

type Action = CustomerBulk['action'];
type BulkBody<A extends Action> = Omit<Extract<CustomerBulk, { action: A }>, 'action' | 'ids'>;

/**
 * Actions on the selected rows (issue §5): transfer, tags, return to the pool (the pool module's action, which
 * keeps the pool history), delete. The server does all or nothing; when it refuses, the dialog lists each refused
 * customer with its reason.
 */
export function BulkActions({ selected, onDone }: { selected: Customer[]; onDone: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const [dialog, setDialog] = useState<'transfer' | 'tag' | null>(null);
  const [form] = Form.useForm();
  const count = selected.length;

  const run = useMutation({
    mutationFn: (body: CustomerBulk) => customersApi.bulk(body),
    onSuccess: async (r, body) => {
      const text = r.submitted ? t('customers.bulk.submitted', { count: r.submitted }) : t('customers.bulk.done', { count: r.count });
      // Deleted customers went to the recycle bin: the message offers to bring them back.
      if (body.action === 'delete' && r.count) undoDelete('customer', body.ids, text);
      else message.success(text);
      setDialog(null);
      onDone();
      await qc.invalidateQueries({ queryKey: customersKey });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'bulk_refused' && err.details.errors?.length) {
        const names = new Map(selected.map((c) => [c.id, c.name]));
        modal.error({
          title: t('customers.bulk.refused'),
          content: (
            <ul style={{ paddingInlineStart: 18, margin: 0 }}>
              {err.details.errors.map((e) => (
                <li key={e.id}>
                  {names.get(e.id) ?? e.id}：{e.message}
                </li>
              ))}
            </ul>
          ),
        });
        return;
      }
      onError(err, form);
    },
  });
  const send = <A extends Action>(action: A, body: BulkBody<A>) =>
    run.mutateAsync({ action, ids: selected.map((c) => c.id), ...body } as CustomerBulk).catch(() => undefined);

  const confirmDelete = () =>
    modal.confirm({
      title: t('customers.bulk.deleteConfirm', { count }),
      content: t('customers.bulk.deleteNote'),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () => send('delete', {}),
    });

  const open = (d: typeof dialog) => {
    form.resetFields();
    setDialog(d);
  };

  return (
    <>
      <Alert
        type="info"
        style={{ marginBottom: 8 }}
        data-testid="bulk-bar"
        title={
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Space>
              <Typography.Text strong>{t('customers.selected', { count })}</Typography.Text>
              <Button size="small" type="link" onClick={onDone}>
                {t('customers.clearSelection')}
              </Button>
            </Space>
            <Space wrap>
              {can('customer:assign') && (
                <Button size="small" onClick={() => open('transfer')}>
                  {t('customers.bulk.transfer')}
                </Button>
              )}
              {can('customer:edit') && (
                <Button size="small" onClick={() => open('tag')}>
                  {t('customers.bulk.tag')}
                </Button>
              )}
              {can('customer:edit') && (
                <ReturnToPoolButton customers={selected.map(({ id, name }) => ({ id, name }))} onReturned={onDone} buttonProps={{ size: 'small' }} />
              )}
              {can('customer:delete') && (
                <Button size="small" danger onClick={confirmDelete}>
                  {t('customers.bulk.delete')}
                </Button>
              )}
            </Space>
          </Flex>
        }
      />
      <Modal
        open={dialog !== null}
        title={dialog === 'transfer' ? t('customers.bulk.transferTitle', { count }) : t('customers.bulk.tagTitle', { count })}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={run.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { ownerId?: string; reason?: string; add?: string[]; remove?: string[] }) => {
            if (dialog === 'transfer') void send('transfer', { ownerId: v.ownerId!, reason: v.reason || null });
            else void send('tag', { add: v.add ?? [], remove: v.remove ?? [] });
          }}
        >
          {dialog === 'transfer' && (
            <Form.Item name="ownerId" label={t('customers.newOwner')} rules={[{ required: true, message: t('common.required') }]}>
              <UserSelect placeholder={t('customers.newOwner')} />
            </Form.Item>
          )}
          {dialog === 'tag' && (
            <>
              <Form.Item name="add" label={t('customers.bulk.addTags')}>
                <Select mode="tags" open={false} suffixIcon={null} placeholder={t('customers.tagsPlaceholder')} />
              </Form.Item>
              <Form.Item name="remove" label={t('customers.bulk.removeTags')}>
                <Select
                  mode="multiple"
                  placeholder={t('customers.bulk.removeTags')}
                  options={[...new Set(selected.flatMap((c) => c.tags))].map((tag) => ({ value: tag, label: tag }))}
                />
              </Form.Item>
            </>
          )}
          {dialog === 'transfer' && (
            <Form.Item name="reason" label={t('customers.bulk.reason')}>
              <Input maxLength={200} placeholder={t('customers.bulk.reasonPlaceholder')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
