// The stack itself: if this file fails, every other browser test would fail for the same reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useE2E } from './fixtures.ts';

const e2e = useE2E();

describe('e2e stack', () => {
  it('answers the health check in the browser', async () => {
    const res = await e2e.page.goto('/api/health');
    expect(res?.status()).toBe(200);
    expect(JSON.parse(await e2e.page.locator('body').innerText())).toEqual({ status: 'ok' });
  });

  it('serves the built web app, also for deep links', async () => {
    const indexHtml = fs.readFileSync(path.join(e2e.kehu.webDir, 'index.html'), 'utf8');
    for (const url of ['/', '/some/deep/link']) {
      const res = await e2e.page.goto(url);
      expect(res?.status(), url).toBe(200);
      expect(await res?.text(), url).toBe(indexHtml);
    }
  });

  // Before the mail test below, which sets the installation up.
  it('starts the web app in Chromium: a fresh install opens on the set-up page', async () => {
    const errors: string[] = [];
    e2e.page.on('pageerror', (err) => errors.push(err.message));
    await e2e.page.goto('/');
    await e2e.page.waitForURL(/\/setup$/);
    await e2e.page.locator('#root form').waitFor();
    expect(errors).toEqual([]);
  });

  it('sends mail through the test SMTP server with links to the public URL', async () => {
    const email = 'smoke-admin@example.com';
    const api = e2e.page.request;
    const setup = await api.post('/api/v1/setup', {
      data: {
        orgName: '冒烟测试公司',
        orgCode: 'smoke',
        adminUsername: 'admin',
        adminName: '管理员',
        adminEmail: email,
        password: 'Passw0rd!x',
        confirmPassword: 'Passw0rd!x',
      },
    });
    expect(setup.status(), await setup.text()).toBe(201);
    const forgot = await api.post('/api/v1/auth/forgot-password', { data: { identifier: email } });
    expect(forgot.status(), await forgot.text()).toBe(200);

    const mail = await e2e.smtp.waitForMail((m) => m.to.includes(email));
    expect(mail.text).toContain(`${e2e.kehu.url}/reset-password?token=`);
  });
});
