import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Divider, Drawer, Form, Grid, Input, InputNumber, List, Radio, Row, Select, Skeleton, Space, Tag, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CUSTOMER_STATUSES, creditCode, customerName, customerPhone, englishName, website } from '../../../shared/validation/customers.ts';
import { email } from '../../../shared/validation/common.ts';
import { ApiError } from '../../lib/api.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { RegionCascader, type RegionValue } from '../views/region-cascader.tsx';
import { UserSelect } from '../views/user-select.tsx';
import { CustomFieldItem } from './custom-field-input.tsx';
import { CustomerPicker } from './customer-picker.tsx';
import { customersApi, customersKey, useCustomer, useCustomFields, type CustomerDetail } from './customers.api.ts';
import { useDictOptions } from './dict-options.ts';

interface Values {
  name: string;
  englishName?: string;
  kind: 'enterprise' | 'individual';
  channel: 'channel' | 'end';
  industry?: string;
  source?: string;
  importance?: number | null;
  level?: string;
  status: (typeof CUSTOMER_STATUSES)[number];
  tags: string[];
  phone?: string;
  email?: string;
  region?: RegionValue;
  address?: string;
  creditCode?: string;
  website?: string;
  otherInfo?: string;
  ownerId?: string;
  relatedIds?: string[];
  custom: Record<string, unknown>;
}

interface Existing {
  id: string | null;
  name?: string;
  owner?: string | null;
}

const optional = <T,>(schema: { optional: () => T }) => schema.optional();

function valuesOf(c: CustomerDetail): Values {
  return {
    name: c.name,
    englishName: c.englishName ?? undefined,
    kind: c.kind,
    channel: c.channel,
    industry: c.industry ?? undefined,
    source: c.source ?? undefined,
    importance: c.importance,
    level: c.level ?? undefined,
    status: c.status,
    tags: c.tags,
    phone: c.phone ?? undefined,
    email: c.email ?? undefined,
    region: { provinceCode: c.provinceCode, cityCode: c.cityCode, districtCode: c.districtCode },
    address: c.address ?? undefined,
    creditCode: c.creditCode ?? undefined,
    website: c.website ?? undefined,
    otherInfo: c.otherInfo ?? undefined,
    custom: c.custom,
  };
}

/** The API body from the form: blanks as null, region split into its three codes. */
function bodyOf(v: Values) {
  const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  return {
    name: v.name.trim(),
    englishName: blank(v.englishName),
    kind: v.kind,
    channel: v.channel,
    industry: v.industry ?? null,
    source: v.source ?? null,
    importance: v.importance ?? null,
    level: v.level ?? null,
    status: v.status,
    tags: v.tags ?? [],
    phone: blank(v.phone),
    email: blank(v.email),
    provinceCode: v.region?.provinceCode ?? null,
    cityCode: v.region?.cityCode ?? null,
    districtCode: v.region?.districtCode ?? null,
    address: blank(v.address),
    creditCode: blank(v.creditCode),
    website: blank(v.website),
    otherInfo: blank(v.otherInfo),
    custom: Object.fromEntries(Object.entries(v.custom ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== '' && !(Array.isArray(x) && !x.length))),
  };
}

/** The region's three codes are one control in the form; their errors go on it. */
function regionErrorsOnControl(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const fields = { ...err.fields };
  for (const k of ['provinceCode', 'cityCode', 'districtCode']) {
    if (fields[k]) {
      fields.region ??= fields[k]!;
      delete fields[k];
    }
  }
  return new ApiError(err.status, err.code, err.message, fields, err.details);
}

/** New customer (no id), or an edit of one: the edit form is filled from a fresh read of the record. */
export function CustomerFormDrawer({ open, customerId, onClose }: { open: boolean; customerId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const editing = Boolean(customerId);
  const customer = useCustomer(open ? customerId : undefined);
  const record = editing ? customer.data : undefined;
  const [existing, setExisting] = useState<Existing | null>(null);
  const save = useSaveCustomer(record, form, onClose, setExisting, async () => (await customer.refetch()).data);

  return (
    <Drawer
      open={open}
      title={record ? `${t('customers.editCustomer')} · ${record.name}` : t('customers.newCustomer')}
      size={screens.md ? 720 : '100%'}
      onClose={onClose}
      afterOpenChange={(visible) => {
        if (!visible) setExisting(null);
      }}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={editing && !record} onClick={() => form.submit()} data-testid="customer-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {editing && !record ? (
        <Skeleton active />
      ) : (
        <>
          {existing && <ExistingAlert existing={existing} onOpen={onClose} />}
          <CustomerForm form={form} record={record} onFinish={(v) => save.mutate(v)} />
        </>
      )}
    </Drawer>
  );
}

