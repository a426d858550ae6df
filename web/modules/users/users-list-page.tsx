import { DownOutlined, EllipsisOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Dropdown, Empty, Flex, Grid, Input, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography, type MenuProps, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { USER_STATUS_VALUES } from '../../../shared/validation/users.ts';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCan, useCanAny, useMe, useTimeZone } from '../../lib/session.ts';
import { DepartmentTreeSelect } from '../orgchart/org-selects.tsx';
import { useDialog } from '../orgchart/use-dialog.ts';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { UserDetailDrawer } from './user-detail-drawer.tsx';
import { UserFormDrawer } from './user-form-drawer.tsx';
import { isTemporarilyLocked, UserStatusTag } from './user-status-tag.tsx';
import { useRoleOptions, useUserList, usersApi, usersKey, type UserRow, type UserStatus } from './users.api.ts';
import { isVersionConflict, useErrorHandler } from '../../lib/forms.ts';
import { ROLE_PICKERS } from '../../../shared/permissions.ts';

type StatusAction = 'lock' | 'unlock' | 'disable' | 'enable';
const FILTERS = ['q', 'status', 'departmentId', 'roleId'] as const;
const MAX_TAGS = 3;

export function UsersListPage() {
  return (
    <RequirePermission permissions={['user:view']}>
      <UsersList />
    </RequirePermission>
  );
}

/** Filters and paging live in the address, so a reload or the back button returns to the same page of results. */
function useListParams() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('pageSize')) || me?.user.prefs.pageSize || 20;
  const setFilter = (key: (typeof FILTERS)[number], value: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      // A changed filter starts over at the first page.
      next.delete('page');
      return next;
    });
  const setPage = (p: number, size: number) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('page', String(p));
      next.set('pageSize', String(size));
      return next;
    });
  const reset = () => setParams(new URLSearchParams());
  return { filters, page, pageSize, setFilter, setPage, reset, filtered: FILTERS.some((k) => params.get(k)) };
}

