import { useMemo, useState } from 'react';
import { DeleteOutlined, PlusOutlined, TagsOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Flex, Row, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GENDERS } from '../../../shared/validation/contacts.ts';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan, useMe, useTimeZone } from '../../lib/session.ts';
import { useDialog } from '../orgchart/use-dialog.ts';
import { ColumnChooser, visibleColumns } from '../views/column-chooser.tsx';
import { FilterBar } from '../views/filter-bar.tsx';
import { KeysetPager } from '../views/keyset-pager.tsx';
import type { ListField } from '../views/list-fields.ts';
import { ExportButton, ImportButton } from '../imports/export-button.tsx';
import { useKeysetPages, useListState, type ListState, type Sort } from '../views/list-state.ts';
import { onTableSort, tableColumns } from '../views/list-table.ts';
import { ViewBar } from '../views/view-bar.tsx';
import { useSavedViews, type SavedView } from '../views/views.api.ts';
import { ContactDetailDrawer } from './contact-detail-drawer.tsx';
import { ContactFormDrawer } from './contact-form-drawer.tsx';
import { useUndoDelete } from '../recyclebin/undo-delete.tsx';
import { ContactGroupsModal } from './contact-groups-modal.tsx';
import { contactsApi, contactsKey, useContactGroups, useContactList, type Contact, type ContactPage } from './contacts.api.ts';
import { CustomerSelect } from './customer-select.tsx';

const DEFAULT_SORT: Sort = { field: 'updatedAt', order: 'desc' };
const ALL_VIEW = 'all';

export function ContactsListPage() {
  return (
    <RequirePermission permissions={['contact:view']}>
      <ContactsList />
    </RequirePermission>
  );
}

/** The contact list's fields: columns, their sorts and the filters of the filter bar. */
function useContactFields(openDetail: (id: string) => void): ListField<Contact>[] {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const groups = useContactGroups();
  return useMemo(
    () => [
      { key: 'q', title: t('contacts.fields.keyword'), filter: { kind: 'text', param: 'q', placeholder: t('contacts.keywordPlaceholder') }, quick: true },
      {
        key: 'name',
        title: t('contacts.fields.name'),
        pinned: true,
        width: 150,
        sort: 'name',
        render: (c) => (
          <Space size={4}>
            <Typography.Link onClick={() => openDetail(c.id)} data-testid="contact-name">
              {c.name}
            </Typography.Link>
            {c.isPrimary && <Tag color="gold">{t('contacts.primary')}</Tag>}
          </Space>
        ),
      },
      {
        key: 'customer',
        title: t('contacts.fields.customer'),
        width: 200,
        defaultVisible: true,
        render: (c) => <Link to={`/customers/${c.customerId}`}>{c.customer.name}</Link>,
      },
      { key: 'title', title: t('contacts.fields.title'), width: 120, defaultVisible: true, render: (c) => c.title ?? '—', filter: { kind: 'text', param: 'title' } },
      { key: 'department', title: t('contacts.fields.department'), width: 120, render: (c) => c.department ?? '—' },
      {
        key: 'gender',
        title: t('contacts.fields.gender'),
        width: 80,
        render: (c) => t(`contacts.gender.${c.gender}`),
        filter: { kind: 'select', param: 'gender', multiple: false, options: GENDERS.map((g) => ({ value: g, label: t(`contacts.gender.${g}`) })) },
        quick: true,
      },
      { key: 'mobile', title: t('contacts.fields.mobile'), width: 130, defaultVisible: true, render: (c) => c.mobile ?? '—' },
      { key: 'phone', title: t('contacts.fields.phone'), width: 150, defaultVisible: true, render: (c) => c.phone ?? '—' },
      { key: 'email', title: t('contacts.fields.email'), width: 200, defaultVisible: true, render: (c) => c.email ?? '—' },
      { key: 'wechat', title: t('contacts.fields.wechat'), width: 130, render: (c) => c.wechat ?? '—' },
      {
        key: 'birthday',
        title: t('contacts.fields.birthday'),
        width: 110,
        render: (c) => c.birthday ?? '—',
        filter: {
          kind: 'select',
          param: 'birthdayMonth',
          multiple: false,
          options: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t('contacts.month', { month: i + 1 }) })),
        },
      },
      {
        key: 'groups',
        title: t('contacts.fields.groups'),
        width: 160,
        render: (c) => (c.groups.length ? c.groups.map((g) => <Tag key={g.id}>{g.name}</Tag>) : '—'),
        filter: { kind: 'select', param: 'groupId', multiple: false, options: (groups.data ?? []).map((g) => ({ value: g.id, label: g.name })) },
        quick: true,
      },
      {
        key: 'owner',
        title: t('contacts.fields.owner'),
        width: 100,
        defaultVisible: true,
        render: (c) => c.owner?.name ?? t('contacts.inPool'),
        filter: { kind: 'users', param: 'ownerIds' },
      },
      {
        key: 'createdAt',
        title: t('common.createdAt'),
        width: 150,
        sort: 'createdAt',
        render: (c) => formatDateTime(c.createdAt, tz),
        filter: { kind: 'dayRange', from: 'createdFrom', to: 'createdTo' },
      },
      { key: 'updatedAt', title: t('common.updatedAt'), width: 150, sort: 'updatedAt', defaultVisible: true, render: (c) => formatDateTime(c.updatedAt, tz) },
    ],
    [t, tz, groups.data, openDetail],
  );
}

