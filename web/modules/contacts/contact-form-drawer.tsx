import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, DatePicker, Drawer, Form, Grid, Input, Radio, Row, Select, Skeleton, Space, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { contactCreate, GENDERS, type Gender } from '../../../shared/validation/contacts.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { contactsApi, contactsKey, useContact, useContactGroups, type Contact } from './contacts.api.ts';
import { CustomerSelect } from './customer-select.tsx';

interface Values {
  customerId?: string;
  name: string;
  gender: Gender;
  title?: string;
  department?: string;
  mobile?: string;
  phone?: string;
  email?: string;
  wechat?: string;
  birthday?: Dayjs | null;
  isPrimary: boolean;
  notes?: string;
  groupIds: string[];
}

const s = contactCreate.shape;

/**
 * New contact (no id), optionally for a given customer, or edit of an existing one (filled from a fresh read).
 * The customer of an existing contact is fixed: its follow-ups were with that customer.
 */
export function ContactFormDrawer({ open, contactId, customer, onClose, onSaved }: {
  open: boolean;
  contactId?: string;
  /** The customer a new contact is added to, when the form opens from that customer's page. */
  customer?: { id: string; name: string };
  onClose: () => void;
  onSaved?: (contact: Contact) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const editing = Boolean(contactId);
  const loaded = useContact(contactId);
  const record = editing ? loaded.data : undefined;
  const save = useSaveContact(record, form, () => {
    onClose();
  }, onSaved, async () => (await loaded.refetch()).data);

  return (
    <Drawer
      open={open}
      title={record ? `${t('contacts.editContact')} · ${record.name}` : t('contacts.newContact')}
      size={screens.md ? 640 : '100%'}
      onClose={onClose}
      afterOpenChange={(visible) => visible && editing && void loaded.refetch()}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={editing && !record} onClick={() => form.submit()} data-testid="contact-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {editing && !record ? <Skeleton active /> : <ContactForm form={form} record={record} customer={customer} onFinish={(v) => save.mutate(v)} />}
    </Drawer>
  );
}

function valuesOf(c: Contact): Values {
  return {
    customerId: c.customerId,
    name: c.name,
    gender: c.gender,
    title: c.title ?? '',
    department: c.department ?? '',
    mobile: c.mobile ?? '',
    phone: c.phone ?? '',
    email: c.email ?? '',
    wechat: c.wechat ?? '',
    birthday: c.birthday ? dayjs(c.birthday) : null,
    isPrimary: c.isPrimary,
    notes: c.notes ?? '',
    groupIds: c.groupIds,
  };
}

function useSaveContact(
  record: Contact | undefined,
  form: FormInstance<Values>,
  close: () => void,
  onSaved: ((c: Contact) => void) | undefined,
  reload: () => Promise<Contact | undefined>,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  return useMutation({
    mutationFn: (v: Values) => {
      const body = {
        name: v.name,
        gender: v.gender,
        title: v.title || null,
        department: v.department || null,
        mobile: v.mobile || null,
        phone: v.phone || null,
        email: v.email || null,
        wechat: v.wechat || null,
        birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
        isPrimary: v.isPrimary,
        notes: v.notes || null,
        groupIds: v.groupIds ?? [],
      };
      return record ? contactsApi.update(record.id, { ...body, version: record.version }) : contactsApi.create({ ...body, customerId: v.customerId ?? '' });
    },
    onSuccess: async (contact) => {
      message.success(t(record ? 'common.saved' : 'contacts.created', { name: contact.name }));
      close();
      onSaved?.(contact);
      await qc.invalidateQueries({ queryKey: contactsKey });
    },
    onError: async (err) => {
      if (isVersionConflict(err) && record) {
        message.warning(t('common.versionConflict'));
        const fresh = await reload();
        if (fresh) form.setFieldsValue(valuesOf(fresh));
        await qc.invalidateQueries({ queryKey: contactsKey });
        return;
      }
      onError(err, form);
    },
  });
}

function ContactForm({ form, record, customer, onFinish }: {
  form: FormInstance<Values>;
  record?: Contact;
  customer?: { id: string; name: string };
  onFinish: (v: Values) => void;
}) {
  const { t } = useTranslation();
  const groups = useContactGroups();
  const initialValues: Partial<Values> = record ? valuesOf(record) : { customerId: customer?.id, gender: 'unknown', isPrimary: false, groupIds: [] };
  const fixedCustomer = Boolean(record || customer);
  const half = { xs: 24, sm: 12 };

  return (
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} clearOnDestroy>
      <Form.Item
        name="customerId"
        label={t('contacts.fields.customer')}
        rules={[{ required: true, message: t('contacts.customerRequired') }]}
        extra={fixedCustomer ? undefined : t('contacts.customerHelp')}
      >
        <CustomerSelect disabled={fixedCustomer} selectedName={record?.customer.name ?? customer?.name} autoFocus={!fixedCustomer} />
      </Form.Item>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="name" label={t('contacts.fields.name')} rules={[zodRule(s.name)]}>
            <Input maxLength={50} autoFocus={fixedCustomer} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="gender" label={t('contacts.fields.gender')}>
            <Radio.Group options={GENDERS.map((g) => ({ value: g, label: t(`contacts.gender.${g}`) }))} optionType="button" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="title" label={t('contacts.fields.title')} rules={[zodRule(s.title)]}>
            <Input maxLength={50} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="department" label={t('contacts.fields.department')} rules={[zodRule(s.department)]}>
            <Input maxLength={50} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="mobile" label={t('contacts.fields.mobile')} rules={[zodRule(s.mobile)]}>
            <Input inputMode="tel" autoComplete="off" placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="phone" label={t('contacts.fields.phone')} rules={[zodRule(s.phone)]}>
            <Input inputMode="tel" autoComplete="off" placeholder={t('contacts.phonePlaceholder')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="email" label={t('contacts.fields.email')} rules={[zodRule(s.email)]}>
            <Input inputMode="email" autoComplete="off" placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="wechat" label={t('contacts.fields.wechat')} rules={[zodRule(s.wechat)]}>
            <Input autoComplete="off" placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="birthday" label={t('contacts.fields.birthday')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.year() < 1900} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="groupIds" label={t('contacts.fields.groups')}>
            <Select
              mode="multiple"
              allowClear
              loading={groups.isLoading}
              options={groups.data?.map((g) => ({ value: g.id, label: g.name }))}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('common.optional')}
              notFoundContent={t('contacts.groups.none')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="isPrimary" valuePropName="checked" extra={t('contacts.primaryHelp')}>
        <Checkbox>{t('contacts.fields.isPrimary')}</Checkbox>
      </Form.Item>
      <Form.Item name="notes" label={t('contacts.fields.notes')} rules={[zodRule(s.notes)]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      {/* Lets Enter in a field submit the form, whose buttons live in the drawer footer outside it. */}
      <button type="submit" hidden aria-hidden />
    </Form>
  );
}
