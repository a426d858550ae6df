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
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
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
  close(): Promise<void>;
}

/** Kehu as `npm start` runs it, on a fresh embedded database in a temporary folder. */
export async function startKehu(options: Partial<AppOptions> = {}): Promise<KehuServer> {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`${path.relative(root, webDir)}/index.html is missing: build the web app first (npm run build; npm test does it).`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-'));
  const database = await openPglite({ dataDir: path.join(dataDir, 'pg') });
  try {
    await runMigrations(database);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = await createApp({ db: database.db, webDir, publicUrl: url, logLevel: process.env.TEST_LOG_LEVEL, ...options });
    await app.listen({ port, host: '127.0.0.1' });
    return {
      url,
      app,
      database,
      dataDir,
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

/** A fresh context (cookies, storage) as a Chinese-speaking user in the organisations' default time zone sees it. */
export function newContext(browser: Browser, baseURL?: string): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL, viewport: { width: 1366, height: 900 } });
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
