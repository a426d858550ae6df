import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { translate } from '../../shared/i18n/messages.ts';
import { password } from '../../shared/validation/common.ts';
import { zodRule } from '../lib/forms.ts';
import { currentLocale } from '../lib/i18n.ts';

/** A new password and its confirmation, checked with the shared rule (set-up, registration, resets). */
export function PasswordFields({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="password" label={label ?? t('account.password')} extra={t('account.passwordHelp')} rules={[zodRule(password)]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('account.confirmPassword')}
        dependencies={['password']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: async (_rule, value) => {
              if (value !== getFieldValue('password')) throw new Error(translate(currentLocale(), 'v.passwordMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
