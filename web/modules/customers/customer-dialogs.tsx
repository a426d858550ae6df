import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, List, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useErrorHandler } from '../../lib/forms.ts';
import { UserSelect, userName } from '../views/user-select.tsx';
import { CustomerPicker, rememberCustomerNames } from './customer-picker.tsx';
import { customersApi, customersKey, type CustomerOverview } from './customers.api.ts';
import { useDictOptions } from './dict-options.ts';

export type CustomerDialog = 'transfer' | 'coOwners' | 'merge' | 'relations' | null;

interface Props {
  overview: CustomerOverview;
  dialog: CustomerDialog;
  onClose: () => void;
}

/** The 360° page's dialogs: transfer the owner, co-owners, related customers, merge a duplicate in. */
export function CustomerDialogs(props: Props) {
  switch (props.dialog) {
    case 'transfer':
      return <TransferDialog {...props} />;
    case 'coOwners':
      return <CoOwnersDialog {...props} />;
    case 'merge':
      return <MergeDialog {...props} />;
    case 'relations':
      return <RelationsDialog {...props} />;
    default:
      return null;
  }
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: customersKey });
}

function TransferDialog({ overview, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ownerId: string; reason?: string }>();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const c = overview.customer;
  const save = useMutation({
    mutationFn: (v: { ownerId: string; reason?: string }) => customersApi.transfer(c.id, { ownerId: v.ownerId, reason: v.reason?.trim() || null }),
    onSuccess: async () => {
      message.success(t('customers.transferred'));
      onClose();
      await refresh();
    },
    onError: (err) => onError(err, form),
  });
  return (
    <Modal open title={t('customers.transferTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="ownerId" label={t('customers.newOwner')} rules={[{ required: true, message: t('common.required') }]}>
          <UserSelect autoFocus excludeIds={c.owner ? [c.owner.id] : []} placeholder={t('customers.newOwner')} />
        </Form.Item>
        <Form.Item name="reason" label={t('customers.bulk.reason')}>
          <Input maxLength={200} placeholder={t('customers.bulk.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CoOwnersDialog({ overview, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const c = overview.customer;
  const [list, setList] = useState(overview.coOwners.map((o) => ({ userId: o.userId, name: o.name, access: o.access })));
  const [adding, setAdding] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => customersApi.coOwners(c.id, { coOwners: list.map(({ userId, access }) => ({ userId, access })) }),
    onSuccess: async () => {
      message.success(t('customers.coOwnersSaved'));
      onClose();
      await refresh();
    },
    onError: (err) => onError(err),
  });
  return (
    <Modal open title={t('customers.coOwnersTitle')} onCancel={onClose} onOk={() => save.mutate()} okText={t('common.save')} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('customers.coOwnersHelp')}</Typography.Paragraph>
      <List
        size="small"
        dataSource={list}
        locale={{ emptyText: '—' }}
        renderItem={(o) => (
          <List.Item
            actions={[
              <Select
                key="access"
                size="small"
                value={o.access}
                onChange={(access) => setList((l) => l.map((x) => (x.userId === o.userId ? { ...x, access } : x)))}
                options={(['read', 'write'] as const).map((a) => ({ value: a, label: t(`customers.access.${a}`) }))}
                style={{ width: 100 }}
              />,
              <Button key="remove" size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setList((l) => l.filter((x) => x.userId !== o.userId))} />,
            ]}
          >
            {o.name}
          </List.Item>
        )}
      />
      <Flex gap={8} style={{ marginTop: 12 }}>
        <UserSelect
          value={adding}
          onChange={(v) => setAdding(v as string)}
          excludeIds={[...(c.owner ? [c.owner.id] : []), ...list.map((o) => o.userId)]}
          placeholder={t('customers.addCoOwner')}
          style={{ flex: 1 }}
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!adding}
          onClick={() => {
            if (!adding) return;
            setList((l) => [...l, { userId: adding, name: userName(adding) ?? '', access: 'read' }]);
            setAdding(undefined);
          }}
        >
          {t('customers.addCoOwner')}
        </Button>
      </Flex>
    </Modal>
  );
}

