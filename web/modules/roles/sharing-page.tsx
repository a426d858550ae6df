import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Grid, Radio, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHAREABLE_MODULES, SHARING_MODES, type SharingMode } from '../../../shared/permissions.ts';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useCan } from '../../lib/session.ts';
import { rolesApi, sharingModesKey, useSharingModes } from './roles.api.ts';
import { useErrorHandler } from '../../lib/forms.ts';

type Values = { modes: Record<string, SharingMode> };

export function SharingPage() {
  return (
    <RequirePermission permissions={['role:view']}>
      <Sharing />
    </RequirePermission>
  );
}

/** USR-08: whether records of a type are seen only through ownership and scopes, or by everyone. */
function Sharing() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const modes = useSharingModes();
  const editable = can('role:edit');
  // A row of three buttons does not fit a phone; there the choices stack as plain radios.
  const wide = Boolean(Grid.useBreakpoint().sm);
  const save = useMutation({
    mutationFn: (v: Values) => rolesApi.saveSharingModes(v.modes),
    onSuccess: (saved) => {
      qc.setQueryData(sharingModesKey, saved.modes);
      message.success(t('common.saved'));
    },
    onError: (err) => onError(err, form),
  });

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.sharing')}
        </Typography.Title>
      </Flex>
      <Typography.Paragraph type="secondary">{t('roles.sharing.intro')}</Typography.Paragraph>
      {!editable && <Alert type="info" showIcon title={t('roles.sharing.viewOnly')} style={{ marginBottom: 16 }} />}
      <Card>
        {modes.isLoading || !modes.data ? (
          <Skeleton active />
        ) : (
          <Form form={form} layout="vertical" disabled={!editable} initialValues={{ modes: modes.data }} onFinish={(v) => save.mutate(v)}>
            {SHAREABLE_MODULES.map((m) => (
              <Form.Item key={m} name={['modes', m]} label={<Typography.Text strong>{t(`roles.modules.${m}`)}</Typography.Text>}>
                <Radio.Group
                  options={SHARING_MODES.map((mode) => ({ value: mode, label: t(`roles.sharing.modes.${mode}`) }))}
                  optionType={wide ? 'button' : 'default'}
                  buttonStyle="solid"
                  orientation={wide ? 'horizontal' : 'vertical'}
                />
              </Form.Item>
            ))}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {SHARING_MODES.map((mode) => (
                <span key={mode} style={{ display: 'block' }}>
                  {t(`roles.sharing.help.${mode}`)}
                </span>
              ))}
            </Typography.Paragraph>
            {editable && (
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            )}
          </Form>
        )}
      </Card>
    </>
  );
}
