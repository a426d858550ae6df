// Customers in the browser: a new customer with the duplicate warning and the name rule as one types, the top-bar
// search by Chinese substring and by pinyin initials, filtering the list and saving it as a view, bulk transfer, and
// a custom field from the settings to the form and the filters.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, buttonName, chooseOption, expectFieldError, login, poll, setUpOrg, useE2E } from './fixtures.ts';

const e2e = useE2E();

const colleague = { username: 'zhaoliu', name: '赵六', email: 'zhaoliu@example.com', password: 'Zhaoliu123' };

beforeAll(async () => {
  await setUpOrg(e2e.kehu);
  const api = await apiSession(e2e.kehu);
  try {
    await api.post('/customers', { name: '海尔集团', phone: '0532-88938888' });
    for (const [name, status] of [
      ['青岛啤酒股份有限公司', 'signed'],
      ['青岛港集团', 'signed'],
      ['青岛银行', 'formal'],
      ['青岛双星', 'potential'],
    ]) {
      await api.post('/customers', { name, status });
    }
    await api.post('/users', { ...colleague, confirmPassword: colleague.password });
  } finally {
    await api.dispose();
  }
});

const toast = (page: Page, text: string) => page.getByText(text, { exact: true }).last().waitFor();
const searchBox = (page: Page) => page.getByTestId('global-search').getByRole('combobox');

/** Types into the top-bar search and waits for a customer hit with this name. */
async function searchFor(page: Page, query: string, name: string) {
  await searchBox(page).fill(query);
  await page.getByTestId('search-customer').filter({ hasText: name }).waitFor();
}

