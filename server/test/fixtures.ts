import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type AppOptions } from '../app.ts';
import type { Database } from '../db/client.ts';
import { withOrg } from '../lib/tx.ts';
import { createOrganization } from '../modules/tenants/tenants.service.ts';
import { insertUser } from '../modules/users/users.core.ts';
import { roles } from '../modules/roles/roles.schema.ts';
import type { DataScope, Permission } from '../../shared/permissions.ts';
import { translate, type MessageKey } from '../../shared/i18n/messages.ts';
import { openTestDatabase } from './db.ts';

export const PASSWORD = 'Passw0rd!x';
export const uniq = (prefix = '') => `${prefix}${randomBytes(4).toString('hex')}`;

export interface TestEnv {
  app: FastifyInstance;
  database: Database;
}

/** One real database and one app per test file; each test then makes its own organisation. */
export function useTestApp(options: Partial<AppOptions> = {}): TestEnv {
  const env = {} as TestEnv;
  beforeAll(async () => {
    env.database = await openTestDatabase();
    env.app = await createApp({ db: env.database.db, logLevel: process.env.TEST_LOG_LEVEL, loginRateLimit: { max: 10_000, timeWindow: 60_000 }, ...options });
  });
  afterAll(async () => {
    await env.app?.close();
    await env.database?.close();
  });
  return env;
}

/** A signed-in HTTP client: keeps the session cookie and sends the CSRF header on writes. */
export class Client {
  cookies: Record<string, string> = {};
  constructor(
    readonly app: FastifyInstance,
    readonly locale = 'zh-CN',
  ) {}

  async request(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      payload: body as InjectOptions['payload'],
      headers: {
        'accept-language': this.locale,
        ...(Object.keys(this.cookies).length ? { cookie: Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.cookies.kehu_csrf ? { 'x-csrf-token': this.cookies.kehu_csrf } : {}),
        ...headers,
      },
    });
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string, body?: unknown) => this.request('DELETE', url, body);

  async login(identifier: string, password = PASSWORD, orgCode?: string) {
    const res = await this.post('/api/v1/auth/login', { identifier, password, orgCode });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    return this;
  }
}

export interface TestOrg {
  orgId: string;
  code: string;
  adminId: string;
  admin: Client;
  env: TestEnv;
}

/** A new organisation with its administrator signed in. */
export async function createTestOrg(env: TestEnv, opts: { installationAdmin?: boolean; locale?: 'zh-CN' | 'en-US' } = {}): Promise<TestOrg> {
  const code = uniq('t');
  const { org, admin } = await createOrganization(
    env.database.db,
    {
      orgName: `测试公司 ${code}`,
      orgCode: code,
      timeZone: 'Asia/Shanghai',
      defaultLocale: opts.locale ?? 'zh-CN',
      adminUsername: 'admin',
      adminName: '管理员',
      adminEmail: `${code}-admin@example.com`,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    },
    { ip: null, userAgent: 'test', locale: 'zh-CN' },
    { installationAdmin: opts.installationAdmin ?? false },
  );
  const client = await new Client(env.app, opts.locale ?? 'zh-CN').login('admin', PASSWORD, code);
  return { orgId: org.id, code, adminId: admin.id, admin: client, env };
}

/** A role with exactly these permissions and scope, and an active user holding it, signed in. */
export async function createTestUser(
  org: TestOrg,
  opts: { permissions?: Permission[]; scope?: DataScope; username?: string; departmentId?: string; positionIds?: string[] } = {},
) {
  const username = opts.username ?? uniq('u');
  const user = await withOrg(org.env.database.db, org.orgId, async (tx) => {
    const [role] = await tx
      .insert(roles)
      .values({
        orgId: org.orgId,
        name: uniq('role-'),
        permissions: opts.permissions ?? [],
        dataScopes: opts.scope ? { customer: opts.scope, contact: opts.scope, activity: opts.scope } : {},
      })
      .returning();
    return insertUser(tx, org.orgId, {
      username,
      name: username,
      email: `${username}.${org.code}@example.com`,
      password: PASSWORD,
      status: 'active',
      emailVerified: true,
      departmentId: opts.departmentId,
      positionIds: opts.positionIds,
      roleIds: [role!.id],
    });
  });
  const client = await new Client(org.env.app).login(username, PASSWORD, org.code);
  return { user, client };
}

/** An error answer with this status and code, and each named field carrying its message (zh-CN, the default). */
export function expectError(res: LightMyRequestResponse, status: number, code: string, fields: Record<string, MessageKey> = {}, params?: Record<string, number>) {
  expect(res.statusCode, res.body).toBe(status);
  const error = res.json().error;
  expect(error.code).toBe(code);
  for (const [field, key] of Object.entries(fields)) expect(error.fields?.[field], field).toBe(translate('zh-CN', key, params));
}

/** A 400 validation answer naming at least these fields. */
export function expectFieldsFlagged(res: LightMyRequestResponse, fields: string[]) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe('validation_failed');
  expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(fields));
}
