import { useEffect, useMemo, useState } from 'react';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useCan, useMe, useTimeZone } from '../../lib/session.ts';
import { ColumnChooser, visibleColumns } from '../views/column-chooser.tsx';
import { FilterBar } from '../views/filter-bar.tsx';
import { KeysetPager, PAGE_SIZES } from '../views/keyset-pager.tsx';
import { stateOf, useKeysetPages, useListState } from '../views/list-state.ts';
import { onTableSort, tableColumns } from '../views/list-table.ts';
import { ViewBar } from '../views/view-bar.tsx';
import { useSavedViews } from '../views/views.api.ts';
import { ExportButton, ImportButton } from '../imports/export-button.tsx';
import { BulkActions } from './bulk-actions.tsx';
import { CustomerFormDrawer } from './customer-form-drawer.tsx';
import { customerFields } from './customer-fields.tsx';
import { useCustomerList, useCustomFields, type Customer } from './customers.api.ts';
import { useDictOptions } from './dict-options.ts';

const DEFAULT_VIEW = 'builtin:all';
const DEFAULT_SORT = { field: 'updatedAt', order: 'desc' as const };

export function CustomerListPage() {
  return (
    <RequirePermission permissions={['customer:view']}>
      <CustomerList />
    </RequirePermission>
  );
}

export function useCustomerFields() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const industries = useDictOptions('industry');
  const sources = useDictOptions('customer_source');
  const levels = useDictOptions('customer_level');
  const custom = useCustomFields();
  return useMemo(
    () => customerFields({ t, tz, industries, sources, levels, customFields: custom.data ?? [] }),
    [t, tz, industries, sources, levels, custom.data],
  );
}

/**
 * The customer list (CUS-07, CUS-08): saved views as tabs, quick and advanced filters, columns of the user's
 * choice, sort from the headers, keyset pages, and bulk actions on the selected rows.
 */
function CustomerList() {
  const { t } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const views = useSavedViews('customer');
  const { state, unset, apply, setFilters, setSort, setColumns } = useListState(DEFAULT_VIEW);
  const fields = useCustomerFields();
  const [pageSize, setPageSize] = useState(() => (PAGE_SIZES.includes(me?.user.prefs.pageSize ?? 0) ? me!.user.prefs.pageSize! : 20));
  const [selected, setSelected] = useState<Customer[]>([]);
  const [creating, setCreating] = useState(false);

  // An address without a view opens the default one with its filters.
  useEffect(() => {
    const fallback = views.data?.find((v) => v.id === DEFAULT_VIEW);
    if (unset && fallback) apply(stateOf(fallback), { replace: true });
  }, [unset, views.data, apply]);

  const sort = state.sort ?? DEFAULT_SORT;
  const query = { ...state.filters, sort: sort.field, order: sort.order, limit: pageSize };
  const pages = useKeysetPages(JSON.stringify(query));
  const list = useCustomerList({ ...query, cursor: pages.cursor }, !unset);
  // Only the first page counts; later pages show its total (the same query, answered from the cache).
  const first = useCustomerList(query, !unset);
  const shown = visibleColumns(fields, state.columns);
  const filtered = Object.keys(state.filters).some((k) => k !== 'view');

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <ImportButton recordType="customer" />
          <ExportButton list="customer" filters={{ ...state.filters, sort: sort.field, order: sort.order }} columns={shown.map((f) => f.key)} />
          {can('customer:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('customers.newCustomer')}
            </Button>
          )}
        </Flex>
      </Flex>
      <ViewBar
        list="customer"
        views={views.data ?? []}
        state={state}
        onApply={(s) => {
          setSelected([]);
          apply(s);
        }}
        extra={
          <>
            <ColumnChooser fields={fields} columns={state.columns} onChange={setColumns} />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} loading={list.isFetching && !list.isLoading} />
            </Tooltip>
          </>
        }
      />
      <FilterBar
        fields={fields}
        filters={state.filters}
        onChange={(f) => {
          setSelected([]);
          setFilters(() => f);
        }}
        fixedParams={['view']}
      />
      {selected.length > 0 && <BulkActions selected={selected} onDone={() => setSelected([])} />}
      <Table<Customer>
        rowKey="id"
        size="middle"
        columns={tableColumns(shown, state.sort, DEFAULT_SORT)}
        dataSource={list.data?.items}
        loading={list.isLoading || (list.isFetching && list.isPlaceholderData)}
        onChange={onTableSort(fields, setSort)}
        rowSelection={{
          selectedRowKeys: selected.map((c) => c.id),
          onChange: (_keys, rows) => setSelected(rows),
          preserveSelectedRowKeys: true,
        }}
        scroll={{ x: shown.reduce((w, f) => w + (f.width ?? 140), 60) }}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('customers.noMatches') : t('customers.empty')} /> }}
        data-testid="customer-table"
      />
      <KeysetPager
        page={pages.page}
        hasNext={Boolean(list.data?.nextCursor)}
        onPrev={pages.prev}
        onNext={() => list.data?.nextCursor && pages.next(list.data.nextCursor)}
        pageSize={pageSize}
        onPageSize={setPageSize}
        total={first.data?.total}
        estimated={first.data?.totalEstimated}
        loading={list.isFetching}
      />
      <CustomerFormDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
