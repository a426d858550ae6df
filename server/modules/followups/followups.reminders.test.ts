import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startJobs } from '../../jobs/jobs.ts';
import { waitForJob } from '../../jobs/jobs.testing.ts';
import { withOrg } from '../../lib/tx.ts';
import { createTestOrg, createTestUser, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { SALES, seedCustomer, shareCustomer } from '../contacts/contacts.testing.ts';
import { Mailer } from '../notifications/mailer.ts';
import { notifications, outbox } from '../notifications/notifications.schema.ts';
import { users } from '../users/users.schema.ts';
import { followupRemindersJob, runFollowupReminders } from './followups.reminders.ts';
import { followups } from './followups.schema.ts';

const env = useTestApp();
const mailer = () => new Mailer(env.database.db, undefined, 'Kehu <no-reply@kehu.local>');

const at = (iso: string) => new Date(iso);

async function logFollowup(client: TestOrg['admin'], body: Record<string, unknown>) {
  const res = await client.post('/api/v1/followups', { method: 'phone', content: '电话沟通，客户考虑中', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const noticesOf = (org: TestOrg, userId: string) =>
  withOrg(env.database.db, org.orgId, (tx) =>
    tx.select().from(notifications).where(and(eq(notifications.orgId, org.orgId), eq(notifications.userId, userId), eq(notifications.kind, 'followup_reminder'))),
  );
const mailsOf = (org: TestOrg) =>
  withOrg(env.database.db, org.orgId, (tx) => tx.select().from(outbox).where(and(eq(outbox.orgId, org.orgId), sql`${outbox.meta}->>'kind' = 'followup_reminder'`)));
const remindedAt = async (org: TestOrg, id: string) =>
  (await withOrg(env.database.db, org.orgId, (tx) => tx.select().from(followups).where(and(eq(followups.orgId, org.orgId), eq(followups.id, id)))))[0]!.remindedAt;

describe('next-contact reminders', () => {
  it('reminds the customer owner once, in the app and by mail, when the time has come', async () => {
    const org = await createTestOrg(env);
    const { user: owner } = await createTestUser(org, { permissions: SALES });
    const { user: helper, client: helperClient } = await createTestUser(org, { permissions: SALES });
    const customer = await seedCustomer(org, { ownerId: owner.id, name: '美的集团' });
    await shareCustomer(org, customer.id, helper.id, 'read');
    // Logged by a co-owner: the reminder still goes to the owner.
    const f = await logFollowup(helperClient, { customerId: customer.id, occurredAt: '2026-01-05T02:00:00.000Z', nextContactAt: '2026-01-06T01:30:00.000Z' });
    const options = { orgIds: [org.orgId], publicUrl: 'https://crm.example.com' };

    expect(await runFollowupReminders(env.database.db, mailer(), { ...options, now: at('2026-01-06T01:29:59Z') })).toEqual({ reminded: 0, skipped: 0 });
    expect(await noticesOf(org, owner.id)).toEqual([]);

    expect(await runFollowupReminders(env.database.db, mailer(), { ...options, now: at('2026-01-06T01:30:00Z') })).toEqual({ reminded: 1, skipped: 0 });
    const [notice] = await noticesOf(org, owner.id);
    expect(notice).toMatchObject({ title: '跟进提醒：美的集团', link: `/customers/${customer.id}` });
    // In the owner's time zone (the organisation's, Asia/Shanghai): 09:30.
    expect(notice!.body).toContain('09:30');
    expect(notice!.body).toContain('电话沟通，客户考虑中');
    const [mail] = await mailsOf(org);
    expect(mail).toMatchObject({ to: owner.email, subject: '跟进提醒：美的集团' });
    expect(mail!.text).toContain(`https://crm.example.com/customers/${customer.id}`);
    expect(await noticesOf(org, helper.id)).toEqual([]);
    expect(await remindedAt(org, f.id)).toEqual(at('2026-01-06T01:30:00Z'));

    // Once only.
    expect(await runFollowupReminders(env.database.db, mailer(), { ...options, now: at('2026-01-07T00:00:00Z') })).toEqual({ reminded: 0, skipped: 0 });
    expect(await noticesOf(org, owner.id)).toHaveLength(1);
    expect(await mailsOf(org)).toHaveLength(1);
  });

  it('speaks the owner’s language and time zone, and respects their notification choices', async () => {
    const org = await createTestOrg(env);
    const { user: owner } = await createTestUser(org, { permissions: SALES });
    await withOrg(env.database.db, org.orgId, (tx) =>
      tx
        .update(users)
        .set({ prefs: { locale: 'en-US', timeZone: 'Europe/London', notifyByEmail: false } })
        .where(and(eq(users.orgId, org.orgId), eq(users.id, owner.id))),
    );
    const customer = await seedCustomer(org, { ownerId: owner.id, name: 'Acme' });
    await logFollowup(org.admin, { customerId: customer.id, occurredAt: '2026-01-05T02:00:00.000Z', nextContactAt: '2026-01-06T01:30:00.000Z' });
    await runFollowupReminders(env.database.db, mailer(), { orgIds: [org.orgId], now: at('2026-01-06T02:00:00Z') });
    const [notice] = await noticesOf(org, owner.id);
    expect(notice!.title).toBe('Follow-up due: Acme');
    expect(notice!.body).toContain('01:30');
    expect(await mailsOf(org)).toEqual([]);
  });

  it('does not remind a follow-up superseded by a newer one, nor a customer without an active owner', async () => {
    const org = await createTestOrg(env);
    const { user: owner, client } = await createTestUser(org, { permissions: SALES });
    const customer = await seedCustomer(org, { ownerId: owner.id });
    const older = await logFollowup(client, { customerId: customer.id, occurredAt: '2026-01-01T02:00:00.000Z', nextContactAt: '2026-01-03T02:00:00.000Z' });
    const newer = await logFollowup(client, { customerId: customer.id, occurredAt: '2026-01-02T02:00:00.000Z', nextContactAt: '2026-01-04T02:00:00.000Z' });
    const pool = await seedCustomer(org, { ownerId: null });
    const pooled = await logFollowup(org.admin, { customerId: pool.id, occurredAt: '2026-01-01T02:00:00.000Z', nextContactAt: '2026-01-03T02:00:00.000Z' });
    const { user: leaver } = await createTestUser(org, { permissions: SALES });
    const leaversCustomer = await seedCustomer(org, { ownerId: leaver.id });
    await logFollowup(org.admin, { customerId: leaversCustomer.id, occurredAt: '2026-01-01T02:00:00.000Z', nextContactAt: '2026-01-03T02:00:00.000Z' });
    await withOrg(env.database.db, org.orgId, (tx) => tx.update(users).set({ status: 'disabled' }).where(and(eq(users.orgId, org.orgId), eq(users.id, leaver.id))));

    const first = await runFollowupReminders(env.database.db, mailer(), { orgIds: [org.orgId], now: at('2026-01-03T12:00:00Z') });
    expect(first).toEqual({ reminded: 0, skipped: 3 });
    expect(await remindedAt(org, older.id)).not.toBeNull();
    expect(await remindedAt(org, pooled.id)).not.toBeNull();
    expect(await noticesOf(org, owner.id)).toEqual([]);

    const second = await runFollowupReminders(env.database.db, mailer(), { orgIds: [org.orgId], now: at('2026-01-04T12:00:00Z') });
    expect(second).toEqual({ reminded: 1, skipped: 0 });
    expect(await remindedAt(org, newer.id)).not.toBeNull();
  });

  it('works in bounded batches and picks up the rest on the next run', async () => {
    const org = await createTestOrg(env);
    const { user: owner, client } = await createTestUser(org, { permissions: SALES });
    for (let i = 0; i < 5; i++) {
      const customer = await seedCustomer(org, { ownerId: owner.id });
      await logFollowup(client, { customerId: customer.id, occurredAt: '2026-01-01T02:00:00.000Z', nextContactAt: `2026-01-02T0${i}:00:00.000Z` });
    }
    const run = () => runFollowupReminders(env.database.db, mailer(), { orgIds: [org.orgId], now: at('2026-01-03T00:00:00Z'), batchSize: 2, maxBatches: 2 });
    expect(await run()).toEqual({ reminded: 4, skipped: 0 });
    expect(await run()).toEqual({ reminded: 1, skipped: 0 });
    expect(await run()).toEqual({ reminded: 0, skipped: 0 });
    expect(await noticesOf(org, owner.id)).toHaveLength(5);
  });

  it('runs as the followups.remind job every minute', async () => {
    const org = await createTestOrg(env);
    const { user: owner, client } = await createTestUser(org, { permissions: SALES });
    const customer = await seedCustomer(org, { ownerId: owner.id });
    await logFollowup(client, { customerId: customer.id, occurredAt: new Date(Date.now() - 3600_000).toISOString(), nextContactAt: new Date(Date.now() - 60_000).toISOString() });
    const jobs = await startJobs({ database: env.database, jobs: [followupRemindersJob], mailer: mailer(), publicUrl: 'https://crm.example.com' });
    try {
      const schedule = (await jobs.boss.getSchedules()).find((s) => s.name === 'followups.remind');
      expect(schedule).toMatchObject({ cron: '* * * * *' });
      const id = await jobs.send('followups.remind', { orgIds: [org.orgId] });
      const job = await waitForJob(jobs.boss, 'followups.remind', id!);
      expect(job).toMatchObject({ state: 'completed', output: { reminded: 1, skipped: 0 } });
    } finally {
      await jobs.stop();
    }
    expect(await noticesOf(org, owner.id)).toHaveLength(1);
  });
});
