import { useEffect, useRef, useState } from 'react';
import { DownloadOutlined, FileExcelOutlined, FilePdfOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Modal, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { exportPermission, type ExportList, type ListExportFormat } from '../../../shared/validation/exports.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { exportsApi, type ExportJob } from './imports.api.ts';

export { ImportButton } from './import-button.tsx';

/** How long an export may take before its progress is shown; small ones just download. */
const SHOW_PROGRESS_AFTER_MS = 800;
const POLL_MS = 500;

type FilterValue = string | number | boolean | string[] | null | undefined;

/**
 * Exports what a list shows (IO-02): the list's current filters (as in its query string) and its visible columns,
 * in the format chosen from the menu. The server applies the list's own visibility rule, so the file holds only
 * rows the user may see. Large exports show their progress; the file downloads when it is ready. `ids` limits
 * the export to selected rows.
 */
export function ExportButton({
  list,
  filters,
  columns,
  ids,
  size,
}: {
  list: ExportList;
  filters: Record<string, FilterValue>;
  columns: string[];
  ids?: string[];
  size?: 'small' | 'middle' | 'large';
}) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [showProgress, setShowProgress] = useState(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  if (!can(exportPermission(list))) return null;

  async function run(format: ListExportFormat) {
    const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Record<string, string>;
    let current = await exportsApi.create({ list, format, filters: clean, columns, ids });
    setJob(current);
    const timer = setTimeout(() => alive.current && setShowProgress(true), SHOW_PROGRESS_AFTER_MS);
    try {
      while (current.status === 'running' && alive.current) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        current = await exportsApi.get(current.id);
        if (alive.current) setJob(current);
      }
    } finally {
      clearTimeout(timer);
      if (alive.current) setShowProgress(false);
    }
    if (current.status === 'done') {
      message.success(t('exports.done', { count: current.totalRows }));
      await exportsApi.download(current.id);
    } else if (current.status === 'failed') {
      message.error(t('exports.failed'));
    }
  }

  const busy = job?.status === 'running';
  const percent = job && job.totalRows ? Math.min(100, Math.floor((job.processedRows / job.totalRows) * 100)) : 0;
  return (
    <>
      <Dropdown
        disabled={busy}
        menu={{
          items: [
            { key: 'xlsx', icon: <FileExcelOutlined />, label: t('exports.xlsx') },
            { key: 'csv', icon: <FileTextOutlined />, label: t('exports.csv') },
            { key: 'pdf', icon: <FilePdfOutlined />, label: t('exports.pdf') },
          ],
          onClick: ({ key }) => void run(key as ListExportFormat).catch((err) => onError(err)).finally(() => alive.current && setJob(null)),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={busy} size={size} data-testid={`export-${list}`}>
          {t('exports.button')}
        </Button>
      </Dropdown>
      <Modal
        open={showProgress && busy}
        title={t('exports.progressTitle')}
        onCancel={() => setShowProgress(false)}
        footer={<Button onClick={() => setShowProgress(false)}>{t('exports.hide')}</Button>}
        destroyOnHidden
      >
        <Progress percent={percent} status="active" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('exports.progress', { done: job?.processedRows ?? 0, total: job?.totalRows ?? 0 })}
          <br />
          {t('exports.background')}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
