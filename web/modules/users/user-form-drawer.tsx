import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Grid, Input, Select, Skeleton, Space, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { userCreate, userUpdate } from '../../../shared/validation/users.ts';
import { PasswordFields } from '../../components/password-fields.tsx';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { useCan, useCanAny } from '../../lib/session.ts';
import { DepartmentTreeSelect, PositionTreeSelect } from '../orgchart/org-selects.tsx';
import { useRoleOptions, useUser, usersApi, usersKey, type UserDetail } from './users.api.ts';
import { ROLE_PICKERS } from '../../../shared/permissions.ts';

interface Values {
  username: string;
  name: string;
  email?: string;
  mobile?: string;
  password: string;
  confirmPassword: string;
  departmentId?: string | null;
  positionIds: string[];
  roleIds: string[];
}

const s = userCreate.shape;

/** New user (no id) or edit of an existing one; the edit form is filled from a fresh read of the record. */
export function UserFormDrawer({ open, userId, onClose }: { open: boolean; userId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const editing = Boolean(userId);
  const user = useUser(userId);
  const record = editing ? user.data : undefined;
  const save = useSaveUser(record, form, onClose, async () => (await user.refetch()).data);

  return (
    <Drawer
      open={open}
      title={record ? `${t('users.editUser')} · ${record.username}` : t('users.newUser')}
      size={screens.sm ? 560 : '100%'}
      onClose={onClose}
      // The list may be minutes old; the form edits what the server holds now.
      afterOpenChange={(visible) => visible && editing && void user.refetch()}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={editing && !record} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {editing && !record ? (
        <Skeleton active />
      ) : (
        <UserForm
          form={form}
          record={record}
          onFinish={(v) => save.mutate(v)}
        />
      )}
    </Drawer>
  );
}

function valuesOf(record: UserDetail): Partial<Values> {
  return {
    username: record.username,
    name: record.name,
    email: record.email ?? '',
    mobile: record.mobile ?? '',
    departmentId: record.departmentId,
    positionIds: record.positions.map((p) => p.id),
    roleIds: record.roles.map((r) => r.id),
  };
}

function useSaveUser(record: UserDetail | undefined, form: FormInstance<Values>, onClose: () => void, reload: () => Promise<UserDetail | undefined>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  return useMutation({
    mutationFn: (v: Values) => {
      const common = {
        name: v.name,
        email: v.email || null,
        mobile: v.mobile || null,
        departmentId: v.departmentId ?? null,
        positionIds: v.positionIds ?? [],
        roleIds: v.roleIds ?? [],
      };
      return record
        ? usersApi.update(record.id, { ...common, version: record.version })
        : usersApi.create({ ...common, username: v.username, password: v.password, confirmPassword: v.confirmPassword });
    },
    onSuccess: async () => {
      message.success(t(record ? 'common.saved' : 'users.created'));
      onClose();
      await qc.invalidateQueries({ queryKey: usersKey });
    },
    onError: async (err) => {
      if (isVersionConflict(err) && record) {
        message.warning(t('common.versionConflict'));
        // The form shows the current record (and the next save sends its version); the list refreshes too.
        const fresh = await reload();
        if (fresh) form.setFieldsValue(valuesOf(fresh));
        await qc.invalidateQueries({ queryKey: usersKey });
        return;
      }
      onError(err, form);
    },
  });
}

function UserForm({ form, record, onFinish }: { form: FormInstance<Values>; record?: UserDetail; onFinish: (v: Values) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const canAny = useCanAny();
  const roles = useRoleOptions(canAny(...ROLE_PICKERS));
  // The server lets only user:edit holders hand out roles, also on a new user.
  const mayAssignRoles = can('user:edit');
  const initialValues: Partial<Values> = record ? valuesOf(record) : { positionIds: [], roleIds: [] };

  return (
    // The drawer's form instance outlives this form (destroyed on close); the next opening starts from initialValues.
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} clearOnDestroy>
      <Form.Item name="username" label={t('users.username')} rules={record ? [] : [zodRule(s.username)]} extra={record ? undefined : t('users.usernameHelp')}>
        <Input disabled={Boolean(record)} autoFocus={!record} autoComplete="off" maxLength={32} />
      </Form.Item>
      <Form.Item name="name" label={t('users.name')} rules={[zodRule(userUpdate.shape.name)]}>
        <Input autoFocus={Boolean(record)} maxLength={50} />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')} rules={[zodRule(s.email)]}>
        <Input inputMode="email" autoComplete="off" placeholder={t('common.optional')} />
      </Form.Item>
      <Form.Item name="mobile" label={t('users.mobile')} rules={[zodRule(s.mobile)]}>
        <Input autoComplete="off" placeholder={t('common.optional')} />
      </Form.Item>
      {!record && <PasswordFields label={t('users.initialPassword')} />}
      <Form.Item name="departmentId" label={t('users.department')}>
        <DepartmentTreeSelect />
      </Form.Item>
      <Form.Item name="positionIds" label={t('users.positions')} extra={t('users.positionsHelp')}>
        <PositionTreeSelect multiple />
      </Form.Item>
      {mayAssignRoles && (
        <Form.Item name="roleIds" label={t('users.roles')} extra={canAny(...ROLE_PICKERS) ? undefined : t('users.rolesNeedRoleView')}>
          <Select
            mode="multiple"
            allowClear
            loading={roles.isLoading}
            disabled={!canAny(...ROLE_PICKERS)}
            options={roles.data?.map((r) => ({ value: r.id, label: r.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('users.rolesPlaceholder')}
          />
        </Form.Item>
      )}
      {/* Lets Enter in a field submit the form, whose buttons live in the drawer footer outside it. */}
      <button type="submit" hidden aria-hidden />
    </Form>
  );
}
