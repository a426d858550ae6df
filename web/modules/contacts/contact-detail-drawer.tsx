import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Grid, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useTimeZone } from '../../lib/session.ts';
import { AttachmentList } from '../attachments/attachment-list.tsx';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { contactsApi, contactsKey, useContact } from './contacts.api.ts';

/** Everything about one contact, with edit and delete when the user may. */
export function ContactDetailDrawer({ open, contactId, onClose, onEdit }: { open: boolean; contactId?: string; onClose: () => void; onEdit: (id: string) => void }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const contact = useContact(open ? contactId : undefined);
  const c = contact.data;
  const remove = useMutation({
    mutationFn: (id: string) => contactsApi.remove(id),
    onSuccess: async (_r, id) => {
      undoDelete('contact', [id], t('common.deleted'));
      onClose();
      await qc.invalidateQueries({ queryKey: contactsKey });
    },
    onError: (err) => onError(err),
  });
  const dash = (v: string | null | undefined) => v || '—';

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={c ? c.name : t('contacts.details')}
      extra={
        c && (
          <Space>
            {c.canEdit && (
              <Button type="primary" onClick={() => onEdit(c.id)}>
                {t('common.edit')}
              </Button>
            )}
            {c.canDelete && (
              <Popconfirm
                title={t('contacts.confirmDelete', { name: c.name })}
                description={t('contacts.deleteNote')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(c.id).catch(() => undefined)}
              >
                <Button danger loading={remove.isPending}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {!c ? (
        <Skeleton active />
      ) : (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('contacts.fields.customer')}>
            <Link to={`/customers/${c.customerId}`} onClick={onClose}>
              {c.customer.name}
            </Link>
            {c.isPrimary && (
              <Tag color="gold" style={{ marginInlineStart: 8 }}>
                {t('contacts.primary')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.gender')}>{t(`contacts.gender.${c.gender}`)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.title')}>{dash(c.title)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.department')}>{dash(c.department)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.mobile')}>{c.mobile ? <a href={`tel:${c.mobile}`}>{c.mobile}</a> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.phone')}>{dash(c.phone)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.email')}>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.wechat')}>{dash(c.wechat)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.birthday')}>{dash(c.birthday)}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.groups')}>{c.groups.length ? c.groups.map((g) => <Tag key={g.id}>{g.name}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.owner')}>{c.owner?.name ?? t('contacts.inPool')}</Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.notes')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{dash(c.notes)}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(c.createdAt, tz)}</Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(c.updatedAt, tz)}</Descriptions.Item>
        </Descriptions>
      )}
      {c && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('attachments.title')}
          </Typography.Title>
          <AttachmentList recordType="contact" recordId={c.id} canEdit={c.canEdit} />
        </>
      )}
    </Drawer>
  );
}
