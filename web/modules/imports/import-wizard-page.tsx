import { useMemo, useState } from 'react';
import { DownloadOutlined, FileExcelOutlined, FileTextOutlined, HistoryOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Dropdown, Flex, Popconfirm, Progress, Radio, Result, Segmented, Select, Space, Steps, Table, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DUPLICATE_MODES, IMPORT_MAX_MB, IMPORT_MAX_ROWS, IMPORT_RECORD_TYPES, importPermission, type DuplicateMode, type ImportRecordType } from '../../../shared/validation/imports.ts';
import { ForbiddenPage } from '../../components/result-pages.tsx';
import { ApiError } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { importsApi, importsKeys, type ImportJob } from './imports.api.ts';

const POLL_MS = 700;

/** The record types this user may import, in the usual order. */
export function useImportTypes(): ImportRecordType[] {
  const can = useCan();
  return IMPORT_RECORD_TYPES.filter((t) => can(importPermission(t)));
}

/**
 * The import wizard (IO-01): choose the file (templates offered), map its columns, choose what happens to
 * duplicates, then watch every row being checked and the records written, or download the rows that failed,
 * correct them and upload again. A finished import can be undone from here or from the history.
 */
export function ImportWizardPage() {
  const types = useImportTypes();
  const [params, setParams] = useSearchParams();
  const asked = params.get('type') as ImportRecordType | null;
  const recordType = asked && types.includes(asked) ? asked : types[0];
  if (!recordType) return <ForbiddenPage />;
  return <Wizard key={recordType} recordType={recordType} types={types} onType={(t) => setParams({ type: t }, { replace: true })} />;
}

type Step = 'upload' | 'mapping' | 'options' | 'result';
const STEPS: Step[] = ['upload', 'mapping', 'options', 'result'];

function Wizard({ recordType, types, onType }: { recordType: ImportRecordType; types: ImportRecordType[]; onType: (t: ImportRecordType) => void }) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [step, setStep] = useState<Step>('upload');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<DuplicateMode>('skip');

  const restart = () => {
    setJob(null);
    setStep('upload');
  };

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('imports.title')}
        </Typography.Title>
        <Link to="/imports">
          <Button icon={<HistoryOutlined />}>{t('imports.history')}</Button>
        </Link>
      </Flex>
      <Card>
        <Steps
          size="small"
          current={STEPS.indexOf(step)}
          items={STEPS.map((s) => ({ title: t(`imports.steps.${s}`) }))}
          style={{ marginBottom: 24 }}
          responsive
        />
        {step === 'upload' && (
          <UploadStep
            recordType={recordType}
            types={types}
            onType={onType}
            onUploaded={(j) => {
              setJob(j);
              setMapping(j.mapping);
              setStep('mapping');
            }}
          />
        )}
        {step === 'mapping' && job && <MappingStep job={job} mapping={mapping} onChange={setMapping} onBack={restart} onNext={() => setStep('options')} />}
        {step === 'options' && job && (
          <OptionsStep
            recordType={recordType}
            mode={mode}
            onMode={setMode}
            onBack={() => setStep('mapping')}
            onStart={async () => {
              try {
                const saved = await importsApi.settings(job.id, { mapping, duplicateMode: mode });
                setJob(saved);
                setStep('result');
              } catch (err) {
                onError(err);
                if (err instanceof ApiError && Object.keys(err.fields).some((f) => f.startsWith('mapping') || f.startsWith('field'))) setStep('mapping');
              }
            }}
          />
        )}
        {step === 'result' && job && <RunStep job={job} onRestart={restart} />}
      </Card>
    </>
  );
}

