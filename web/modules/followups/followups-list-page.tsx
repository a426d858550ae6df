import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Empty, Flex, Popconfirm, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan, useMe, useTimeZone } from '../../lib/session.ts';
import { CustomerSelect } from '../contacts/customer-select.tsx';
import { useDialog } from '../orgchart/use-dialog.ts';
import { ColumnChooser, visibleColumns } from '../views/column-chooser.tsx';
import { FilterBar } from '../views/filter-bar.tsx';
import { KeysetPager } from '../views/keyset-pager.tsx';
import type { ListField } from '../views/list-fields.ts';
import { ExportButton, ImportButton } from '../imports/export-button.tsx';
import { useKeysetPages, useListState } from '../views/list-state.ts';
import { tableColumns } from '../views/list-table.ts';
import { ViewBar } from '../views/view-bar.tsx';
import { useSavedViews, type SavedView } from '../views/views.api.ts';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { FOLLOWUP_AFFECTED, FollowupFormDrawer } from './followup-form-drawer.tsx';
import { followupsApi, methodLabel, useFollowupList, useFollowupMethods, type Followup } from './followups.api.ts';

const ALL_VIEW = 'all';
const NEWEST = { field: 'occurredAt', order: 'desc' as const };

export function FollowupsListPage() {
  return (
    <RequirePermission permissions={['activity:view']}>
      <FollowupsList />
    </RequirePermission>
  );
}

/** The next contact time, marked when it is due or past. */
function NextContact({ at, tz }: { at: string | null; tz: string }) {
  const { t } = useTranslation();
  const [now] = useState(() => Date.now());
  if (!at) return <>—</>;
  const past = new Date(at).getTime() < now;
  return (
    <Space size={4}>
      {formatDateTime(at, tz)}
      {past && <Tag color="red">{t('followups.due')}</Tag>}
    </Space>
  );
}

function useFollowupFields(): ListField<Followup>[] {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const methods = useFollowupMethods();
  return useMemo(
    () => [
      {
        key: 'occurredAt',
        title: t('followups.fields.occurredAt'),
        pinned: true,
        width: 150,
        render: (f) => formatDateTime(f.occurredAt, tz),
        filter: { kind: 'dayRange', from: 'occurredFrom', to: 'occurredTo' },
        quick: true,
      },
      { key: 'customer', title: t('followups.fields.customer'), width: 180, defaultVisible: true, render: (f) => <Link to={`/customers/${f.customerId}`}>{f.customer.name}</Link> },
      { key: 'contact', title: t('followups.fields.contact'), width: 110, defaultVisible: true, render: (f) => f.contact?.name ?? '—' },
      { key: 'contactPhone', title: t('followups.fields.contactPhone'), width: 130, defaultVisible: true, render: (f) => f.contact?.mobile ?? f.contact?.phone ?? '—' },
      { key: 'contactEmail', title: t('followups.fields.contactEmail'), width: 180, render: (f) => f.contact?.email ?? '—' },
      {
        key: 'method',
        title: t('followups.fields.method'),
        width: 90,
        defaultVisible: true,
        render: (f) => <Tag>{methodLabel(methods, f.method)}</Tag>,
        filter: { kind: 'select', param: 'method', multiple: false, options: methods.map((m) => ({ value: m.value, label: m.label })) },
        quick: true,
      },
      {
        key: 'content',
        title: t('followups.fields.content'),
        width: 320,
        defaultVisible: true,
        render: (f) => (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: f.content }} style={{ margin: 0 }}>
            {f.content}
          </Typography.Paragraph>
        ),
      },
      {
        key: 'nextContactAt',
        title: t('followups.fields.nextContactAt'),
        width: 190,
        defaultVisible: true,
        render: (f) => <NextContact at={f.nextContactAt} tz={tz} />,
        filter: {
          kind: 'select',
          param: 'hasNextContact',
          multiple: false,
          options: [
            { value: 'true', label: t('followups.withNextContact') },
            { value: 'false', label: t('followups.withoutNextContact') },
          ],
        },
      },
      { key: 'author', title: t('followups.fields.author'), width: 100, defaultVisible: true, render: (f) => f.author?.name ?? '—', filter: { kind: 'users', param: 'authorIds' } },
    ],
    [t, tz, methods],
  );
}

