import { Button, DatePicker, Flex, Form, Input, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { OCCURRED_LEEWAY_MS } from '../../../shared/validation/followups.ts';
import { useCustomerContacts } from '../contacts/contacts.api.ts';
import { CustomerSelect } from '../contacts/customer-select.tsx';
import type { Followup, FollowupUpdateBody } from './followups.api.ts';
import { useFollowupMethods } from './followups.api.ts';

export interface FollowupValues {
  customerId?: string;
  contactId?: string | null;
  method: string;
  content: string;
  occurredAt: Dayjs;
  nextContactAt?: Dayjs | null;
}

const TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export const newFollowupValues = (customerId?: string): Partial<FollowupValues> => ({ customerId, method: 'phone', occurredAt: dayjs(), nextContactAt: null });

export const followupValuesOf = (f: Followup): FollowupValues => ({
  customerId: f.customerId,
  contactId: f.contactId,
  method: f.method,
  content: f.content,
  occurredAt: dayjs(f.occurredAt),
  nextContactAt: f.nextContactAt ? dayjs(f.nextContactAt) : null,
});

/** The body the API takes, without customer and version (the caller adds what its request needs). */
export const followupBody = (v: FollowupValues): Omit<FollowupUpdateBody, 'version'> => ({
  contactId: v.contactId ?? null,
  method: v.method,
  content: v.content,
  occurredAt: v.occurredAt.toISOString(),
  nextContactAt: v.nextContactAt ? v.nextContactAt.toISOString() : null,
});

/** Quick choices for the next contact: a time of day people actually call at. */
function quickTimes(now: Dayjs) {
  const nine = (d: Dayjs) => d.hour(9).minute(0).second(0).millisecond(0);
  // Two hours on, rounded up to the half hour.
  const later = now.add(2, 'hour').second(0).millisecond(0);
  const inTwoHours = later.minute() === 0 || later.minute() === 30 ? later : later.minute() < 30 ? later.minute(30) : later.add(1, 'hour').minute(0);
  return [
    { key: 'inTwoHours', at: inTwoHours },
    { key: 'tomorrow', at: nine(now.add(1, 'day')) },
    { key: 'in3Days', at: nine(now.add(3, 'day')) },
    { key: 'nextWeek', at: nine(now.add(1, 'week').day(1)) },
  ] as const;
}

/** A date-time picker with one-click choices (in two hours, tomorrow, in three days, next Monday). */
function NextContactInput({ value, onChange, id }: { value?: Dayjs | null; onChange?: (v: Dayjs | null) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={6}>
      <DatePicker
        id={id}
        showTime={{ format: 'HH:mm', minuteStep: 5 }}
        format={TIME_FORMAT}
        value={value ?? null}
        onChange={(d) => onChange?.(d)}
        style={{ width: '100%' }}
        placeholder={t('followups.noNextContact')}
      />
      <Flex wrap gap={4}>
        {quickTimes(dayjs()).map((q) => (
          <Button key={q.key} size="small" onClick={() => onChange?.(q.at)} data-testid={`next-${q.key}`}>
            {t(`followups.quick.${q.key}`)}
          </Button>
        ))}
      </Flex>
    </Flex>
  );
}

/**
 * The follow-up form's fields, shared by the drawer and the customer timeline's inline form: customer (unless
 * fixed), one of its contacts, method, what was said, when, and when to contact next.
 */
export function FollowupFields({ form, fixedCustomer, customerName }: { form: FormInstance<FollowupValues>; fixedCustomer: boolean; customerName?: string | null }) {
  const { t } = useTranslation();
  const methods = useFollowupMethods();
  const customerId = Form.useWatch('customerId', form);
  const contacts = useCustomerContacts(customerId);

  return (
    <>
      {fixedCustomer ? (
        <Form.Item name="customerId" hidden>
          <Input />
        </Form.Item>
      ) : (
        <Form.Item name="customerId" label={t('followups.fields.customer')} rules={[{ required: true, message: t('followups.customerRequired') }]}>
          <CustomerSelect autoFocus selectedName={customerName} onChange={() => form.setFieldsValue({ contactId: null })} />
        </Form.Item>
      )}
      <Form.Item name="contactId" label={t('followups.fields.contact')}>
        <Select
          allowClear
          disabled={!customerId}
          loading={contacts.isLoading}
          placeholder={customerId ? t('common.optional') : t('followups.chooseCustomerFirst')}
          options={contacts.data?.items.map((c) => ({ value: c.id, label: [c.name, c.title, c.mobile ?? c.phone].filter(Boolean).join(' · ') }))}
          showSearch={{ optionFilterProp: 'label' }}
          notFoundContent={t('followups.noContacts')}
        />
      </Form.Item>
      <Form.Item name="method" label={t('followups.fields.method')} rules={[{ required: true, message: t('followups.methodRequired') }]}>
        <Radio.Group optionType="button" options={methods.map((m) => ({ value: m.value, label: m.label }))} />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('followups.fields.content')}
        rules={[{ required: true, whitespace: true, message: t('followups.contentRequired') }, { max: 5000 }]}
      >
        <Input.TextArea rows={4} maxLength={5000} showCount autoFocus={fixedCustomer} placeholder={t('followups.contentPlaceholder')} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="occurredAt"
          label={t('followups.fields.occurredAt')}
          style={{ flex: '1 1 200px' }}
          rules={[
            { required: true, message: t('followups.occurredRequired') },
            { validator: async (_r, v: Dayjs | null) => { if (v && v.valueOf() > Date.now() + OCCURRED_LEEWAY_MS) throw new Error(t('followups.occurredFuture')); } },
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format={TIME_FORMAT} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="nextContactAt"
          label={t('followups.fields.nextContactAt')}
          style={{ flex: '1 1 260px' }}
          dependencies={['occurredAt']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_r, v: Dayjs | null) => {
                const occurred = getFieldValue('occurredAt') as Dayjs | null;
                if (v && occurred && !v.isAfter(occurred)) throw new Error(t('followups.nextAfter'));
              },
            }),
          ]}
        >
          <NextContactInput />
        </Form.Item>
      </Flex>
    </>
  );
}
