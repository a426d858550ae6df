import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { rejectRegistration } from '../../../shared/validation/users.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';
import { registrationsKey, usersApi, usersKey, type Registration } from './users.api.ts';

export function RejectRegistrationModal({ open, registration, onClose }: { open: boolean; registration?: Registration; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const onError = useErrorHandler();
  const reject = useMutation({
    mutationFn: (v: { reason?: string }) => usersApi.reject(registration!.id, { reason: v.reason?.trim() || undefined }),
    onSuccess: async (user) => {
      message.success(t('users.registrations.rejected', { name: user.name }));
      onClose();
      await Promise.all([qc.invalidateQueries({ queryKey: registrationsKey }), qc.invalidateQueries({ queryKey: usersKey })]);
    },
    onError: async (err) => {
      await qc.invalidateQueries({ queryKey: registrationsKey });
      onError(err, form);
    },
  });

  return (
    <Modal
      open={open}
      title={registration ? `${t('users.registrations.rejectTitle')} · ${registration.name}` : t('users.registrations.rejectTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.registrations.reject')}
      okButtonProps={{ danger: true }}
      confirmLoading={reject.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t(registration?.emailVerified ? 'users.registrations.rejectMailNote' : 'users.registrations.rejectNoMailNote')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v)} clearOnDestroy>
        <Form.Item name="reason" label={t('users.registrations.reason')} rules={[zodRule(rejectRegistration.shape.reason)]}>
          <Input.TextArea autoFocus rows={3} maxLength={200} showCount placeholder={t('common.optional')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
