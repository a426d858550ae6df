import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { profileUpdate } from '../../../shared/validation/users.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';
import { setLocale } from '../../lib/i18n.ts';
import { meKey, useMe, useTimeZone, type Me } from '../../lib/session.ts';
import { timeZoneOptions } from './time-zones.ts';

interface LoginEntry {
  at: string;
  ip: string | null;
  userAgent: string | null;
  success: boolean;
  reason: string | null;
}

type ProfileValues = { name: string; prefs: Me['user']['prefs'] };

export function ProfilePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const tz = useTimeZone();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileValues>();
  const onError = useErrorHandler();
  const history = useQuery({ queryKey: ['login-history'], queryFn: () => api.get<{ items: LoginEntry[] }>('/auth/login-history', { limit: 20 }) });

  useEffect(() => {
    if (me) form.setFieldsValue({ name: me.user.name, prefs: { notifyByEmail: true, notifyInApp: true, ...me.user.prefs } });
  }, [me, form]);

  const save = useMutation({
    mutationFn: (v: ProfileValues) => api.put('/profile', { ...v, version: me!.user.version }),
    onSuccess: async (_r, v) => {
      if (v.prefs.locale) await setLocale(v.prefs.locale);
      await qc.invalidateQueries({ queryKey: meKey });
      message.success(t('common.saved'));
    },
    onError: (err) => {
      void qc.invalidateQueries({ queryKey: meKey });
      onError(err, form);
    },
  });

  if (!me) return null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('account.profileTitle')}>
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
            <Form.Item name="name" label={t('account.name')} rules={[zodRule(profileUpdate.shape.name)]}>
              <Input />
            </Form.Item>
            <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('account.username')}>{me.user.username}</Descriptions.Item>
              <Descriptions.Item label={t('account.email')}>{me.user.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('account.mobile')}>{me.user.mobile ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('account.org')}>{me.org.name}（{me.org.code}）</Descriptions.Item>
            </Descriptions>
            <Card type="inner" title={t('account.prefsTitle')} style={{ marginBottom: 16 }}>
              <Form.Item name={['prefs', 'locale']} label={t('account.language')}>
                <Select allowClear options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en-US', label: 'English' }]} />
              </Form.Item>
              <Form.Item name={['prefs', 'timeZone']} label={t('account.timeZone')}>
                <Select allowClear showSearch options={timeZoneOptions()} placeholder={me.org.timeZone} />
              </Form.Item>
              <Form.Item name={['prefs', 'pageSize']} label={t('account.pageSize')}>
                <Select allowClear options={[10, 20, 50, 100].map((n) => ({ value: n, label: n }))} />
              </Form.Item>
              <Form.Item name={['prefs', 'notifyInApp']} label={t('account.notifyInApp')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name={['prefs', 'notifyByEmail']} label={t('account.notifyByEmail')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Card>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('account.loginInfo')} style={{ marginBottom: 16 }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('account.loginCount')}>{me.user.loginCount}</Descriptions.Item>
            <Descriptions.Item label={t('account.lastLogin')}>{formatDateTime(me.user.lastLoginAt, tz)}</Descriptions.Item>
            <Descriptions.Item label={t('account.lastLoginIp')}>{me.user.lastLoginIp ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('account.loginHistory')}>
          <Table<LoginEntry>
            size="small"
            rowKey={(r) => r.at}
            loading={history.isLoading}
            dataSource={history.data?.items}
            pagination={false}
            scroll={{ x: 480 }}
            columns={[
              { title: t('account.time'), dataIndex: 'at', render: (v: string) => formatDateTime(v, tz), width: 150 },
              { title: t('account.ip'), dataIndex: 'ip', width: 120 },
              { title: t('account.result'), dataIndex: 'success', width: 80, render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? t('account.success') : t('account.failure')}</Tag> },
              { title: t('account.userAgent'), dataIndex: 'userAgent', ellipsis: true },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