function ExistingAlert({ existing, onOpen }: { existing: Existing; onOpen: () => void }) {
  const { t } = useTranslation();
  const owner = existing.owner ?? t('customers.duplicates.pool');
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="duplicate-existing"
      title={existing.id ? t('customers.duplicates.existing', { name: existing.name, owner }) : t('customers.duplicates.existingHidden', { name: existing.name, owner })}
      action={
        existing.id ? (
          <Link to={`/customers/${existing.id}`} onClick={onOpen}>
            {t('customers.duplicates.open')}
          </Link>
        ) : undefined
      }
    />
  );
}

function useSaveCustomer(
  record: CustomerDetail | undefined,
  form: FormInstance<Values>,
  onClose: () => void,
  setExisting: (e: Existing | null) => void,
  reload: () => Promise<CustomerDetail | undefined>,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  return useMutation({
    mutationFn: (v: Values) => {
      setExisting(null);
      const body = bodyOf(v);
      return record
        ? customersApi.update(record.id, { ...body, version: record.version })
        : customersApi.create({ ...body, ownerId: v.ownerId ?? null, relatedIds: v.relatedIds ?? [] });
    },
    onSuccess: async (saved) => {
      message.success(saved.approval ? t('customers.submitted') : record ? t('customers.saved') : t('customers.created'));
      onClose();
      await qc.invalidateQueries({ queryKey: customersKey });
      if (!record) void navigate(`/customers/${saved.id}`);
    },
    onError: async (err) => {
      if (isVersionConflict(err) && record) {
        message.warning(t('customers.stale'));
        const fresh = await reload();
        if (fresh) form.setFieldsValue(valuesOf(fresh));
        return;
      }
      if (err instanceof ApiError && err.code === 'duplicate') {
        setExisting({ id: err.details.existingId ?? null, name: err.details.existingName, owner: err.details.existingOwnerName });
      }
      onError(regionErrorsOnControl(err), form);
    },
  });
}

