import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../lib/crypto.ts';
import { withOrg } from '../lib/tx.ts';
import { sessions, userTokens } from '../modules/auth/auth.schema.ts';
import { createTestOrg, useTestApp } from '../test/fixtures.ts';
import { runAuthCleanup } from './auth-cleanup.job.ts';

const env = useTestApp();
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe('auth clean-up', () => {
  it('removes expired sessions and tokens that can no longer be used, and keeps the living ones', async () => {
    const org = await createTestOrg(env);
    const { orgId, adminId: userId } = org;
    await withOrg(env.database.db, orgId, async (tx) => {
      await tx.insert(sessions).values([
        { orgId, userId, tokenHash: sha256('expired'), csrfToken: 'x', expiresAt: hoursAgo(1) },
        { orgId, userId, tokenHash: sha256('alive'), csrfToken: 'x', expiresAt: hoursAgo(-1) },
      ]);
      await tx.insert(userTokens).values([
        { orgId, userId, tokenHash: sha256('used long ago'), kind: 'reset_password', expiresAt: hoursAgo(24 * 9), usedAt: hoursAgo(24 * 8) },
        { orgId, userId, tokenHash: sha256('expired long ago'), kind: 'verify_email', expiresAt: hoursAgo(24 * 8) },
        { orgId, userId, tokenHash: sha256('used yesterday'), kind: 'reset_password', expiresAt: hoursAgo(23), usedAt: hoursAgo(24) },
        { orgId, userId, tokenHash: sha256('valid'), kind: 'reset_password', expiresAt: hoursAgo(-0.5) },
      ]);
    });

    const removed = await runAuthCleanup(env.database.db);
    expect(removed.sessions).toBeGreaterThanOrEqual(1);
    expect(removed.tokens).toBeGreaterThanOrEqual(2);

    const left = await withOrg(env.database.db, orgId, async (tx) => ({
      sessions: (await tx.select().from(sessions).where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId)))).map((s) => s.tokenHash),
      tokens: (await tx.select().from(userTokens).where(eq(userTokens.orgId, orgId))).map((t) => t.tokenHash),
    }));
    expect(left.sessions).toContain(sha256('alive'));
    expect(left.sessions).not.toContain(sha256('expired'));
    expect(left.tokens.sort()).toEqual([sha256('used yesterday'), sha256('valid')].sort());
    // The administrator's own sign-in session from the fixture is alive and stays.
    expect((await org.admin.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});
