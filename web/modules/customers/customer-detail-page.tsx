import { useState } from 'react';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, MergeCellsOutlined, SwapOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Space, Tabs, Tag, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { regionLabel } from '../../../shared/regions/index.ts';
import { RequirePermission } from '../../components/require-permission.tsx';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan, useMe, useTimeZone } from '../../lib/session.ts';
import { RecordApprovals } from '../approvals/record-approvals.tsx';
import { AttachmentList } from '../attachments/attachment-list.tsx';
import { CustomerContacts } from '../contacts/customer-contacts.tsx';
import { FollowupTimeline } from '../followups/followup-timeline.tsx';
import { usePoolErrorHandler } from '../pool/pool-refusal.tsx';
import { poolApi } from '../pool/pool.api.ts';
import { ReturnToPoolButton } from '../pool/return-to-pool.tsx';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { rememberUserNames } from '../views/user-select.tsx';
import { CustomerDialogs, type CustomerDialog } from './customer-dialogs.tsx';
import { customValueText, STATUS_COLORS, TagList } from './customer-fields.tsx';
import { CustomerFormDrawer } from './customer-form-drawer.tsx';
import { CustomerHistory } from './customer-history.tsx';
import { customersApi, customersKey, fieldLabel, useCustomerOverview, useCustomFields, type CustomField, type CustomerOverview, type RelatedCustomer } from './customers.api.ts';
import { dictLabel, useDictOptions } from './dict-options.ts';

export function CustomerDetailPage() {
  return (
    <RequirePermission permissions={['customer:view']}>
      <CustomerDetail />
    </RequirePermission>
  );
}

function CustomerDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const overview = useCustomerOverview(id);
  if (overview.isLoading) return <Skeleton active />;
  if (!overview.data) {
    const missing = overview.error instanceof ApiError && (overview.error.status === 404 || overview.error.status === 400);
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('customers.notFound') : overview.error?.message}
        extra={
          <Link to="/customers">
            <Button>{t('customers.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  return <Customer360 overview={overview.data} />;
}

/** The customer 360° page (CUS-11): header with the actions the user may take, then details and related records by tab. */
function Customer360({ overview }: { overview: CustomerOverview }) {
  const { t } = useTranslation();
  const can = useCan();
  const tz = useTimeZone();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<CustomerDialog>(null);
  const levels = useDictOptions('customer_level');
  const custom = useCustomFields();
  const { data: me } = useMe();
  const c = overview.customer;
  const p = c.permissions;
  // The page's say for contacts and follow-ups: not while someone else's new customer waits for approval, nor
  // after it was returned; the server decides each record within that.
  const childrenEditable = c.approvalState === 'active' || c.createdBy === me?.user.id;
  rememberUserNames([...(c.owner ? [c.owner] : []), ...overview.coOwners.map((o) => ({ id: o.userId, name: o.name }))]);
  const refresh = () => qc.invalidateQueries({ queryKey: customersKey });

  const remove = useMutation({
    mutationFn: () => customersApi.remove(c.id),
    onSuccess: async (r) => {
      if (r.deleted) {
        // It went to the recycle bin: undoing brings it back and returns here.
        undoDelete('customer', [c.id], t('customers.deleted'), () => void navigate(`/customers/${c.id}`));
        await qc.invalidateQueries({ queryKey: customersKey });
        void navigate('/customers', { replace: true });
      } else {
        message.info(t('customers.deleteSubmitted'));
        await refresh();
      }
    },
    onError: (err) => onError(err),
  });

  const poolError = usePoolErrorHandler();
  const claim = useMutation({
    mutationFn: () => poolApi.claim([c.id]),
    onSuccess: async (r) => {
      message.success(t('pool.claimed', { count: r.claimed }));
      // Owner, lists, work lists and the pool all change.
      await qc.invalidateQueries();
    },
    onError: (err) => poolError(err, new Map([[c.id, c.name]])),
  });

  const level = levels.find((l) => l.value === c.level);
  const actions = [
    (p.canEdit || p.canResubmit) && (
      <Button key="edit" type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
        {p.canResubmit ? t('customers.actions.resubmit') : t('customers.actions.edit')}
      </Button>
    ),
    p.canAssign && (
      <Button key="transfer" icon={<SwapOutlined />} onClick={() => setDialog('transfer')}>
        {t('customers.actions.transfer')}
      </Button>
    ),
    p.canAssign && (
      <Button key="coOwners" icon={<TeamOutlined />} onClick={() => setDialog('coOwners')}>
        {t('customers.actions.coOwners')}
      </Button>
    ),
    p.canMoveToPool && <ReturnToPoolButton key="pool" customers={[{ id: c.id, name: c.name }]} />,
    p.canClaim && (
      <Button key="claim" type="primary" icon={<UserAddOutlined />} loading={claim.isPending} onClick={() => claim.mutate()} data-testid="claim-customer">
        {t('pool.claim')}
      </Button>
    ),
    p.canDelete && (
      <Button key="merge" icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')}>
        {t('customers.actions.merge')}
      </Button>
    ),
    p.canDelete && (
      <Button
        key="delete"
        danger
        icon={<DeleteOutlined />}
        onClick={() =>
          modal.confirm({
            title: t('customers.confirmDelete', { name: c.name }),
            content: t('customers.confirmDeleteNote'),
            okButtonProps: { danger: true },
            okText: t('common.delete'),
            onOk: () => remove.mutateAsync().catch(() => undefined),
          })
        }
      >
        {t('customers.actions.delete')}
      </Button>
    ),
  ].filter(Boolean);

  const banner = c.approvalState === 'rejected' ? 'rejected' : c.approval ? c.approval.action : null;
  const tab = params.get('tab') ?? 'details';

  return (
    <>
      <Link to="/customers">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0, marginBottom: 8 }}>
          {t('customers.backToList')}
        </Button>
      </Link>
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="start" wrap gap={12}>
          <div>
            <Flex align="center" gap={8} wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-title">
                {c.name}
              </Typography.Title>
              <Tag color={STATUS_COLORS[c.status]}>{t(`customers.status.${c.status}`)}</Tag>
              {level && <Tag color={level.color ?? undefined}>{level.label}</Tag>}
              {c.approvalState !== 'active' && <Tag color={c.approvalState === 'pending' ? 'orange' : 'red'}>{t(`customers.approvalState.${c.approvalState}`)}</Tag>}
            </Flex>
            <Typography.Text type="secondary" copyable={{ text: c.number }}>
              {c.number}
              {c.englishName ? ` · ${c.englishName}` : ''}
            </Typography.Text>
          </div>
          <Space wrap>{actions}</Space>
        </Flex>
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'owner', label: t('customers.fields.owner'), children: c.owner?.name ?? <Tag>{t('customers.pool')}</Tag> },
            { key: 'coOwners', label: t('customers.fields.coOwners'), children: overview.coOwners.length ? overview.coOwners.map((o) => o.name).join('、') : '—' },
            { key: 'last', label: t('customers.fields.lastFollowupAt'), children: formatDateTime(c.lastFollowupAt, tz) },
            { key: 'next', label: t('customers.fields.nextContactAt'), children: formatDateTime(c.nextContactAt, tz) },
            { key: 'tags', label: t('customers.fields.tags'), children: <TagList tags={c.tags} />, span: 'filled' },
          ]}
        />
      </Card>
      {banner && (
        <Alert
          type={banner === 'rejected' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`customers.banner.${banner}`)}
          action={
            <Button size="small" onClick={() => setParams({ tab: 'approvals' }, { replace: true })}>
              {t('customers.banner.view')}
            </Button>
          }
          data-testid="approval-banner"
        />
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={[
            { key: 'details', label: t('customers.tabs.details'), children: <DetailsTab overview={overview} customFields={custom.data ?? []} onEditRelations={() => setDialog('relations')} /> },
            ...(can('contact:view')
              ? [{ key: 'contacts', label: t('customers.tabs.contacts'), children: <CustomerContacts customerId={c.id} canEdit={childrenEditable} /> }]
              : []),
            ...(can('activity:view')
              ? [{ key: 'followups', label: t('customers.tabs.followups'), children: <FollowupTimeline customerId={c.id} canEdit={childrenEditable} /> }]
              : []),
            { key: 'attachments', label: t('customers.tabs.attachments'), children: <AttachmentList recordType="customer" recordId={c.id} canEdit={c.permissions.canEdit} /> },
            { key: 'history', label: t('customers.tabs.history'), children: <CustomerHistory customerId={c.id} customFields={custom.data ?? []} /> },
            { key: 'approvals', label: t('customers.tabs.approvals'), children: <RecordApprovals recordType="customer" recordId={c.id} /> },
          ]}
        />
      </Card>
      <CustomerFormDrawer open={editing} customerId={c.id} onClose={() => setEditing(false)} />
      <CustomerDialogs overview={overview} dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
}

