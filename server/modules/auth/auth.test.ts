import { describe, expect, it } from 'vitest';
import { Client, createTestOrg, PASSWORD, uniq, useTestApp } from '../../test/fixtures.ts';

const env = useTestApp();

describe('login', () => {
  it('signs in with org code + username and returns me', async () => {
    const org = await createTestOrg(env);
    const me = await org.admin.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('admin');
    expect(me.json().permissions).toContain('user:create');
  });
  it('rejects wrong password without saying whether the account exists', async () => {
    const org = await createTestOrg(env);
    const c = new Client(env.app);
    const wrong = await c.post('/api/v1/auth/login', { identifier: 'admin', orgCode: org.code, password: 'nope12345' });
    const missing = await c.post('/api/v1/auth/login', { identifier: `${uniq()}@example.com`, password: 'nope12345' });
    expect(wrong.statusCode).toBe(401);
    expect(missing.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe(missing.json().error.code);
    expect(wrong.json().error.message).toBe(missing.json().error.message);
  });
  it('signs in with e-mail alone', async () => {
    const org = await createTestOrg(env);
    const c = await new Client(env.app).login(`${org.code}-admin@example.com`, PASSWORD);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});
