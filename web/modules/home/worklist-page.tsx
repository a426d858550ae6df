import { useState } from 'react';
import { Segmented, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useCan, useMe, useTimeZone } from '../../lib/session.ts';
import { KeysetPager } from '../views/keyset-pager.tsx';
import { useKeysetPages } from '../views/list-state.ts';
import {
  useApprovalWorklist,
  useContactWorklist,
  useReturningWorklist,
  type ContactList,
  type PendingApproval,
  type ReturningCustomer,
  type WorklistCustomer,
} from './worklists.api.ts';

const LISTS = ['today', 'overdue', 'returning', 'approvals'] as const;
type List = (typeof LISTS)[number];

/** The full work lists behind the home page's cards, one tab each. */
export function WorklistPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const params = useParams();
  const [search] = useSearchParams();
  const customersVisible = can('customer:view');
  const available = LISTS.filter((l) => l === 'approvals' || customersVisible);
  const list = (available as readonly string[]).includes(params.list ?? '') ? (params.list as List) : available[0]!;
  const team = search.get('team') === 'true';
  return (
    <>
      <Typography.Title level={4}>{t('worklists.title')}</Typography.Title>
      <Tabs
        activeKey={list}
        onChange={(key) => navigate(`/worklists/${key}${team && (key === 'today' || key === 'overdue') ? '?team=true' : ''}`)}
        items={available.map((key) => ({ key, label: t(`worklists.${key}`) }))}
      />
      {(list === 'today' || list === 'overdue') && <ContactWorklist list={list} team={team} />}
      {list === 'returning' && <ReturningList />}
      {list === 'approvals' && <ApprovalList />}
    </>
  );
}

function usePageSize() {
  const { data: me } = useMe();
  return useState(me?.user.prefs.pageSize ?? 20);
}

function ContactWorklist({ list, team }: { list: ContactList; team: boolean }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const navigate = useNavigate();
  const [pageSize, setPageSize] = usePageSize();
  const pages = useKeysetPages(JSON.stringify([list, team, pageSize]));
  const rows = useContactWorklist(list, team, pages.cursor, pageSize, true);
  const columns: TableColumnsType<WorklistCustomer> = [
    { key: 'name', title: t('worklists.customer'), render: (_v, c) => <Link to={`/customers/${c.id}`}>{c.name}</Link>, width: 220 },
    { key: 'number', title: t('worklists.number'), dataIndex: 'number', width: 150 },
    { key: 'next', title: t('worklists.nextContactAt'), render: (_v, c) => formatDateTime(c.nextContactAt, tz), width: 150 },
    {
      key: 'last',
      title: t('worklists.lastFollowup'),
      render: (_v, c) =>
        c.lastFollowupAt ? (
          <Typography.Paragraph ellipsis={{ rows: 1, tooltip: c.lastFollowupContent }} style={{ margin: 0 }}>
            {formatDate(c.lastFollowupAt, tz)} {c.lastFollowupContent}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
      width: 320,
    },
    ...(team ? [{ key: 'owner', title: t('worklists.owner'), render: (_v: unknown, c: WorklistCustomer) => c.owner?.name ?? '—', width: 100 }] : []),
  ];
  return (
    <>
      <Segmented<'mine' | 'team'>
        value={team ? 'team' : 'mine'}
        onChange={(v) => navigate(`/worklists/${list}${v === 'team' ? '?team=true' : ''}`)}
        options={[
          { value: 'mine', label: t('worklists.mine') },
          { value: 'team', label: t('worklists.team') },
        ]}
        aria-label={t('worklists.whose')}
        style={{ marginBottom: 12 }}
      />
      <Table<WorklistCustomer>
        rowKey="id"
        size="middle"
        loading={rows.isFetching}
        dataSource={rows.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('worklists.nothing') }}
      />
      <KeysetPager
        page={pages.page}
        hasNext={Boolean(rows.data?.nextCursor)}
        onPrev={pages.prev}
        onNext={() => rows.data?.nextCursor && pages.next(rows.data.nextCursor)}
        pageSize={pageSize}
        onPageSize={setPageSize}
        total={undefined}
        loading={rows.isFetching}
      />
    </>
  );
}

function ReturningList() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const rows = useReturningWorklist(true);
  const columns: TableColumnsType<ReturningCustomer> = [
    { key: 'name', title: t('worklists.customer'), render: (_v, c) => <Link to={`/customers/${c.id}`}>{c.name}</Link>, width: 220 },
    { key: 'number', title: t('worklists.number'), dataIndex: 'number', width: 150 },
    { key: 'due', title: t('worklists.dueAt'), render: (_v, c) => formatDateTime(c.dueAt, tz), width: 150 },
    { key: 'reason', title: t('worklists.reason'), render: (_v, c) => t(`worklists.reasons.${c.reason}`), width: 200 },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('worklists.returningHelp')}</Typography.Paragraph>
      <Table<ReturningCustomer>
        rowKey="id"
        size="middle"
        loading={rows.isFetching}
        dataSource={rows.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('worklists.nothing') }}
      />
      {rows.data && rows.data.total > rows.data.items.length && (
        <Typography.Text type="secondary">{t('worklists.moreReturning', { count: rows.data.total - rows.data.items.length })}</Typography.Text>
      )}
    </>
  );
}

function ApprovalList() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const [pageSize, setPageSize] = usePageSize();
  const pages = useKeysetPages(String(pageSize));
  const rows = useApprovalWorklist(pages.cursor, pageSize, true);
  const columns: TableColumnsType<PendingApproval> = [
    { key: 'record', title: t('worklists.record'), render: (_v, a) => (a.recordLink ? <Link to={a.recordLink}>{a.recordLabel}</Link> : a.recordLabel), width: 220 },
    { key: 'type', title: t('worklists.recordType'), dataIndex: 'recordTypeLabel', width: 100 },
    { key: 'action', title: t('worklists.requested'), render: (_v, a) => t(`worklists.action.${a.action}`), width: 100 },
    { key: 'submitter', title: t('worklists.submitter'), render: (_v, a) => a.submitter.name, width: 100 },
    { key: 'at', title: t('worklists.submittedAt'), render: (_v, a) => formatDateTime(a.submittedAt, tz), width: 150 },
  ];
  return (
    <>
      <Table<PendingApproval>
        rowKey="id"
        size="middle"
        loading={rows.isFetching}
        dataSource={rows.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('worklists.nothing') }}
      />
      <KeysetPager
        page={pages.page}
        hasNext={Boolean(rows.data?.nextCursor)}
        onPrev={pages.prev}
        onNext={() => rows.data?.nextCursor && pages.next(rows.data.nextCursor)}
        pageSize={pageSize}
        onPageSize={setPageSize}
        total={undefined}
        loading={rows.isFetching}
      />
    </>
  );
}