/** Similar names while a new name is typed (CUS-03): at most five, with their owners, even ones the user cannot open. */
function DuplicateHints({ name, ignoreId }: { name: string; ignoreId?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(name.trim()), 300);
    return () => clearTimeout(timer);
  }, [name]);
  const hits = useQuery({
    queryKey: ['customers', 'duplicates', q],
    queryFn: () => customersApi.duplicates(q),
    enabled: [...q].length >= 2,
    staleTime: 10_000,
  });
  const items = (hits.data?.items ?? []).filter((h) => h.id !== ignoreId || h.id === null);
  if ([...q].length < 2 || !items.length) return null;
  return (
    <Alert
      type="warning"
      style={{ marginBottom: 16 }}
      data-testid="duplicate-hints"
      title={t('customers.duplicates.title')}
      description={
        <List
          size="small"
          dataSource={items}
          renderItem={(h) => (
            <List.Item style={{ padding: '2px 0' }}>
              <Space size={4} wrap>
                {h.id ? (
                  <Link to={`/customers/${h.id}`} target="_blank">
                    {h.name}
                  </Link>
                ) : (
                  <Typography.Text>
                    {h.name} <Typography.Text type="secondary">{t('customers.duplicates.hidden')}</Typography.Text>
                  </Typography.Text>
                )}
                {h.exact && <Tag color="red">{t('customers.duplicates.exact')}</Tag>}
                <Typography.Text type="secondary">· {h.owner?.name ?? t('customers.duplicates.pool')}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      }
    />
  );
}

function CustomerForm({ form, record, onFinish }: { form: FormInstance<Values>; record?: CustomerDetail; onFinish: (v: Values) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const industries = useDictOptions('industry');
  const sources = useDictOptions('customer_source');
  const levels = useDictOptions('customer_level');
  const custom = useCustomFields();
  const name = Form.useWatch('name', form) ?? '';
  const channel = Form.useWatch('channel', form);
  const f = (k: string) => t(`customers.fields.${k}`);
  const initialValues: Partial<Values> = record ? valuesOf(record) : { kind: 'enterprise', channel: 'end', status: 'potential', tags: [], custom: {} };
  const showHints = !record || name.trim() !== record.name;
  const half = { xs: 24, md: 12 };

  return (
    // clearOnDestroy: the next opening starts from initialValues.
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} clearOnDestroy scrollToFirstError>
      <Divider titlePlacement="start" style={{ marginTop: 0 }}>
        {t('customers.sections.basic')}
      </Divider>
      <Form.Item name="name" label={f('name')} rules={[zodRule(customerName)]} validateFirst>
        <Input autoFocus maxLength={100} placeholder={t('customers.namePlaceholder')} autoComplete="off" />
      </Form.Item>
      {showHints && <DuplicateHints name={name} ignoreId={record?.id} />}
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="englishName" label={f('englishName')} rules={[zodRule(optional(englishName))]}>
            <Input maxLength={200} placeholder={t('common.optional')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="creditCode" label={f('creditCode')} rules={[zodRule(optional(creditCode))]}>
            <Input maxLength={18} placeholder={t('common.optional')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="kind" label={f('kind')}>
            <Radio.Group optionType="button" options={(['enterprise', 'individual'] as const).map((k) => ({ value: k, label: t(`customers.kind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="channel" label={f('channel')}>
            <Radio.Group optionType="button" options={(['end', 'channel'] as const).map((k) => ({ value: k, label: t(`customers.channel.${k}`) }))} />
          </Form.Item>
        </Col>
        {!record && (
          <Col span={24}>
            <Form.Item
              name="relatedIds"
              label={f('relatedIds')}
              rules={channel === 'channel' ? [{ required: true, message: t('customers.channelNeedsRelated') }] : []}
            >
              <CustomerPicker mode="multiple" allowClear placeholder={t('customers.mergeSearch')} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Divider titlePlacement="start">{t('customers.sections.classification')}</Divider>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="status" label={f('status')}>
            <Select options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customers.status.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="level" label={f('level')}>
            <Select allowClear options={levels} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="industry" label={f('industry')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={industries} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="source" label={f('source')}>
            <Select allowClear options={sources} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="importance" label={f('importance')}>
            <InputNumber<number> min={1} max={5} precision={0} placeholder="1–5" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="tags" label={f('tags')}>
            <Select mode="tags" open={false} suffixIcon={null} placeholder={t('customers.tagsPlaceholder')} />
          </Form.Item>
        </Col>
        {!record && can('customer:assign') && (
          <Col {...half}>
            <Form.Item name="ownerId" label={f('owner')}>
              <UserSelect allowClear placeholder={t('customers.ownerPlaceholder')} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Divider titlePlacement="start">{t('customers.sections.contact')}</Divider>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="phone" label={f('phone')} rules={[zodRule(optional(customerPhone))]}>
            <Input maxLength={30} placeholder={t('common.optional')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="email" label={f('email')} rules={[zodRule(optional(email))]}>
            <Input inputMode="email" placeholder={t('common.optional')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="region" label={f('region')}>
            <RegionCascader allowClear />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="website" label={f('website')} rules={[zodRule(optional(website))]}>
            <Input placeholder={t('common.optional')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={f('address')}>
            <Input maxLength={200} placeholder={t('common.optional')} />
          </Form.Item>
        </Col>
      </Row>
      {(custom.data ?? []).some((d) => d.enabled) && (
        <>
          <Divider titlePlacement="start">{f('custom')}</Divider>
          <Row gutter={16}>
            {(custom.data ?? [])
              .filter((d) => d.enabled)
              .map((d) => (
                <Col key={d.key} {...half}>
                  <CustomFieldItem def={d} />
                </Col>
              ))}
          </Row>
        </>
      )}
      <Divider titlePlacement="start">{t('customers.sections.more')}</Divider>
      <Form.Item name="otherInfo" label={f('otherInfo')}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      {/* Enter in any single-line field submits; the drawer's footer button does the same. */}
      <button type="submit" hidden aria-hidden tabIndex={-1} />
    </Form>
  );
}
