import { useEffect, useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, InputNumber, Modal, Radio, Select, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPROVAL_MAX_LEVELS, APPROVAL_MAX_SUPERIOR, type ApproverRule } from '../../../shared/validation/approvals.ts';
import { api, ApiError } from '../../lib/api.ts';
import { isVersionConflict, useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { approvalsApi, approvalsKeys, type ApprovalFlow, type ApprovalLevel } from './approvals.api.ts';
import { UserPicker } from './user-picker.tsx';

interface LevelValues {
  kind: ApproverRule['kind'];
  n?: number;
  roleId?: string;
  userIds?: string[];
  signoff: 'any' | 'all';
}

const toValues = (l: ApprovalLevel): LevelValues => ({
  kind: l.approvers.kind,
  n: l.approvers.kind === 'superior' ? l.approvers.n : 1,
  roleId: l.approvers.kind === 'role' ? l.approvers.roleId : undefined,
  userIds: l.approvers.kind === 'users' ? l.approvers.userIds : [],
  signoff: l.signoff,
});

function toLevel(v: LevelValues): ApprovalLevel {
  const approvers: ApproverRule =
    v.kind === 'superior' ? { kind: 'superior', n: v.n ?? 1 } : v.kind === 'role' ? { kind: 'role', roleId: v.roleId ?? '' } : { kind: 'users', userIds: v.userIds ?? [] };
  return { approvers, signoff: v.signoff };
}

function useRuleText(names: Record<string, string>) {
  const { t } = useTranslation();
  return (rule: ApproverRule) => {
    if (rule.kind === 'superior') return t('approvals.rule.superior', { n: rule.n });
    if (rule.kind === 'role') return t('approvals.rule.role', { name: names[rule.roleId] ?? '—' });
    const known = rule.userIds.map((id) => names[id]).filter(Boolean);
    return known.length === rule.userIds.length && known.length <= 5 ? t('approvals.rule.users', { names: known.join('、') }) : t('approvals.rule.usersCount', { count: rule.userIds.length });
  };
}

function FlowEditor({ flow, names, onClose }: { flow?: ApprovalFlow; names: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<{ enabled: boolean; levels: LevelValues[] }>();
  const roles = useQuery({ queryKey: ['roles', 'list'], queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/roles').then((r) => r.items), enabled: Boolean(flow) });

  useEffect(() => {
    if (flow) {
      form.resetFields();
      form.setFieldsValue({ enabled: flow.configured ? flow.enabled : true, levels: flow.levels.length ? flow.levels.map(toValues) : [{ kind: 'superior', n: 1, signoff: 'any' }] });
    }
  }, [flow, form]);

  const save = useMutation({
    mutationFn: (v: { enabled: boolean; levels: LevelValues[] }) =>
      approvalsApi.saveFlow(flow!.recordType, flow!.action, { enabled: v.enabled, levels: v.levels.map(toLevel), version: flow!.version }),
    onSuccess: () => {
      message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: approvalsKeys.flows });
      onClose();
    },
    onError: (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        void qc.invalidateQueries({ queryKey: approvalsKeys.flows });
        onClose();
        return;
      }
      // The server names a rule's fields under `approvers`; the form keeps them beside the sign-off.
      if (err instanceof ApiError) {
        const fields = Object.fromEntries(Object.entries(err.fields).map(([k, msg]) => [k.replace('.approvers.', '.'), msg]));
        onError(new ApiError(err.status, err.code, err.message, fields), form);
        return;
      }
      onError(err, form);
    },
  });

  const userKnown = Object.entries(names).map(([id, name]) => ({ id, name, username: '' }));

  return (
    <Modal
      open={Boolean(flow)}
      title={flow && t('approvals.flows.editTitle', { type: flow.recordTypeLabel, action: t(`approvals.action.${flow.action}`) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="flow-form">
        <Form.Item name="enabled" label={t('approvals.flows.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.List name="levels">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('approvals.flows.levelN', { n: i + 1 })}
                  style={{ marginBottom: 12 }}
                  extra={
                    fields.length > 1 && (
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('approvals.flows.removeLevel')} />
                    )
                  }
                >
                  <Flex gap={12} wrap>
                    <Form.Item name={[field.name, 'kind']} label={t('approvals.flows.kind')} style={{ minWidth: 180 }}>
                      <Select options={(['superior', 'role', 'users'] as const).map((k) => ({ value: k, label: t(`approvals.flows.kinds.${k}`) }))} />
                    </Form.Item>
                    <Form.Item noStyle dependencies={[['levels', field.name, 'kind']]}>
                      {() => {
                        const kind = form.getFieldValue(['levels', field.name, 'kind']) as LevelValues['kind'];
                        if (kind === 'superior')
                          return (
                            <Form.Item name={[field.name, 'n']} label={t('approvals.flows.n')} rules={[{ required: true }]}>
                              <InputNumber min={1} max={APPROVAL_MAX_SUPERIOR} precision={0} suffix={t('approvals.flows.nSuffix')} />
                            </Form.Item>
                          );
                        if (kind === 'role')
                          return (
                            <Form.Item
                              name={[field.name, 'roleId']}
                              label={t('approvals.flows.roleId')}
                              rules={[{ required: true }]}
                              style={{ flex: 1, minWidth: 200 }}
                              help={roles.isError ? t('approvals.flows.rolesUnavailable') : undefined}
                            >
                              <Select loading={roles.isLoading} showSearch={{ optionFilterProp: 'label' }} options={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
                            </Form.Item>
                          );
                        return (
                          <Form.Item name={[field.name, 'userIds']} label={t('approvals.flows.userIds')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 240 }}>
                            <UserPicker multiple known={userKnown} />
                          </Form.Item>
                        );
                      }}
                    </Form.Item>
                  </Flex>
                  <Form.Item name={[field.name, 'signoff']} label={t('approvals.flows.signoff')} style={{ marginBottom: 0 }}>
                    <Radio.Group options={(['any', 'all'] as const).map((s) => ({ value: s, label: t(`approvals.signoff.${s}`) }))} />
                  </Form.Item>
                </Card>
              ))}
              {fields.length < APPROVAL_MAX_LEVELS && (
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'superior', n: 1, signoff: 'any' })}>
                  {t('approvals.flows.addLevel')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** Approval flows per record type and action (CUS-02, CUS-09), under the system settings. */
export function ApprovalFlowsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canEdit = can('settings:edit');
  const flows = useQuery({ queryKey: approvalsKeys.flows, queryFn: approvalsApi.flows });
  const [editing, setEditing] = useState<ApprovalFlow>();
  const names = flows.data?.names ?? {};
  const ruleText = useRuleText(names);

  const byType = new Map<string, ApprovalFlow[]>();
  for (const f of flows.data?.items ?? []) byType.set(f.recordType, [...(byType.get(f.recordType) ?? []), f]);

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('approvals.flows.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('approvals.flows.intro')}</Typography.Text>
      </div>
      {!canEdit && <Alert type="info" showIcon title={t('approvals.flows.readOnly')} style={{ marginBottom: 16 }} />}
      {flows.isError && <Alert type="error" showIcon title={flows.error.message} />}
      {flows.isLoading ? (
        <Skeleton active />
      ) : byType.size ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {[...byType.entries()].map(([type, items]) => (
            <Card key={type} title={items[0]!.recordTypeLabel}>
              <Table<ApprovalFlow>
                rowKey="action"
                size="middle"
                pagination={false}
                dataSource={items}
                scroll={{ x: 640 }}
                data-testid={`flows-${type}`}
                columns={[
                  { title: t('approvals.actionCol'), dataIndex: 'action', width: 100, render: (a: string) => t(`approvals.action.${a}`) },
                  {
                    title: t('common.status'),
                    key: 'status',
                    width: 100,
                    render: (_v, f) =>
                      !f.configured ? <Tag>{t('approvals.flows.notConfigured')}</Tag> : f.enabled ? <Tag color="success">{t('approvals.flows.enabledTag')}</Tag> : <Tag>{t('approvals.flows.disabledTag')}</Tag>,
                  },
                  {
                    title: t('approvals.flows.levels'),
                    key: 'levels',
                    render: (_v, f) =>
                      f.levels.length ? (
                        <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                          {f.levels.map((l, i) => (
                            <li key={i}>
                              {ruleText(l.approvers)} · {t(`approvals.signoff.${l.signoff}`)}
                            </li>
                          ))}
                        </ol>
                      ) : (
                        '—'
                      ),
                  },
                  ...(canEdit
                    ? [
                        {
                          title: t('common.actions'),
                          key: 'edit',
                          width: 90,
                          render: (_v: unknown, f: ApprovalFlow) => (
                            <Button type="link" onClick={() => setEditing(f)} data-testid={`flow-edit-${f.recordType}-${f.action}`}>
                              {t('approvals.flows.edit')}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          ))}
        </Space>
      ) : (
        <Empty description={t('approvals.flows.empty')} />
      )}
      <FlowEditor flow={editing} names={names} onClose={() => setEditing(undefined)} />
    </>
  );
}
