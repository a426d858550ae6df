import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './client.ts';

describe('data directory lock', () => {
  it('refuses a second holder while the first is alive, with a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-lock-'));
    // Another live process holds the lock.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'kehu.lock'), String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(/in use by another Kehu process \(pid \d+\)/);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that is gone, and releases it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-lock-'));
    fs.writeFileSync(path.join(dir, 'kehu.lock'), '2147483646');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'kehu.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'kehu.lock'))).toBe(false);
  });
});
