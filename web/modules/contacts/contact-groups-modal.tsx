import { useState } from 'react';
import { CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { contactGroupCreate } from '../../../shared/validation/contacts.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { contactGroupsKey, contactsApi, contactsKey, useContactGroups, type ContactGroup } from './contacts.api.ts';

/**
 * Contact groups (CON-02): the organisation's shared list. Whoever edits contacts adds, renames and deletes them;
 * deleting a group keeps its members, who only leave it.
 */
export function ContactGroupsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const editable = can('contact:edit');
  const groups = useContactGroups(open);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [form] = Form.useForm<{ name: string }>();
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: contactGroupsKey });
    await qc.invalidateQueries({ queryKey: contactsKey });
  };

  const create = useMutation({
    mutationFn: (name: string) => contactsApi.createGroup(name),
    onSuccess: async (g) => {
      message.success(t('contacts.groups.created', { name: g.name }));
      form.resetFields();
      await refresh();
    },
    onError: (err) => onError(err, form),
  });
  const rename = useMutation({
    mutationFn: ({ group, name }: { group: ContactGroup; name: string }) => contactsApi.renameGroup(group.id, name, group.version),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setRenaming(null);
      await refresh();
    },
    onError: async (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        setRenaming(null);
        await refresh();
        return;
      }
      onError(err);
    },
  });
  const remove = useMutation({
    mutationFn: (group: ContactGroup) => contactsApi.removeGroup(group.id),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await refresh();
    },
    onError: (err) => onError(err),
  });

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('contacts.groups.title')} destroyOnHidden>
      {editable && (
        <Form form={form} layout="inline" onFinish={(v) => create.mutate(v.name.trim())} style={{ marginBottom: 16 }}>
          <Form.Item name="name" rules={[zodRule(contactGroupCreate.shape.name)]} style={{ flex: 1 }}>
            <Input maxLength={30} placeholder={t('contacts.groups.namePlaceholder')} aria-label={t('contacts.groups.name')} />
          </Form.Item>
          <Form.Item style={{ marginInlineEnd: 0 }}>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
              {t('contacts.groups.add')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <List<ContactGroup>
        loading={groups.isLoading}
        dataSource={groups.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.groups.none')} /> }}
        renderItem={(g) =>
          renaming?.id === g.id ? (
            <List.Item>
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  autoFocus
                  maxLength={30}
                  value={renaming.name}
                  aria-label={t('contacts.groups.name')}
                  onChange={(e) => setRenaming({ id: g.id, name: e.target.value })}
                  onPressEnter={() => renaming.name.trim() && rename.mutate({ group: g, name: renaming.name.trim() })}
                  onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                />
                <Button
                  icon={<CheckOutlined />}
                  aria-label={t('common.save')}
                  loading={rename.isPending}
                  disabled={!renaming.name.trim()}
                  onClick={() => rename.mutate({ group: g, name: renaming.name.trim() })}
                />
                <Button icon={<CloseOutlined />} aria-label={t('common.cancel')} onClick={() => setRenaming(null)} />
              </Space.Compact>
            </List.Item>
          ) : (
            <List.Item
              actions={
                editable
                  ? [
                      <Button key="rename" type="text" size="small" icon={<EditOutlined />} aria-label={t('contacts.groups.rename', { name: g.name })} onClick={() => setRenaming({ id: g.id, name: g.name })} />,
                      <Popconfirm
                        key="delete"
                        title={t('contacts.groups.confirmDelete', { name: g.name })}
                        description={t('contacts.groups.deleteNote')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove.mutateAsync(g).catch(() => undefined)}
                      >
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('contacts.groups.delete', { name: g.name })} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Typography.Text>{g.name}</Typography.Text>
            </List.Item>
          )
        }
      />
    </Modal>
  );
}