/** "All contacts" heads the tabs; saved views of the contact list follow it. */
function useViews() {
  const { t } = useTranslation();
  const saved = useSavedViews('contact');
  const all: SavedView = { id: ALL_VIEW, list: 'contact', name: t('contacts.allContacts'), builtin: true, shared: true, owner: null, editable: false, definition: { filters: {} }, updatedAt: null, version: 0 };
  return [all, ...(saved.data ?? [])];
}

function ContactsList() {
  const { t } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const undoDelete = useUndoDelete();
  const list = useListState(ALL_VIEW);
  const { state } = list;
  const views = useViews();
  const form = useDialog<{ id?: string }>();
  const detail = useDialog<string>();
  const [groupsOpen, setGroupsOpen] = useState(false);
  const [pageSize, setPageSize] = useState(me?.user.prefs.pageSize ?? 20);
  const fields = useContactFields(detail.show);
  const columns = visibleColumns(fields, state.columns);
  const sort = state.sort ?? DEFAULT_SORT;
  const listKey = JSON.stringify([state.filters, sort, pageSize]);
  const pages = useKeysetPages(listKey);
  const query = { ...state.filters, sort: sort.field, order: sort.order, limit: pageSize, cursor: pages.cursor };
  const contacts = useContactList(query);
  // The total comes with the first page only; later pages show the one the first page brought.
  const first = pages.cursor ? qc.getQueryData<ContactPage>([...contactsKey, 'list', { ...query, cursor: undefined }]) : contacts.data;
  // A selection belongs to the page it was made on.
  const selectionKey = `${listKey}|${pages.cursor ?? ''}`;
  const [selection, setSelection] = useState<{ key: string; ids: string[] }>({ key: selectionKey, ids: [] });
  const selected = selection.key === selectionKey ? selection.ids : [];
  const setSelected = (ids: string[]) => setSelection({ key: selectionKey, ids });

  const bulkDelete = useMutation({
    mutationFn: (ids: string[]) => contactsApi.bulkDelete(ids),
    onSuccess: async (r, ids) => {
      undoDelete('contact', ids, t('contacts.bulkDeleted', { count: r.deleted }));
      setSelected([]);
      await qc.invalidateQueries({ queryKey: contactsKey });
    },
    onError: (err) => onError(err),
  });

  const apply = (next: ListState) => list.apply(next);
  const filtered = Object.keys(state.filters).length > 0;
  const rows = contacts.data?.items ?? [];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('contacts.title')}
        </Typography.Title>
        <Space wrap>
          <ImportButton recordType="contact" />
          <ExportButton list="contact" filters={{ ...state.filters, sort: sort.field, order: sort.order }} columns={columns.map((f) => f.key)} />
          <Button icon={<TagsOutlined />} onClick={() => setGroupsOpen(true)} data-testid="contact-groups">
            {t('contacts.groups.manage')}
          </Button>
          {can('contact:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => form.show({})} data-testid="new-contact">
              {t('contacts.newContact')}
            </Button>
          )}
        </Space>
      </Flex>
      <ViewBar list="contact" views={views} state={state} onApply={apply} extra={<ColumnChooser fields={fields} columns={state.columns} onChange={list.setColumns} />} />
      <Row gutter={[8, 8]}>
        <Col xs={24} sm={12} md={8} lg={6}>
          <CustomerSelect
            allowClear
            style={{ width: '100%', marginBottom: 8 }}
            placeholder={t('contacts.filterByCustomer')}
            aria-label={t('contacts.fields.customer')}
            value={state.filters.customerId}
            selectedName={rows.find((c) => c.customerId === state.filters.customerId)?.customer.name}
            onChange={(id) => list.setFilters({ customerId: id ?? '' })}
          />
        </Col>
        <Col xs={24} sm={12} md={16} lg={18}>
          {/* The customer picker above sets customerId; the bar keeps it on reset and shows no chip for it. */}
          <FilterBar fields={fields} filters={state.filters} onChange={(f) => list.setFilters(() => f)} fixedParams={['customerId']} />
        </Col>
      </Row>
      {selected.length > 0 && (
        <Flex align="center" gap={8} style={{ marginBottom: 8 }} data-testid="bulk-bar">
          <Typography.Text>{t('contacts.selected', { count: selected.length })}</Typography.Text>
          <ExportButton list="contact" filters={{ sort: sort.field, order: sort.order }} columns={columns.map((f) => f.key)} ids={selected} />
          {can('contact:delete') && (
            <Button
              danger
              icon={<DeleteOutlined />}
              loading={bulkDelete.isPending}
              onClick={() =>
                modal.confirm({
                  title: t('contacts.confirmBulkDelete', { count: selected.length }),
                  content: t('contacts.deleteNote'),
                  okButtonProps: { danger: true },
                  onOk: () => bulkDelete.mutateAsync(selected).catch(() => undefined),
                })
              }
            >
              {t('common.delete')}
            </Button>
          )}
          <Button type="link" onClick={() => setSelected([])}>
            {t('contacts.clearSelection')}
          </Button>
        </Flex>
      )}
      <Table<Contact>
        rowKey="id"
        size="middle"
        loading={contacts.isFetching}
        dataSource={rows}
        columns={tableColumns(columns, state.sort, DEFAULT_SORT)}
        onChange={onTableSort(columns, list.setSort)}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowSelection={
          can('contact:delete')
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (c) => ({ disabled: !c.canDelete, 'aria-label': c.name }),
              }
            : undefined
        }
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('contacts.noMatches') : t('contacts.empty')}>
              {!filtered && can('contact:create') && (
                <Button type="primary" onClick={() => form.show({})}>
                  {t('contacts.newContact')}
                </Button>
              )}
            </Empty>
          ),
        }}
      />
      <KeysetPager
        page={pages.page}
        hasNext={Boolean(contacts.data?.nextCursor)}
        onPrev={pages.prev}
        onNext={() => contacts.data?.nextCursor && pages.next(contacts.data.nextCursor)}
        pageSize={pageSize}
        onPageSize={setPageSize}
        total={first?.total}
        estimated={first?.totalCapped}
        loading={contacts.isFetching}
      />
      <ContactFormDrawer open={form.open} contactId={form.data?.id} onClose={form.hide} />
      <ContactDetailDrawer
        open={detail.open}
        contactId={detail.data}
        onClose={detail.hide}
        onEdit={(id) => {
          detail.hide();
          form.show({ id });
        }}
      />
      <ContactGroupsModal open={groupsOpen} onClose={() => setGroupsOpen(false)} />
    </>
  );
}
