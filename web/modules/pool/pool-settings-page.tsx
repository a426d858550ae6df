import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, InputNumber, Row, Select, Skeleton, Space, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_STATUSES } from '../../../shared/validation/customers.ts';
import { POOL_LEVEL_DEFAULT, POOL_MAX_DAYS, poolRules, type PoolRulesInput } from '../../../shared/validation/pool.ts';
import { api, ApiError } from '../../lib/api.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { useCan } from '../../lib/session.ts';
import { poolApi, poolKeys, type PoolSettings } from './pool.api.ts';

interface DictItem {
  code: string;
  labelZh: string;
  labelEn: string;
}

/** One cell of the per-level table: the default level is a number of days or "never"; other levels may also inherit. */
type DaysChoice = { mode: 'inherit' } | { mode: 'never' } | { mode: 'days'; days: number };

function DaysCell({ value, onChange, inheritable, testId }: { value: DaysChoice; onChange: (v: DaysChoice) => void; inheritable: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Select<DaysChoice['mode']>
        value={value.mode}
        style={{ width: 120 }}
        onChange={(mode) => onChange(mode === 'days' ? { mode, days: 30 } : { mode })}
        options={[...(inheritable ? [{ value: 'inherit' as const, label: t('pool.rules.inherit') }] : []), { value: 'days', label: t('pool.rules.after') }, { value: 'never', label: t('pool.rules.never') }]}
        data-testid={`${testId}-mode`}
      />
      {value.mode === 'days' && (
        <InputNumber
          min={1}
          max={POOL_MAX_DAYS}
          precision={0}
          value={value.days}
          onChange={(days) => onChange({ mode: 'days', days: days ?? 1 })}
          suffix={t('pool.rules.daysSuffix')}
          style={{ width: 120 }}
          data-testid={`${testId}-days`}
        />
      )}
    </Space.Compact>
  );
}

type LevelMap = Record<string, number | null>;

const toChoice = (map: LevelMap, level: string): DaysChoice => {
  if (!(level in map)) return { mode: 'inherit' };
  const days = map[level];
  return days === null || days === undefined ? { mode: 'never' } : { mode: 'days', days };
};

function withChoice(map: LevelMap, level: string, choice: DaysChoice): LevelMap {
  const { [level]: _, ...rest } = map;
  if (choice.mode === 'inherit') return rest;
  return { ...rest, [level]: choice.mode === 'never' ? null : choice.days };
}

type Scalars = Omit<PoolRulesInput, 'noFollowupDays' | 'noDealDays'>;

/** The public pool's rules (issue §3): when owned customers go back, whom they warn, and the claim limits. */
export function PoolSettingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const settings = useQuery({ queryKey: poolKeys.settings, queryFn: poolApi.settings });
  if (settings.isLoading) return <Skeleton active />;
  if (settings.isError) return <Alert type="error" showIcon title={settings.error.message} />;
  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('pool.rules.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('pool.rules.intro')}</Typography.Text>
      </div>
      {!can('settings:edit') && <Alert type="info" showIcon title={t('pool.rules.readOnly')} style={{ marginBottom: 16 }} />}
      {/* A new version (saved here, or reloaded after a conflict) starts the form afresh from what the server holds. */}
      <PoolRulesForm key={settings.data!.version ?? 'defaults'} settings={settings.data!} onReload={() => void settings.refetch()} />
    </>
  );
}