function UploadStep({
  recordType,
  types,
  onType,
  onUploaded,
}: {
  recordType: ImportRecordType;
  types: ImportRecordType[];
  onType: (t: ImportRecordType) => void;
  onUploaded: (job: ImportJob) => void;
}) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [percent, setPercent] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong>{t('imports.recordType')}</Typography.Text>
        <Segmented<ImportRecordType> value={recordType} onChange={onType} options={types.map((v) => ({ value: v, label: t(`imports.types.${v}`) }))} />
      </Flex>
      <Flex align="center" gap={12} wrap>
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', icon: <FileExcelOutlined />, label: t('imports.templateXlsx') },
              { key: 'csv', icon: <FileTextOutlined />, label: t('imports.templateCsv') },
            ],
            onClick: ({ key }) => void importsApi.template(recordType, key as 'xlsx' | 'csv').catch(onError),
          }}
        >
          <Button icon={<DownloadOutlined />}>{t('imports.template')}</Button>
        </Dropdown>
        <Typography.Text type="secondary">{t('imports.templateHint')}</Typography.Text>
      </Flex>
      {problem && <Alert type="error" showIcon message={problem} closable onClose={() => setProblem(null)} />}
      <div data-testid="import-file">
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={percent !== null}
          customRequest={({ file }) => {
            setProblem(null);
            setPercent(0);
            importsApi
              .upload(recordType, file as File, setPercent)
              .then(onUploaded)
              .catch((err: unknown) => setProblem(err instanceof ApiError ? (Object.values(err.fields)[0] ?? err.message) : String(err)))
              .finally(() => setPercent(null));
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{percent === null ? t('imports.dragger') : t('imports.uploading', { percent })}</p>
          <p className="ant-upload-hint">{t('imports.draggerHint', { mb: IMPORT_MAX_MB, rows: IMPORT_MAX_ROWS.toLocaleString() })}</p>
        </Upload.Dragger>
      </div>
      {percent !== null && <Progress percent={percent} size="small" />}
    </Flex>
  );
}

function MappingStep({
  job,
  mapping,
  onChange,
  onBack,
  onNext,
}: {
  job: ImportJob;
  mapping: Record<string, string>;
  onChange: (m: Record<string, string>) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const fields = job.fields ?? [];
  const used = new Set(Object.values(mapping));
  const missing = fields.filter((f) => f.required && f.kind !== 'custom' && !used.has(f.key));
  const rows = job.headers.map((header, index) => ({
    index,
    header,
    samples: (job.sample ?? []).map((r) => r[index]).filter(Boolean).slice(0, 3),
  }));
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('imports.mappingIntro')}
      </Typography.Paragraph>
      <Table
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 600 }}
        data-testid="import-mapping"
        columns={[
          { title: t('imports.column'), dataIndex: 'header', width: 200, render: (h: string) => <Typography.Text strong>{h || '—'}</Typography.Text> },
          {
            title: t('imports.sampleValues'),
            dataIndex: 'samples',
            render: (s: string[]) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
                {s.join(' · ') || '—'}
              </Typography.Text>
            ),
          },
          {
            title: t('imports.target'),
            width: 240,
            render: (_: unknown, row: { index: number }) => {
              const current = mapping[String(row.index)] ?? '';
              return (
                <Select
                  style={{ width: '100%' }}
                  value={current}
                  showSearch={{ optionFilterProp: 'label' }}
                  aria-label={`${t('imports.target')} ${row.index + 1}`}
                  onChange={(key: string) => {
                    const next = { ...mapping };
                    if (key) next[String(row.index)] = key;
                    else delete next[String(row.index)];
                    onChange(next);
                  }}
                  options={[
                    { value: '', label: t('imports.skipColumn') },
                    ...fields.map((f) => ({
                      value: f.key,
                      label: f.required ? `${f.label} *` : f.label,
                      disabled: used.has(f.key) && f.key !== current,
                    })),
                  ]}
                />
              );
            },
          },
        ]}
      />
      {missing.length > 0 && <Alert type="warning" showIcon message={t('imports.requiredMissing', { fields: missing.map((f) => f.label).join(t('imports.listSeparator')) })} />}
      <Flex justify="space-between">
        <Button onClick={onBack}>{t('imports.back')}</Button>
        <Button type="primary" disabled={missing.length > 0} onClick={onNext}>
          {t('imports.next')}
        </Button>
      </Flex>
    </Flex>
  );
}

