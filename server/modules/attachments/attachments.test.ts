import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { attachmentContents, attachments } from './attachments.schema.ts';
import { multipartBody, seedCustomer } from './attachments.testing.ts';

const env = useTestApp();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

function upload(client: Client, recordType: string, recordId: string, file: { name: string; content: Buffer | string; type?: string }) {
  const { payload, headers } = multipartBody(file);
  return client.request('POST', `/api/v1/attachments?recordType=${recordType}&recordId=${recordId}`, payload, headers);
}

const auditOf = (org: TestOrg, recordId: string) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.orgId, org.orgId), eq(auditLogs.recordId, recordId))));

describe('attachments', () => {
  it('uploads, lists, downloads with the UTF-8 file name and deletes, on customers, contacts and follow-ups', async () => {
    const org = await createTestOrg(env);
    const { customer, contact, followup } = await seedCustomer(org, org.adminId);
    for (const [recordType, recordId] of [
      ['customer', customer.id],
      ['contact', contact.id],
      ['followup', followup.id],
    ] as const) {
      const res = await upload(org.admin, recordType, recordId, { name: '合同 草案.pdf', content: PDF, type: 'text/html' });
      expect(res.statusCode, res.body).toBe(201);
      const row = res.json();
      expect(row).toMatchObject({ fileName: '合同 草案.pdf', mimeType: 'application/pdf', size: PDF.length, uploadedByName: '管理员' });

      const list = await org.admin.get(`/api/v1/attachments?recordType=${recordType}&recordId=${recordId}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([row.id]);

      const file = await org.admin.get(`/api/v1/attachments/${row.id}/download`);
      expect(file.statusCode).toBe(200);
      // The server's own type, not the uploader's claim (text/html would run in the browser).
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('合同 草案.pdf')}`);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload.equals(PDF)).toBe(true);

      expect((await org.admin.delete(`/api/v1/attachments/${row.id}`)).statusCode).toBe(204);
      expect((await org.admin.get(`/api/v1/attachments/${row.id}/download`)).statusCode).toBe(404);
      const left = await withOrg(env.database.db, org.orgId, (tx) =>
        tx.select().from(attachmentContents).where(eq(attachmentContents.attachmentId, row.id)),
      );
      expect(left).toEqual([]);
      const audit = await auditOf(org, recordId);
      expect(audit.map((a) => a.action).sort()).toEqual(['add_attachment', 'delete_attachment']);
      expect(audit.find((a) => a.action === 'add_attachment')!.after).toMatchObject({ fileName: '合同 草案.pdf', size: PDF.length });
    }
  });

  it('pages the list newest first', async () => {
    const org = await createTestOrg(env);
    const { customer } = await seedCustomer(org, org.adminId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(org.admin, 'customer', customer.id, { name: `图${i}.png`, content: PNG })).json().id);
    const first = await org.admin.get(`/api/v1/attachments?recordType=customer&recordId=${customer.id}&limit=2`);
    expect(first.json().items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    const second = await org.admin.get(`/api/v1/attachments?recordType=customer&recordId=${customer.id}&limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json()).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
  });

  it('refuses types off the allow-list, content that does not match its extension, empty and oversized files, writing nothing', async () => {
    const org = await createTestOrg(env);
    const { customer } = await seedCustomer(org, org.adminId);
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'setup.exe', content: 'MZ\x90\x00' }), 422, 'validation_failed', { file: 'v.fileType' });
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'page.html', content: '<script>alert(1)</script>' }), 422, 'validation_failed', { file: 'v.fileType' });
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'fake.pdf', content: '<html></html>' }), 422, 'validation_failed', { file: 'v.fileContent' });
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'photo.jpg', content: PNG }), 422, 'validation_failed', { file: 'v.fileContent' });
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'empty.txt', content: '' }), 422, 'validation_failed', { file: 'v.fileEmpty' });
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'big.pdf', content: big }), 422, 'validation_failed', { file: 'v.fileTooLarge' }, { max: 20 });
    const notMultipart = await org.admin.post(`/api/v1/attachments?recordType=customer&recordId=${customer.id}`, {});
    expectError(notMultipart, 422, 'validation_failed', { file: 'v.required' });
    // Text in GBK, office files and archives pass.
    for (const [name, content] of [
      ['说明.txt', Buffer.from([0xc4, 0xe3, 0xba, 0xc3])],
      ['报价.xlsx', Buffer.from('PK\x03\x04rest', 'latin1')],
      ['旧表格.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])],
    ] as const) {
      expect((await upload(org.admin, 'customer', customer.id, { name, content })).statusCode, name).toBe(201);
    }
    const rows = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(attachments).where(eq(attachments.recordId, customer.id)));
    expect(rows.map((r) => r.fileName).sort()).toEqual(['报价.xlsx', '旧表格.xls', '说明.txt'].sort());
  });

  it("follows the parent record's access: hidden records answer 404, read-only ones refuse changes with 403", async () => {
    const org = await createTestOrg(env);
    const { user: owner, client: ownerClient } = await createTestUser(org, {
      permissions: ['customer:view', 'customer:edit', 'contact:view', 'contact:edit', 'activity:view'],
      scope: 'self',
    });
    const { client: stranger } = await createTestUser(org, { permissions: ['customer:view', 'customer:edit', 'contact:view', 'contact:edit'], scope: 'self' });
    const { client: viewer } = await createTestUser(org, { permissions: ['customer:view'], scope: 'all' });
    const mine = await seedCustomer(org, owner.id);
    const pool = await seedCustomer(org, null);

    const ok = await upload(ownerClient, 'customer', mine.customer.id, { name: 'a.pdf', content: PDF });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().id;

    // Someone else's customer does not exist for a 'self' scope.
    expect((await stranger.get(`/api/v1/attachments?recordType=customer&recordId=${mine.customer.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/attachments/${id}/download`)).statusCode).toBe(404);
    expect((await stranger.delete(`/api/v1/attachments/${id}`)).statusCode).toBe(404);
    expect((await upload(stranger, 'contact', mine.contact.id, { name: 'b.pdf', content: PDF })).statusCode).toBe(404);

    // Seeing is not changing: a viewer reads and downloads, but may not upload or delete.
    expect((await viewer.get(`/api/v1/attachments?recordType=customer&recordId=${mine.customer.id}`)).statusCode).toBe(200);
    expect((await viewer.get(`/api/v1/attachments/${id}/download`)).statusCode).toBe(200);
    expectError(await viewer.delete(`/api/v1/attachments/${id}`), 403, 'forbidden');
    // A pool customer is read by everyone who views customers, written only by the 'all' scope.
    expect((await stranger.get(`/api/v1/attachments?recordType=customer&recordId=${pool.customer.id}`)).statusCode).toBe(200);
    expectError(await upload(stranger, 'customer', pool.customer.id, { name: 'c.pdf', content: PDF }), 403, 'forbidden');

    // The record type's own module permission: follow-ups need activity:edit.
    expectError(await upload(ownerClient, 'followup', mine.followup.id, { name: 'd.pdf', content: PDF }), 403, 'forbidden');
    expect((await ownerClient.get(`/api/v1/attachments?recordType=followup&recordId=${mine.followup.id}`)).statusCode).toBe(200);

    const anonymous = new Client(env.app);
    expect((await anonymous.get(`/api/v1/attachments/${id}/download`)).statusCode).toBe(401);
    const rows = await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(attachments).where(eq(attachments.orgId, org.orgId)));
    expect(rows.map((r) => r.id)).toEqual([id]);
  });
});

describe('size limit', () => {
  it("follows the organisation's setting", async () => {
    const org = await createTestOrg(env);
    const { customer } = await seedCustomer(org, org.adminId);
    await withOrg(env.database.db, org.orgId, (tx) =>
      tx.execute(sql`update organizations set settings = settings || '{"attachmentMaxMb": 1}'::jsonb where id = ${org.orgId}`),
    );
    const list = await org.admin.get(`/api/v1/attachments?recordType=customer&recordId=${customer.id}`);
    expect(list.json().maxMb).toBe(1);
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]);
    expectError(await upload(org.admin, 'customer', customer.id, { name: 'big.pdf', content: big }), 422, 'validation_failed', { file: 'v.fileTooLarge' }, { max: 1 });
    expect((await upload(org.admin, 'customer', customer.id, { name: 'small.pdf', content: PDF })).statusCode).toBe(201);
  });
});
