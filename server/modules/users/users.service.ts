import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, versionConflict } from '../../lib/errors.ts';
import { recordAudit, diff } from '../audit/audit.service.ts';
import { getOrg, presentOrg } from '../tenants/tenants.service.ts';
import type { UserPrefs } from '../../../shared/validation/users.ts';
import { presentUser } from './users.core.ts';
import { users } from './users.schema.ts';

export async function getMe(tx: Tx, actor: Actor, csrfToken: string) {
  const [user] = await tx.select().from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
  if (!user) throw new AppError('unauthenticated', 401);
  const org = await getOrg(tx, actor.orgId);
  return {
    user: { ...presentUser(user), prefs: user.prefs, isInstallationAdmin: user.isInstallationAdmin },
    org: { id: org.id, name: org.name, code: org.code, timeZone: org.timeZone, defaultLocale: org.defaultLocale },
    permissions: [...actor.permissions].sort(),
    scopes: actor.scopes,
    csrfToken,
  };
}

export async function updateProfile(tx: Tx, actor: Actor, input: { name: string; prefs: UserPrefs; version: number }) {
  const [before] = await tx.select().from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
  if (!before) throw new AppError('not_found', 404);
  const [after] = await tx
    .update(users)
    .set({ name: input.name, prefs: input.prefs, updatedAt: new Date(), version: before.version + 1 })
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId), eq(users.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  const changes = diff({ name: before.name, prefs: before.prefs }, { name: after.name, prefs: after.prefs });
  await recordAudit(tx, actor, { module: 'user', action: 'update_profile', recordType: 'user', recordId: actor.userId, recordLabel: actor.username, ...changes });
  return { ...presentUser(after), prefs: after.prefs };
}

export { presentOrg };
