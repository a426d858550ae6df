import { useMemo } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { departmentCreate } from '../../../shared/validation/orgchart.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { DepartmentTreeSelect } from './org-selects.tsx';
import { nextSort, subtreeIds } from './org-tree.ts';
import { departmentsKey, orgchartApi, type Department } from './orgchart.api.ts';

/** Creating under a parent, renaming (name and order) and moving (new parent) share the one form. */
export type DepartmentDialog = { mode: 'create'; parentId: string | null } | { mode: 'edit' | 'move'; department: Department };

interface Values {
  name: string;
  parentId: string | null;
  sort: number;
}

export function DepartmentFormModal({
  open,
  dialog,
  departments,
  onClose,
  onSaved,
}: {
  open: boolean;
  dialog?: DepartmentDialog;
  departments: Department[];
  onClose: () => void;
  onSaved: (department: Department) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const onError = useErrorHandler();

  const mode = dialog?.mode ?? 'create';
  const record = dialog && dialog.mode !== 'create' ? dialog.department : undefined;
  const initialValues: Values | undefined = dialog
    ? dialog.mode === 'create'
      ? { name: '', parentId: dialog.parentId, sort: nextSort(departments, dialog.parentId) }
      : { name: dialog.department.name, parentId: dialog.department.parentId, sort: dialog.department.sort }
    : undefined;
  const blocked = useMemo(() => (record ? subtreeIds(departments, record.id) : undefined), [departments, record]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (!record) return orgchartApi.createDepartment({ name: v.name, parentId: v.parentId ?? null, sort: v.sort ?? 0 });
      // The API replaces every field, so a rename keeps the parent and a move keeps the name and order.
      return orgchartApi.updateDepartment(record.id, {
        name: mode === 'move' ? record.name : v.name,
        parentId: mode === 'move' ? (v.parentId ?? null) : record.parentId,
        sort: mode === 'move' ? record.sort : (v.sort ?? 0),
        version: record.version,
      });
    },
    onSuccess: async (department) => {
      await qc.invalidateQueries({ queryKey: departmentsKey });
      message.success(t(record ? 'common.saved' : 'orgchart.departmentCreated'));
      onSaved(department);
    },
    onError: async (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        await qc.invalidateQueries({ queryKey: departmentsKey });
        onClose();
        return;
      }
      onError(err, form);
    },
  });

  const title = { create: t('orgchart.newDepartment'), edit: t('orgchart.editDepartment'), move: t('orgchart.moveDepartment') }[mode];
  return (
    <Modal
      open={open}
      title={record ? `${title} · ${record.name}` : title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)} clearOnDestroy>
        {mode !== 'move' && (
          <Form.Item name="name" label={t('orgchart.name')} rules={[zodRule(departmentCreate.shape.name)]}>
            <Input autoFocus maxLength={50} />
          </Form.Item>
        )}
        {mode !== 'edit' && (
          <Form.Item name="parentId" label={t('orgchart.parentDepartment')} extra={t('orgchart.parentHelp')}>
            <DepartmentTreeSelect disabledIds={blocked} placeholder={t('orgchart.topLevel')} autoFocus={mode === 'move'} />
          </Form.Item>
        )}
        {mode !== 'move' && (
          <Form.Item name="sort" label={t('orgchart.sort')} extra={t('orgchart.sortHelp')}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {/* Lets Enter in a field submit the form, whose buttons live in the modal footer outside it. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
