import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../db/columns.ts';
import { withOrg } from '../../lib/tx.ts';
import { createTestUser, type TestOrg } from '../../test/fixtures.ts';
import type { DataScope, Permission, SharingMode } from '../../../shared/permissions.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import type { CustomerApprovalState } from '../customers/customers.schema.ts';
import { customers } from '../customers/customers.schema.ts';
import { departments, positions } from '../orgchart/orgchart.schema.ts';
import { recordShares, sharingModes } from '../roles/roles.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * Test helpers for the modules that hang off customers (contacts, follow-ups, work lists). Customers, shares and
 * the org chart are written straight to the tables: these tests are about what hangs off a customer and who sees
 * it, not about how customers are made.
 */

export async function seedCustomer(
  org: TestOrg,
  opts: { ownerId: string | null; name?: string; approvalState?: CustomerApprovalState; createdBy?: string; nextContactAt?: Date | null },
) {
  const name = opts.name ?? `测试客户${randomBytes(3).toString('hex')}`;
  return withOrg(org.env.database.db, org.orgId, async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({
        orgId: org.orgId,
        number: `T${randomBytes(5).toString('hex')}`,
        name,
        nameKey: `${name.toLowerCase()}-${randomBytes(3).toString('hex')}`,
        ownerId: opts.ownerId,
        approvalState: opts.approvalState ?? 'active',
        createdBy: opts.createdBy ?? opts.ownerId,
        nextContactAt: opts.nextContactAt ?? null,
      })
      .returning();
    return row!;
  });
}

export async function shareCustomer(org: TestOrg, customerId: string, userId: string, access: 'read' | 'write') {
  await withOrg(org.env.database.db, org.orgId, (tx) => tx.insert(recordShares).values({ orgId: org.orgId, recordType: 'customer', recordId: customerId, userId, access }));
}

export async function setCustomerSharing(org: TestOrg, mode: SharingMode) {
  await withOrg(org.env.database.db, org.orgId, (tx) =>
    tx.insert(sharingModes).values({ orgId: org.orgId, recordType: 'customer', mode }).onConflictDoUpdate({ target: [sharingModes.orgId, sharingModes.recordType], set: { mode } }),
  );
}

export const customerRow = (org: TestOrg, id: string) =>
  withOrg(org.env.database.db, org.orgId, async (tx) => (await tx.select().from(customers).where(and(eq(customers.orgId, org.orgId), eq(customers.id, id))))[0]!);

export const auditOf = (org: TestOrg, module: string, action?: string) =>
  withOrg(org.env.database.db, org.orgId, (tx) =>
    tx
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.module, module), action ? eq(auditLogs.action, action) : undefined)),
  );

export async function setTimeZone(org: TestOrg, userId: string, timeZone: string) {
  await withOrg(org.env.database.db, org.orgId, (tx) =>
    tx
      .update(users)
      .set({ prefs: sql`${users.prefs} || ${JSON.stringify({ timeZone })}::jsonb` })
      .where(and(eq(users.orgId, org.orgId), eq(users.id, userId))),
  );
}

export const SALES: Permission[] = [
  'customer:view',
  'customer:edit',
  'contact:view',
  'contact:create',
  'contact:edit',
  'contact:delete',
  'activity:view',
  'activity:create',
  'activity:edit',
  'activity:delete',
];

/**
 * A small sales team: a manager whose position is above two reps' (one of them in another department), and an
 * outsider in the same department with no position. Everyone holds `permissions` with `scope` (default 'self').
 */
export async function salesTeam(org: TestOrg, permissions: Permission[] = SALES, scope: DataScope = 'self') {
  const ids = { dept: newId(), other: newId(), mgrPos: newId(), repPos: newId() };
  await withOrg(org.env.database.db, org.orgId, async (tx) => {
    await tx.insert(departments).values([
      { orgId: org.orgId, id: ids.dept, name: `销售部${randomBytes(2).toString('hex')}`, path: `/${ids.dept}/` },
      { orgId: org.orgId, id: ids.other, name: `市场部${randomBytes(2).toString('hex')}`, path: `/${ids.other}/` },
    ]);
    await tx.insert(positions).values([
      { orgId: org.orgId, id: ids.mgrPos, departmentId: ids.dept, name: '销售经理', path: `/${ids.mgrPos}/` },
      { orgId: org.orgId, id: ids.repPos, departmentId: ids.dept, parentId: ids.mgrPos, name: '销售代表', path: `/${ids.mgrPos}/${ids.repPos}/` },
    ]);
  });
  const manager = await createTestUser(org, { permissions, scope, departmentId: ids.dept, positionIds: [ids.mgrPos] });
  const rep = await createTestUser(org, { permissions, scope, departmentId: ids.dept, positionIds: [ids.repPos] });
  const rep2 = await createTestUser(org, { permissions, scope, departmentId: ids.other, positionIds: [ids.repPos] });
  const outsider = await createTestUser(org, { permissions, scope, departmentId: ids.dept });
  return { manager, rep, rep2, outsider, departmentId: ids.dept };
}
