import { randomBytes } from 'node:crypto';
import { withOrg } from '../../lib/tx.ts';
import type { TestOrg } from '../../test/fixtures.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { customers } from '../customers/customers.schema.ts';
import { followups } from '../followups/followups.schema.ts';

/** A multipart/form-data body with one file part (and optional fields), as a browser's upload sends it. */
export function multipartBody(file: { name: string; content: Buffer | string; type?: string }, fields: Record<string, string> = {}) {
  const boundary = `----kehu${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
  );
  parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A customer with a contact and a follow-up, written straight to the tables: these tests are about what hangs off
 * the records, not about how the records are made.
 */
export async function seedCustomer(org: TestOrg, ownerId: string | null, name = `测试客户${randomBytes(3).toString('hex')}`) {
  return withOrg(org.env.database.db, org.orgId, async (tx) => {
    const [customer] = await tx
      .insert(customers)
      .values({ orgId: org.orgId, number: `T${randomBytes(4).toString('hex')}`, name, nameKey: name.toLowerCase(), ownerId, createdBy: ownerId })
      .returning();
    const [contact] = await tx.insert(contacts).values({ orgId: org.orgId, customerId: customer!.id, ownerId, name: '张三' }).returning();
    const [followup] = await tx
      .insert(followups)
      .values({ orgId: org.orgId, customerId: customer!.id, contactId: contact!.id, ownerId, method: 'phone', content: '电话沟通', occurredAt: new Date() })
      .returning();
    return { customer: customer!, contact: contact!, followup: followup! };
  });
}
