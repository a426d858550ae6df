import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, ColorPicker, Form, Input, Modal, Switch } from 'antd';
import type { Color } from 'antd/es/color-picker';
import { useTranslation } from 'react-i18next';
import { dictItemCreate } from '../../../shared/validation/dictionary.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { dictionaryApi, dictionaryKeys, type DictItem } from './dictionary.api.ts';

interface Values {
  code: string;
  labelZh: string;
  labelEn: string;
  color: string | null;
  enabled: boolean;
}

/** antd's preset palette (red … grey), the colours the default dictionary uses. */
const PRESET_COLORS = ['#f5222d', '#fa541c', '#fa8c16', '#faad14', '#52c41a', '#13c2c2', '#1677ff', '#2f54eb', '#722ed1', '#eb2f96', '#8c8c8c', '#bfbfbf'];

const s = dictItemCreate.shape;

/** Adds an option to a type, or edits one; rendered only while open so every opening starts from the record. */
export function DictItemModal({ dictType, item, onClose }: { dictType: string; item?: DictItem; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();

  const save = useMutation({
    mutationFn: ({ code, ...v }: Values) =>
      item ? dictionaryApi.update(item.id, { ...v, version: item.version }) : dictionaryApi.create({ dictType, code, ...v }),
    onSuccess: () => {
      message.success(item ? t('common.saved') : t('dictionary.created'));
      void qc.invalidateQueries({ queryKey: dictionaryKeys.all });
      onClose();
    },
    onError: (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        void qc.invalidateQueries({ queryKey: dictionaryKeys.all });
        onClose();
        return;
      }
      onError(err, form);
    },
  });

  const initialValues: Values = item
    ? { code: item.code, labelZh: item.labelZh, labelEn: item.labelEn, color: item.color, enabled: item.enabled }
    : { code: '', labelZh: '', labelEn: '', color: null, enabled: true };

  return (
    <Modal
      open
      title={item ? t('dictionary.editItem') : t('dictionary.addItem')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      confirmLoading={save.isPending}
      // The OK button sits inside the form (modalRender below), so Enter in any field submits.
      okButtonProps={{ htmlType: 'submit' }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)} data-testid="dict-item-form">
          {dom}
        </Form>
      )}
    >
      <Form.Item name="code" label={t('dictionary.code')} extra={t('dictionary.codeHelp')} rules={item ? [] : [zodRule(s.code)]}>
        <Input disabled={Boolean(item)} autoFocus={!item} autoComplete="off" />
      </Form.Item>
      <Form.Item name="labelZh" label={t('dictionary.labelZh')} rules={[zodRule(s.labelZh)]}>
        <Input autoFocus={Boolean(item)} autoComplete="off" />
      </Form.Item>
      <Form.Item name="labelEn" label={t('dictionary.labelEn')} rules={[zodRule(s.labelEn)]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="color"
        label={t('dictionary.color')}
        extra={t('dictionary.colorHelp')}
        rules={[zodRule(s.color)]}
        // Colours are stored opaque (#RRGGBB), so a transparency picked in the panel is dropped. antd's disabledAlpha
        // would do the same but warns whenever no colour is set.
        getValueFromEvent={(c: Color) => (c.cleared ? null : c.toHexString().slice(0, 7))}
      >
        <ColorPicker allowClear showText presets={[{ label: t('dictionary.presets'), colors: PRESET_COLORS, defaultOpen: true }]} />
      </Form.Item>
      <Form.Item name="enabled" label={t('dictionary.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </Modal>
  );
}
