import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/columns.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import type { UserPrefs } from '../../../shared/validation/users.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { users } from '../users/users.schema.ts';
import { notifications, outbox } from './notifications.schema.ts';
import { notifyUsers } from './notifications.service.ts';

const env = useTestApp();
const db = () => env.database.db;

async function addNotices(org: TestOrg, userId: string, count: number, opts: { at?: Date; read?: boolean } = {}) {
  const rows = Array.from({ length: count }, (_, i) => ({
    orgId: org.orgId,
    id: newId(),
    userId,
    kind: 'test',
    title: `通知 ${i}`,
    createdAt: opts.at ?? new Date(Date.now() - i * 1000),
    readAt: opts.read ? new Date() : null,
  }));
  await withOrg(db(), org.orgId, (tx) => tx.insert(notifications).values(rows));
  return rows;
}

const noticesOf = (org: TestOrg, userId: string) =>
  withOrg(db(), org.orgId, (tx) => tx.select().from(notifications).where(and(eq(notifications.orgId, org.orgId), eq(notifications.userId, userId))));

async function addMails(org: TestOrg, mails: Partial<typeof outbox.$inferInsert>[]) {
  const rows = mails.map((m, i) => ({
    orgId: org.orgId,
    id: newId(),
    to: `user${i}@example.com`,
    subject: `主题 ${i}`,
    text: `正文 ${i}`,
    status: 'kept' as const,
    createdAt: new Date(Date.now() - i * 1000),
    ...m,
  }));
  await withOrg(db(), org.orgId, (tx) => tx.insert(outbox).values(rows));
  return rows;
}

/** Follows nextCursor to the end; fails on a page that repeats an earlier row. */
async function allPages(client: Client, url: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res = await client.get(`${url}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    ids.push(...(res.json().items as { id: string }[]).map((i) => i.id));
    cursor = res.json().nextCursor;
    if (!cursor) break;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

describe('permissions', () => {
  it('notifications need only a sign-in; the outbox needs outbox:view', async () => {
    const org = await createTestOrg(env);
    const [mail] = await addMails(org, [{}]);
    const { client: nobody } = await createTestUser(org);
    const { client: reader } = await createTestUser(org, { permissions: ['outbox:view'] });
    const anonymous = new Client(env.app);
    for (const [method, url, body] of [
      ['GET', '/api/v1/notifications', undefined],
      ['GET', '/api/v1/notifications/unread-count', undefined],
      ['POST', '/api/v1/notifications/read', { all: true }],
    ] as const) {
      expect((await anonymous.request(method, url, body)).statusCode, url).toBe(401);
      expect((await nobody.request(method, url, body)).statusCode, url).toBe(200);
    }
    for (const url of ['/api/v1/outbox', `/api/v1/outbox/${mail!.id}`]) {
      expect((await anonymous.get(url)).statusCode, url).toBe(401);
      const refused = await nobody.get(url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
      expect((await reader.get(url)).statusCode, url).toBe(200);
    }
  });
});

describe('notifyUsers', () => {
  it('respects each user’s notifyInApp and notifyByEmail, defaulting both to on', async () => {
    const org = await createTestOrg(env);
    const make = async (prefs: UserPrefs, email = true) => {
      const { user } = await createTestUser(org);
      await withOrg(db(), org.orgId, (tx) =>
        tx.update(users).set({ prefs, ...(email ? {} : { email: null }) }).where(and(eq(users.orgId, org.orgId), eq(users.id, user.id))),
      );
      return user;
    };
    const both = await make({});
    const appOnly = await make({ notifyByEmail: false });
    const mailOnly = await make({ notifyInApp: false });
    const neither = await make({ notifyInApp: false, notifyByEmail: true, locale: 'en-US' }, false);
    const foreign = await createTestOrg(env);

    await withOrg(db(), org.orgId, (tx) =>
      notifyUsers(
        tx,
        env.app.kehu.mailer,
        org.orgId,
        [both.id, appOnly.id, mailOnly.id, neither.id, both.id, foreign.adminId],
        { kind: 'lead_assigned', title: '新线索已分配给您', body: '线索：海尔', link: '/leads/1' },
        'https://crm.example.com',
      ),
    );
    const notices = await withOrg(db(), org.orgId, (tx) => tx.select().from(notifications).where(eq(notifications.kind, 'lead_assigned')));
    expect(notices.map((n) => n.userId).sort()).toEqual([both.id, appOnly.id].sort());
    expect(notices[0]).toMatchObject({ title: '新线索已分配给您', body: '线索：海尔', link: '/leads/1', readAt: null });
    const mails = await withOrg(db(), org.orgId, (tx) => tx.select().from(outbox).where(sql`${outbox.meta}->>'kind' = 'lead_assigned'`));
    expect(mails.map((m) => m.to).sort()).toEqual([both.email, mailOnly.email].sort());
    expect(mails[0]).toMatchObject({ subject: '新线索已分配给您', text: '线索：海尔\n\nhttps://crm.example.com/leads/1', status: 'kept' });
    // A user of another organisation named by mistake gets nothing, in either organisation.
    expect(await noticesOf(foreign, foreign.adminId)).toEqual([]);
  });
});

describe('GET /notifications', () => {
  it('pages the reader’s own notices newest first, with unread counts and an unread filter', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const { user: colleague } = await createTestUser(org);
    const same = new Date(Date.now() - 10 * 86_400_000);
    const unread = await addNotices(org, user.id, 5, { at: same });
    const read = await addNotices(org, user.id, 3, { read: true });
    await addNotices(org, colleague.id, 4);

    const ids = await allPages(client, '/api/v1/notifications?limit=3');
    expect(ids.sort()).toEqual([...unread, ...read].map((n) => n.id).sort());
    const first = (await client.get('/api/v1/notifications?limit=3')).json();
    expect(first.unread).toBe(5);
    expect(first.items.map((n: { id: string }) => n.id)).toEqual(read.map((n) => n.id));
    expect(first.items[0]).toEqual(
      expect.objectContaining({ id: read[0]!.id, kind: 'test', title: '通知 0', body: '', link: null, createdAt: expect.any(String), readAt: expect.any(String) }),
    );
    expect((await allPages(client, '/api/v1/notifications?unreadOnly=true&limit=2')).sort()).toEqual(unread.map((n) => n.id).sort());
    expect((await client.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 5 });
  });

  it('rejects malformed paging and filters', async () => {
    const org = await createTestOrg(env);
    for (const [query, field] of [
      ['limit=500', 'limit'],
      ['unreadOnly=maybe', 'unreadOnly'],
      ['cursor=%%%', 'cursor'],
      [`cursor=${Buffer.from('["2026-01-01T00:00:00.000000Z","x"]').toString('base64url')}`, 'cursor'],
    ]) {
      const res = await org.admin.get(`/api/v1/notifications?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
    }
  });
});

