import { useState } from 'react';
import {
  DeleteOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileTextOutlined,
  FileWordOutlined,
  FileZipOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, List, Popconfirm, Skeleton, Tooltip, Typography, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_MB_DEFAULT, type AttachmentRecordType } from '../../../shared/validation/attachments.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import { useTimeZone } from '../../lib/session.ts';
import { attachmentsApi, attachmentsKey, useAttachments, type Attachment } from './attachments.api.ts';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function FileIcon({ mime, name }: { mime: string; name: string }) {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  const style = { fontSize: 22 };
  if (mime === 'application/pdf') return <FilePdfOutlined style={{ ...style, color: '#cf1322' }} />;
  if (mime.startsWith('image/')) return <FileImageOutlined style={{ ...style, color: '#13a8a8' }} />;
  if (['xls', 'xlsx', 'et', 'ods', 'csv'].includes(ext)) return <FileExcelOutlined style={{ ...style, color: '#389e0d' }} />;
  if (['doc', 'docx', 'wps', 'odt'].includes(ext)) return <FileWordOutlined style={{ ...style, color: '#1677ff' }} />;
  if (['ppt', 'pptx', 'dps', 'odp'].includes(ext)) return <FilePptOutlined style={{ ...style, color: '#d4380d' }} />;
  if (ext === 'zip') return <FileZipOutlined style={{ ...style, color: '#ad6800' }} />;
  if (mime.startsWith('text/')) return <FileTextOutlined style={style} />;
  return <FileOutlined style={style} />;
}

/**
 * The files of one customer, contact or follow-up (DOC-02): upload with progress, newest first, download, and
 * delete after a confirmation. `canEdit` hides what the server would refuse; the server checks it again.
 */
export function AttachmentList({ recordType, recordId, canEdit }: { recordType: AttachmentRecordType; recordId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const list = useAttachments(recordType, recordId);
  const [uploads, setUploads] = useState<UploadFile[]>([]);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const refresh = () => qc.invalidateQueries({ queryKey: attachmentsKey(recordType, recordId) });
  const remove = useMutation({
    mutationFn: (a: Attachment) => attachmentsApi.remove(a.id),
    onSuccess: () => {
      message.success(t('attachments.deleted'));
      void refresh();
    },
    onError: (err) => onError(err),
  });

  const setUpload = (uid: string, patch: Partial<UploadFile> | null) =>
    setUploads((all) => (patch ? all.map((f) => (f.uid === uid ? { ...f, ...patch } : f)) : all.filter((f) => f.uid !== uid)));

  return (
    <div data-testid="attachment-list">
      {canEdit && (
        <Flex vertical gap={4} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('attachments.hint', { max: list.data?.pages[0]?.maxMb ?? ATTACHMENT_MAX_MB_DEFAULT })}
          </Typography.Text>
          <Upload
            multiple
            accept={ATTACHMENT_ACCEPT}
            fileList={uploads}
            onRemove={(f) => setUpload(f.uid, null)}
            customRequest={({ file }) => {
              const f = file as File & { uid: string };
              setUploads((all) => [...all, { uid: f.uid, name: f.name, status: 'uploading', percent: 0 }]);
              attachmentsApi
                .upload(recordType, recordId, f, (percent) => setUpload(f.uid, { percent }))
                .then(() => {
                  setUpload(f.uid, null);
                  message.success(t('attachments.uploaded', { name: f.name }));
                  void refresh();
                })
                .catch((err: unknown) => {
                  // The reason stays beside the file (too large, wrong type) until the user dismisses it.
                  const reason = err instanceof ApiError ? (Object.values(err.fields)[0] ?? err.message) : String(err);
                  setUpload(f.uid, { status: 'error', response: reason, error: new Error(reason) });
                  message.error(t('attachments.failed', { name: f.name, reason }));
                });
            }}
          >
            <Button icon={<UploadOutlined />}>{t('attachments.upload')}</Button>
          </Upload>
        </Flex>
      )}
      {list.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          loadMore={
            list.hasNextPage ? (
              <Flex justify="center" style={{ marginTop: 8 }}>
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('attachments.loadMore')}
                </Button>
              </Flex>
            ) : null
          }
          renderItem={(a) => (
            <List.Item
              actions={[
                <Tooltip key="download" title={t('attachments.download')}>
                  <Button type="text" icon={<DownloadOutlined />} aria-label={t('attachments.download')} onClick={() => void attachmentsApi.download(a.id).catch(onError)} />
                </Tooltip>,
                ...(canEdit
                  ? [
                      <Popconfirm
                        key="delete"
                        title={t('attachments.deleteConfirm', { name: a.fileName })}
                        description={t('attachments.deleteHelp')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove.mutateAsync(a)}
                      >
                        <Tooltip title={t('attachments.delete')}>
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('attachments.delete')} />
                        </Tooltip>
                      </Popconfirm>,
                    ]
                  : []),
              ]}
            >
              <List.Item.Meta
                avatar={<FileIcon mime={a.mimeType} name={a.fileName} />}
                title={
                  <Typography.Link onClick={() => void attachmentsApi.download(a.id).catch(onError)} ellipsis style={{ maxWidth: '100%' }}>
                    {a.fileName}
                  </Typography.Link>
                }
                description={t('attachments.meta', { size: formatSize(a.size), name: a.uploadedByName ?? '—', time: formatDateTime(a.createdAt, tz) })}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