function MergeDialog({ overview, onClose }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const navigate = useNavigate();
  const c = overview.customer;
  const [mergedId, setMergedId] = useState<string | undefined>();
  const [mergedName, setMergedName] = useState('');
  const merge = useMutation({
    mutationFn: () => customersApi.merge({ survivorId: c.id, mergedId: mergedId! }),
    onSuccess: async () => {
      message.success(t('customers.merged'));
      onClose();
      await refresh();
      void navigate(`/customers/${c.id}`, { replace: true });
    },
    onError: (err) => onError(err),
  });
  return (
    <Modal
      open
      title={t('customers.mergeTitle')}
      onCancel={onClose}
      okButtonProps={{ danger: true, disabled: !mergedId }}
      okText={t('customers.actions.merge')}
      confirmLoading={merge.isPending}
      onOk={() =>
        modal.confirm({
          title: t('customers.mergeConfirm', { merged: mergedName, survivor: c.name }),
          okButtonProps: { danger: true },
          onOk: () => merge.mutateAsync().catch(() => undefined),
        })
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('customers.mergeHelp', { name: c.name })}</Typography.Paragraph>
      <CustomerPicker
        value={mergedId}
        onChange={(v, option) => {
          setMergedId(v as string);
          setMergedName(Array.isArray(option) ? '' : String(option?.label ?? ''));
        }}
        excludeIds={[c.id]}
        placeholder={t('customers.mergeSearch')}
        aria-label={t('customers.mergeWith')}
        style={{ width: '100%' }}
      />
    </Modal>
  );
}

function RelationsDialog({ overview, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const types = useDictOptions('relation_type');
  const c = overview.customer;
  rememberCustomerNames(overview.related);
  const [list, setList] = useState(overview.related.filter((r) => r.id).map((r) => ({ customerId: r.id!, name: r.name, relationType: r.relationType })));
  // Relations to customers the user may not open stay as they are; the server keeps only what is sent.
  const hidden = overview.related.filter((r) => !r.id).length;
  const save = useMutation({
    mutationFn: () => customersApi.relations(c.id, { related: list.map(({ customerId, relationType }) => ({ customerId, relationType })) }),
    onSuccess: async () => {
      message.success(t('customers.relationsSaved'));
      onClose();
      await refresh();
    },
    onError: (err) => onError(err),
  });
  return (
    <Modal open title={t('customers.relationsTitle')} onCancel={onClose} onOk={() => save.mutate()} okText={t('common.save')} okButtonProps={{ disabled: hidden > 0 }} confirmLoading={save.isPending} destroyOnHidden>
      {hidden > 0 && <Typography.Paragraph type="warning">{t('customers.relationsHidden', { count: hidden })}</Typography.Paragraph>}
      <List
        size="small"
        dataSource={list}
        locale={{ emptyText: t('customers.noRelations') }}
        renderItem={(r) => (
          <List.Item
            actions={[
              <Select
                key="type"
                size="small"
                allowClear
                value={r.relationType ?? undefined}
                placeholder={t('customers.relationType')}
                onChange={(v) => setList((l) => l.map((x) => (x.customerId === r.customerId ? { ...x, relationType: v ?? null } : x)))}
                options={types}
                style={{ width: 120 }}
              />,
              <Button key="remove" size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => setList((l) => l.filter((x) => x.customerId !== r.customerId))} />,
            ]}
          >
            {r.name}
          </List.Item>
        )}
      />
      <CustomerPicker
        value={undefined}
        onChange={(v, option) => {
          const id = v as string;
          if (id && !list.some((x) => x.customerId === id)) setList((l) => [...l, { customerId: id, name: String((option as { label?: string })?.label ?? ''), relationType: null }]);
        }}
        excludeIds={[c.id, ...list.map((x) => x.customerId)]}
        placeholder={t('customers.mergeSearch')}
        style={{ width: '100%', marginTop: 12 }}
      />
    </Modal>
  );
}
