import { z } from 'zod';
import { blankAsMissing, uuid } from './common.ts';

/** Records files can hang off (DOC-02); each follows its parent record's visibility. */
export const ATTACHMENT_RECORD_TYPES = ['customer', 'contact', 'followup'] as const;
export type AttachmentRecordType = (typeof ATTACHMENT_RECORD_TYPES)[number];

/** The permission module that guards each parent record type. */
export const ATTACHMENT_MODULE = { customer: 'customer', contact: 'contact', followup: 'activity' } as const;

export const ATTACHMENT_MAX_MB_DEFAULT = 20;

/**
 * The allow-list by extension, with the MIME type the server answers downloads with (never the one the uploading
 * browser claimed) and the family whose leading bytes the content must show. Office formats include WPS Office's
 * own (.wps/.et/.dps), common in China.
 */
export const ATTACHMENT_TYPES = {
  doc: { mime: 'application/msword', magic: 'ole' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: 'zip' },
  xls: { mime: 'application/vnd.ms-excel', magic: 'ole' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'zip' },
  ppt: { mime: 'application/vnd.ms-powerpoint', magic: 'ole' },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: 'zip' },
  odt: { mime: 'application/vnd.oasis.opendocument.text', magic: 'zip' },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', magic: 'zip' },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', magic: 'zip' },
  wps: { mime: 'application/vnd.ms-works', magic: 'ole' },
  et: { mime: 'application/vnd.ms-excel', magic: 'ole' },
  dps: { mime: 'application/vnd.ms-powerpoint', magic: 'ole' },
  pdf: { mime: 'application/pdf', magic: 'pdf' },
  jpg: { mime: 'image/jpeg', magic: 'jpeg' },
  jpeg: { mime: 'image/jpeg', magic: 'jpeg' },
  png: { mime: 'image/png', magic: 'png' },
  gif: { mime: 'image/gif', magic: 'gif' },
  webp: { mime: 'image/webp', magic: 'webp' },
  bmp: { mime: 'image/bmp', magic: 'bmp' },
  txt: { mime: 'text/plain; charset=utf-8', magic: 'text' },
  csv: { mime: 'text/csv; charset=utf-8', magic: 'text' },
  md: { mime: 'text/markdown; charset=utf-8', magic: 'text' },
  zip: { mime: 'application/zip', magic: 'zip' },
} as const satisfies Record<string, { mime: string; magic: string }>;
export type AttachmentExtension = keyof typeof ATTACHMENT_TYPES;

/** For the upload control's `accept`, so the picker offers what the server takes. */
export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_TYPES)
  .map((e) => `.${e}`)
  .join(',');

export function attachmentExtension(fileName: string): AttachmentExtension | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext && ext in ATTACHMENT_TYPES ? (ext as AttachmentExtension) : null;
}

export const attachmentFileName = z.string().trim().min(1, 'v.required').max(255, 'v.fileNameTooLong');

export const attachmentTarget = z.object({
  recordType: z.enum(ATTACHMENT_RECORD_TYPES),
  recordId: uuid,
});
export type AttachmentTarget = z.infer<typeof attachmentTarget>;

export const attachmentListQuery = attachmentTarget.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: blankAsMissing(z.string().max(200)),
});
export type AttachmentListQuery = z.infer<typeof attachmentListQuery>;
