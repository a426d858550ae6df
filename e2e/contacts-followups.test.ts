// Contacts and follow-ups: a contact added to a customer, a follow-up with a next contact time of today, the
// customer on the home page's "to contact today" list, and a newer follow-up from the customer's page that moves
// the next contact to tomorrow, off today's list.
import { beforeAll, describe, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiSession, login, poll, setUpOrg, useE2E } from './fixtures.ts';

const e2e = useE2E();
const customer = '青岛海鸥电器有限公司';

beforeAll(async () => {
  await setUpOrg(e2e.kehu);
  const api = await apiSession(e2e.kehu);
  try {
    await api.post('/customers', { name: customer });
  } finally {
    await api.dispose();
  }
});

/** Today in the organisation's time zone (the browser runs in it too). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Searches an antd Select on the server by typing, then picks the option whose title starts with `option`. */
async function searchAndChoose(page: Page, control: Locator, typed: string, option: string) {
  await control.click();
  await page.keyboard.type(typed);
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.locator(`[title^="${option}"]`).first().click();
}

/** Types a date-time into an antd DatePicker and confirms it with Enter. */
async function typeDateTime(field: Locator, value: string) {
  await field.click();
  await field.fill(value);
  await field.press('Enter');
}

describe('contacts and follow-ups', () => {
  it('adds a contact, logs a follow-up due today and finds the customer on the home work list', async () => {
    const { page } = e2e;
    await login(page);

    // A contact for the customer, from the contacts page.
    await page.getByRole('menuitem', { name: '联系人' }).click();
    await page.getByText('还没有联系人，点击“新建联系人”添加第一个吧').waitFor();
    await page.getByTestId('new-contact').click();
    let drawer = page.getByRole('dialog', { name: '新建联系人' });
    await searchAndChoose(page, drawer.getByLabel('所属客户'), '海鸥', customer);
    await drawer.getByLabel('姓名').fill('周海鸥');
    await drawer.getByLabel('手机').fill('139001');
    await drawer.getByLabel('职务').fill('采购经理');
    await drawer.getByTestId('contact-save').click();
    await drawer.getByText('请输入有效的手机号码').waitFor();
    await drawer.getByLabel('手机').fill('13900112233');
    await drawer.getByLabel('设为主联系人').check();
    await drawer.getByTestId('contact-save').click();
    await page.getByText('已添加联系人 周海鸥').waitFor();
    const row = page.getByRole('row', { name: /周海鸥/ });
    await row.getByText(customer).waitFor();
    await row.getByText('主联系人').waitFor();

    // A follow-up with the next contact later today, from the follow-ups page.
    await page.getByRole('menuitem', { name: '跟进记录' }).click();
    await page.getByTestId('new-followup').click();
    drawer = page.getByRole('dialog', { name: '写跟进' });
    await searchAndChoose(page, drawer.getByLabel('客户', { exact: true }), 'haiou', customer);
    await searchAndChoose(page, drawer.getByLabel('联系人', { exact: true }), '周', '周海鸥');
    await drawer.getByText('拜访', { exact: true }).click();
    await drawer.getByLabel('跟进内容').fill('上门拜访，客户对新款空调感兴趣，约今晚电话确认报价。');
    await typeDateTime(drawer.getByLabel('联系时间', { exact: true }), `${today()} 00:00`);
    await typeDateTime(drawer.getByLabel('下次联系时间'), `${today()} 23:55`);
    await drawer.getByTestId('followup-save').click();
    await page.getByText('跟进记录已保存').last().waitFor();
    const followup = page.getByRole('row', { name: /上门拜访/ });
    await followup.getByText(customer).waitFor();
    await followup.getByText('周海鸥').waitFor();
    await followup.getByText(`${today()} 23:55`).waitFor();

    // Home: the customer is on today's list, and the full list shows it too.
    await page.getByRole('menuitem', { name: '首页' }).click();
    const card = page.getByTestId('worklist-today');
    await card.getByText(customer).waitFor();
    await card.getByText('23:55').waitFor();
    await card.getByRole('link', { name: '查看全部' }).click();
    await page.waitForURL(/\/worklists\/today$/);
    await page.locator('.ant-table').getByText(customer).waitFor();
    await page.getByRole('tab', { name: '已过期未联系' }).click();
    await page.locator('.ant-table').getByText('暂无', { exact: true }).waitFor();

    // The customer's page: its contact, its timeline, and a newer follow-up logged in place.
    await page.getByRole('tab', { name: '今天需要联系' }).click();
    await page.locator('.ant-table').getByRole('link', { name: customer }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]+/);
    await page.getByRole('tab', { name: '联系人' }).click();
    const contacts = page.getByTestId('customer-contacts');
    await contacts.getByText('周海鸥').waitFor();
    await contacts.getByText('主联系人').waitFor();
    await page.getByRole('tab', { name: '跟进记录' }).click();
    const timeline = page.getByTestId('followup-timeline');
    await timeline.getByText('上门拜访，客户对新款空调感兴趣，约今晚电话确认报价。').waitFor();
    await timeline.getByTestId('add-followup').click();
    await timeline.getByLabel('跟进内容').fill('电话确认报价，客户要求明天上午再联系。');
    await timeline.getByTestId('next-tomorrow').click();
    await timeline.getByTestId('followup-save').click();
    await page.getByText('跟进记录已保存').last().waitFor();
    await poll(() => timeline.getByTestId('followup-item').count()).toBe(2);
    await timeline.getByTestId('followup-item').first().getByText('电话确认报价，客户要求明天上午再联系。').waitFor();

    // The newest follow-up's next contact is tomorrow: the customer leaves today's list.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('worklist-today').getByText('暂无', { exact: true }).waitFor();
  });
});
