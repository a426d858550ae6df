import { Divider, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { setupInput } from '../../../shared/validation/auth.ts';
import { PasswordFields } from '../../components/password-fields.tsx';
import { zodRule } from '../../lib/forms.ts';
import { timeZoneOptions } from './time-zones.ts';

const s = setupInput.shape;

/** An organisation and its first administrator: the first-run set-up and every further organisation. */
export function OrganizationFields() {
  const { t } = useTranslation();
  return (
    <>
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
        <Input inputMode="email" autoComplete="email" />
      </Form.Item>
      <Form.Item name="adminMobile" label={t('account.mobile')} rules={[zodRule(s.adminMobile)]}>
        <Input autoComplete="tel" placeholder={t('common.optional')} />
      </Form.Item>
      <PasswordFields />
    </>
  );
}

export const organizationDefaults = { timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN' } as const;
