import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PasswordFields } from '../../components/password-fields.tsx';
import { api } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';

interface Values {
  oldPassword: string;
  password: string;
  confirmPassword: string;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useErrorHandler();
  const submit = useMutation({
    mutationFn: (v: Values) => api.post('/auth/change-password', v),
    onSuccess: () => {
      message.success(t('account.changeDone'));
      form.resetFields();
    },
    onError: (err) => onError(err, form),
  });
  return (
    <Card title={t('account.changeTitle')} style={{ maxWidth: 520 }}>
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)}>
        <Form.Item name="oldPassword" label={t('account.oldPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <PasswordFields label={t('account.newPassword')} />
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
