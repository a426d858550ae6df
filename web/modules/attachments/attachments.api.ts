import { useInfiniteQuery } from '@tanstack/react-query';
import type { AttachmentRecordType } from '../../../shared/validation/attachments.ts';
import { api, download, withQuery } from '../../lib/api.ts';
import { uploadFile } from './upload.ts';

export interface Attachment {
  id: string;
  recordType: AttachmentRecordType;
  recordId: string;
  fileName: string;
  mimeType: string;
  size: number;
  uploadedBy: string | null;
  uploadedByName: string | null;
  createdAt: string;
}

export const attachmentsKey = (recordType: AttachmentRecordType, recordId: string) => ['attachments', recordType, recordId] as const;

export const attachmentsApi = {
  list: (recordType: AttachmentRecordType, recordId: string, cursor?: string) =>
    api.get<{ items: Attachment[]; nextCursor: string | null; maxMb: number }>('/attachments', { recordType, recordId, cursor, limit: 50 }),
  upload: (recordType: AttachmentRecordType, recordId: string, file: File, onProgress?: (percent: number) => void) =>
    uploadFile<Attachment>(withQuery('/attachments', { recordType, recordId }), file, onProgress),
  download: (id: string) => download(`/attachments/${id}/download`),
  remove: (id: string) => api.delete<void>(`/attachments/${id}`),
};

export function useAttachments(recordType: AttachmentRecordType, recordId: string) {
  return useInfiniteQuery({
    queryKey: attachmentsKey(recordType, recordId),
    queryFn: ({ pageParam }) => attachmentsApi.list(recordType, recordId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
