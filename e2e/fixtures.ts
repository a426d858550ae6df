/**
 * Browser-test stack: a real SMTP server, Kehu on a fresh embedded database serving the production build, and
 * Debian's Chromium driven by playwright-core. `useE2E()` wires them into a test file's hooks; the pieces are
 * exported too for tests that need another arrangement.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { chromium, request, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createApp, type AppOptions } from '../server/app.ts';
import { openPglite, type Database } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webDir = path.join(root, 'dist', 'web');
export const resultsDir = path.join(root, 'test-results');

/** A port that is free now; the moment between closing it and the caller's listen is harmless on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------------------------------------- SMTP server

export interface ReceivedMail {
  /** Envelope recipients, lower-cased: who the mail was really sent to. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** For Kehu's SMTP_URL / smtpUrl. */
  url: string;
  messages: ReceivedMail[];
  /** The first mail, already received or still to come, that matches; rejects after timeoutMs. */
  waitForMail(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

const addressText = (a: AddressObject | AddressObject[] | undefined) => [a ?? []].flat().map((x) => x.text).join(', ');

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    // Without STARTTLS on offer, nodemailer stays on plain text and needs no certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: addressText(parsed.from),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            parsed,
          });
          for (const wake of waiters) wake();
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMail(predicate = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `  to ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (none)';
          reject(new Error(`No matching mail within ${timeoutMs} ms. Mail received so far:\n${seen}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------- Kehu

export interface KehuServer {
  /** Where the browser reaches Kehu, e.g. http://127.0.0.1:41234; also Kehu's public URL (links in mail). */
  url: string;
  app: FastifyInstance;
  database: Database;
  dataDir: string;
  /** The copy of the web build that it serves. */
  webDir: string;
  close(): Promise<void>;
}

/**
 * Kehu as `npm start` runs it, on a fresh embedded database in a temporary folder. It serves a copy of the web
 * build taken at start: a rebuild of dist/web while the tests run (vite empties the folder first) would otherwise
 * leave it without index.html or with an index.html naming assets it no longer has.
 */
export async function startKehu(options: Partial<AppOptions> = {}): Promise<KehuServer> {
  const missing = () => new Error(`${path.relative(root, webDir)}/index.html is missing: build the web app first (npm run build; npm test does it).`);
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw missing();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-'));
  const servedWebDir = path.join(dataDir, 'web');
  fs.cpSync(webDir, servedWebDir, { recursive: true });
  // A rebuild may have started between the check and the copy.
  if (!fs.existsSync(path.join(servedWebDir, 'index.html'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw missing();
  }
  const database = await openPglite({ dataDir: path.join(dataDir, 'pg') });
  try {
    await runMigrations(database);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = await createApp({ db: database.db, webDir: servedWebDir, publicUrl: url, logLevel: process.env.TEST_LOG_LEVEL, ...options });
    await app.listen({ port, host: '127.0.0.1' });
    return {
      url,
      app,
      database,
      dataDir,
      webDir: servedWebDir,
      async close() {
        await app.close();
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------- Chromium

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: install Debian's chromium (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The last four keep Chromium from reaching for Google's services: on a closed network those connections
    // are refused or hang, and the browser with them.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** How long a wait for the page (an element, a navigation, a list's content) may take on a busy machine. */
export const UI_TIMEOUT = 15_000;

/**
 * A fresh context (cookies, storage) as a Chinese-speaking user in the organisations' default time zone sees it.
 * Every action and wait in it gives up after UI_TIMEOUT, so a missing element fails with its locator in the message
 * well before the test's own time-out.
 */
export async function newContext(browser: Browser, baseURL?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL, viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT);
  return context;
}

/** Saves a full-page PNG under test-results/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 150)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---------------------------------------------------------------------------------------------- hooks

export interface E2E {
  smtp: TestSmtpServer;
  kehu: KehuServer;
  browser: Browser;
  /** New for every test, with baseURL set to Kehu, so `page.goto('/login')` works. */
  context: BrowserContext;
  page: Page;
}

/**
 * One stack per test file (started in beforeAll, closed in afterAll) and a new browser context per test; a
 * failing test leaves a screenshot in test-results/.
 */
export function useE2E(options: Partial<AppOptions> = {}): E2E {
  const e2e = {} as E2E;
  beforeAll(async () => {
    // Settled, not Promise.all: whichever did start must be known to afterAll, which closes it.
    const [smtp, browser] = await Promise.allSettled([startSmtpServer(), launchChromium()]);
    if (smtp.status === 'fulfilled') e2e.smtp = smtp.value;
    if (browser.status === 'fulfilled') e2e.browser = browser.value;
    for (const r of [smtp, browser]) if (r.status === 'rejected') throw r.reason;
    e2e.kehu = await startKehu({ smtpUrl: e2e.smtp.url, ...options });
  });
  beforeEach(async () => {
    e2e.context = await newContext(e2e.browser, e2e.kehu.url);
    e2e.page = await e2e.context.newPage();
  });
  afterEach(async ({ task }) => {
    try {
      if (task.result?.state === 'fail' && e2e.page && !e2e.page.isClosed()) {
        const file = await saveScreenshot(e2e.page, `${path.basename(task.file.name, '.test.ts')}-${task.name}`);
        console.error(`Screenshot of the failed test: ${path.relative(root, file)} (page ${e2e.page.url()})`);
      }
    } finally {
      await e2e.context?.close();
    }
  });
  afterAll(async () => {
    // Close everything that was started, even if one of them fails to close.
    const results = await Promise.allSettled([e2e.kehu?.close(), e2e.browser?.close()]);
    await e2e.smtp?.close();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return e2e;
}

// ---------------------------------------------------------------------------------------------- page helpers

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The accessible name of an antd button: antd puts a space between two Chinese characters ('登 录'), so the
 * label matches with or without spaces between its characters. After a request, the button's spinner (named
 * "loading") can stay in the DOM in its leave motion, so a leading "loading" is allowed.
 */
export function buttonName(label: string): RegExp {
  return new RegExp(`^(?:loading\\s*)?${[...label].map(escapeRegExp).join('\\s*')}$`);
}

/** vitest's expect.poll, bounded like the page's own waits: `await poll(() => menuLabels(page)).toEqual([...])`. */
export const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: UI_TIMEOUT });

/**
 * Waits until a form field reports `message` as its error: antd marks the control aria-invalid and points its
 * aria-describedby at the error text, which is what a screen reader announces.
 */
export async function expectFieldError(field: Locator, message: string): Promise<void> {
  const state = () =>
    field.evaluate((el) => ({
      invalid: el.getAttribute('aria-invalid') === 'true',
      description: (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    }));
  await poll(state).toEqual({ invalid: true, description: expect.stringContaining(message) });
}

/** The side menu of the signed-in application. */
export const mainMenu = (page: Page) => page.getByTestId('main-menu');

/** Labels of every menu item the signed-in user sees, the System group's title included, top to bottom. */
export async function menuLabels(page: Page): Promise<string[]> {
  return (await mainMenu(page).getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
}

/** Opens an item of the user menu (top right): profile, change password, sign out. */
export async function openUserMenuItem(page: Page, item: string): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Chooses a language with the switch of the top bar (or of the sign-in pages), which opens on hover. */
export async function switchLanguage(page: Page, language: '简体中文' | 'English'): Promise<void> {
  await page.getByTestId('language-switch').hover();
  await page.getByRole('menuitem', { name: language }).click();
  await page.getByTestId('language-switch').getByText(language).waitFor();
}

/**
 * Picks an option of an antd Select or TreeSelect: opens the control found by its label and clicks the option in
 * the open drop-down (only one is open at a time).
 */
export async function chooseOption(page: Page, control: Locator, option: string): Promise<void> {
  await control.click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.getByTitle(option, { exact: true }).click();
}

// ---------------------------------------------------------------------------------------------- Kehu flows

/** The organisation and administrator that the tests whose subject is not set-up itself start from. */
export const ORG = {
  orgName: '测试科技有限公司',
  orgCode: 'acme',
  adminUsername: 'admin',
  adminName: '王管理',
  adminEmail: 'admin@example.com',
  password: 'Adm1nPassw0rd',
} as const;

/** First-run set-up through the API, for test files about something else (call it in beforeAll). */
export async function setUpOrg(kehu: KehuServer): Promise<void> {
  const res = await fetch(`${kehu.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...ORG, confirmPassword: ORG.password }),
  });
  if (res.status !== 201) throw new Error(`Set-up failed: ${res.status} ${await res.text()}`);
}

/** Fills and submits the sign-in form the page shows (in Chinese); the outcome is the caller's to check. */
export async function submitLogin(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByLabel('邮箱 / 手机号 / 用户名').fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: buttonName('登录') }).click();
}

/** Signs in through the sign-in page and waits for the application's frame. */
export async function login(page: Page, identifier: string = ORG.adminEmail, password: string = ORG.password): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, identifier, password);
  await mainMenu(page).waitFor();
}

/** The API as a signed-in user, outside any browser: for preparing what a test needs but is not about. */
export interface ApiSession {
  /** A POST with the session's CSRF token; returns the parsed answer and throws on an error status. */
  post<T>(apiPath: string, data: unknown): Promise<T>;
  dispose(): Promise<void>;
}

export async function apiSession(kehu: KehuServer, identifier: string = ORG.adminEmail, password: string = ORG.password): Promise<ApiSession> {
  const api = await request.newContext({ baseURL: kehu.url });
  const res = await api.post('/api/v1/auth/login', { data: { identifier, password } });
  if (!res.ok()) {
    const answer = `${res.status()} ${await res.text()}`;
    await api.dispose();
    throw new Error(`Sign-in of ${identifier} failed: ${answer}`);
  }
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    async post<T>(apiPath: string, data: unknown) {
      const answer = await api.post(`/api/v1${apiPath}`, { data, headers: { 'x-csrf-token': csrfToken } });
      if (!answer.ok()) throw new Error(`POST ${apiPath}: ${answer.status()} ${await answer.text()}`);
      return (await answer.json()) as T;
    },
    dispose: () => api.dispose(),
  };
}

/** The link to `linkPath` (e.g. '/verify-email') that a mail carries, as the recipient would click it. */
export function linkIn(mail: ReceivedMail, linkPath: string): string {
  const match = new RegExp(`https?://\\S+?${escapeRegExp(linkPath)}\\?token=\\S+`).exec(mail.text);
  if (!match) throw new Error(`No ${linkPath} link in the mail "${mail.subject}":\n${mail.text}`);
  return match[0];
}