function FollowupsList() {
  const { t } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const list = useListState(ALL_VIEW);
  const { state } = list;
  const saved = useSavedViews('followup');
  const all: SavedView = { id: ALL_VIEW, list: 'followup', name: t('followups.allFollowups'), builtin: true, shared: true, owner: null, editable: false, definition: { filters: {} }, updatedAt: null, version: 0 };
  const views = [all, ...(saved.data ?? [])];
  const form = useDialog<{ id?: string }>();
  const [pageSize, setPageSize] = useState(me?.user.prefs.pageSize ?? 20);
  const remove = useMutation({
    mutationFn: (f: Followup) => followupsApi.remove(f.id),
    onSuccess: async (_r, f) => {
      undoDelete('followup', [f.id], t('common.deleted'));
      await Promise.all(FOLLOWUP_AFFECTED.map((queryKey) => qc.invalidateQueries({ queryKey: [...queryKey] })));
    },
    onError: (err) => onError(err),
  });
  const actionsColumn: TableColumnsType<Followup>[number] = {
    key: 'actions',
    title: t('common.actions'),
    width: 120,
    fixed: 'right',
    render: (_v, f) => (
      <Space size={0}>
        {f.canEdit && (
          <Button type="link" size="small" onClick={() => form.show({ id: f.id })}>
            {t('common.edit')}
          </Button>
        )}
        {f.canDelete && (
          <Popconfirm title={t('followups.confirmDelete')} okButtonProps={{ danger: true }} onConfirm={() => remove.mutateAsync(f).catch(() => undefined)}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    ),
  };
  const fields = useFollowupFields();
  const columns = visibleColumns(fields, state.columns);
  const listKey = JSON.stringify([state.filters, pageSize]);
  const pages = useKeysetPages(listKey);
  const followups = useFollowupList({ ...state.filters, limit: pageSize, cursor: pages.cursor });
  const filtered = Object.keys(state.filters).length > 0;

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('followups.title')}
        </Typography.Title>
        <Space wrap>
          <ImportButton recordType="followup" />
          <ExportButton list="followup" filters={state.filters} columns={columns.map((f) => f.key)} />
          {can('activity:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => form.show({})} data-testid="new-followup">
              {t('followups.newFollowup')}
            </Button>
          )}
        </Space>
      </Flex>
      <ViewBar list="followup" views={views} state={state} onApply={list.apply} extra={<ColumnChooser fields={fields} columns={state.columns} onChange={list.setColumns} />} />
      <Row gutter={[8, 8]}>
        <Col xs={24} sm={12} md={8} lg={6}>
          <CustomerSelect
            allowClear
            style={{ width: '100%', marginBottom: 8 }}
            placeholder={t('followups.filterByCustomer')}
            aria-label={t('followups.fields.customer')}
            value={state.filters.customerId}
            selectedName={followups.data?.items.find((f) => f.customerId === state.filters.customerId)?.customer.name}
            onChange={(id) => list.setFilters({ customerId: id ?? '' })}
          />
        </Col>
        <Col xs={24} sm={12} md={16} lg={18}>
          <FilterBar fields={fields} filters={state.filters} onChange={(f) => list.setFilters(() => f)} fixedParams={['customerId']} />
        </Col>
      </Row>
      <Table<Followup>
        rowKey="id"
        size="middle"
        loading={followups.isFetching}
        dataSource={followups.data?.items ?? []}
        columns={[...tableColumns(columns, NEWEST, NEWEST), actionsColumn]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('followups.noMatches') : t('followups.empty')}>
              {!filtered && can('activity:create') && (
                <Button type="primary" onClick={() => form.show({})}>
                  {t('followups.newFollowup')}
                </Button>
              )}
            </Empty>
          ),
        }}
      />
      <KeysetPager
        page={pages.page}
        hasNext={Boolean(followups.data?.nextCursor)}
        onPrev={pages.prev}
        onNext={() => followups.data?.nextCursor && pages.next(followups.data.nextCursor)}
        pageSize={pageSize}
        onPageSize={setPageSize}
        total={undefined}
        loading={followups.isFetching}
      />
      <FollowupFormDrawer open={form.open} followupId={form.data?.id} onClose={form.hide} />
    </>
  );
}
