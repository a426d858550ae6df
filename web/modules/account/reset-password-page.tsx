import { useMutation } from '@tanstack/react-query';
import { App, Button, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card.tsx';
import { PasswordFields } from '../../components/password-fields.tsx';
import { api } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirmPassword: string }>();
  const onError = useErrorHandler();
  const submit = useMutation({
    mutationFn: (v: { password: string; confirmPassword: string }) => api.post('/auth/reset-password', { ...v, token: params.get('token') ?? '' }),
    onSuccess: () => {
      message.success(t('account.resetDone'));
      void navigate('/login');
    },
    onError: (err) => onError(err, form),
  });
  return (
    <AuthCard title={t('account.resetTitle')}>
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)}>
        <PasswordFields label={t('account.newPassword')} />
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          {t('account.resetSubmit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