function OptionsStep({
  recordType,
  mode,
  onMode,
  onBack,
  onStart,
}: {
  recordType: ImportRecordType;
  mode: DuplicateMode;
  onMode: (m: DuplicateMode) => void;
  onBack: () => void;
  onStart: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Text strong>{t('imports.duplicateMode')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
          {t(`imports.duplicateHelp.${recordType}`)}
        </Typography.Paragraph>
        <Radio.Group value={mode} onChange={(e) => onMode(e.target.value as DuplicateMode)} data-testid="import-mode">
          <Space direction="vertical">
            {DUPLICATE_MODES.map((m) => (
              <Radio key={m} value={m}>
                {t(`imports.modes.${m}`)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </div>
      <Alert type="info" showIcon message={t('imports.allOrNothing')} />
      <Flex justify="space-between">
        <Button onClick={onBack}>{t('imports.back')}</Button>
        <Button
          type="primary"
          loading={busy}
          onClick={() => {
            setBusy(true);
            void onStart().finally(() => setBusy(false));
          }}
        >
          {t('imports.start')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** Starts the import and shows its progress (polled while the start request runs), then its outcome. */
function RunStep({ job, onRestart }: { job: ImportJob; onRestart: () => void }) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const [final, setFinal] = useState<ImportJob | null>(null);
  const start = useQuery({
    queryKey: ['imports', job.id, 'start'],
    queryFn: async () => {
      try {
        const done = await importsApi.start(job.id);
        setFinal(done);
        return done;
      } catch (err) {
        onError(err);
        throw err;
      }
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const progress = useQuery({
    queryKey: importsKeys.one(job.id),
    queryFn: () => importsApi.get(job.id),
    refetchInterval: (q) => (final || (q.state.data && q.state.data.status !== 'running' && q.state.data.status !== 'pending') ? false : POLL_MS),
  });
  const undo = useMutation({
    mutationFn: () => importsApi.undo(job.id),
    onSuccess: (j) => {
      setFinal(j);
      message.success(t('imports.undone'));
    },
    onError: (err) => onError(err),
  });

  const current = final ?? (progress.data && progress.data.status !== 'pending' && progress.data.status !== 'running' ? progress.data : null);
  const live = progress.data ?? job;
  const percent = useMemo(() => (live.totalRows ? Math.min(99, Math.floor((live.processedRows / live.totalRows) * 100)) : 0), [live.processedRows, live.totalRows]);

  if (!current) {
    const writing = live.processedRows > 0 && live.processedRows >= live.totalRows;
    return (
      <Flex vertical gap={12} align="center" style={{ padding: '24px 0' }} data-testid="import-progress">
        <Progress type="circle" percent={writing ? 99 : percent} status="active" />
        <Typography.Text>{writing ? t('imports.writing') : t('imports.validating', { done: live.processedRows, total: live.totalRows || '…' })}</Typography.Text>
        {start.isError && (
          <Button onClick={onRestart} style={{ marginTop: 8 }}>
            {t('imports.fixAndRetry')}
          </Button>
        )}
      </Flex>
    );
  }

  const history = (
    <Link key="history" to="/imports">
      <Button>{t('imports.toHistory')}</Button>
    </Link>
  );
  if (current.status === 'done') {
    return (
      <Result
        status="success"
        title={t('imports.doneTitle')}
        subTitle={t('imports.doneSummary', { created: current.createdRows, updated: current.updatedRows, skipped: current.skippedRows })}
        data-testid="import-done"
        extra={[
          <Popconfirm
            key="undo"
            title={t('imports.undoConfirm')}
            description={t('imports.undoHelp', { created: current.createdRows, updated: current.updatedRows })}
            okButtonProps={{ danger: true }}
            onConfirm={() => undo.mutateAsync()}
          >
            <Button danger loading={undo.isPending}>
              {t('imports.undo')}
            </Button>
          </Popconfirm>,
          <Button key="again" type="primary" onClick={onRestart}>
            {t('imports.another')}
          </Button>,
          history,
        ]}
      />
    );
  }
  if (current.status === 'undone') {
    return <Result status="info" title={t('imports.undone')} extra={[<Button key="again" type="primary" onClick={onRestart}>{t('imports.another')}</Button>, history]} />;
  }
  if (current.rejectedRows > 0) {
    return (
      <Result
        status="warning"
        title={t('imports.rejectedTitle', { count: current.rejectedRows })}
        subTitle={t('imports.rejectedHint')}
        data-testid="import-rejected"
        extra={[
          <Button key="report" type="primary" icon={<DownloadOutlined />} onClick={() => void importsApi.report(current.id).catch(onError)}>
            {t('imports.downloadReport')}
          </Button>,
          <Button key="again" onClick={onRestart}>
            {t('imports.fixAndRetry')}
          </Button>,
        ]}
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('imports.failedTitle')}
      subTitle={current.error}
      extra={[
        <Button key="again" type="primary" onClick={onRestart}>
          {t('imports.fixAndRetry')}
        </Button>,
        history,
      ]}
    />
  );
}
