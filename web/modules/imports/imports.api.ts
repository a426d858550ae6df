import type { DuplicateMode, ImportFormat, ImportRecordType, ImportStatus } from '../../../shared/validation/imports.ts';
import type { ExportList, ListExportFormat } from '../../../shared/validation/exports.ts';
import { api, download, withQuery, type Query } from '../../lib/api.ts';
import { uploadFile } from '../attachments/upload.ts';

export interface ImportField {
  key: string;
  label: string;
  required: boolean;
  kind: string;
}

export interface ImportJob {
  id: string;
  recordType: ImportRecordType;
  status: ImportStatus;
  fileName: string;
  duplicateMode: DuplicateMode;
  headers: string[];
  mapping: Record<string, string>;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  rejectedRows: number;
  hasReport: boolean;
  error: string | null;
  createdBy: { id: string; name: string | null };
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
  /** While pending: the fields a column can map to. */
  fields?: ImportField[];
  /** Right after the upload: the first rows, to show what each column holds. */
  sample?: string[][];
}

export const importsKeys = {
  all: ['imports'] as const,
  list: (recordType?: ImportRecordType) => ['imports', 'list', recordType ?? 'all'] as const,
  one: (id: string) => ['imports', id] as const,
};

export const importsApi = {
  upload: (recordType: ImportRecordType, file: File, onProgress?: (percent: number) => void) =>
    uploadFile<ImportJob>(withQuery('/imports', { recordType }), file, onProgress),
  get: (id: string) => api.get<ImportJob>(`/imports/${id}`),
  settings: (id: string, body: { mapping: Record<string, string>; duplicateMode: DuplicateMode }) => api.put<ImportJob>(`/imports/${id}`, body),
  start: (id: string) => api.post<ImportJob>(`/imports/${id}/start`),
  undo: (id: string) => api.post<ImportJob>(`/imports/${id}/undo`),
  list: (recordType?: ImportRecordType, cursor?: string) => api.get<{ items: ImportJob[]; nextCursor: string | null }>('/imports', { recordType, cursor, limit: 20 }),
  report: (id: string) => download(`/imports/${id}/report`),
  template: (recordType: ImportRecordType, format: ImportFormat) => download('/imports/template', { recordType, format }),
};

export interface ExportJob {
  id: string;
  list: ExportList;
  format: ListExportFormat;
  status: 'running' | 'done' | 'failed';
  fileName: string;
  totalRows: number;
  processedRows: number;
  size: number;
  error: string | null;
}

export const exportsApi = {
  create: (body: { list: ExportList; format: ListExportFormat; filters: Query; columns: string[]; ids?: string[] }) => api.post<ExportJob>('/exports', body),
  get: (id: string) => api.get<ExportJob>(`/exports/${id}`),
  download: (id: string) => download(`/exports/${id}/download`),
};