describe('POST /notifications/read', () => {
  it('marks the listed own notices read and ignores anyone else’s', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const { user: colleague } = await createTestUser(org);
    const mine = await addNotices(org, user.id, 3);
    const theirs = await addNotices(org, colleague.id, 1);
    const res = await client.post('/api/v1/notifications/read', { ids: [mine[0]!.id, theirs[0]!.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 1, unread: 2 });
    expect((await noticesOf(org, colleague.id))[0]!.readAt).toBeNull();
    const all = await client.post('/api/v1/notifications/read', { all: true });
    expect(all.json()).toEqual({ updated: 2, unread: 0 });
    expect((await noticesOf(org, user.id)).every((n) => n.readAt)).toBe(true);
    expect((await noticesOf(org, colleague.id))[0]!.readAt).toBeNull();
  });

  it('rejects bodies that name neither or both, and malformed ids, changing nothing', async () => {
    const org = await createTestOrg(env);
    const { user, client } = await createTestUser(org);
    const [notice] = await addNotices(org, user.id, 1);
    for (const [body, field] of [
      [{}, 'ids'],
      [{ ids: [] }, 'ids'],
      [{ ids: ['nope'] }, 'ids.0'],
      [{ all: false }, 'all'],
      [{ ids: [notice!.id], all: true }, 'ids'],
    ] as const) {
      const res = await client.post('/api/v1/notifications/read', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(body)).toEqual([field]);
    }
    expect((await noticesOf(org, user.id))[0]!.readAt).toBeNull();
  });

  it('organisation B never sees or marks organisation A notices', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const [notice] = await addNotices(a, a.adminId, 1);
    expect((await b.admin.get('/api/v1/notifications')).json().items).toEqual([]);
    expect((await b.admin.post('/api/v1/notifications/read', { ids: [notice!.id] })).json()).toEqual({ updated: 0, unread: 0 });
    expect((await noticesOf(a, a.adminId))[0]!.readAt).toBeNull();
    expect((await a.admin.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 });
  });
});

