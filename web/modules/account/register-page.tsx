import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Form, Input, Modal, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { registerInput, type RegisterInput } from '../../../shared/validation/auth.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { PasswordFields } from '../../components/password-fields.tsx';
import { api } from '../../lib/api.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';
import { currentLocale } from '../../lib/i18n.ts';

const s = registerInput.shape;

export function RegisterPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form] = Form.useForm<RegisterInput>();
  const [doc, setDoc] = useState<'agreement' | 'privacy' | null>(null);
  const onError = useErrorHandler();
  const registrationToken = params.get('invite') ?? undefined;
  const submit = useMutation({
    mutationFn: (values: RegisterInput) => api.post('/auth/register', { ...values, registrationToken, orgCode: values.orgCode || undefined }),
    onError: (err) => onError(err, form),
  });

  if (submit.isSuccess) {
    return (
      <AuthCard title={t('account.registerTitle')}>
        <Result status="success" subTitle={t('account.registered', { email: form.getFieldValue('email') })} extra={<Link to="/login">{t('account.loginNow')}</Link>} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('account.registerTitle')} width={480}>
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} initialValues={{ orgCode: params.get('org') ?? '' }}>
        {!registrationToken && (
          <Form.Item name="orgCode" label={t('account.orgCode')} rules={[zodRule(s.orgCode.unwrap())]}>
            <Input autoFocus />
          </Form.Item>
        )}
        <Form.Item name="username" label={t('account.username')} rules={[zodRule(s.username)]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="name" label={t('account.name')}>
          <Input placeholder={t('common.optional')} />
        </Form.Item>
        <PasswordFields />
        <Form.Item name="email" label={t('account.email')} rules={[zodRule(s.email)]}>
          <Input inputMode="email" autoComplete="email" />
        </Form.Item>
        <Form.Item name="mobile" label={t('account.mobile')} rules={[zodRule(s.mobile)]}>
          <Input autoComplete="tel" />
        </Form.Item>
        <Form.Item
          name="acceptTerms"
          valuePropName="checked"
          rules={[{ validator: async (_r, v) => { if (v !== true) throw new Error(translate(currentLocale(), 'v.mustAccept')); } }]}
        >
          <Checkbox>
            {t('account.acceptTerms')} <a onClick={(e) => { e.preventDefault(); setDoc('agreement'); }}>{t('account.agreement')}</a> {t('account.and')}{' '}
            <a onClick={(e) => { e.preventDefault(); setDoc('privacy'); }}>{t('account.privacy')}</a>
          </Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>
          {t('account.registerSubmit')}
        </Button>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">{t('account.haveAccount')}</Typography.Text>
        <Link to="/login">{t('account.loginNow')}</Link>
      </Space>
      <Modal open={doc !== null} title={doc && t(`account.${doc}`)} onCancel={() => setDoc(null)} footer={null}>
        <Typography.Paragraph>{doc && t(`account.${doc}Text`)}</Typography.Paragraph>
      </Modal>
    </AuthCard>
  );
}
