import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useCan } from '../../lib/session.ts';
import { rolesApi, rolesKey, useRoles, type Role } from './roles.api.ts';
import { useErrorHandler } from '../../lib/forms.ts';

export function RolesListPage() {
  return (
    <RequirePermission permissions={['role:view']}>
      <RolesList />
    </RequirePermission>
  );
}

function RolesList() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const roles = useRoles();

  const remove = useMutation({
    mutationFn: (role: Role) => rolesApi.delete(role.id),
    onSuccess: async (_r, role) => {
      message.success(t('roles.deleted', { name: role.name }));
      await qc.invalidateQueries({ queryKey: rolesKey });
    },
    onError: async (err) => {
      // The user count shown may be stale: the refusal says how many hold the role now.
      await qc.invalidateQueries({ queryKey: rolesKey });
      onError(err);
    },
  });

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 160,
      render: (name: string, role) => (
        <Space size={4} wrap>
          <Link to={`/admin/roles/${role.id}`}>{name}</Link>
          {role.isSystem && <Tag color="gold">{t('roles.system')}</Tag>}
        </Space>
      ),
    },
    { title: t('common.description'), dataIndex: 'description', ellipsis: true, render: (v: string) => v || '—' },
    {
      title: t('roles.template'),
      dataIndex: 'templateKey',
      width: 130,
      render: (k: Role['templateKey']) => (k ? t(`roles.templates.${k}`) : <Typography.Text type="secondary">{t('roles.custom')}</Typography.Text>),
    },
    { title: t('roles.permissionColumn'), dataIndex: 'permissions', width: 100, align: 'right', render: (ps: string[]) => ps.length },
    { title: t('roles.userCount'), dataIndex: 'userCount', width: 90, align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 130,
      render: (_v, role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => void navigate(`/admin/roles/${role.id}`)}>
            {can('role:edit') && !role.isSystem ? t('common.edit') : t('roles.view')}
          </Button>
          {can('role:delete') &&
            (role.isSystem ? (
              <Tooltip title={t('roles.systemNoDelete')}>
                <Button type="link" size="small" danger disabled>
                  {t('common.delete')}
                </Button>
              </Tooltip>
            ) : (
              <Popconfirm
                title={t('roles.deleteConfirm', { name: role.name })}
                description={role.userCount ? t('roles.deleteHeld', { count: role.userCount }) : t('common.confirmDelete')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(role).catch(() => undefined)}
              >
                <Button type="link" size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.roles')}
        </Typography.Title>
        {can('role:create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/roles/new')}>
            {t('roles.newRole')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary">{t('roles.intro')}</Typography.Paragraph>
      <Table<Role>
        rowKey="id"
        columns={columns}
        dataSource={roles.data}
        loading={roles.isLoading}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('roles.empty')} /> }}
      />
    </>
  );
}
