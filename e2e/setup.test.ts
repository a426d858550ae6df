// First run: the set-up page creates the organisation and its administrator, who then finds the whole
// system-administration menu; afterwards set-up is closed.
import { describe, expect, it } from 'vitest';
import { buttonName, expectFieldError, mainMenu, menuLabels, poll, submitLogin, useE2E } from './fixtures.ts';

const e2e = useE2E();

const admin = { username: 'chief', name: '赵总', email: 'chief@example.com', password: 'Ch1efPassw0rd' };

describe('first-run set-up', () => {
  it('creates the organisation and administrator, who signs in to the full administration menu; set-up then leads to sign-in', async () => {
    const { page } = e2e;
    await page.goto('/');
    await page.waitForURL(/\/setup$/);
    await page.getByText('系统初始化').waitFor();

    await page.getByLabel('单位名称').fill('星河贸易有限公司');
    await page.getByLabel('单位简称').fill('xinghe');
    await page.getByLabel('用户名').fill(admin.username);
    await page.getByLabel('姓名').fill(admin.name);
    await page.getByLabel('电子邮箱').fill(admin.email);
    const password = page.getByLabel('密码', { exact: true });
    const confirmation = page.getByLabel('确认密码');
    await password.fill('short');
    await confirmation.fill('different');
    const submit = page.getByRole('button', { name: buttonName('完成初始化') });
    await submit.click();
    await expectFieldError(password, '密码至少 8 位，且须同时包含字母和数字');
    await expectFieldError(confirmation, '两次输入的密码不一致');
    const status = await page.request.get('/api/v1/setup/status');
    expect((await status.json()).setUp, 'an invalid submission must not create the organisation').toBe(false);
    expect(page.url()).toMatch(/\/setup$/);

    await password.fill(admin.password);
    await confirmation.fill(admin.password);
    await submit.click();
    await page.waitForURL(/\/login\?org=xinghe$/);
    await page.getByText('初始化完成，请使用管理员账号登录').waitFor();
    await poll(() => page.getByLabel('单位简称（使用用户名登录时填写）').inputValue()).toBe('xinghe');

    await submitLogin(page, admin.username, admin.password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: `您好，${admin.name}` }).waitFor();
    // Included rather than equal: other modules may add items; the restricted menu is checked exactly elsewhere.
    const administration = ['用户管理', '注册审核', '部门与岗位', '角色权限', '共享模式', '数据字典', '系统参数', '系统日志', '邮件发件箱'];
    await poll(() => menuLabels(page)).toEqual(expect.arrayContaining(['首页', '系统管理', ...administration]));

    await page.goto('/setup');
    await page.waitForURL(/\/login$/);
    await page.getByRole('button', { name: buttonName('登录') }).waitFor();
    await poll(() => mainMenu(page).count()).toBe(0);
  });
});
