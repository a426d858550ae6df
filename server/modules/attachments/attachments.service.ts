import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { fieldError, forbidden, notFound } from '../../lib/errors.ts';
import { afterCursor, decodeCursor, keysetAt, keysetPage } from '../../lib/paginate.ts';
import type { Access } from '../../lib/visibility.ts';
import type { Permission } from '../../../shared/permissions.ts';
import { orgSettings } from '../../../shared/validation/settings.ts';
import {
  ATTACHMENT_MODULE,
  ATTACHMENT_TYPES,
  attachmentExtension,
  type AttachmentListQuery,
  type AttachmentRecordType,
  type AttachmentTarget,
} from '../../../shared/validation/attachments.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { childVisible, getAccessibleCustomer, loadCustomerAccess } from '../customers/customers.access.ts';
import { followups } from '../followups/followups.schema.ts';
import { organizations } from '../tenants/tenants.schema.ts';
import { users } from '../users/users.schema.ts';
import { attachmentContents, attachments, bytesOf } from './attachments.schema.ts';
import type { Upload } from './attachments.upload.ts';

type Attachment = typeof attachments.$inferSelect;

function requireModulePermission(actor: Actor, recordType: AttachmentRecordType, access: Access) {
  const perm = `${ATTACHMENT_MODULE[recordType]}:${access === 'write' ? 'edit' : 'view'}` as Permission;
  if (!actor.permissions.has(perm)) throw forbidden();
}

/** A contact or follow-up the actor may access, by the visibility of the customer it belongs to. */
async function accessibleChild(
  tx: Tx,
  actor: Actor,
  table: PgTable & { orgId: PgColumn; id: PgColumn; customerId: PgColumn; ownerId: PgColumn; deletedAt: PgColumn },
  module: 'contact' | 'activity',
  id: string,
  access: Access,
) {
  const acc = await loadCustomerAccess(tx, actor, module);
  const [row] = await tx
    .select({ id: table.id, writable: sql<boolean>`${childVisible(acc, table, 'write')}` })
    .from(table)
    .where(and(eq(table.orgId, actor.orgId), eq(table.id, id), childVisible(acc, table, 'read')));
  if (!row) throw notFound();
  if (access === 'write' && !row.writable) throw forbidden();
}

/**
 * Attachments follow their parent record: the permission of its module (view to read, edit to change) and read
 * or write access to the record itself. A record the actor cannot see answers 404, as the record would.
 */
export async function assertParentAccess(tx: Tx, actor: Actor, target: AttachmentTarget, access: Access) {
  requireModulePermission(actor, target.recordType, access);
  if (target.recordType === 'customer') {
    await getAccessibleCustomer(tx, await loadCustomerAccess(tx, actor, 'customer'), target.recordId, access);
  } else if (target.recordType === 'contact') {
    await accessibleChild(tx, actor, contacts, 'contact', target.recordId, access);
  } else {
    await accessibleChild(tx, actor, followups, 'activity', target.recordId, access);
  }
}

const maxMbSetting = orgSettings.shape.attachmentMaxMb;

/** The organisation's upload limit (settings), read before the request body so a refused file is not read whole. */
export async function attachmentLimitMb(tx: Tx, orgId: string): Promise<number> {
  const [org] = await tx.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, orgId));
  // A settings row from before the limit existed (or out of range) means the default.
  const parsed = maxMbSetting.safeParse((org?.settings as { attachmentMaxMb?: unknown } | undefined)?.attachmentMaxMb);
  return parsed.success ? parsed.data : maxMbSetting.parse(undefined);
}

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  zip: (b) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) || b.subarray(0, 4).equals(Buffer.from('PK\x05\x06', 'latin1')),
  ole: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  gif: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  webp: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  bmp: (b) => b.subarray(0, 2).toString('latin1') === 'BM',
  // Text in any encoding (UTF-8, GBK) has no NUL bytes; binaries almost always do near the start.
  text: (b) => !b.subarray(0, 8192).includes(0),
};

/**
 * The type comes from the extension on the allow-list, and the content must start the way that type does: a
 * renamed executable or HTML page is refused, and downloads are served with the type the server knows, never the
 * uploader's claim, so a file cannot make the browser run it.
 */
function checkType(upload: Upload) {
  const ext = attachmentExtension(upload.fileName);
  if (!ext) throw fieldError({ file: 'v.fileType' });
  const type = ATTACHMENT_TYPES[ext];
  if (!MAGIC[type.magic]!(upload.content)) throw fieldError({ file: 'v.fileContent' });
  return type.mime;
}

