import { useState } from 'react';
import { ClearOutlined, DeleteOutlined, DownloadOutlined, DownOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Dropdown, Empty, Flex, Grid, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AuditFilter } from '../../../shared/validation/audit.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan, useMe } from '../../lib/session.ts';
import { ActorSelect, type ActorValue } from './actor-select.tsx';
import { AuditChanges, hasDetails } from './audit-changes.tsx';
import { auditApi, auditKeys, type AuditEntry } from './audit.api.ts';
import { CleanupModal } from './cleanup-modal.tsx';

/** Failed and destructive actions stand out when scanning the list; the rest stay neutral. */
const ACTION_COLORS: Record<string, string> = {
  login_failed: 'red',
  delete: 'red',
  reject_registration: 'red',
  cleanup: 'red',
  lock: 'orange',
  disable: 'orange',
  create: 'green',
  create_organization: 'green',
  register: 'green',
  approve_registration: 'green',
  update: 'blue',
  update_profile: 'blue',
  reorder: 'blue',
};

interface Filters {
  range: [Dayjs, Dayjs] | null;
  actor?: ActorValue;
  module?: string;
  action?: string;
}

/** The operation log (LOG-01 … LOG-04): filter, read the changes, export, clean up. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  // The log is the organisation's record: its days and times follow the organisation's zone, as the export does.
  const tz = me?.org.timeZone ?? 'Asia/Shanghai';
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  // A record's history is reachable by link (?recordType=&recordId=), from here or from other pages.
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>({ range: null });
  const [cleaning, setCleaning] = useState(false);

  const moduleName = (m: string) => t(`audit.modules.${m}`, { defaultValue: m });
  const actionName = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });
  const recordTypeName = (r: string) => t(`audit.recordTypes.${r}`, { defaultValue: r });

  const recordType = params.get('recordType') ?? undefined;
  const recordId = params.get('recordId') ?? undefined;
  const filter: AuditFilter = {
    from: filters.range ? dayjs.tz(filters.range[0].format('YYYY-MM-DD'), tz).toISOString() : undefined,
    to: filters.range ? dayjs.tz(`${filters.range[1].format('YYYY-MM-DD')} 23:59:59.999`, tz).toISOString() : undefined,
    actorId: filters.actor?.value,
    module: filters.module,
    action: filters.action,
    recordType,
    recordId,
  };

  const facets = useQuery({ queryKey: auditKeys.facets, queryFn: auditApi.facets });
  const list = useInfiniteQuery({
    queryKey: auditKeys.list(filter),
    queryFn: ({ pageParam }) => auditApi.list(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const exportFile = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => auditApi.export(format, filter),
    onSuccess: () => {
      message.success(t('audit.exported'));
      // The export is itself logged.
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
    onError: (err) => onError(err),
  });

  const today = dayjs(dayjs().tz(tz).format('YYYY-MM-DD'));
  const presets: { label: string; value: [Dayjs, Dayjs] }[] = [
    { label: t('audit.today'), value: [today, today] },
    { label: t('audit.last7Days'), value: [today.subtract(6, 'day'), today] },
    { label: t('audit.last30Days'), value: [today.subtract(29, 'day'), today] },
  ];
  const actionOptions = [...new Set((facets.data?.actions ?? []).filter((p) => !filters.module || p.module === filters.module).map((p) => p.action))]
    .map((a) => ({ value: a, label: actionName(a) }))
    .sort((x, y) => x.label.localeCompare(y.label));
  const filtered = Boolean(filters.range || filters.actor || filters.module || filters.action);

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.time'),
      dataIndex: 'at',
      width: screens.sm ? 170 : 100,
      // On a phone the date and the time take two lines, leaving room for the action.
      render: (at: string) => {
        const d = dayjs(at).tz(tz);
        return screens.sm ? d.format('YYYY-MM-DD HH:mm:ss') : <>{d.format('YYYY-MM-DD')}<br />{d.format('HH:mm:ss')}</>;
      },
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: screens.sm ? 130 : 90,
      ellipsis: true,
      render: (name: string | null, e) => name ?? (e.actorId ? '—' : <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, responsive: ['md'], render: (ip: string | null) => ip ?? '—' },
    { title: t('audit.module'), dataIndex: 'module', width: 110, responsive: ['sm'], render: moduleName },
    { title: t('audit.action'), dataIndex: 'action', width: 140, render: (a: string) => <Tag color={ACTION_COLORS[a]}>{actionName(a)}</Tag> },
    {
      title: t('audit.record'),
      key: 'record',
      render: (_v, e) => {
        if (!e.recordType) return '—';
        const label = `${recordTypeName(e.recordType)} · ${e.recordLabel ?? e.recordId ?? ''}`;
        return e.recordId && e.recordId !== recordId ? (
          <Button
            type="link"
            onClick={() => setParams({ recordType: e.recordType!, recordId: e.recordId!, label })}
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
          >
            {label}
          </Button>
        ) : (
          label
        );
      },
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('audit.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('audit.intro', { tz })}</Typography.Text>
        </div>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void qc.invalidateQueries({ queryKey: auditKeys.all })} aria-label={t('common.refresh')} />
          {can('audit:export') && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'xlsx', label: t('audit.exportXlsx') },
                  { key: 'csv', label: t('audit.exportCsv') },
                ],
                onClick: ({ key }) => exportFile.mutate(key as 'csv' | 'xlsx'),
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exportFile.isPending} data-testid="audit-export">
                {t('common.export')} <DownOutlined />
              </Button>
            </Dropdown>
          )}
          {can('audit:delete') && (
            <Button danger icon={<DeleteOutlined />} onClick={() => setCleaning(true)}>
              {t('audit.cleanup')}
            </Button>
          )}
        </Space>
      </Flex>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={12} xl={8}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              value={filters.range}
              onChange={(range) => setFilters((f) => ({ ...f, range: range?.[0] && range[1] ? [range[0], range[1]] : null }))}
              presets={presets}
              disabledDate={(d) => d.isAfter(today, 'day')}
              aria-label={t('audit.timeRange')}
            />
          </Col>
          <Col xs={24} md={12} xl={5}>
            <ActorSelect value={filters.actor} onChange={(actor) => setFilters((f) => ({ ...f, actor }))} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('audit.module')}
              aria-label={t('audit.module')}
              loading={facets.isLoading}
              value={filters.module}
              onChange={(module?: string) =>
                setFilters((f) => ({
                  ...f,
                  module,
                  // An action the new module never wrote would filter everything away.
                  action: f.action && facets.data?.actions.some((p) => p.module === module && p.action === f.action) ? f.action : undefined,
                }))
              }
              options={(facets.data?.modules ?? []).map((m) => ({ value: m, label: moduleName(m) }))}
            />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              placeholder={t('audit.action')}
              aria-label={t('audit.action')}
              loading={facets.isLoading}
              value={filters.action}
              onChange={(action?: string) => setFilters((f) => ({ ...f, action }))}
              options={actionOptions}
            />
          </Col>
          <Col xs={24} md={8} xl={3}>
            <Button icon={<ClearOutlined />} disabled={!filtered} onClick={() => setFilters({ range: null })} block>
              {t('common.reset')}
            </Button>
          </Col>
        </Row>
        {recordType && (
          <Tag closable color="processing" style={{ marginTop: 12 }} onClose={() => setParams({})}>
            {t('audit.recordFilter', { label: params.get('label') ?? `${recordTypeName(recordType)} · ${recordId ?? ''}` })}
          </Tag>
        )}
      </Card>

      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}

      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: screens.md ? 960 : 640 }}
        expandable={{
          expandedRowRender: (e) => <AuditChanges before={e.before} after={e.after} timeZone={tz} />,
          rowExpandable: (e) => hasDetails(e.before, e.after),
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
        data-testid="audit-table"
      />
      {rows.length > 0 && (
        <Flex justify="center" align="center" gap={12} wrap style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('audit.loaded', { count: rows.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('audit.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">· {t('audit.allLoaded')}</Typography.Text>
          )}
        </Flex>
      )}
      {cleaning && <CleanupModal timeZone={tz} onClose={() => setCleaning(false)} />}
    </>
  );
}
