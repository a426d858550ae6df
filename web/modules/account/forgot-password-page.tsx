import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { forgotPasswordInput } from '../../../shared/validation/auth.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { api } from '../../lib/api.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ identifier: string }>();
  const onError = useErrorHandler();
  const submit = useMutation({
    mutationFn: (v: { identifier: string }) => api.post('/auth/forgot-password', v),
    onError: (err) => onError(err, form),
  });
  return (
    <AuthCard title={t('account.forgotTitle')}>
      {submit.isSuccess ? (
        <Result status="success" subTitle={t('account.forgotSent')} extra={<Link to="/login">{t('account.loginNow')}</Link>} data-testid="forgot-sent" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('account.forgotIntro')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)}>
            <Form.Item name="identifier" label={`${t('account.email')} / ${t('account.mobile')}`} rules={[zodRule(forgotPasswordInput.shape.identifier)]}>
              <Input autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submit.isPending}>
              {t('account.forgotSubmit')}
            </Button>
          </Form>
          <div style={{ marginTop: 16 }}>
            <Link to="/login">{t('common.back')}</Link>
          </div>
        </>
      )}
    </AuthCard>
  );
}
