import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { normalizeCustomValue } from '../../../shared/validation/customfields.ts';
import { translate } from '../../../shared/i18n/messages.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { UserSelect } from '../views/user-select.tsx';
import { fieldLabel, optionLabel, type CustomField } from './customers.api.ts';

/** The control for one custom field's value, in the stored form the server checks (shared normalizeCustomValue). */
function Control({ def, ...props }: { def: CustomField; value?: unknown; onChange?: (v: unknown) => void; id?: string }) {
  const { t } = useTranslation();
  const options = def.options.map((o) => ({ value: o.value, label: optionLabel(o) }));
  switch (def.type) {
    case 'text':
      return <Input {...(props as object)} maxLength={1000} />;
    case 'number':
      return <InputNumber<number> {...(props as object)} style={{ width: '100%' }} />;
    case 'money':
      return <InputNumber<string> {...(props as object)} stringMode precision={2} style={{ width: '100%' }} />;
    case 'date':
      return <DatePicker {...(props as object)} style={{ width: '100%' }} />;
    case 'option':
      return <Select {...(props as object)} allowClear options={options} placeholder={t('common.optional')} />;
    case 'multi_option':
      return <Select {...(props as object)} mode="multiple" allowClear options={options} />;
    case 'user':
      return <UserSelect {...(props as object)} allowClear />;
  }
}

/** A form item for a custom field, stored under `custom.<key>`; dates travel as YYYY-MM-DD. */
export function CustomFieldItem({ def }: { def: CustomField }) {
  const { t } = useTranslation();
  const isDate = def.type === 'date';
  return (
    <Form.Item
      name={['custom', def.key]}
      label={fieldLabel(def)}
      getValueProps={isDate ? (v: string | undefined) => ({ value: v ? dayjs(v) : undefined }) : undefined}
      normalize={isDate ? (v: Dayjs | null) => (v ? v.format('YYYY-MM-DD') : undefined) : undefined}
      rules={[
        { required: def.required, message: t('common.required') },
        {
          validator: async (_r, value) => {
            if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) return;
            const r = normalizeCustomValue(def, value);
            if ('error' in r) throw new Error(translate(currentLocale(), r.error));
          },
        },
      ]}
    >
      <Control def={def} />
    </Form.Item>
  );
}
