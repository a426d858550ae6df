import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SetupInput } from '../../../shared/validation/auth.ts';
import { ForbiddenPage } from '../../components/result-pages.tsx';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useMe, useTimeZone } from '../../lib/session.ts';
import { OrganizationFields, organizationDefaults } from '../account/organization-fields.tsx';

interface OrganizationRow {
  id: string;
  name: string;
  code: string;
  timeZone: string;
  createdAt: string;
  userCount: number;
}

export function OrganizationsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const tz = useTimeZone();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<SetupInput>();
  const list = useQuery({
    queryKey: ['organizations'],
    queryFn: () => api.get<{ items: OrganizationRow[] }>('/organizations'),
    enabled: Boolean(me?.user.isInstallationAdmin),
  });
  const create = useMutation({
    mutationFn: (values: SetupInput) => api.post('/organizations', values),
    onSuccess: () => {
      message.success(t('tenants.created'));
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['organizations'] });
    },
    onError: (err) => onError(err, form),
  });

  if (!me?.user.isInstallationAdmin) return <ForbiddenPage />;
  return (
    <Card
      title={t('tenants.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('tenants.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tenants.intro')}</Typography.Paragraph>
      <Table<OrganizationRow>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: t('tenants.empty') }}
        columns={[
          { title: t('tenants.name'), dataIndex: 'name' },
          { title: t('tenants.code'), dataIndex: 'code', width: 140 },
          { title: t('tenants.timeZone'), dataIndex: 'timeZone', width: 160 },
          { title: t('tenants.users'), dataIndex: 'userCount', width: 100, align: 'right' },
          { title: t('tenants.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v, tz) },
        ]}
      />
      <Modal
        open={open}
        title={t('tenants.create')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
        width={560}
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={organizationDefaults}>
          <OrganizationFields />
        </Form>
      </Modal>
    </Card>
  );
}
