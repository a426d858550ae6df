import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { setupInput, type SetupInput } from '../../../shared/validation/auth.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { api } from '../../lib/api.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';
import { timeZoneOptions } from './time-zones.ts';
import { PasswordFields } from '../../components/password-fields.tsx';

const s = setupInput.shape;

export function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupInput>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const submit = useMutation({
    mutationFn: (values: SetupInput) => api.post('/setup', values),
    onSuccess: async () => {
      message.success(t('account.setupDone'));
      await qc.invalidateQueries({ queryKey: ['setup-status'] });
      void navigate(`/login?org=${encodeURIComponent(form.getFieldValue('orgCode'))}`);
    },
    onError: (err) => onError(err, form),
  });

  return (
    <AuthCard title={t('account.setupTitle')} width={560}>
      <Typography.Paragraph type="secondary">{t('account.setupIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} initialValues={{ timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN' }}>
        <Divider titlePlacement="start">{t('account.orgSection')}</Divider>
        <Form.Item name="orgName" label={t('account.orgName')} rules={[zodRule(s.orgName)]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="orgCode" label={t('account.orgCode')} extra={t('account.orgCodeHelp')} rules={[zodRule(s.orgCode)]}>
          <Input />
        </Form.Item>
        <Form.Item name="timeZone" label={t('account.timeZone')}>
          <Select showSearch options={timeZoneOptions()} />
        </Form.Item>
        <Form.Item name="defaultLocale" label={t('account.defaultLocale')}>
          <Select options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en-US', label: 'English' }]} />
        </Form.Item>
        <Divider titlePlacement="start">{t('account.adminSection')}</Divider>
        <Form.Item name="adminUsername" label={t('account.username')} rules={[zodRule(s.adminUsername)]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="adminName" label={t('account.name')} rules={[zodRule(s.adminName)]}>
          <Input />
        </Form.Item>
        <Form.Item name="adminEmail" label={t('account.email')} rules={[zodRule(s.adminEmail)]}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item name="adminMobile" label={t('account.mobile')} rules={[zodRule(s.adminMobile)]}>
          <Input autoComplete="tel" placeholder={t('common.optional')} />
        </Form.Item>
        <PasswordFields />
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          {t('account.setupSubmit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