const presentColumns = {
  id: attachments.id,
  recordType: attachments.recordType,
  recordId: attachments.recordId,
  fileName: attachments.fileName,
  mimeType: attachments.mimeType,
  size: attachments.size,
  uploadedBy: attachments.uploadedBy,
  uploadedByName: users.name,
  createdAt: attachments.createdAt,
};

export async function listAttachments(tx: Tx, actor: Actor, query: AttachmentListQuery) {
  await assertParentAccess(tx, actor, query, 'read');
  const rows = await tx
    .select({ ...presentColumns, cursorAt: keysetAt(attachments.createdAt) })
    .from(attachments)
    .leftJoin(users, and(eq(users.orgId, attachments.orgId), eq(users.id, attachments.uploadedBy)))
    .where(
      and(
        eq(attachments.orgId, actor.orgId),
        eq(attachments.recordType, query.recordType),
        eq(attachments.recordId, query.recordId),
        afterCursor(attachments.createdAt, attachments.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(attachments.createdAt), desc(attachments.id))
    .limit(query.limit + 1);
  // The upload control states the limit beside its button.
  return { ...keysetPage(rows, query.limit), maxMb: await attachmentLimitMb(tx, actor.orgId) };
}

const auditView = (a: Pick<Attachment, 'id' | 'fileName' | 'size' | 'mimeType'>) => ({ attachmentId: a.id, fileName: a.fileName, size: a.size, mimeType: a.mimeType });

/** Audited on the parent record, so the customer's (contact's, follow-up's) history shows its files coming and going. */
const auditTarget = (recordType: string, recordId: string, fileName: string) => ({
  // The module the parent record's own entries use.
  module: recordType,
  recordType,
  recordId,
  recordLabel: fileName,
});

export async function uploadAttachment(tx: Tx, actor: Actor, target: AttachmentTarget, upload: Upload) {
  const mimeType = checkType(upload);
  await assertParentAccess(tx, actor, target, 'write');
  const [row] = await tx
    .insert(attachments)
    .values({
      orgId: actor.orgId,
      recordType: target.recordType,
      recordId: target.recordId,
      fileName: upload.fileName,
      mimeType,
      size: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
      uploadedBy: actor.userId,
    })
    .returning();
  await tx.insert(attachmentContents).values({ orgId: actor.orgId, attachmentId: row!.id, content: upload.content });
  await recordAudit(tx, actor, { ...auditTarget(row!.recordType, row!.recordId, row!.fileName), action: 'add_attachment', after: auditView(row!) });
  return {
    id: row!.id,
    recordType: row!.recordType,
    recordId: row!.recordId,
    fileName: row!.fileName,
    mimeType: row!.mimeType,
    size: row!.size,
    uploadedBy: actor.userId,
    uploadedByName: actor.name,
    createdAt: row!.createdAt,
  };
}

async function findAttachment(tx: Tx, actor: Actor, id: string): Promise<Attachment> {
  const [row] = await tx.select().from(attachments).where(and(eq(attachments.orgId, actor.orgId), eq(attachments.id, id)));
  if (!row) throw notFound();
  return row;
}

const targetOf = (a: Attachment): AttachmentTarget => ({ recordType: a.recordType as AttachmentRecordType, recordId: a.recordId });

export async function readAttachment(tx: Tx, actor: Actor, id: string) {
  const row = await findAttachment(tx, actor, id);
  await assertParentAccess(tx, actor, targetOf(row), 'read');
  const [content] = await tx
    .select({ content: bytesOf(attachmentContents.content) })
    .from(attachmentContents)
    .where(and(eq(attachmentContents.orgId, actor.orgId), eq(attachmentContents.attachmentId, id)));
  if (!content) throw notFound();
  return { name: row.fileName, type: row.mimeType, body: content.content };
}

export async function deleteAttachment(tx: Tx, actor: Actor, id: string) {
  const row = await findAttachment(tx, actor, id);
  await assertParentAccess(tx, actor, targetOf(row), 'write');
  await tx.delete(attachmentContents).where(and(eq(attachmentContents.orgId, actor.orgId), eq(attachmentContents.attachmentId, id)));
  await tx.delete(attachments).where(and(eq(attachments.orgId, actor.orgId), eq(attachments.id, id)));
  await recordAudit(tx, actor, { ...auditTarget(row.recordType, row.recordId, row.fileName), action: 'delete_attachment', before: auditView(row) });
}
