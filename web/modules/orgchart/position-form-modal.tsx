import { useMemo } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { positionCreate } from '../../../shared/validation/orgchart.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { DepartmentTreeSelect, PositionTreeSelect } from './org-selects.tsx';
import { nextSort, subtreeIds } from './org-tree.ts';
import { orgchartApi, positionsKey, type Position } from './orgchart.api.ts';

export type PositionDialog = { mode: 'create'; departmentId: string; parentId: string | null } | { mode: 'edit'; position: Position };

interface Values {
  name: string;
  departmentId: string;
  parentId: string | null;
  sort: number;
}

export function PositionFormModal({
  open,
  dialog,
  positions,
  onClose,
  onSaved,
}: {
  open: boolean;
  dialog?: PositionDialog;
  positions: Position[];
  onClose: () => void;
  onSaved: (position: Position) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const onError = useErrorHandler();

  const record = dialog?.mode === 'edit' ? dialog.position : undefined;
  const initialValues: Values | undefined = dialog
    ? dialog.mode === 'create'
      ? {
          name: '',
          departmentId: dialog.departmentId,
          parentId: dialog.parentId,
          sort: nextSort(positions.filter((p) => p.departmentId === dialog.departmentId), dialog.parentId),
        }
      : { name: dialog.position.name, departmentId: dialog.position.departmentId, parentId: dialog.position.parentId, sort: dialog.position.sort }
    : undefined;
  const blocked = useMemo(() => (record ? subtreeIds(positions, record.id) : undefined), [positions, record]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name, departmentId: v.departmentId, parentId: v.parentId ?? null, sort: v.sort ?? 0 };
      return record ? orgchartApi.updatePosition(record.id, { ...body, version: record.version }) : orgchartApi.createPosition(body);
    },
    onSuccess: async (position) => {
      await qc.invalidateQueries({ queryKey: positionsKey });
      message.success(t(record ? 'common.saved' : 'orgchart.positionCreated'));
      onSaved(position);
    },
    onError: async (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        await qc.invalidateQueries({ queryKey: positionsKey });
        onClose();
        return;
      }
      onError(err, form);
    },
  });

  return (
    <Modal
      open={open}
      title={record ? `${t('orgchart.editPosition')} · ${record.name}` : t('orgchart.newPosition')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)} clearOnDestroy>
        <Form.Item name="name" label={t('orgchart.name')} rules={[zodRule(positionCreate.shape.name)]}>
          <Input autoFocus maxLength={50} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('orgchart.department')} rules={[{ required: true }]}>
          <DepartmentTreeSelect allowClear={false} />
        </Form.Item>
        <Form.Item name="parentId" label={t('orgchart.superior')} extra={t('orgchart.superiorHelp')}>
          <PositionTreeSelect disabledIds={blocked} placeholder={t('orgchart.noSuperior')} />
        </Form.Item>
        <Form.Item name="sort" label={t('orgchart.sort')} extra={t('orgchart.sortHelp')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {/* Lets Enter in a field submit the form, whose buttons live in the modal footer outside it. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
