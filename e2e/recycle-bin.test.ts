// The recycle bin in the browser: a customer deleted from its 360° page waits in the bin with its contact and comes
// back from there; deleting again and pressing "undo" in the message brings it back at once.
import { beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, buttonName, login, mainMenu, setUpOrg, useE2E } from './fixtures.ts';

const e2e = useE2E();

let customerId = '';

beforeAll(async () => {
  await setUpOrg(e2e.kehu);
  const api = await apiSession(e2e.kehu);
  try {
    customerId = (await api.post<{ id: string }>('/customers', { name: '回收测试公司', phone: '0571-88886666' })).id;
    await api.post('/contacts', { customerId, name: '钱七' });
  } finally {
    await api.dispose();
  }
});

const toast = (page: Page, text: string) => page.locator('.ant-message').getByText(text).last();

async function deleteFromCustomerPage(page: Page) {
  await page.goto(`/customers/${customerId}`);
  await page.getByTestId('customer-title').getByText('回收测试公司').waitFor();
  // The delete icon's label comes first in the button's name.
  await page.getByRole('button', { name: /^delete\s*删\s*除$/ }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: '确定删除客户“回收测试公司”？' });
  await confirm.getByText('可在回收站中恢复').waitFor();
  await confirm.getByRole('button', { name: buttonName('删除') }).click();
  await toast(page, '客户已删除').waitFor();
}

describe('recycle bin', () => {
  it('finds a deleted customer in the bin and restores it with its contact', async () => {
    const { page } = e2e;
    await login(page);
    await deleteFromCustomerPage(page);
    await page.waitForURL(/\/customers$/);

    await mainMenu(page).getByRole('menuitem', { name: '回收站' }).click();
    const table = page.getByTestId('bin-table-customer');
    const row = table.getByRole('row').filter({ hasText: '回收测试公司' });
    await row.getByText('1 个联系人，0 条跟进').waitFor();
    await row.getByText('王管理').first().waitFor();
    await row.getByTestId('bin-restore').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '恢复所选的 1 条记录？' });
    await dialog.getByText('客户会连同与它一起删除的联系人和跟进记录一起恢复').waitFor();
    await dialog.getByRole('button', { name: buttonName('恢复') }).click();
    await toast(page, '已恢复 1 个客户，连同 1 个联系人和 0 条跟进记录').waitFor();
    await table.getByText('回收站是空的').waitFor();

    await page.goto(`/customers/${customerId}?tab=contacts`);
    await page.getByTestId('customer-title').getByText('回收测试公司').waitFor();
    await page.getByText('钱七').first().waitFor();
  });

  it('undoes a deletion from the message', async () => {
    const { page } = e2e;
    await login(page);
    await deleteFromCustomerPage(page);
    await page.getByTestId('undo-delete').click();
    await toast(page, '已撤销删除').waitFor();
    await page.waitForURL(new RegExp(`/customers/${customerId}$`));
    await page.getByTestId('customer-title').getByText('回收测试公司').waitFor();
  });
});
