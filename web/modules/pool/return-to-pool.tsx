import { useState } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { poolReturn } from '../../../shared/validation/pool.ts';
import { zodRule } from '../../lib/forms.ts';
import { poolApi } from './pool.api.ts';
import { usePoolErrorHandler } from './pool-refusal.tsx';

/**
 * "Return to the pool" (退回公海) for one customer or the selected rows of a list: asks for the reason the pool
 * history keeps, then moves them all or none. The customer pages and lists embed it:
 * `<ReturnToPoolButton customers={[{ id, name }]} onReturned={...} />`.
 */
export function ReturnToPoolButton({
  customers,
  onReturned,
  buttonProps,
}: {
  customers: { id: string; name: string }[];
  onReturned?: (count: number) => void;
  buttonProps?: ButtonProps;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = usePoolErrorHandler();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const send = useMutation({
    mutationFn: (reason: string) => poolApi.returnToPool(customers.map((c) => c.id), reason),
    onSuccess: (r) => {
      message.success(t('pool.returned', { count: r.returned }));
      setOpen(false);
      form.resetFields();
      // Owner, lists, work lists and the pool all change.
      void qc.invalidateQueries();
      onReturned?.(r.returned);
    },
    onError: (err) => onError(err, new Map(customers.map((c) => [c.id, c.name]))),
  });

  return (
    <>
      <Button icon={<InboxOutlined />} disabled={!customers.length} onClick={() => setOpen(true)} data-testid="return-to-pool" {...buttonProps}>
        {t('pool.returnToPool')}
      </Button>
      <Modal
        open={open}
        title={customers.length === 1 ? t('pool.returnOne', { name: customers[0]!.name }) : t('pool.returnMany', { count: customers.length })}
        okText={t('pool.returnToPool')}
        okButtonProps={{ danger: true, loading: send.isPending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('pool.returnNote')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v.reason)}>
          <Form.Item name="reason" label={t('pool.reason')} rules={[{ required: true, whitespace: true }, zodRule(poolReturn.shape.reason)]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="return-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