function UsersList() {
  const { t } = useTranslation();
  const can = useCan();
  const canAny = useCanAny();
  const tz = useTimeZone();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const { filters, page, pageSize, setFilter, setPage, reset, filtered } = useListParams();
  // On a phone the row actions shrink to one menu button, so the pinned columns leave room for the data.
  const compact = !Grid.useBreakpoint().md;
  const list = useUserList({ ...filters, status: filters.status as UserStatus | undefined, limit: pageSize, offset: (page - 1) * pageSize });
  const roles = useRoleOptions(canAny(...ROLE_PICKERS));
  const form = useDialog<string | undefined>();
  const detail = useDialog<string>();
  const resetPassword = useDialog<UserRow>();

  const changeStatus = useMutation({
    mutationFn: ({ user, action }: { user: UserRow; action: StatusAction }) => usersApi.changeStatus(user.id, { action, version: user.version }),
    onSuccess: async (user, { action }) => {
      message.success(t(`users.statusDone.${action}`, { name: user.name }));
      await qc.invalidateQueries({ queryKey: usersKey });
    },
    onError: async (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        await qc.invalidateQueries({ queryKey: usersKey });
        return;
      }
      onError(err);
    },
  });
  const runStatus = (user: UserRow, action: StatusAction) => changeStatus.mutateAsync({ user, action }).catch(() => undefined);

  const confirmStatus = (user: UserRow, action: 'disable' | 'enable') =>
    modal.confirm({
      title: t(`users.confirm.${action}`, { name: user.name }),
      content: action === 'disable' ? t('users.confirm.disableNote') : undefined,
      okButtonProps: { danger: action === 'disable' },
      onOk: () => runStatus(user, action),
    });

  /** The row's menu; in compact mode it also carries the actions that otherwise stand as links. */
  const menuItems = (user: UserRow): MenuProps['items'] => {
    const items: MenuProps['items'] = [];
    const editable = can('user:edit');
    if (compact && editable) items.push({ key: 'edit', label: t('common.edit'), onClick: () => form.show(user.id) });
    items.push({ key: 'details', label: t('users.details'), onClick: () => detail.show(user.id) });
    if (!editable) return items;
    if (user.status === 'active' && !isTemporarilyLocked(user)) {
      items.push({
        key: 'lock',
        label: t('users.actions.lock'),
        onClick: () =>
          modal.confirm({
            title: t('users.confirm.lock', { name: user.name }),
            content: t('users.confirm.lockNote'),
            okButtonProps: { danger: true },
            onOk: () => runStatus(user, 'lock'),
          }),
      });
    }
    if (user.status === 'locked' || isTemporarilyLocked(user)) {
      items.push({ key: 'unlock', label: t('users.actions.unlock'), onClick: () => void runStatus(user, 'unlock') });
    }
    if (compact && (user.status === 'active' || user.status === 'locked')) {
      items.push({ key: 'disable', danger: true, label: t('users.actions.disable'), onClick: () => confirmStatus(user, 'disable') });
    }
    if (compact && user.status === 'disabled') items.push({ key: 'enable', label: t('users.actions.enable'), onClick: () => confirmStatus(user, 'enable') });
    items.push({ key: 'reset', label: t('users.resetPassword'), onClick: () => resetPassword.show(user) });
    return items;
  };

  const columns: TableColumnsType<UserRow> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      fixed: 'left',
      width: compact ? 110 : 140,
      ellipsis: true,
      render: (v: string, user) => (
        <Typography.Link onClick={() => detail.show(user.id)} data-testid="user-details-link">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('users.name'), dataIndex: 'name', width: 110 },
    { title: t('users.email'), dataIndex: 'email', width: 200, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('users.mobile'), dataIndex: 'mobile', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('users.department'), dataIndex: ['department', 'name'], width: 120, render: (v: string | null | undefined) => v ?? '—' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      width: 220,
      render: (rs: UserRow['roles']) =>
        rs.length ? (
          <Space size={[0, 4]} wrap>
            {rs.slice(0, MAX_TAGS).map((r) => (
              <Tag key={r.id} color="blue">
                {r.name}
              </Tag>
            ))}
            {rs.length > MAX_TAGS && (
              <Tooltip title={rs.slice(MAX_TAGS).map((r) => r.name).join('、')}>
                <Tag>+{rs.length - MAX_TAGS}</Tag>
              </Tooltip>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('users.positions'),
      dataIndex: 'positions',
      width: 160,
      ellipsis: true,
      render: (ps: UserRow['positions']) => (ps.length ? ps.map((p) => p.name).join('、') : '—'),
    },
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (_v, user) => <UserStatusTag user={user} /> },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => formatDateTime(v, tz) },
    {
      title: compact ? '' : t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: compact ? 48 : 190,
      render: (_v, user) =>
        compact ? (
          <Dropdown menu={{ items: menuItems(user) }} trigger={['click']}>
            <Button type="text" size="small" icon={<EllipsisOutlined />} aria-label={t('common.actions')} />
          </Dropdown>
        ) : (
          <Space size={0}>
            {can('user:edit') && (
              <Button type="link" size="small" onClick={() => form.show(user.id)}>
                {t('common.edit')}
              </Button>
            )}
            {can('user:edit') && (user.status === 'active' || user.status === 'locked') && (
              <Popconfirm
                title={t('users.confirm.disable', { name: user.name })}
                description={t('users.confirm.disableNote')}
                okButtonProps={{ danger: true }}
                onConfirm={() => runStatus(user, 'disable')}
              >
                <Button type="link" size="small" danger>
                  {t('users.actions.disable')}
                </Button>
              </Popconfirm>
            )}
            {can('user:edit') && user.status === 'disabled' && (
              <Popconfirm title={t('users.confirm.enable', { name: user.name })} onConfirm={() => runStatus(user, 'enable')}>
                <Button type="link" size="small">
                  {t('users.actions.enable')}
                </Button>
              </Popconfirm>
            )}
            <Dropdown menu={{ items: menuItems(user) }} trigger={['click']}>
              <Button type="link" size="small">
                {t('common.more')} <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.users')}
        </Typography.Title>
        {can('user:create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => form.show(undefined)}>
            {t('users.newUser')}
          </Button>
        )}
      </Flex>
      <Row gutter={[8, 8]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={6}>
          <Input.Search
            // Remounted when the address changes (reset, back button), so the box shows the search in effect.
            key={filters.q ?? ''}
            defaultValue={filters.q}
            allowClear
            placeholder={t('users.searchPlaceholder')}
            aria-label={t('common.search')}
            onSearch={(v) => setFilter('q', v.trim() || undefined)}
          />
        </Col>
        <Col xs={12} sm={6} lg={4}>
          <Select<UserStatus>
            value={filters.status as UserStatus | undefined}
            onChange={(v) => setFilter('status', v)}
            allowClear
            placeholder={t('users.allStatuses')}
            style={{ width: '100%' }}
            options={USER_STATUS_VALUES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
          />
        </Col>
        <Col xs={12} sm={6} lg={5}>
          <DepartmentTreeSelect
            value={filters.departmentId ?? null}
            onChange={(v) => setFilter('departmentId', v ?? undefined)}
            placeholder={t('users.allDepartments')}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={16} sm={12} lg={5}>
          <Select<string>
            value={filters.roleId}
            onChange={(v) => setFilter('roleId', v)}
            allowClear
            disabled={!canAny(...ROLE_PICKERS)}
            loading={roles.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('users.allRoles')}
            style={{ width: '100%' }}
            options={roles.data?.map((r) => ({ value: r.id, label: r.name }))}
          />
        </Col>
        <Col xs={8} sm={12} lg={4}>
          <Space>
            <Button onClick={reset} disabled={!filtered}>
              {t('common.reset')}
            </Button>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} loading={list.isFetching && !list.isLoading} />
            </Tooltip>
          </Space>
        </Col>
      </Row>
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isLoading || (list.isFetching && list.isPlaceholderData)}
        scroll={{ x: 1500 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('users.noMatches') : t('users.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { count: total }),
          onChange: setPage,
        }}
      />
      <UserFormDrawer open={form.open} userId={form.data} onClose={form.hide} />
      <UserDetailDrawer
        open={detail.open}
        userId={detail.data}
        onClose={detail.hide}
        onEdit={(id) => {
          detail.hide();
          form.show(id);
        }}
      />
      <ResetPasswordModal open={resetPassword.open} user={resetPassword.data} onClose={resetPassword.hide} />
    </>
  );
}
