import { DeleteOutlined, EditOutlined, MailOutlined, MobileOutlined, PhoneOutlined, PlusOutlined, WechatOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { useDialog } from '../orgchart/use-dialog.ts';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { ContactFormDrawer } from './contact-form-drawer.tsx';
import { contactsApi, contactsKey, useCustomerContacts, type Contact } from './contacts.api.ts';

/**
 * The contacts of one customer, for its 360° page: primary contact first, each with its ways to be reached, and
 * adding, editing and deleting in place. `canEdit` is the page's say (the customer may be waiting for approval);
 * the server's answer for each contact narrows it further.
 */
export function CustomerContacts({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const contacts = useCustomerContacts(can('contact:view') ? customerId : undefined);
  const form = useDialog<{ id?: string }>();
  const remove = useMutation({
    mutationFn: (c: Contact) => contactsApi.remove(c.id),
    onSuccess: async (_r, c) => {
      undoDelete('contact', [c.id], t('common.deleted'));
      await qc.invalidateQueries({ queryKey: contactsKey });
    },
    onError: (err) => onError(err),
  });

  if (!can('contact:view')) return <Alert type="info" showIcon title={t('contacts.noPermission')} />;
  const data = contacts.data;
  const mayCreate = canEdit && Boolean(data?.canCreate);

  return (
    <div data-testid="customer-contacts">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{data ? t('contacts.count', { count: data.items.length }) : ''}</Typography.Text>
        {mayCreate && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => form.show({})} data-testid="add-contact">
            {t('contacts.newContact')}
          </Button>
        )}
      </Flex>
      <List<Contact>
        loading={contacts.isLoading}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.noneForCustomer')}>
              {mayCreate && (
                <Button type="primary" onClick={() => form.show({})}>
                  {t('contacts.newContact')}
                </Button>
              )}
            </Empty>
          ),
        }}
        renderItem={(c) => (
          <List.Item
            actions={[
              canEdit && c.canEdit && (
                <Button key="edit" type="text" size="small" icon={<EditOutlined />} aria-label={t('contacts.editNamed', { name: c.name })} onClick={() => form.show({ id: c.id })} />
              ),
              canEdit && c.canDelete && (
                <Popconfirm
                  key="delete"
                  title={t('contacts.confirmDelete', { name: c.name })}
                  description={t('contacts.deleteNote')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutateAsync(c).catch(() => undefined)}
                >
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('contacts.deleteNamed', { name: c.name })} />
                </Popconfirm>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <span>{c.name}</span>
                  {c.isPrimary && <Tag color="gold">{t('contacts.primary')}</Tag>}
                  {(c.title || c.department) && <Typography.Text type="secondary">{[c.department, c.title].filter(Boolean).join(' · ')}</Typography.Text>}
                  {c.groups.map((g) => (
                    <Tag key={g.id}>{g.name}</Tag>
                  ))}
                </Space>
              }
              description={
                <Space size={12} wrap>
                  {c.mobile && (
                    <a href={`tel:${c.mobile}`}>
                      <MobileOutlined /> {c.mobile}
                    </a>
                  )}
                  {c.phone && (
                    <span>
                      <PhoneOutlined /> {c.phone}
                    </span>
                  )}
                  {c.email && (
                    <a href={`mailto:${c.email}`}>
                      <MailOutlined /> {c.email}
                    </a>
                  )}
                  {c.wechat && (
                    <span>
                      <WechatOutlined /> {c.wechat}
                    </span>
                  )}
                  {!c.mobile && !c.phone && !c.email && !c.wechat && t('contacts.noWayToReach')}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {data?.more && <Typography.Text type="secondary">{t('contacts.moreOnList')}</Typography.Text>}
      <ContactFormDrawer open={form.open} contactId={form.data?.id} customer={data?.customer} onClose={form.hide} />
    </div>
  );
}
