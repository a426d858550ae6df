// Language: the switch turns the interface, antd's own texts and the server's messages to English and back; the
// choice survives a reload and, for a signed-in user, follows them to another browser.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { menuLabels, newContext, openUserMenuItem, ORG, poll, setUpOrg, submitLogin, switchLanguage, useE2E } from './fixtures.ts';

const e2e = useE2E();
beforeAll(() => setUpOrg(e2e.kehu));

/** The top bar's switch also saves the choice in the user's profile; the test waits for that to be stored. */
async function switchLanguageSaved(page: Page, language: '简体中文' | 'English') {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/profile') && r.request().method() === 'PUT' && r.ok());
  await switchLanguage(page, language);
  await saved;
}

describe('language', () => {
  it('switches the interface, antd texts and server messages to English and back, and remembers the choice', async () => {
    const { page, browser, kehu } = e2e;

    // Before signing in: the sign-in page and the server's answer to a wrong password.
    await page.goto('/login');
    await switchLanguage(page, 'English');
    await page.getByLabel('E-mail / mobile / username').fill(ORG.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill('WrongPassw0rd');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-error').getByText('Wrong account or password').waitFor();
    await switchLanguage(page, '简体中文');
    await submitLogin(page, ORG.adminEmail, ORG.password);
    await poll(() => menuLabels(page)).toEqual(expect.arrayContaining(['首页', '系统管理', '用户管理']));

    // Signed in: menu, page titles, antd's pagination and date picker, and a field error from the server.
    await switchLanguageSaved(page, 'English');
    await page.getByRole('heading', { name: `Hello, ${ORG.adminName}` }).waitFor();
    await poll(() => menuLabels(page)).toEqual(
      expect.arrayContaining(['Home', 'System', 'Users', 'Registrations', 'Departments & positions', 'Roles & permissions', 'Audit log']),
    );
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByText('20 / page').waitFor();
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByPlaceholder('Start date').waitFor();
    await openUserMenuItem(page, 'Change password');
    await page.getByLabel('Current password').fill('NotMyPassw0rd');
    await page.getByLabel('New password').fill('Adm1nChanged');
    await page.getByLabel('Confirm password').fill('Adm1nChanged');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The current password is wrong').waitFor();

    await page.reload();
    await page.getByRole('main').getByText('Change password', { exact: true }).waitFor();
    await poll(() => menuLabels(page)).toEqual(expect.arrayContaining(['Home', 'System']));

    // Another browser starts in Chinese and turns to the user's English on signing in.
    const elsewhere = await newContext(browser, kehu.url);
    try {
      const other = await elsewhere.newPage();
      await other.goto('/login');
      await other.getByRole('button', { name: /登\s*录/ }).waitFor();
      await submitLogin(other, ORG.adminEmail, ORG.password);
      await poll(() => menuLabels(other)).toEqual(expect.arrayContaining(['Home', 'System']));
    } finally {
      await elsewhere.close();
    }

    // Back to Chinese, antd's texts included, which survives a reload too.
    await switchLanguageSaved(page, '简体中文');
    await page.getByRole('main').getByText('修改密码', { exact: true }).waitFor();
    await poll(() => menuLabels(page)).toEqual(expect.arrayContaining(['首页', '系统管理']));
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByText('20 条/页').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await page.getByText('20 条/页').waitFor();
  });
});
