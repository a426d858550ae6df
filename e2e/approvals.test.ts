// Approvals in the browser: a sales rep's new customer waits for the rep's superior, who finds it behind the menu
// badge, reads what was asked, approves one and returns another with a reason that the rep then reads.
import { sql } from 'drizzle-orm';
import { request, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../server/db/columns.ts';
import { queryRows } from '../server/db/client.ts';
import { withOrg, withSystem } from '../server/lib/tx.ts';
import { departments, positions } from '../server/modules/orgchart/orgchart.schema.ts';
import { roles } from '../server/modules/roles/roles.schema.ts';
import { insertUser } from '../server/modules/users/users.core.ts';
import type { Permission } from '../shared/permissions.ts';
import { apiSession, login, mainMenu, ORG, poll, setUpOrg, useE2E, type KehuServer } from './fixtures.ts';

const e2e = useE2E();

const manager = { username: 'sunmgr', name: '孙经理', email: 'sunmgr@example.com', password: 'Manager123' };
const rep = { username: 'zhourep', name: '周销售', email: 'zhourep@example.com', password: 'SalesRep123' };

/** A role with these rights, and an active user holding it in the given position. */
async function addUser(kehu: KehuServer, orgId: string, who: typeof manager, permissions: Permission[], positionId: string) {
  await withOrg(kehu.database.db, orgId, async (tx) => {
    const [role] = await tx
      .insert(roles)
      .values({ orgId, name: `${who.name}的角色`, permissions, dataScopes: { customer: 'self', contact: 'self', activity: 'self' } })
      .returning();
    await insertUser(tx, orgId, { ...who, status: 'active', emailVerified: true, roleIds: [role!.id], positionIds: [positionId] });
  });
}

/** The administrator's PUT, which the shared API session (POST only) does not offer. */
async function adminPut(kehu: KehuServer, apiPath: string, data: unknown) {
  const api = await request.newContext({ baseURL: kehu.url });
  try {
    const login = await api.post('/api/v1/auth/login', { data: { identifier: ORG.adminEmail, password: ORG.password } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await api.put(`/api/v1${apiPath}`, { data, headers: { 'x-csrf-token': csrfToken } });
    if (!res.ok()) throw new Error(`PUT ${apiPath}: ${res.status()} ${await res.text()}`);
  } finally {
    await api.dispose();
  }
}

let orgId: string;
const customerIds: Record<string, string> = {};

beforeAll(async () => {
  const { kehu } = e2e;
  await setUpOrg(kehu);
  [{ id: orgId }] = (await withSystem(kehu.database.db, (tx) => queryRows<{ id: string }>(tx, sql`select id from organizations where code = ${ORG.orgCode}`))) as [
    { id: string },
  ];
  const dept = newId();
  const pos = { manager: newId(), rep: newId() };
  await withOrg(kehu.database.db, orgId, async (tx) => {
    await tx.insert(departments).values({ orgId, id: dept, name: '华北销售部', path: `/${dept}/` });
    await tx.insert(positions).values([
      { orgId, id: pos.manager, departmentId: dept, name: '销售经理', path: `/${pos.manager}/` },
      { orgId, id: pos.rep, departmentId: dept, parentId: pos.manager, name: '销售代表', path: `/${pos.manager}/${pos.rep}/` },
    ]);
  });
  await addUser(kehu, orgId, manager, ['customer:view', 'customer:edit'], pos.manager);
  await addUser(kehu, orgId, rep, ['customer:view', 'customer:create', 'customer:edit'], pos.rep);

  // New customers need the approval of the submitter's direct superior.
  await adminPut(kehu, '/approval-flows/customer/create', { enabled: true, levels: [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }] });
  const api = await apiSession(kehu, rep.email, rep.password);
  try {
    for (const name of ['北京燕京啤酒', '天津港集团']) customerIds[name] = (await api.post<{ id: string }>('/customers', { name })).id;
  } finally {
    await api.dispose();
  }
});

const toast = (page: Page, text: string) => page.getByText(text, { exact: true }).last().waitFor();

async function approvalState(id: string) {
  const [row] = await withOrg(e2e.kehu.database.db, orgId, (tx) => queryRows<{ approval_state: string }>(tx, sql`select approval_state from customers where id = ${id}`));
  return row!.approval_state;
}

describe('approvals', () => {
  it("lets the rep's superior approve one new customer and return another from the inbox; the rep reads the outcome", async () => {
    const { page } = e2e;
    await login(page, manager.email, manager.password);
    await poll(() => mainMenu(page).getByTestId('approvals-badge').innerText()).toBe('2');
    await mainMenu(page).getByRole('menuitem', { name: /审批/ }).click();
    const inbox = page.getByTestId('approval-inbox');
    await inbox.getByText('北京燕京啤酒').waitFor();

    // Approve the first, with a comment.
    await inbox.getByText('北京燕京啤酒').click();
    const drawer = page.getByTestId('approval-drawer');
    await drawer.getByText('周销售').first().waitFor();
    await drawer.getByTestId('approval-changes').getByText('北京燕京啤酒').waitFor();
    await drawer.getByTestId('approval-comment').fill('资料齐全');
    await drawer.getByTestId('approval-approve').click();
    await toast(page, '已同意');
    await drawer.getByText('已通过').waitFor();
    await drawer.getByText('“资料齐全”').waitFor();
    await poll(() => approvalState(customerIds['北京燕京啤酒']!)).toBe('active');
    await page.keyboard.press('Escape');

    // Return the second: a reason is required.
    await inbox.getByText('天津港集团').click();
    await drawer.getByTestId('approval-reject').click();
    await drawer.getByText('退回时请填写原因').waitFor();
    await drawer.getByTestId('approval-comment').fill('请补充联系人');
    await drawer.getByTestId('approval-reject').click();
    await toast(page, '已退回');
    await poll(() => approvalState(customerIds['天津港集团']!)).toBe('rejected');
    await page.keyboard.press('Escape');
    await page.getByText('没有等待您审批的申请').waitFor();
    await poll(() => mainMenu(page).getByTestId('approvals-badge').innerText().catch(() => '')).toBe('');

    // The rep sees both outcomes among the submissions, and the reason in the request.
    await page.context().clearCookies();
    await login(page, rep.email, rep.password);
    await page.goto('/approvals?tab=sent');
    const sent = page.getByTestId('approval-sent');
    await sent.getByRole('row', { name: /北京燕京啤酒/ }).getByText('已通过').waitFor();
    await sent.getByRole('row', { name: /天津港集团/ }).getByText('已退回').click();
    await drawer.getByText('“请补充联系人”').waitFor();
    expect(await drawer.getByTestId('approval-approve').count()).toBe(0);
  });
});
