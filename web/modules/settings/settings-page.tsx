import { useEffect, useState } from 'react';
import { CheckOutlined, CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Skeleton, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/i18n/messages.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import { defaultOrgSettings, orgProfileUpdate, orgSettings, orgSettingsErrors, type OrgSettings } from '../../../shared/validation/settings.ts';
import { ApiError } from '../../lib/api.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { meKey, useCan } from '../../lib/session.ts';
import { timeZoneOptions } from '../account/time-zones.ts';
import { settingsApi, settingsKeys, type OrgProfile } from './settings.api.ts';

type NumberSetting = 'passwordMinLength' | 'sessionHours' | 'rememberDays' | 'auditRetentionDays' | 'attachmentMaxMb';

interface Values {
  name: string;
  timeZone: string;
  defaultLocale: Locale;
  settings: Omit<OrgSettings, 'workStart' | 'workEnd'>;
  /** Edited as one range; sent as settings.workStart / workEnd. */
  workHours: [Dayjs, Dayjs];
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** The bounds of a numeric setting, read from the shared schema so the input and the server agree. */
function bounds(key: NumberSetting) {
  const schema = orgSettings.shape[key].unwrap();
  return { min: schema.minValue ?? undefined, max: schema.maxValue ?? undefined };
}

function atTime(hhmm: string): Dayjs {
  const [h, m] = hhmm.split(':').map(Number);
  return dayjs().hour(h!).minute(m!).second(0).millisecond(0);
}

function toValues(org: OrgProfile): Values {
  // Settings added since the organisation last saved its own take their defaults.
  const { workStart, workEnd, ...settings } = { ...defaultOrgSettings(), ...org.settings };
  return { name: org.name, timeZone: org.timeZone, defaultLocale: org.defaultLocale, settings, workHours: [atTime(workStart), atTime(workEnd)] };
}

function toSettings(v: Values): OrgSettings {
  return { ...v.settings, workStart: v.workHours[0].format('HH:mm'), workEnd: v.workHours[1].format('HH:mm') };
}

/** System parameters (CFG-05): organisation profile, password and session policy, working hours, registration. */
export function SettingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canEdit = can('settings:edit');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const allowRegistration = Form.useWatch(['settings', 'allowRegistration'], form);

  const org = useQuery({ queryKey: settingsKeys.org, queryFn: settingsApi.org });
  const link = useQuery({ queryKey: settingsKeys.registrationLink, queryFn: settingsApi.registrationLink });

  // The form shows what the server holds: on load, after a save, and after a conflict reloads it.
  useEffect(() => {
    if (org.data) {
      form.resetFields();
      form.setFieldsValue(toValues(org.data));
    }
  }, [org.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      settingsApi.update({ name: v.name, timeZone: v.timeZone, defaultLocale: v.defaultLocale, settings: toSettings(v), version: org.data!.version }),
    onSuccess: (saved) => {
      qc.setQueryData(settingsKeys.org, saved);
      setDirty(false);
      message.success(t('common.saved'));
      // The organisation's name and time zone are part of the session everyone's pages read.
      void qc.invalidateQueries({ queryKey: meKey });
    },
    onError: (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        setDirty(false);
        void qc.invalidateQueries({ queryKey: settingsKeys.org, exact: true });
        return;
      }
      // The working-hours rule names settings.workEnd; on this form both ends live in one range field.
      if (err instanceof ApiError) {
        const fields = Object.fromEntries(
          Object.entries(err.fields).map(([k, msg]) => [k === 'settings.workStart' || k === 'settings.workEnd' ? 'workHours' : k, msg]),
        );
        onError(new ApiError(err.status, err.code, err.message, fields), form);
        return;
      }
      onError(err, form);
    },
  });

  const regenerate = useMutation({
    mutationFn: settingsApi.regenerateLink,
    onSuccess: (fresh) => {
      qc.setQueryData(settingsKeys.registrationLink, fresh);
      message.success(t('settings.regenerated'));
    },
    onError: (err) => onError(err),
  });

  const revert = () => {
    form.resetFields();
    form.setFieldsValue(toValues(org.data!));
    setDirty(false);
  };

  const numberItem = (key: NumberSetting, label: string, extra?: string, suffix?: string) => (
    <Form.Item name={['settings', key]} label={label} extra={extra} rules={[{ required: true }, zodRule(orgSettings.shape[key])]}>
      <InputNumber {...bounds(key)} precision={0} suffix={suffix} style={{ width: 200, maxWidth: '100%' }} />
    </Form.Item>
  );

  if (org.isLoading) return <Skeleton active />;
  if (org.isError) return <Alert type="error" showIcon title={org.error.message} />;

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('settings.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('settings.intro')}</Typography.Text>
      </div>
      {!canEdit && <Alert type="info" showIcon title={t('settings.readOnly')} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setDirty(true)}
        scrollToFirstError
        data-testid="settings-form"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card title={t('settings.orgSection')}>
                <Form.Item name="name" label={t('settings.orgName')} rules={[zodRule(orgProfileUpdate.shape.name)]}>
                  <Input />
                </Form.Item>
                <Form.Item label={t('settings.orgCode')} extra={t('settings.orgCodeHelp')}>
                  <Input value={org.data!.code} disabled />
                </Form.Item>
                <Form.Item name="timeZone" label={t('settings.timeZone')} extra={t('settings.timeZoneHelp')} rules={[{ required: true }]}>
                  <Select showSearch options={timeZoneOptions()} />
                </Form.Item>
                <Form.Item name="defaultLocale" label={t('settings.defaultLocale')} extra={t('settings.defaultLocaleHelp')} rules={[{ required: true }]}>
                  <Select
                    options={[
                      { value: 'zh-CN', label: '简体中文' },
                      { value: 'en-US', label: 'English' },
                    ]}
                  />
                </Form.Item>
              </Card>
              <Card title={t('settings.passwordSection')}>
                <Typography.Paragraph type="secondary">{t('settings.passwordPolicyHelp')}</Typography.Paragraph>
                {numberItem('passwordMinLength', t('settings.passwordMinLength'))}
                <Form.Item
                  name={['settings', 'passwordRequireSymbol']}
                  label={t('settings.passwordRequireSymbol')}
                  extra={t('settings.passwordRequireSymbolHelp')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </Card>
              <Card title={t('settings.sessionSection')}>
                {numberItem('sessionHours', t('settings.sessionHours'), t('settings.sessionHoursHelp'), t('settings.hours'))}
                {numberItem('rememberDays', t('settings.rememberDays'), t('settings.rememberDaysHelp'), t('settings.days'))}
              </Card>
            </Space>
          </Col>
          <Col xs={24} xl={12}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card title={t('settings.workSection')}>
                <Form.Item
                  name="workHours"
                  label={t('settings.workHours')}
                  rules={[
                    { required: true },
                    {
                      validator: async (_rule, range?: [Dayjs, Dayjs]) => {
                        if (!range) return;
                        const errors = orgSettingsErrors({ ...orgSettings.parse({}), workStart: range[0].format('HH:mm'), workEnd: range[1].format('HH:mm') });
                        if (errors['settings.workEnd']) throw new Error(translate(currentLocale(), errors['settings.workEnd']));
                      },
                    },
                  ]}
                >
                  <TimePicker.RangePicker
                    format="HH:mm"
                    minuteStep={5}
                    order={false}
                    // Enter confirms the typed time; without this it would also submit (and save) the whole form.
                    onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
                  />
                </Form.Item>
                <Form.Item name={['settings', 'workDays']} label={t('settings.workDays')} rules={[{ required: true, type: 'array', min: 1 }]}>
                  <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`settings.weekdays.${d}`) }))} />
                </Form.Item>
              </Card>
              <Card title={t('settings.registrationSection')}>
                <Form.Item
                  name={['settings', 'allowRegistration']}
                  label={t('settings.allowRegistration')}
                  extra={t('settings.allowRegistrationHelp')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
                <Form.Item label={t('settings.registrationLink')} extra={t('settings.registrationLinkHelp')}>
                  {allowRegistration === false && <Alert type="warning" showIcon title={t('settings.registrationOff')} style={{ marginBottom: 8 }} />}
                  {link.isLoading ? (
                    <Skeleton.Input active block />
                  ) : (
                    <>
                      <Input readOnly value={link.data?.url} onFocus={(e) => e.target.select()} aria-label={t('settings.registrationLink')} data-testid="registration-link" />
                      <Space wrap style={{ marginTop: 8 }}>
                        {link.data && (
                          // antd's copy falls back to execCommand, so it also works on plain-http installations.
                          <Typography.Text
                            copyable={{
                              text: link.data.url,
                              icon: [
                                <Typography.Link key="copy"><CopyOutlined /> {t('settings.copy')}</Typography.Link>,
                                <Typography.Text key="done" type="success"><CheckOutlined /> {t('settings.copied')}</Typography.Text>,
                              ],
                              tooltips: false,
                            }}
                          />
                        )}
                        {canEdit && (
                          <Popconfirm
                            title={t('settings.regenerateConfirm')}
                            description={<div style={{ maxWidth: 260 }}>{t('settings.regenerateHelp')}</div>}
                            okText={t('settings.regenerate')}
                            okButtonProps={{ danger: true }}
                            cancelText={t('common.cancel')}
                            onConfirm={() => regenerate.mutateAsync().catch(() => undefined)}
                          >
                            <Button size="small" icon={<ReloadOutlined />} loading={regenerate.isPending}>
                              {t('settings.regenerate')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    </>
                  )}
                </Form.Item>
              </Card>
              <Card title={t('settings.auditSection')}>
                {numberItem('auditRetentionDays', t('settings.auditRetentionDays'), t('settings.auditRetentionDaysHelp'), t('settings.days'))}
              </Card>
              <Card title={t('settings.attachmentsSection')}>
                {numberItem('attachmentMaxMb', t('settings.attachmentMaxMb'), t('settings.attachmentMaxMbHelp'), 'MB')}
              </Card>
            </Space>
          </Col>
        </Row>
        {canEdit && (
          // Stays in view at the bottom while the long form scrolls, so saving never needs a hunt.
          <div
            style={{
              position: 'sticky',
              bottom: 0,
              zIndex: 2,
              marginTop: 16,
              padding: '12px 16px',
              background: 'var(--ant-color-bg-container)',
              borderTop: '1px solid var(--ant-color-border-secondary)',
              boxShadow: '0 -2px 8px rgba(0, 0, 0, 0.04)',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'flex-end',
              gap: 12,
              flexWrap: 'wrap',
            }}
          >
            {dirty && <Typography.Text type="warning">{t('settings.unsavedHint')}</Typography.Text>}
            <Button onClick={revert} disabled={!dirty}>
              {t('common.reset')}
            </Button>
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!dirty}>
              {t('common.save')}
            </Button>
          </div>
        )}
      </Form>
    </>
  );
}
