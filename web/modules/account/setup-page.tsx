import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SetupInput } from '../../../shared/validation/auth.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { api } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { OrganizationFields, organizationDefaults } from './organization-fields.tsx';

export function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupInput>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const submit = useMutation({
    mutationFn: (values: SetupInput) => api.post('/setup', values),
    onSuccess: () => {
      message.success(t('account.setupDone'));
      // The set-up gate leaves this page once the status says so, taking the new code to the sign-in form.
      qc.setQueryData(['setup-status'], (old: object | undefined) => ({ ...old, setUp: true, orgCode: form.getFieldValue('orgCode') }));
    },
    onError: (err) => onError(err, form),
  });

  return (
    <AuthCard title={t('account.setupTitle')} width={560}>
      <Typography.Paragraph type="secondary">{t('account.setupIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} initialValues={organizationDefaults}>
        <OrganizationFields />
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          {t('account.setupSubmit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
