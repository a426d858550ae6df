import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Descriptions, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { approveRegistration } from '../../../shared/validation/users.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';
import { useCanAny } from '../../lib/session.ts';
import { DepartmentTreeSelect, PositionTreeSelect } from '../orgchart/org-selects.tsx';
import { registrationsKey, useRoleOptions, usersApi, usersKey, type Registration } from './users.api.ts';
import { ROLE_PICKERS } from '../../../shared/permissions.ts';

interface Values {
  roleIds: string[];
  positionIds: string[];
  departmentId?: string | null;
}

/** Approval gives the applicant at least one role (ACC-02); position and department are optional. */
export function ApproveRegistrationModal({ open, registration, onClose }: { open: boolean; registration?: Registration; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canAny = useCanAny();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const onError = useErrorHandler();
  const roles = useRoleOptions(canAny(...ROLE_PICKERS));
  const approve = useMutation({
    mutationFn: (v: Values) =>
      usersApi.approve(registration!.id, { roleIds: v.roleIds, positionIds: v.positionIds ?? [], departmentId: v.departmentId ?? null }),
    onSuccess: async (user) => {
      message.success(t('users.registrations.approved', { name: user.name }));
      onClose();
      await Promise.all([qc.invalidateQueries({ queryKey: registrationsKey }), qc.invalidateQueries({ queryKey: usersKey })]);
    },
    onError: async (err) => {
      // A registration another administrator handled meanwhile answers 409; the list shows its real state.
      await qc.invalidateQueries({ queryKey: registrationsKey });
      onError(err, form);
    },
  });

  return (
    <Modal
      open={open}
      title={registration ? `${t('users.registrations.approveTitle')} · ${registration.name}` : t('users.registrations.approveTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.registrations.approve')}
      confirmLoading={approve.isPending}
      destroyOnHidden
    >
      {registration && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'username', label: t('users.username'), children: registration.username },
            { key: 'email', label: t('users.email'), children: registration.email ?? '—' },
            { key: 'mobile', label: t('users.mobile'), children: registration.mobile ?? '—' },
          ]}
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ roleIds: [], positionIds: [] }} onFinish={(v) => approve.mutate(v)} clearOnDestroy>
        <Form.Item name="roleIds" label={t('users.roles')} rules={[zodRule(approveRegistration.shape.roleIds)]}>
          <Select
            mode="multiple"
            autoFocus
            loading={roles.isLoading}
            options={roles.data?.map((r) => ({ value: r.id, label: r.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('users.rolesPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="positionIds" label={t('users.positions')} extra={t('users.positionsHelp')}>
          <PositionTreeSelect multiple />
        </Form.Item>
        <Form.Item name="departmentId" label={t('users.department')}>
          <DepartmentTreeSelect />
        </Form.Item>
        {/* Lets Enter in a field submit the form, whose buttons live in the modal footer outside it. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
