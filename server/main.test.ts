import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const tsx = path.resolve('node_modules/.bin/tsx');

function start(dataDir: string, port: number) {
  const child = spawn(tsx, ['server/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(check: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the server process', () => {
  it('runs on the embedded database, refuses a second process on the same data, and closes cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-main-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const first = start(dataDir, port);
    let second: { child: ChildProcess } | undefined;
    try {
      await waitFor(() => first.output().includes('Kehu is running'), 60_000);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json());
      expect(health).toEqual({ status: 'ok' });

      const other = start(dataDir, port + 1);
      second = other;
      expect(await other.exited).toBe(1);
      expect(other.output()).toMatch(/in use by another Kehu process/);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'kehu.lock'))).toBe(false);
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
    }
  }, 90_000);
});
