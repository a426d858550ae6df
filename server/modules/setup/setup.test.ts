import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { withSystem } from '../../lib/tx.ts';
import { Client, createTestOrg, PASSWORD, uniq, useTestApp } from '../../test/fixtures.ts';

const env = useTestApp();

const orgInput = (code: string) => ({
  orgName: `新公司 ${code}`,
  orgCode: code,
  adminUsername: 'boss',
  adminName: '老板',
  adminEmail: `${code}@example.com`,
  password: PASSWORD,
  confirmPassword: PASSWORD,
});

describe('organisations', () => {
  it('reports set-up status and refuses a second set-up', async () => {
    await createTestOrg(env);
    const status = await new Client(env.app).get('/api/v1/setup/status');
    expect(status.json()).toMatchObject({ setUp: true });
    const again = await new Client(env.app).post('/api/v1/setup', orgInput(uniq('s')));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('setup_done');
  });

  it('lets an installation administrator create and list further, isolated organisations', async () => {
    const root = await createTestOrg(env, { installationAdmin: true });
    const code = uniq('n');
    const created = await root.admin.post('/api/v1/organizations', orgInput(code));
    expect(created.statusCode).toBe(201);
    const orgId = created.json().org.id as string;

    const list = await root.admin.get('/api/v1/organizations');
    expect(list.json().items.map((o: { code: string }) => o.code)).toContain(code);

    // Its administrator signs in to the new organisation and sees only its own users.
    const boss = await new Client(env.app).login('boss', PASSWORD, code);
    const users = await boss.get('/api/v1/users');
    expect(users.json().items.map((u: { username: string }) => u.username)).toEqual(['boss']);

    // The creation is audited in the creator's organisation too.
    const entries = await withSystem(env.database.db, (tx) =>
      queryRows<{ actor_id: string }>(
        tx,
        sql`select actor_id from audit_logs where org_id = ${root.orgId} and action = 'create_organization' and record_id = ${orgId}`,
      ),
    );
    expect(entries).toEqual([{ actor_id: root.adminId }]);

    const duplicate = await root.admin.post('/api/v1/organizations', orgInput(code));
    expect(duplicate.statusCode).toBe(409);
    expect(Object.keys(duplicate.json().error.fields)).toContain('orgCode');
  });

  it('keeps organisation management from ordinary administrators', async () => {
    const org = await createTestOrg(env);
    expect((await org.admin.get('/api/v1/organizations')).statusCode).toBe(403);
    expect((await org.admin.post('/api/v1/organizations', orgInput(uniq('x')))).statusCode).toBe(403);
  });
});
