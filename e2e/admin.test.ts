// Administration: departments, positions, a role from the permission matrix and a user holding all three, each
// traced in the audit log, which exports as CSV and Excel.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buttonName, chooseOption, login, poll, setUpOrg, useE2E } from './fixtures.ts';

const e2e = useE2E();
beforeAll(() => setUpOrg(e2e.kehu));

const department = '华东销售部';
const manager = '销售经理';
const rep = '销售代表';
const role = '华东销售主管';
const user = { username: 'qianqi', name: '钱七', email: 'qianqi@example.com', password: 'Q1anqiPassw0rd' };

/** A success message; several of the same kind may still be on screen, so the newest is the one awaited. */
const toast = (page: Page, text: string) => page.getByText(text, { exact: true }).last().waitFor();

/** Today in the organisation's time zone as the export names it (YYYYMMDD). */
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).replaceAll('-', '');

async function download(page: Page, menuItem: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.getByTestId('audit-export').click();
      await page.getByRole('menuitem', { name: menuItem }).click();
    })(),
  ]);
  return file;
}

describe('administration', () => {
  it('creates a department, positions, a role and a user, and finds each creation in the exported audit log', async () => {
    const { page } = e2e;
    await login(page);

    // Department, and a position with a subordinate one.
    await page.getByRole('menuitem', { name: '部门与岗位' }).click();
    await page.getByText('还没有部门，先建立公司的部门结构吧').waitFor();
    // The card header and the empty list both offer "新建部门"; either opens the same dialog.
    await page.getByRole('button', { name: '新建部门' }).first().click();
    let dialog = page.getByRole('dialog', { name: '新建部门' });
    await dialog.getByLabel('名称').fill(department);
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await toast(page, '部门已创建');

    await page.getByRole('button', { name: '新建岗位' }).click();
    dialog = page.getByRole('dialog', { name: '新建岗位' });
    await dialog.getByLabel('名称').fill(manager);
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await toast(page, '岗位已创建');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '新建岗位' }).click();
    dialog = page.getByRole('dialog', { name: '新建岗位' });
    await dialog.getByLabel('名称').fill(rep);
    await chooseOption(page, dialog.getByLabel('上级岗位'), manager);
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The tree's items carry no level for assistive technology; collapsing the superior shows the nesting.
    const subordinate = page.getByRole('treeitem', { name: new RegExp(rep) });
    await subordinate.waitFor();
    await page.getByRole('treeitem', { name: new RegExp(manager) }).getByRole('img', { name: 'minus-square' }).click();
    await subordinate.waitFor({ state: 'detached' });

    // A role with a few customer and contact rights, reaching the department's customers.
    await page.getByRole('menuitem', { name: '角色权限' }).click();
    await page.getByRole('button', { name: '新建角色' }).click();
    await page.waitForURL(/\/admin\/roles\/new$/);
    await page.getByLabel('角色名称').fill(role);
    await page.getByRole('checkbox', { name: '客户 · 新建' }).check();
    await page.getByRole('checkbox', { name: '客户 · 编辑' }).check();
    await page.getByRole('checkbox', { name: '联系人 · 查看' }).check();
    // Granting "create" ticked "view" too.
    expect(await page.getByRole('checkbox', { name: '客户 · 查看' }).isChecked()).toBe(true);
    await page.getByText('已选 4 项权限').waitFor();
    await chooseOption(page, page.getByLabel('客户 · 数据范围'), '本部门');
    await page.getByRole('button', { name: buttonName('保存') }).click();
    await toast(page, `角色“${role}”已创建`);
    await page.waitForURL(/\/admin\/roles$/);

    // Reopened, the role shows what was saved.
    await page.getByRole('link', { name: role }).click();
    await page.getByRole('heading', { name: `编辑角色 · ${role}` }).waitFor();
    await poll(() => page.getByRole('checkbox', { name: '客户 · 编辑' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: '客户 · 删除' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: '联系人 · 查看' }).isChecked()).toBe(true);
    expect(await page.getByRole('row', { name: /^客户/ }).getByTitle('本部门').isVisible()).toBe(true);

    // A user in the department, on the subordinate position, with the role.
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const drawer = page.getByRole('dialog', { name: '新建用户' });
    await drawer.getByLabel('用户名').fill(user.username);
    await drawer.getByLabel('姓名').fill(user.name);
    await drawer.getByLabel('电子邮箱').fill(user.email);
    await drawer.getByLabel('初始密码').fill(user.password);
    await drawer.getByLabel('确认密码').fill(user.password);
    await chooseOption(page, drawer.getByLabel('部门'), department);
    // A multiple choice stays open after a pick; Escape closes the topmost layer, which is its drop-down, not the drawer.
    await chooseOption(page, drawer.getByLabel('岗位'), rep);
    await page.keyboard.press('Escape');
    await chooseOption(page, drawer.getByLabel('角色'), role);
    await page.keyboard.press('Escape');
    await drawer.getByRole('button', { name: buttonName('保存') }).click();
    await toast(page, '用户已创建');
    const row = page.getByRole('row', { name: new RegExp(user.username) });
    for (const cell of [user.name, department, role, rep]) await row.getByText(cell, { exact: true }).waitFor();

    // Each creation is in the audit log, found by module.
    await page.getByRole('menuitem', { name: '系统日志' }).click();
    await page.getByRole('heading', { name: '系统日志' }).waitFor();
    const entry = (record: string) => page.getByRole('row').filter({ hasText: record }).filter({ hasText: '新建' });
    const moduleFilter = page.getByLabel('模块');
    await chooseOption(page, moduleFilter, '组织架构');
    for (const record of [`部门 · ${department}`, `岗位 · ${manager}`, `岗位 · ${rep}`]) await entry(record).waitFor();
    await chooseOption(page, moduleFilter, '角色权限');
    await entry(`角色 · ${role}`).waitFor();
    await chooseOption(page, moduleFilter, '用户');
    await entry(`用户 · ${user.username}`).waitFor();
    expect(await page.getByRole('row').filter({ hasText: `部门 · ${department}` }).count(), 'the module filter hides other modules').toBe(0);

    // The export, of what the filter shows, downloads under the log's name and today's date.
    const today = shanghaiToday();
    const csv = await download(page, '导出 CSV');
    expect(csv.suggestedFilename()).toMatch(new RegExp(`^系统日志-(${today}|${shanghaiToday()})\\.csv$`));
    const text = fs.readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('时间 (Asia/Shanghai)');
    expect(text).toContain(user.username);
    expect(text).not.toContain(department);

    const xlsx = await download(page, '导出 Excel');
    expect(xlsx.suggestedFilename()).toMatch(new RegExp(`^系统日志-(${today}|${shanghaiToday()})\\.xlsx$`));
    // An .xlsx file is a ZIP archive.
    expect(fs.readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe('PK');
  });
});
