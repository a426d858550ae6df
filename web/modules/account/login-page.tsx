import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined, BankOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { LoginInput } from '../../../shared/validation/auth.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { setLocale } from '../../lib/i18n.ts';
import { meKey, type Me } from '../../lib/session.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<LoginInput>();
  const submit = useMutation({
    mutationFn: (values: LoginInput) => api.post('/auth/login', { ...values, orgCode: values.orgCode || undefined }),
    onSuccess: async () => {
      const me = await api.get<Me>('/auth/me');
      if (me.user.prefs.locale) await setLocale(me.user.prefs.locale);
      qc.setQueryData(meKey, me);
      const next = params.get('next');
      void navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });
  const error = submit.error instanceof ApiError ? submit.error : null;


  return (
    <AuthCard title={t('account.loginTitle')}>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} initialValues={{ remember: false, orgCode: params.get('org') ?? '' }}>
        <Form.Item name="identifier" label={t('account.identifier')} extra={t('account.identifierHelp')} rules={[{ required: true, message: t('common.required') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="orgCode" label={t('account.orgCodeOptional')}>
          <Input prefix={<BankOutlined />} />
        </Form.Item>
        <Form.Item name="password" label={t('account.password')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 16 }}>
          <Form.Item name="remember" valuePropName="checked" noStyle>
            <Checkbox>{t('account.remember')}</Checkbox>
          </Form.Item>
          <Link to="/forgot-password">{t('account.forgot')}</Link>
        </div>
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          {t('account.login')}
        </Button>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">{t('account.noAccount')}</Typography.Text>
        <Link to={`/register${params.get('org') ? `?org=${encodeURIComponent(params.get('org')!)}` : ''}`}>{t('account.registerNow')}</Link>
      </Space>
    </AuthCard>
  );
}
