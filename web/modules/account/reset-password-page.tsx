import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card.tsx';
import { PasswordFields } from '../../components/password-fields.tsx';
import { api, ApiError } from '../../lib/api.ts';
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
    // A spent or expired link is answered by the page itself, below.
    onError: (err) => !(err instanceof ApiError && err.code === 'token_invalid') && onError(err, form),
  });
  if (submit.error instanceof ApiError && submit.error.code === 'token_invalid') {
    return (
      <AuthCard title={t('account.resetTitle')}>
        <Result
          status="warning"
          title={submit.error.message}
          subTitle={t('account.resetAgain')}
          extra={<Link to="/forgot-password"><Button type="primary">{t('account.forgotSubmit')}</Button></Link>}
          data-testid="reset-invalid"
        />
      </AuthCard>
    );
  }

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