function PoolRulesForm({ settings, onReload }: { settings: PoolSettings; onReload: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const canEdit = can('settings:edit');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const { noFollowupDays, noDealDays, ...initial } = settings.rules;
  const [form] = Form.useForm<Scalars>();
  const [maps, setMaps] = useState<{ noFollowupDays: LevelMap; noDealDays: LevelMap }>({ noFollowupDays, noDealDays });
  const zh = currentLocale() === 'zh-CN';

  const levels = useQuery({ queryKey: ['dictionary', 'customer_level'], queryFn: () => api.get<{ items: DictItem[] }>('/dictionary', { type: 'customer_level' }).then((r) => r.items) });
  const statuses = useQuery({ queryKey: ['dictionary', 'customer_status'], queryFn: () => api.get<{ items: DictItem[] }>('/dictionary', { type: 'customer_status' }).then((r) => r.items) });

  const save = useMutation({
    mutationFn: (v: Scalars) => poolApi.saveSettings({ ...v, ...maps }, settings.version),
    onSuccess: (saved) => {
      qc.setQueryData(poolKeys.settings, saved);
      message.success(t('common.saved'));
    },
    onError: (err) => {
      if (isVersionConflict(err)) {
        message.warning(t('common.versionConflict'));
        onReload();
        return;
      }
      // Field paths are `rules.<field>`; the form's fields are the rules' own.
      if (err instanceof ApiError) {
        onError(new ApiError(err.status, err.code, err.message, Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k.replace(/^rules\./, ''), v]))), form);
        return;
      }
      onError(err, form);
    },
  });

  const label = (i: DictItem) => (zh ? i.labelZh : i.labelEn);
  const rows = [{ code: POOL_LEVEL_DEFAULT, name: t('pool.rules.defaultLevel') }, ...(levels.data ?? []).map((l) => ({ code: l.code, name: label(l) }))];
  const cell = (key: 'noFollowupDays' | 'noDealDays', code: string) => (
    <DaysCell
      value={toChoice(maps[key], code)}
      inheritable={code !== POOL_LEVEL_DEFAULT}
      onChange={(choice) => setMaps((m) => ({ ...m, [key]: withChoice(m[key], code, choice) }))}
      testId={`${key}-${code}`}
    />
  );
  const nullableLimit = (name: 'maxOwnedPerUser' | 'maxClaimsPerDay', text: string, max: number) => (
    <Form.Item label={text}>
      <Space>
        <Form.Item noStyle shouldUpdate>
          {() => (
            <Form.Item name={name} noStyle rules={[zodRule(poolRules.shape[name])]}>
              <InputNumber min={1} max={max} precision={0} disabled={!canEdit || form.getFieldValue(name) === null} style={{ width: 160 }} />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => (
            <Checkbox checked={form.getFieldValue(name) === null} onChange={(e) => form.setFieldValue(name, e.target.checked ? null : 20)} disabled={!canEdit}>
              {t('pool.rules.unlimited')}
            </Checkbox>
          )}
        </Form.Item>
      </Space>
    </Form.Item>
  );

  return (
    <Form<Scalars> form={form} layout="vertical" initialValues={initial} disabled={!canEdit} onFinish={(v) => save.mutate(v)} data-testid="pool-rules-form">
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('pool.rules.reclaimSection')}>
            <Form.Item name="enabled" label={t('pool.rules.enabled')} valuePropName="checked" extra={t('pool.rules.enabledHelp')}>
              <Switch />
            </Form.Item>
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={rows}
              scroll={{ x: 560 }}
              columns={[
                { title: t('pool.rules.level'), dataIndex: 'name', width: 150 },
                { title: t('pool.rules.noFollowup'), key: 'f', render: (_v, r) => cell('noFollowupDays', r.code) },
                { title: t('pool.rules.noDeal'), key: 'd', render: (_v, r) => cell('noDealDays', r.code) },
              ]}
            />
            <Form.Item name="exemptStatuses" label={t('pool.rules.exempt')} style={{ marginTop: 16 }}>
              <Checkbox.Group
                options={CUSTOMER_STATUSES.map((s) => {
                  const item = statuses.data?.find((i) => i.code === s);
                  return { value: s, label: item ? label(item) : s };
                })}
              />
            </Form.Item>
            <Form.Item name="warnDaysBefore" label={t('pool.rules.warnDaysBefore')} extra={t('pool.rules.warnHelp')} rules={[zodRule(poolRules.shape.warnDaysBefore)]}>
              <InputNumber min={0} max={30} precision={0} suffix={t('pool.rules.daysSuffix')} style={{ width: 160 }} />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('pool.rules.claimSection')}>
            {nullableLimit('maxOwnedPerUser', t('pool.rules.maxOwned'), 1_000_000)}
            {nullableLimit('maxClaimsPerDay', t('pool.rules.maxClaims'), 10_000)}
            <Form.Item name="reclaimWaitDays" label={t('pool.rules.waitDays')} extra={t('pool.rules.waitHelp')} rules={[zodRule(poolRules.shape.reclaimWaitDays)]}>
              <InputNumber min={0} max={365} precision={0} suffix={t('pool.rules.daysSuffix')} style={{ width: 160 }} />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      {canEdit && (
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="pool-rules-save">
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
