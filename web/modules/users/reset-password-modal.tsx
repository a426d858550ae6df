import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { PasswordFields } from '../../components/password-fields.tsx';
import { usersApi, type UserRow } from './users.api.ts';
import { useErrorHandler } from '../../lib/forms.ts';

interface Values {
  password: string;
  confirmPassword: string;
}

export function ResetPasswordModal({ open, user, onClose }: { open: boolean; user?: UserRow; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useErrorHandler();
  const reset = useMutation({
    mutationFn: (v: Values) => usersApi.resetPassword(user!.id, v),
    onSuccess: () => {
      message.success(t('users.passwordReset', { name: user!.name }));
      onClose();
    },
    onError: (err) => onError(err, form),
  });

  return (
    <Modal
      open={open}
      title={user ? `${t('users.resetPassword')} · ${user.name}（${user.username}）` : t('users.resetPassword')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.resetPassword')}
      confirmLoading={reset.isPending}
      // PasswordFields takes no autoFocus, so the first field is focused once the modal has opened.
      afterOpenChange={(visible) => visible && form.getFieldInstance('password')?.focus()}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.resetPasswordNote')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)} clearOnDestroy>
        <PasswordFields label={t('users.newPassword')} />
        {/* Lets Enter in a field submit the form, whose buttons live in the modal footer outside it. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
