// The public pool in the browser: a sales rep claims a customer from the pool (the limits shown move), returns it
// with a reason from "my customers", and is then told to wait before claiming it back.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, it } from 'vitest';
import { queryRows } from '../server/db/client.ts';
import { withOrg, withSystem } from '../server/lib/tx.ts';
import { roles } from '../server/modules/roles/roles.schema.ts';
import { insertUser } from '../server/modules/users/users.core.ts';
import { apiSession, buttonName, login, ORG, poll, setUpOrg, useE2E } from './fixtures.ts';

const e2e = useE2E();

const rep = { username: 'wurep', name: '吴销售', email: 'wurep@example.com', password: 'SalesRep123' };
const pooled = ['上海振华重工', '上海家化联合'];

beforeAll(async () => {
  const { kehu } = e2e;
  await setUpOrg(kehu);
  const [{ id: orgId }] = (await withSystem(kehu.database.db, (tx) => queryRows<{ id: string }>(tx, sql`select id from organizations where code = ${ORG.orgCode}`))) as [
    { id: string },
  ];
  await withOrg(kehu.database.db, orgId, async (tx) => {
    const [role] = await tx
      .insert(roles)
      .values({ orgId, name: '公海销售', permissions: ['customer:view', 'customer:edit'], dataScopes: { customer: 'self', contact: 'self', activity: 'self' } })
      .returning();
    await insertUser(tx, orgId, { ...rep, status: 'active', emailVerified: true, roleIds: [role!.id] });
  });
  // The administrator creates the customers and sends them to the pool.
  const api = await apiSession(kehu);
  try {
    const ids: string[] = [];
    for (const name of pooled) ids.push((await api.post<{ id: string }>('/customers', { name })).id);
    await api.post('/pool/return', { ids, reason: '重新分配' });
  } finally {
    await api.dispose();
  }
});

const toast = (page: Page, text: string) => page.getByText(text, { exact: true }).last().waitFor();

describe('public pool', () => {
  it('claims a customer, returns it with a reason, and refuses to give it straight back', async () => {
    const { page } = e2e;
    await login(page, rep.email, rep.password);
    await page.getByRole('menuitem', { name: '公海' }).click();
    const limits = page.getByTestId('pool-limits');
    await limits.getByText('0 / 500').waitFor();
    const pool = page.getByTestId('pool-table');
    const row = pool.getByRole('row', { name: new RegExp(pooled[0]!) });
    await pool.getByRole('row', { name: new RegExp(pooled[1]!) }).waitFor();

    await row.getByTestId('pool-claim').click();
    await toast(page, '已领取 1 个客户');
    await limits.getByText('1 / 500').waitFor();
    await limits.getByText('1 / 20').waitFor();
    await row.waitFor({ state: 'detached' });

    // From "my customers", back to the pool with a reason.
    await page.getByRole('tab', { name: '我的客户' }).click();
    const mine = page.getByTestId('mine-table');
    await mine.getByRole('row', { name: new RegExp(pooled[0]!) }).getByTestId('return-to-pool').click();
    const dialog = page.getByRole('dialog', { name: `把“${pooled[0]}”退回公海` });
    await dialog.getByRole('button', { name: buttonName('退回公海') }).click();
    await dialog.locator('.ant-form-item-explain-error').waitFor();
    await dialog.getByTestId('return-reason').fill('客户暂无采购计划');
    await dialog.getByRole('button', { name: buttonName('退回公海') }).click();
    await toast(page, '已将 1 个客户退回公海');
    await mine.getByText('您名下还没有客户').waitFor();
    await limits.getByText('0 / 500').waitFor();

    // Back in the pool, but its previous owner has to wait.
    await page.getByRole('tab', { name: '公海客户' }).click();
    const back = page.getByTestId('pool-table').getByRole('row', { name: new RegExp(pooled[0]!) });
    await back.getByTestId('pool-claim').click();
    const refusal = page.getByTestId('pool-refusal');
    await refusal.getByText(`${pooled[0]}：您曾是该客户的负责人，须在退回公海 7 天后才能再次领取`).waitFor();
    await poll(() => limits.getByText('0 / 500').count()).toBe(1);
  });
});
