import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, Form, Input, Modal, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOM_FIELD_TYPES, customFieldKey, customFieldOption, type CustomFieldType, type CustomRecordType } from '../../../shared/validation/customfields.ts';
import { trimmed } from '../../../shared/validation/common.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { customFieldsApi, customFieldsKeys, type CustomField } from './customfields.api.ts';

interface Values {
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options: { value: string; labelZh: string; labelEn: string }[];
  required: boolean;
  enabled: boolean;
}

const hasOptions = (type: CustomFieldType | undefined) => type === 'option' || type === 'multi_option';
const label50 = trimmed(50);
const o = customFieldOption.shape;

/** New field, or an edit of one: key and type are fixed once made (stored values and saved filters refer to them). */
export function CustomFieldModal({ recordType, field, onClose }: { recordType: CustomRecordType; field?: CustomField; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form) ?? field?.type;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const options = hasOptions(v.type ?? field?.type) ? (v.options ?? []) : [];
      return field
        ? customFieldsApi.update(field.id, { labelZh: v.labelZh, labelEn: v.labelEn, options, required: v.required, position: field.position, enabled: v.enabled, version: field.version })
        : customFieldsApi.create({ recordType, key: v.key, labelZh: v.labelZh, labelEn: v.labelEn, type: v.type, options, required: v.required, enabled: v.enabled });
    },
    onSuccess: async () => {
      message.success(field ? t('common.saved') : t('customfields.created'));
      onClose();
      await qc.invalidateQueries({ queryKey: customFieldsKeys.all });
    },
    onError: async (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        onClose();
        await qc.invalidateQueries({ queryKey: customFieldsKeys.all });
        return;
      }
      onError(err, form);
    },
  });

  return (
    <Modal
      open
      title={field ? t('customfields.editField') : t('customfields.newField')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={field ? { ...field } : { type: 'text', options: [], required: false, enabled: true }}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="labelZh" label={t('customfields.labelZh')} rules={[zodRule(label50)]}>
              <Input autoFocus maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="labelEn" label={t('customfields.labelEn')} rules={[zodRule(label50)]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="key" label={t('customfields.key')} rules={field ? [] : [zodRule(customFieldKey)]} extra={field ? undefined : t('customfields.keyHelp')}>
              <Input disabled={Boolean(field)} maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="type" label={t('customfields.type')} extra={field ? t('customfields.typeFixed') : undefined}>
              <Select disabled={Boolean(field)} options={CUSTOM_FIELD_TYPES.map((x) => ({ value: x, label: t(`customfields.types.${x}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        {hasOptions(type) && (
          <Form.List
            name="options"
            rules={[
              {
                validator: async (_r, list: unknown[]) => {
                  if (!list?.length) throw new Error(t('customfields.optionsRequired'));
                },
              },
            ]}
          >
            {(items, { add, remove }, { errors }) => (
              <>
                <Typography.Text strong>{t('customfields.options')}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t('customfields.optionsHelp')}
                </Typography.Paragraph>
                {items.map(({ key, name }) => (
                  <Space key={key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[name, 'value']} rules={[zodRule(o.value)]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('customfields.optionValue')} aria-label={t('customfields.optionValue')} maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[name, 'labelZh']} rules={[zodRule(o.labelZh)]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('customfields.labelZh')} aria-label={t('customfields.labelZh')} maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[name, 'labelEn']} rules={[zodRule(o.labelEn)]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('customfields.labelEn')} aria-label={t('customfields.labelEn')} maxLength={100} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(name)} />
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: '', labelZh: '', labelEn: '' })} style={{ marginBottom: 16 }}>
                  {t('customfields.addOption')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        <Space size="large">
          <Form.Item name="required" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('customfields.required')}</Checkbox>
          </Form.Item>
          <Form.Item name="enabled" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('customfields.enabled')}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
