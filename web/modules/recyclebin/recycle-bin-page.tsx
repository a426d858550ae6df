import { useState, type ReactNode } from 'react';
import { DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Input, Space, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Permission } from '../../../shared/permissions.ts';
import { RECYCLE_BIN_BATCH_MAX, type RecycleBinType } from '../../../shared/validation/recyclebin.ts';
import { ForbiddenPage } from '../../components/result-pages.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCanAny, useTimeZone } from '../../lib/session.ts';
import { dictLabel, useDictOptions } from '../customers/dict-options.ts';
import { recycleBinApi, recycleBinKeys, type BinContact, type BinCustomer, type BinFollowup, type BinPerson, type BinRow } from './recyclebin.api.ts';
import { useBinErrorHandler } from './undo-delete.tsx';

const TABS: { type: RecycleBinType; permission: Permission }[] = [
  { type: 'customer', permission: 'customer:view' },
  { type: 'contact', permission: 'contact:view' },
  { type: 'followup', permission: 'activity:view' },
];

/** The server counts what went with a customer up to 10,000. */
const COUNT_CAP = 10_000;

const labelOf = (row: BinRow) => ('number' in row ? row.name : 'title' in row ? row.name : row.customer.name);

/** One tab: the bin of one record type, newest deletion first, with restore and (for administrators) purge. */
function BinList({ type }: { type: RecycleBinType }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const onError = useBinErrorHandler();
  const methods = useDictOptions('followup_method');
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<BinRow[]>([]);
  const cursor = cursors.at(-1);
  const list = useQuery({ queryKey: recycleBinKeys.list(type, q, cursor), queryFn: () => recycleBinApi.list<BinRow>(type, q, cursor), placeholderData: keepPreviousData });
  const canPurge = list.data?.canPurge ?? false;

  const names = (rows: BinRow[]) => new Map(rows.map((r) => [r.id, labelOf(r)]));
  // What was restored or purged leaves every list it was (or was not) on, so everything is asked again.
  const done = () => {
    setSelected([]);
    setCursors([undefined]);
    void qc.invalidateQueries();
  };
  const restore = useMutation({
    mutationFn: (rows: BinRow[]) => recycleBinApi.restore(type, rows.map((r) => r.id)),
    onSuccess: (r) => {
      message.success(
        type === 'customer'
          ? t('recyclebin.restoredCustomers', { count: r.restored, contacts: r.contacts ?? 0, followups: r.followups ?? 0 })
          : t('recyclebin.restored', { count: r.restored }),
      );
      done();
    },
    onError: (err, rows) => onError(err, names(rows)),
  });
  const purge = useMutation({
    mutationFn: (rows: BinRow[]) => recycleBinApi.purge(type, rows.map((r) => r.id)),
    onSuccess: (r) => {
      message.success(t('recyclebin.purged', { count: r.purged }));
      done();
    },
    onError: (err, rows) => onError(err, names(rows)),
  });

  const confirmRestore = (rows: BinRow[]) => {
    const merged = (rows as BinCustomer[]).filter((r) => type === 'customer' && r.mergedInto);
    modal.confirm({
      title: t('recyclebin.restoreConfirm', { count: rows.length }),
      content:
        type === 'customer' ? (
          <>
            <Typography.Paragraph>{t('recyclebin.restoreCustomersNote')}</Typography.Paragraph>
            {merged.map((r) => (
              <Alert key={r.id} type="warning" showIcon style={{ marginBottom: 8 }} title={t('recyclebin.restoreMergedNote', { name: r.name, survivor: r.mergedInto!.name })} />
            ))}
          </>
        ) : undefined,
      okText: t('recyclebin.restore'),
      onOk: () => restore.mutateAsync(rows).catch(() => undefined),
    });
  };
  const confirmPurge = (rows: BinRow[]) =>
    modal.confirm({
      title: t('recyclebin.purgeConfirm', { count: rows.length }),
      content: t(type === 'customer' ? 'recyclebin.purgeCustomersNote' : 'recyclebin.purgeNote'),
      okText: t('recyclebin.purge'),
      okButtonProps: { danger: true },
      onOk: () => purge.mutateAsync(rows).catch(() => undefined),
    });

  const search = (value: string) => {
    setQ(value.trim());
    setCursors([undefined]);
    setSelected([]);
  };

  const person = (p: BinPerson | null) => p?.name ?? '—';
  const count = (n: number) => (n > COUNT_CAP ? t('recyclebin.many', { count: COUNT_CAP }) : n);
  /** The customer a contact or follow-up belongs to, and whether it waits for that customer. */
  const parent = (row: BinContact | BinFollowup) => (
    <Space size={4} wrap>
      {row.customer.inBin ? row.customer.name : <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>}
      {row.customer.inBin && (
        <Tooltip title={t('recyclebin.customerInBinHelp')}>
          <Tag color="orange">{t(row.withCustomer ? 'recyclebin.deletedWithCustomer' : 'recyclebin.customerInBin')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
  const deleted: TableColumnsType<BinRow> = [
    { title: t('recyclebin.columns.deletedBy'), key: 'deletedBy', width: 120, render: (_v, row) => person(row.deletedBy) },
    { title: t('recyclebin.columns.deletedAt'), key: 'deletedAt', width: 160, render: (_v, row) => formatDateTime(row.deletedAt, tz) },
  ];
  const columnsOf: Record<RecycleBinType, TableColumnsType<BinRow>> = {
    customer: [
      { title: t('recyclebin.columns.number'), key: 'number', width: 130, render: (_v, row) => (row as BinCustomer).number },
      {
        title: t('recyclebin.columns.customerName'),
        key: 'name',
        render: (_v, row) => {
          const c = row as BinCustomer;
          return (
            <Space size={4} wrap>
              {c.name}
              {c.pending && <Tag>{t('recyclebin.pending')}</Tag>}
              {c.mergedInto && <Tag color="blue">{t('recyclebin.merged', { name: c.mergedInto.name })}</Tag>}
            </Space>
          );
        },
      },
      { title: t('recyclebin.columns.owner'), key: 'owner', width: 120, render: (_v, row) => person((row as BinCustomer).owner) },
      {
        title: t('recyclebin.columns.withIt'),
        key: 'withIt',
        width: 180,
        render: (_v, row) => t('recyclebin.withIt', { contacts: count((row as BinCustomer).contacts), followups: count((row as BinCustomer).followups) }),
      },
      ...deleted,
    ],
    contact: [
      { title: t('recyclebin.columns.contactName'), key: 'name', width: 140, render: (_v, row) => (row as BinContact).name },
      { title: t('recyclebin.columns.customer'), key: 'customer', render: (_v, row) => parent(row as BinContact) },
      { title: t('recyclebin.columns.title'), key: 'title', width: 120, render: (_v, row) => (row as BinContact).title ?? '—' },
      { title: t('recyclebin.columns.mobile'), key: 'mobile', width: 140, render: (_v, row) => (row as BinContact).mobile ?? '—' },
      ...deleted,
    ],
    followup: [
      { title: t('recyclebin.columns.occurredAt'), key: 'occurredAt', width: 160, render: (_v, row) => formatDateTime((row as BinFollowup).occurredAt, tz) },
      { title: t('recyclebin.columns.customer'), key: 'customer', width: 220, render: (_v, row) => parent(row as BinFollowup) },
      { title: t('recyclebin.columns.method'), key: 'method', width: 90, render: (_v, row) => dictLabel(methods, (row as BinFollowup).method) },
      { title: t('recyclebin.columns.content'), key: 'content', width: 300, ellipsis: true, render: (_v, row) => (row as BinFollowup).content },
      { title: t('recyclebin.columns.author'), key: 'author', width: 110, render: (_v, row) => person((row as BinFollowup).author) },
      ...deleted,
    ],
  };
  const restoreButton = (row: BinRow): ReactNode => {
    const waiting = 'customer' in row && row.customer.inBin;
    const button = (
      <Button type="link" icon={<UndoOutlined />} disabled={!row.canRestore || restore.isPending} onClick={() => confirmRestore([row])} data-testid="bin-restore">
        {t('recyclebin.restore')}
      </Button>
    );
    return waiting ? <Tooltip title={t('recyclebin.customerInBinHelp')}>{button}</Tooltip> : button;
  };

  const selectable = (row: BinRow) => row.canRestore || canPurge;
  const allRestorable = selected.length > 0 && selected.every((r) => r.canRestore);
  return (
    <>
      <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
        {type === 'followup' ? (
          <span />
        ) : (
          <Input.Search allowClear placeholder={t(`recyclebin.search.${type}`)} onSearch={search} style={{ maxWidth: 320 }} data-testid={`bin-search-${type}`} />
        )}
        <Space wrap>
          <Button icon={<UndoOutlined />} disabled={!allRestorable} loading={restore.isPending} onClick={() => confirmRestore(selected)} data-testid="bin-restore-selected">
            {t('recyclebin.restoreSelected', { count: selected.length })}
          </Button>
          {canPurge && (
            <Button danger icon={<DeleteOutlined />} disabled={!selected.length} loading={purge.isPending} onClick={() => confirmPurge(selected)} data-testid="bin-purge-selected">
              {t('recyclebin.purgeSelected', { count: selected.length })}
            </Button>
          )}
        </Space>
      </Flex>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<BinRow>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid={`bin-table-${type}`}
        rowSelection={{
          selectedRowKeys: selected.map((s) => s.id),
          onChange: (_keys, rows) => setSelected(rows.slice(0, RECYCLE_BIN_BATCH_MAX)),
          getCheckboxProps: (row) => ({ disabled: !selectable(row) }),
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(q ? 'recyclebin.noMatch' : 'recyclebin.empty')} /> }}
        columns={[...columnsOf[type], { title: t('common.actions'), key: 'actions', width: 110, fixed: 'right', render: (_v, row) => restoreButton(row) }]}
      />
      <Flex justify="flex-end" style={{ marginTop: 16 }}>
        <Space>
          <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('recyclebin.previous')}
          </Button>
          <Button disabled={!list.data?.nextCursor} onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
            {t('recyclebin.next')}
          </Button>
        </Space>
      </Flex>
    </>
  );
}

/**
 * The recycle bin (ARCHITECTURE §4): deleted customers, contacts and follow-ups, one tab per type the user may
 * view. Restoring needs the type's delete permission and write access to the record; purging for good is for
 * those who may delete every record of the type (docs/decisions/0007), and the server says who that is.
 */
export function RecycleBinPage() {
  const { t } = useTranslation();
  const canAny = useCanAny();
  const [params, setParams] = useSearchParams();
  const tabs = TABS.filter((tab) => canAny(tab.permission));
  if (!tabs.length) return <ForbiddenPage />;
  const asked = params.get('type');
  const active = tabs.find((tab) => tab.type === asked)?.type ?? tabs[0]!.type;
  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('recyclebin.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('recyclebin.intro')}</Typography.Text>
      </div>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => setParams({ type: key }, { replace: true })}
          destroyOnHidden
          items={tabs.map((tab) => ({ key: tab.type, label: t(`recyclebin.tabs.${tab.type}`), children: <BinList type={tab.type} /> }))}
        />
      </Card>
    </>
  );
}