describe('customers', () => {
  it('creates a customer: similar names while typing, the name rule per field, then finds it in the top-bar search', async () => {
    const { page } = e2e;
    await login(page);
    await page.getByRole('menuitem', { name: '客户' }).click();
    await page.getByRole('button', { name: '新建客户' }).click();
    const drawer = page.getByRole('dialog', { name: '新建客户' });
    const name = drawer.getByLabel('客户名称');
    // The name field has the focus: typing goes straight in.
    await page.keyboard.type('海尔');
    const hints = drawer.getByTestId('duplicate-hints');
    await hints.getByText('海尔集团').waitFor();
    await hints.getByText('王管理').waitFor();

    await name.fill('海尔智家!');
    await expectFieldError(name, '名称只能包含汉字、字母、数字和括号');
    await name.fill('海尔智家');
    await poll(() => name.getAttribute('aria-invalid')).not.toBe('true');
    await drawer.getByLabel('电话').fill('0532-66668888');
    // Enter in a field submits the form.
    await drawer.getByLabel('电话').press('Enter');
    await toast(page, '客户已创建');
    await page.getByTestId('customer-title').getByText('海尔智家').waitFor();

    // Top-bar search: a Chinese substring, then pinyin initials; Enter opens the highlighted hit.
    await page.getByRole('menuitem', { name: '客户' }).click();
    await searchFor(page, '智家', '海尔智家');
    await searchBox(page).press('Enter');
    await page.getByTestId('customer-title').getByText('海尔智家').waitFor();
    await page.getByRole('menuitem', { name: '客户' }).click();
    await searchFor(page, 'hezj', '海尔智家');
    await page.getByTestId('search-customer').filter({ hasText: '海尔智家' }).click();
    await page.getByTestId('customer-title').getByText('海尔智家').waitFor();
  });

  it('refuses a duplicate with a link to the existing customer', async () => {
    const { page } = e2e;
    await login(page);
    await page.goto('/customers');
    await page.getByRole('button', { name: '新建客户' }).click();
    const drawer = page.getByRole('dialog', { name: '新建客户' });
    await drawer.getByLabel('客户名称').fill('海尔集团');
    await drawer.getByTestId('customer-save').click();
    const existing = drawer.getByTestId('duplicate-existing');
    await existing.getByRole('link', { name: '查看已有客户' }).click();
    await page.getByTestId('customer-title').getByText('海尔集团').waitFor();
  });

  it('filters the list, saves the filter as a view, and transfers the selected customers', async () => {
    const { page } = e2e;
    await login(page);
    await page.goto('/customers');
    const table = page.getByTestId('customer-table');
    await table.getByRole('link', { name: '青岛银行' }).waitFor();

    await chooseOption(page, page.getByLabel('客户状态'), '签约客户');
    await page.keyboard.press('Escape');
    await page.getByTestId('active-filters').getByText('客户状态：签约客户').waitFor();
    await table.getByRole('link', { name: '青岛银行' }).waitFor({ state: 'detached' });
    const rows = table.locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(2);

    await page.getByTestId('view-menu').click();
    await page.getByRole('menuitem', { name: '另存为新视图…' }).click();
    const dialog = page.getByRole('dialog', { name: '另存为新视图…' });
    await dialog.getByLabel('视图名称').fill('签约客户');
    await dialog.getByLabel('视图名称').press('Enter');
    await toast(page, '视图“签约客户”已保存');
    await page.getByRole('tab', { name: '签约客户' }).waitFor();

    // Another view and back: the saved one brings its filter again.
    await page.getByRole('tab', { name: '我可见的全部客户' }).click();
    await table.getByRole('link', { name: '青岛银行' }).waitFor();
    await page.getByRole('tab', { name: '签约客户' }).click();
    await poll(() => rows.count()).toBe(2);

    // Select both and transfer them.
    await table.locator('thead').getByRole('checkbox').check();
    await page.getByTestId('bulk-bar').getByText('已选 2 个客户').waitFor();
    await page.getByTestId('bulk-bar').getByRole('button', { name: buttonName('转移负责人') }).click();
    const transfer = page.getByRole('dialog', { name: '将 2 个客户转移给' });
    await transfer.getByLabel('新负责人').fill('赵');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(`${colleague.name} (${colleague.username})`).click();
    await transfer.getByRole('button', { name: buttonName('确定') }).click();
    await toast(page, '已处理 2 个客户');
    for (const customer of ['青岛啤酒股份有限公司', '青岛港集团']) {
      await table.getByRole('row', { name: new RegExp(customer) }).getByText(colleague.name).waitFor();
    }
    expect(await page.getByTestId('bulk-bar').count()).toBe(0);
  });

  it('adds a custom field in the settings, fills it in on a new customer and filters the list by it', async () => {
    const { page } = e2e;
    await login(page);
    await page.goto('/admin/custom-fields');
    await page.getByRole('button', { name: '新建字段' }).click();
    const dialog = page.getByRole('dialog', { name: '新建字段' });
    await dialog.getByLabel('中文名称').fill('大区');
    await dialog.getByLabel('英文名称').fill('Sales region');
    await dialog.getByLabel('字段标识').fill('sales_region');
    await chooseOption(page, dialog.getByLabel('类型'), '单选');
    for (const [value, zh, en] of [
      ['east', '华东', 'East'],
      ['north', '华北', 'North'],
    ]) {
      await dialog.getByRole('button', { name: '添加选项' }).click();
      await dialog.getByLabel('选项值').last().fill(value);
      await dialog.getByLabel('中文名称').last().fill(zh);
      await dialog.getByLabel('英文名称').last().fill(en);
    }
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await toast(page, '字段已创建');
    await page.getByRole('row').filter({ hasText: 'sales_region' }).getByText('单选').waitFor();

    await page.goto('/customers');
    await page.getByRole('button', { name: '新建客户' }).click();
    const drawer = page.getByRole('dialog', { name: '新建客户' });
    await drawer.getByLabel('客户名称').fill('青岛海湾化学');
    await chooseOption(page, drawer.getByLabel('大区'), '华东');
    await drawer.getByTestId('customer-save').click();
    await page.getByTestId('customer-details').getByText('华东').waitFor();

    await page.goto('/customers');
    await page.getByTestId('advanced-filter').click();
    const filters = page.getByRole('dialog', { name: '高级筛选' });
    await chooseOption(page, filters.getByLabel('大区'), '华东');
    await page.keyboard.press('Escape');
    await filters.getByRole('button', { name: buttonName('应用') }).click();
    await page.getByTestId('active-filters').getByText('大区：华东').waitFor();
    const rows = page.getByTestId('customer-table').locator('tbody tr.ant-table-row');
    await poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining('青岛海湾化学')]);
  });
});