describe('outbox', () => {
  it('lists newest first with status and text filters, paging without repeats', async () => {
    const org = await createTestOrg(env);
    const mails = await addMails(org, [
      { subject: '验证邮箱', status: 'kept', meta: { kind: 'verify_email' } },
      { subject: '重置密码', status: 'failed', error: 'connection refused' },
      { subject: '100% 折扣', to: 'promo@example.com', status: 'sent', sentAt: new Date() },
      { subject: '其他', status: 'queued' },
      { subject: '普通', to: 'plain@example.com' },
    ]);
    const res = await org.admin.get('/api/v1/outbox?limit=2');
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toEqual({
      id: mails[0]!.id,
      to: 'user0@example.com',
      subject: '验证邮箱',
      status: 'kept',
      error: null,
      kind: 'verify_email',
      createdAt: expect.any(String),
      sentAt: null,
    });
    expect(await allPages(org.admin, '/api/v1/outbox?limit=2')).toEqual(mails.map((m) => m.id));
    const failed = (await org.admin.get('/api/v1/outbox?status=failed')).json().items;
    expect(failed).toEqual([expect.objectContaining({ id: mails[1]!.id, error: 'connection refused' })]);
    const byText = async (q: string) => ((await org.admin.get(`/api/v1/outbox?q=${encodeURIComponent(q)}`)).json().items as { id: string }[]).map((m) => m.id);
    expect(await byText('PROMO@')).toEqual([mails[2]!.id]);
    expect(await byText('重置')).toEqual([mails[1]!.id]);
    // LIKE wildcards in the search are literal characters.
    expect(await byText('%')).toEqual([mails[2]!.id]);
    expect(await byText('_')).toEqual([]);
    expect((await org.admin.get('/api/v1/outbox?status=&q=')).json().items).toHaveLength(5);
    const bad = await org.admin.get('/api/v1/outbox?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['status']);
  });

  it('shows a mail in full and logs who opened it; unknown ids 404', async () => {
    const org = await createTestOrg(env);
    const [mail] = await addMails(org, [{ subject: '重置密码', text: '请打开链接 https://x/reset?token=abc', html: '<p>hi</p>', meta: { kind: 'reset' } }]);
    const res = await org.admin.get(`/api/v1/outbox/${mail!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: mail!.id, subject: '重置密码', text: '请打开链接 https://x/reset?token=abc', html: '<p>hi</p>', meta: { kind: 'reset' } });
    expect(res.json()).not.toHaveProperty('orgId');
    const logged = await withOrg(db(), org.orgId, (tx) => tx.select().from(auditLogs).where(and(eq(auditLogs.module, 'outbox'), eq(auditLogs.recordId, mail!.id))));
    expect(logged).toEqual([expect.objectContaining({ action: 'view', actorId: org.adminId, recordLabel: '重置密码' })]);
    const unknown = await org.admin.get(`/api/v1/outbox/${newId()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    expect((await org.admin.get('/api/v1/outbox/123')).statusCode).toBe(400);
  });

  it('never shows a password-reset link, which would let the reader take over the account', async () => {
    const org = await createTestOrg(env);
    await new Client(env.app).post('/api/v1/auth/forgot-password', { identifier: `${org.code}-admin@example.com` });
    const [row] = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select().from(outbox).where(and(eq(outbox.orgId, org.orgId), sql`${outbox.meta}->>'kind' = 'reset_password'`)),
    );
    const token = /token=([^\s&]+)/.exec(row!.text)![1]!;
    const shown = await org.admin.get(`/api/v1/outbox/${row!.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain(decodeURIComponent(token));
    expect(shown.body).not.toContain(token);
    expect(shown.json().text).toContain('token=••••••');
  });

  it('organisation B never sees organisation A mail', async () => {
    const a = await createTestOrg(env);
    const b = await createTestOrg(env);
    const [mail] = await addMails(a, [{ subject: 'A 的邮件' }]);
    expect((await b.admin.get('/api/v1/outbox')).json().items).toEqual([]);
    expect((await b.admin.get(`/api/v1/outbox?q=${encodeURIComponent('A 的')}`)).json().items).toEqual([]);
    expect((await b.admin.get(`/api/v1/outbox/${mail!.id}`)).statusCode).toBe(404);
    expect((await a.admin.get(`/api/v1/outbox/${mail!.id}`)).statusCode).toBe(200);
  });
});