function RelatedList({ items }: { items: RelatedCustomer[] }) {
  const types = useDictOptions('relation_type');
  if (!items.length) return <>—</>;
  return (
    <Space size={[8, 4]} wrap>
      {items.map((r) => (
        <span key={r.number}>
          {r.id ? <Link to={`/customers/${r.id}`}>{r.name}</Link> : <Typography.Text>{r.name}</Typography.Text>}
          {r.relationType && <Typography.Text type="secondary">（{dictLabel(types, r.relationType)}）</Typography.Text>}
        </span>
      ))}
    </Space>
  );
}

function DetailsTab({ overview, customFields, onEditRelations }: { overview: CustomerOverview; customFields: CustomField[]; onEditRelations: () => void }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const industries = useDictOptions('industry');
  const sources = useDictOptions('customer_source');
  const c = overview.customer;
  const f = (k: string) => t(`customers.fields.${k}`);
  const dash = (v: string | null | undefined) => (v ? v : '—');
  const items: DescriptionsProps['items'] = [
    { key: 'number', label: f('number'), children: c.number },
    { key: 'name', label: f('name'), children: c.name },
    { key: 'englishName', label: f('englishName'), children: dash(c.englishName) },
    { key: 'kind', label: f('kind'), children: t(`customers.kind.${c.kind}`) },
    { key: 'channel', label: f('channel'), children: t(`customers.channel.${c.channel}`) },
    { key: 'industry', label: f('industry'), children: dash(dictLabel(industries, c.industry)) },
    { key: 'source', label: f('source'), children: dash(dictLabel(sources, c.source)) },
    { key: 'importance', label: f('importance'), children: c.importance ? '★'.repeat(c.importance) : '—' },
    { key: 'phone', label: f('phone'), children: dash(c.phone) },
    { key: 'email', label: f('email'), children: dash(c.email) },
    { key: 'website', label: f('website'), children: c.website ? <a href={c.website} target="_blank" rel="noreferrer noopener">{c.website}</a> : '—' },
    { key: 'creditCode', label: f('creditCode'), children: dash(c.creditCode) },
    { key: 'region', label: f('region'), children: dash(regionLabel(c.provinceCode, c.cityCode, c.districtCode)) },
    { key: 'address', label: f('address'), children: dash(c.address) },
    { key: 'createdAt', label: f('createdAt'), children: `${formatDateTime(c.createdAt, tz)}${c.createdByName ? ` · ${c.createdByName}` : ''}` },
    { key: 'updatedAt', label: f('updatedAt'), children: `${formatDateTime(c.updatedAt, tz)}${c.updatedByName ? ` · ${c.updatedByName}` : ''}` },
    ...customFields
      .filter((d) => d.enabled || c.custom[d.key] !== undefined)
      .map((d) => ({ key: `cf.${d.key}`, label: fieldLabel(d), children: customValueText(d, c.custom[d.key]) })),
    { key: 'otherInfo', label: f('otherInfo'), span: 'filled' as const, children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{dash(c.otherInfo)}</Typography.Paragraph> },
  ];
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} data-testid="customer-details" />
      <Flex justify="space-between" align="center" style={{ marginTop: 24, marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('customers.relationsTitle')}
        </Typography.Title>
        {c.permissions.canEdit && (
          <Button size="small" onClick={onEditRelations}>
            {t('customers.actions.relations')}
          </Button>
        )}
      </Flex>
      {overview.related.length || overview.relatedBy.length ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'related', label: t('customers.relationsTitle'), children: <RelatedList items={overview.related} /> },
            { key: 'relatedBy', label: t('customers.relatedBy'), children: <RelatedList items={overview.relatedBy} /> },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.noRelations')} />
      )}
    </>
  );
}
