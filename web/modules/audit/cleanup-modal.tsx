import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Modal, Popconfirm, Result } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { AUDIT_MIN_RETENTION_DAYS } from '../../../shared/validation/audit.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { settingsApi, settingsKeys } from '../settings/settings.api.ts';
import { auditApi, auditKeys } from './audit.api.ts';

/** Deletes entries before a chosen day; the server refuses days within the retention minimum, the picker too. */
export function CleanupModal({ timeZone, onClose }: { timeZone: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ before: Dayjs }>();
  const before = Form.useWatch('before', form);
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const can = useCan();
  // "Today" is the organisation's, as the server counts the days in its time zone.
  const today = dayjs().tz(timeZone).format('YYYY-MM-DD');
  const latest = dayjs(today).subtract(AUDIT_MIN_RETENTION_DAYS, 'day');
  // The retention period of the system parameters suggests the day, for those who may read them.
  const org = useQuery({ queryKey: settingsKeys.org, queryFn: settingsApi.org, enabled: can('settings:view') });
  const retentionDays = org.data?.settings.auditRetentionDays;
  useEffect(() => {
    if (retentionDays && !form.getFieldValue('before')) form.setFieldsValue({ before: dayjs(today).subtract(retentionDays, 'day') });
  }, [retentionDays, today, form]);
  const cleanup = useMutation({
    mutationFn: (day: Dayjs) => auditApi.cleanup(day.format('YYYY-MM-DD')),
    onSuccess: () => qc.invalidateQueries({ queryKey: auditKeys.all }),
    onError: (err) => onError(err, form),
  });
  const date = before?.format('YYYY-MM-DD');

  return (
    <Modal
      open
      title={t('audit.cleanupTitle')}
      onCancel={onClose}
      footer={
        cleanup.isSuccess ? (
          <Button type="primary" onClick={onClose} autoFocus>
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Popconfirm
              title={t('audit.cleanupConfirm', { date })}
              okText={t('audit.cleanupSubmit')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => cleanup.mutateAsync(before!).catch(() => undefined)}
            >
              <Button type="primary" danger disabled={!before} loading={cleanup.isPending}>
                {t('audit.cleanupSubmit')}
              </Button>
            </Popconfirm>
          </>
        )
      }
    >
      {cleanup.isSuccess ? (
        <Result status="success" title={t('audit.cleanupDone')} subTitle={t('audit.cleanupResult', { count: cleanup.data.deleted })} />
      ) : (
        <>
          <Alert type="warning" showIcon title={t('audit.cleanupHelp', { days: AUDIT_MIN_RETENTION_DAYS })} style={{ marginBottom: 16 }} />
          <Form form={form} layout="vertical">
            <Form.Item
              name="before"
              label={t('audit.cleanupBefore')}
              extra={retentionDays && t('audit.cleanupSuggested', { days: retentionDays })}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(latest, 'day')} defaultPickerValue={latest} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
