// Passwords: a forgotten one is reset through the mailed link (once), and a signed-in user changes their own.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSession, buttonName, expectFieldError, linkIn, login, mainMenu, openUserMenuItem, ORG, setUpOrg, submitLogin, useE2E } from './fixtures.ts';

const e2e = useE2E();

const member = { username: 'zhangsan', name: '张三', email: 'zhangsan@example.com', password: 'Zh4ngsanOld' };

beforeAll(async () => {
  await setUpOrg(e2e.kehu);
  // The reset story has a user of its own, so the change-password story can use the administrator independently.
  const admin = await apiSession(e2e.kehu);
  try {
    await admin.post('/users', { ...member, confirmPassword: member.password });
  } finally {
    await admin.dispose();
  }
});

describe('passwords', () => {
  it('resets a forgotten password through the mailed link, which then no longer works', async () => {
    const { page, smtp } = e2e;
    const newPassword = 'Zh4ngsanNew';

    // The answer does not tell whether an account exists.
    const sentNotice = '如果该账号存在，重置密码的邮件已发送，请在 30 分钟内完成重置。';
    const requestReset = async (identifier: string) => {
      await page.goto('/login');
      await page.getByRole('link', { name: '忘记密码？' }).click();
      await page.getByLabel('电子邮箱 / 手机号').fill(identifier);
      await page.getByRole('button', { name: buttonName('发送重置邮件') }).click();
      await page.getByText(sentNotice).waitFor();
    };
    await requestReset('nobody@example.com');
    await requestReset(member.email);

    const mail = await smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.includes('重置密码'));
    expect(smtp.messages.filter((m) => m.to.includes('nobody@example.com')), 'no mail for an unknown address').toEqual([]);
    const link = linkIn(mail, '/reset-password');

    await page.goto(link);
    await page.getByLabel('新密码').fill(newPassword);
    await page.getByLabel('确认密码').fill(newPassword);
    await page.getByRole('button', { name: buttonName('重置密码') }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('密码已重置，请使用新密码登录').waitFor();

    await submitLogin(page, member.email, member.password);
    await page.getByTestId('login-error').getByText('账号或密码错误').waitFor();
    await submitLogin(page, member.email, newPassword);
    await page.getByRole('heading', { name: `您好，${member.name}` }).waitFor();

    // A used link is refused.
    await page.goto(link);
    await page.getByLabel('新密码').fill('Zh4ngsanThird');
    await page.getByLabel('确认密码').fill('Zh4ngsanThird');
    await page.getByRole('button', { name: buttonName('重置密码') }).click();
    await page.getByText('链接无效或已过期').waitFor();
    expect(page.url()).toBe(link);
  });

  it('changes the password from the user menu once the current one is given right', async () => {
    const { page } = e2e;
    const newPassword = 'Adm1nChanged';
    await login(page);
    await openUserMenuItem(page, '修改密码');
    await page.waitForURL(/\/change-password$/);

    const current = page.getByLabel('原密码');
    await current.fill('NotMyPassw0rd');
    await page.getByLabel('新密码').fill(newPassword);
    await page.getByLabel('确认密码').fill(newPassword);
    const save = page.getByRole('button', { name: buttonName('保存') });
    await save.click();
    await expectFieldError(current, '原密码不正确');

    await current.fill(ORG.password);
    await save.click();
    await page.getByText('密码已修改').waitFor();

    await openUserMenuItem(page, '退出系统');
    await page.waitForURL(/\/login$/);
    await submitLogin(page, ORG.adminEmail, ORG.password);
    await page.getByTestId('login-error').getByText('账号或密码错误').waitFor();
    await submitLogin(page, ORG.adminEmail, newPassword);
    await mainMenu(page).waitFor();
  });
});
