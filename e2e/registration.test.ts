// Self-registration: the form's own checks, then register → verify the e-mail from the real mail → wait for
// approval → an administrator approves with a narrow role → the new user sees only what that role allows.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  buttonName,
  chooseOption,
  expectFieldError,
  linkIn,
  login,
  menuLabels,
  newContext,
  ORG,
  poll,
  setUpOrg,
  submitLogin,
  useE2E,
} from './fixtures.ts';

const e2e = useE2E();
const limitedRole = '用户查看员';
const applicant = { username: 'lisi', name: '李四', email: 'lisi@example.com', mobile: '13800138001', password: 'L1siPassw0rd' };

beforeAll(async () => {
  await setUpOrg(e2e.kehu);
  // Only the right to view users: the new user must find Users and none of the other administration pages.
  const admin = await apiSession(e2e.kehu);
  try {
    await admin.post('/roles', { name: limitedRole, permissions: ['user:view'] });
  } finally {
    await admin.dispose();
  }
});

describe('self-registration', () => {
  it('checks the e-mail address, the password confirmation and the terms before sending anything', async () => {
    const { page } = e2e;
    const sent: string[] = [];
    page.on('request', (req) => req.url().includes('/api/v1/auth/register') && sent.push(req.method()));
    await page.goto('/register');
    await page.getByLabel('单位简称').fill(ORG.orgCode);
    await page.getByLabel('用户名').fill('wangwu');
    await page.getByLabel('密码', { exact: true }).fill('Wangwu12345');
    const confirmation = page.getByLabel('确认密码');
    await confirmation.fill('Wangwu54321');
    const email = page.getByLabel('电子邮箱');
    await email.fill('wangwu-at-example.com');
    await page.getByLabel('手机号').fill('13800138002');
    const submit = page.getByRole('button', { name: buttonName('注册') });
    await submit.click();
    await expectFieldError(email, '请输入有效的电子邮箱');
    await expectFieldError(confirmation, '两次输入的密码不一致');

    // The terms are checked on submit, which the browser's own check of the e-mail input blocks while the address
    // is invalid; so they are checked once the rest is right.
    await email.fill('wangwu@example.com');
    await confirmation.fill('Wangwu12345');
    await submit.click();
    await expectFieldError(page.getByRole('checkbox', { name: /我已阅读并同意/ }), '请阅读并同意用户服务协议和隐私政策');
    expect(sent, 'no registration request may leave the browser').toEqual([]);
  });

  it('verifies the e-mail, waits for approval, and gives the approved user only the menu of the assigned role', async () => {
    const { page, browser, kehu, smtp } = e2e;

    // The applicant registers and opens the verification link from the mail.
    await page.goto(`/register?org=${ORG.orgCode}`);
    await page.getByLabel('用户名').fill(applicant.username);
    await page.getByLabel('姓名').fill(applicant.name);
    await page.getByLabel('密码', { exact: true }).fill(applicant.password);
    await page.getByLabel('确认密码').fill(applicant.password);
    await page.getByLabel('电子邮箱').fill(applicant.email);
    await page.getByLabel('手机号').fill(applicant.mobile);
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.getByRole('button', { name: buttonName('注册') }).click();
    await page.getByText(`注册成功！验证邮件已发送到 ${applicant.email}`).waitFor();

    const verification = await smtp.waitForMail((m) => m.to.includes(applicant.email) && m.subject.includes('验证'));
    await page.goto(linkIn(verification, '/verify-email'));
    await page.getByText('邮箱验证成功！您的注册申请已提交管理员审核，审核通过后即可登录。').waitFor();
    await page.getByRole('button', { name: buttonName('去登录') }).click();
    await page.waitForURL(/\/login$/);
    await submitLogin(page, applicant.email, applicant.password);
    await page.getByTestId('login-error').getByText('账号尚未激活或已被停用').waitFor();

    // The administrator, in a browser of their own, approves with the limited role.
    const adminContext = await newContext(browser, kehu.url);
    try {
      const admin = await adminContext.newPage();
      await login(admin);
      await admin.getByRole('menuitem', { name: '注册审核' }).click();
      await admin.waitForURL(/\/admin\/registrations$/);
      const row = admin.getByRole('row', { name: new RegExp(applicant.username) });
      await row.getByRole('button', { name: buttonName('通过') }).click();
      const dialog = admin.getByRole('dialog');
      await chooseOption(admin, dialog.getByLabel('角色'), limitedRole);
      await dialog.getByRole('button', { name: buttonName('通过') }).click();
      await admin.getByText(`已通过 ${applicant.name} 的注册申请`).waitFor();
      await admin.getByText('没有等待审核的注册申请').waitFor();
    } finally {
      await adminContext.close();
    }
    await smtp.waitForMail((m) => m.to.includes(applicant.email) && m.subject.includes('注册申请已通过'));

    // Signed in, the user finds Users under System and nothing else of the administration. Approvals are for
    // everyone: any user can be named an approver.
    await submitLogin(page, applicant.email, applicant.password);
    await page.getByRole('heading', { name: `您好，${applicant.name}` }).waitFor();
    await poll(() => menuLabels(page)).toEqual(['首页', '审批', '系统管理', '用户管理']);
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await page.getByRole('cell', { name: ORG.adminUsername, exact: true }).waitFor();

    // Pages outside the role answer with the 403 page even when their address is typed in.
    for (const forbidden of ['/admin/roles', '/admin/audit']) {
      await page.goto(forbidden);
      await page.getByText('您没有访问此页面的权限').waitFor();
      expect(await page.getByText('403', { exact: true }).isVisible(), forbidden).toBe(true);
    }
  });
});
