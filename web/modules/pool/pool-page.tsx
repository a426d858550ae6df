import { useState } from 'react';
import { DownloadOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Popconfirm, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { POOL_BATCH_MAX } from '../../../shared/validation/pool.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { useCan, useTimeZone } from '../../lib/session.ts';
import { UserPicker } from '../approvals/user-picker.tsx';
import { poolApi, poolKeys, type PoolCustomer, type PoolListView } from './pool.api.ts';
import { ReturnToPoolButton } from './return-to-pool.tsx';
import { usePoolErrorHandler } from './pool-refusal.tsx';

interface DictItem {
  code: string;
  labelZh: string;
  labelEn: string;
}

/** Labels of a dictionary type by code, in the user's language. */
function useDictLabels(type: string) {
  const { data } = useQuery({ queryKey: ['dictionary', type], queryFn: () => api.get<{ items: DictItem[] }>('/dictionary', { type }).then((r) => r.items), staleTime: 300_000 });
  const zh = currentLocale() === 'zh-CN';
  return (code: string | null) => {
    if (!code) return '—';
    const item = data?.find((i) => i.code === code);
    return item ? (zh ? item.labelZh : item.labelEn) : code;
  };
}

function AssignDialog({ customers, onClose }: { customers: PoolCustomer[] | undefined; onClose: (assigned: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = usePoolErrorHandler();
  const [form] = Form.useForm<{ ownerId: string }>();
  const assign = useMutation({
    mutationFn: (ownerId: string) => poolApi.assign(customers!.map((c) => c.id), ownerId),
    onSuccess: (r) => {
      message.success(t('pool.assigned', { count: r.assigned }));
      void qc.invalidateQueries();
      onClose(true);
    },
    onError: (err) => onError(err, new Map(customers!.map((c) => [c.id, c.name]))),
  });
  return (
    <Modal
      open={Boolean(customers)}
      title={t('pool.assignTitle', { count: customers?.length ?? 0 })}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      okButtonProps={{ loading: assign.isPending }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => assign.mutate(v.ownerId)}>
        <Form.Item name="ownerId" label={t('pool.assignTo')} rules={[{ required: true, message: t('common.required') }]}>
          <UserPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One list of customers, the pool's or the user's own, with the moves that fit it: claim and assign, or return. */
function CustomerList({ view }: { view: PoolListView }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const can = useCan();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = usePoolErrorHandler();
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<PoolCustomer[]>([]);
  const [assigning, setAssigning] = useState<PoolCustomer[]>();
  const level = useDictLabels('customer_level');
  const status = useDictLabels('customer_status');
  const inPool = view === 'pool';
  const canClaim = can('customer:edit');
  const canAssign = inPool && can('customer:assign');
  const selectable = canClaim || canAssign;

  const cursor = cursors.at(-1);
  const list = useQuery({ queryKey: poolKeys.list(view, q, cursor), queryFn: () => poolApi.list(view, q, cursor), placeholderData: keepPreviousData });

  const claim = useMutation({
    mutationFn: (rows: PoolCustomer[]) => poolApi.claim(rows.map((r) => r.id)),
    onSuccess: (r) => {
      message.success(t('pool.claimed', { count: r.claimed }));
      setSelected([]);
      void qc.invalidateQueries();
    },
    onError: (err, rows) => onError(err, new Map(rows.map((r) => [r.id, r.name]))),
  });

  const search = (value: string) => {
    setQ(value.trim());
    setCursors([undefined]);
    setSelected([]);
  };
  const afterMove = () => setSelected([]);
  const first = cursors.length === 1 ? list.data : undefined;

  return (
    <>
      <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('pool.searchPlaceholder')} onSearch={search} style={{ maxWidth: 320 }} data-testid={`${view}-search`} />
        <Space wrap>
          {inPool && canClaim && (
            <Popconfirm title={t('pool.claimConfirm', { count: selected.length })} onConfirm={() => claim.mutateAsync(selected).catch(() => undefined)} disabled={!selected.length}>
              <Button type="primary" icon={<DownloadOutlined />} disabled={!selected.length} loading={claim.isPending} data-testid="pool-claim-selected">
                {t('pool.claimSelected', { count: selected.length })}
              </Button>
            </Popconfirm>
          )}
          {canAssign && (
            <Button icon={<UserSwitchOutlined />} disabled={!selected.length} onClick={() => setAssigning(selected)} data-testid="pool-assign-selected">
              {t('pool.assign')}
            </Button>
          )}
          {!inPool && canClaim && <ReturnToPoolButton customers={selected} onReturned={afterMove} />}
        </Space>
      </Flex>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<PoolCustomer>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid={`${view}-table`}
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected.map((s) => s.id),
                onChange: (_keys, rows) => setSelected(rows.slice(0, POOL_BATCH_MAX)),
                getCheckboxProps: (row) => ({ disabled: selected.length >= POOL_BATCH_MAX && !selected.some((s) => s.id === row.id) }),
              }
            : undefined
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? t('pool.noMatch') : t(inPool ? 'pool.empty' : 'pool.emptyMine')} /> }}
        columns={[
          { title: t('pool.number'), dataIndex: 'number', width: 130 },
          { title: t('pool.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/customers/${row.id}`}>{name}</Link> },
          { title: t('pool.level'), dataIndex: 'level', width: 120, render: level },
          { title: t('pool.status'), dataIndex: 'status', width: 110, render: status },
          { title: t('pool.lastFollowupAt'), dataIndex: 'lastFollowupAt', width: 170, render: (v: string | null) => formatDateTime(v, tz) },
          inPool
            ? { title: t('pool.enteredAt'), dataIndex: 'poolEnteredAt', width: 170, render: (v: string | null) => formatDateTime(v, tz) }
            : { title: t('pool.ownerSince'), dataIndex: 'ownerSince', width: 170, render: (v: string | null) => formatDateTime(v, tz) },
          ...(canClaim
            ? [
                {
                  title: t('common.actions'),
                  key: 'move',
                  width: 120,
                  fixed: 'right' as const,
                  render: (_v: unknown, row: PoolCustomer) =>
                    inPool ? (
                      <Button type="link" onClick={() => claim.mutate([row])} disabled={claim.isPending} data-testid="pool-claim">
                        {t('pool.claim')}
                      </Button>
                    ) : (
                      <ReturnToPoolButton customers={[row]} onReturned={afterMove} buttonProps={{ type: 'link', icon: null }} />
                    ),
                },
              ]
            : []),
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">
          {first && first.total !== null && (first.totalEstimated ? t('pool.totalAbout', { count: first.total }) : t('common.total', { count: first.total }))}
        </Typography.Text>
        <Space>
          <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('pool.previous')}
          </Button>
          <Button disabled={!list.data?.nextCursor} onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
            {t('pool.next')}
          </Button>
        </Space>
      </Flex>
      <AssignDialog
        customers={assigning}
        onClose={(done) => {
          setAssigning(undefined);
          if (done) setSelected([]);
        }}
      />
    </>
  );
}

/**
 * The public pool (公海): customers that belong to nobody. Users claim them (one or many at once) within the
 * organisation's limits, shown above the list, and return their own from the second tab; managers with
 * customer:assign hand pool customers to a colleague.
 */
export function PoolPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: PoolListView = params.get('tab') === 'mine' ? 'mine' : 'pool';
  const me = useQuery({ queryKey: poolKeys.me, queryFn: poolApi.me });
  const limit = (value: number, max: number | null | undefined) => (max ? `${value} / ${max}` : `${value}`);

  return (
    <>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('pool.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('pool.intro')}</Typography.Text>
        </div>
        {me.data && (
          <Space size={24} wrap data-testid="pool-limits">
            <Statistic title={t('pool.owned')} value={limit(me.data.owned, me.data.maxOwnedPerUser)} />
            <Statistic title={t('pool.claimedToday')} value={limit(me.data.claimedToday, me.data.maxClaimsPerDay)} />
            <Statistic title={t('pool.waitDays')} value={t('pool.days', { count: me.data.reclaimWaitDays })} />
          </Space>
        )}
      </Flex>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'mine' ? { tab: 'mine' } : {}, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'pool', label: t('pool.tabPool'), children: <CustomerList view="pool" /> },
            { key: 'mine', label: t('pool.tabMine'), children: <CustomerList view="mine" /> },
          ]}
        />
      </Card>
    </>
  );
}
