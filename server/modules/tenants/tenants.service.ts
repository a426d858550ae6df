import { and, count, eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.ts';
import { AppError, fieldError, versionConflict, violatedUnique } from '../../lib/errors.ts';
import { passwordPolicyError, randomToken } from '../../lib/crypto.ts';
import type { Actor, RequestInfo } from '../../lib/context.ts';
import { withSystem } from '../../lib/tx.ts';
import { ROLE_TEMPLATES, ROLE_TEMPLATE_KEYS, SCOPED_MODULES, SHAREABLE_MODULES, type RoleTemplateKey } from '../../../shared/permissions.ts';
import type { SetupInput } from '../../../shared/validation/auth.ts';
import { defaultOrgSettings, orgSettingsErrors, type OrgProfileUpdate } from '../../../shared/validation/settings.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { DEFAULT_DICTIONARY } from '../dictionary/dictionary.defaults.ts';
import { dictItems } from '../dictionary/dictionary.schema.ts';
import { roles, sharingModes } from '../roles/roles.schema.ts';
import { insertUser } from '../users/users.core.ts';
import { counters, organizations } from './tenants.schema.ts';

export const ROLE_TEMPLATE_NAMES: Record<RoleTemplateKey, { zh: string; en: string }> = {
  administrator: { zh: '管理员', en: 'Administrator' },
  sales_rep: { zh: '销售代表', en: 'Sales representative' },
  customer_manager: { zh: '客户经理', en: 'Customer manager' },
  support_rep: { zh: '客服代表', en: 'Customer support representative' },
  finance: { zh: '财务人员', en: 'Finance' },
  system_admin: { zh: '系统管理员', en: 'System administrator' },
};

export async function isSetUp(db: Db): Promise<boolean> {
  return withSystem(db, async (tx) => {
    const [row] = await tx.select({ n: count() }).from(organizations);
    return (row?.n ?? 0) > 0;
  });
}

export async function nextNumber(tx: Tx, orgId: string, name: string): Promise<number> {
  const [row] = await tx
    .insert(counters)
    .values({ orgId, name, value: 1 })
    .onConflictDoUpdate({ target: [counters.orgId, counters.name], set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  return row!.value;
}

/**
 * Creates an organisation with its preset roles, dictionary and first administrator. The organisation row is
 * written as the installation; everything else under row-level security as the new organisation.
 */
export async function createOrganization(
  db: Db,
  input: SetupInput,
  info: RequestInfo,
  options: { installationAdmin: boolean; onlyIfFirst?: boolean; creator?: Actor },
) {
  const settings = defaultOrgSettings();
  const policy = passwordPolicyError(input.password, settings);
  if (policy) throw new AppError('validation_failed', 422, { password: policy.key }, policy.params);
  try {
    return await withSystem(db, async (tx) => {
      if (options.onlyIfFirst) {
        // Serialises concurrent set-up requests; the loser sees the organisation the winner made.
        await tx.execute(sql`select pg_advisory_xact_lock(7214002)`);
        const [row] = await tx.select({ n: count() }).from(organizations);
        if (row!.n > 0) throw new AppError('setup_done', 409);
      }
      const [org] = await tx
        .insert(organizations)
        .values({
          name: input.orgName,
          code: input.orgCode,
          timeZone: input.timeZone,
          defaultLocale: input.defaultLocale,
          settings,
          registrationToken: randomToken(18),
        })
        .returning();
      const orgId = org!.id;
      await tx.execute(sql`select set_config('app.org_id', ${orgId}, true), set_config('role', 'kehu_app', true)`);
      const zh = input.defaultLocale === 'zh-CN';
      const roleRows = await tx
        .insert(roles)
        .values(
          ROLE_TEMPLATE_KEYS.map((key) => ({
            orgId,
            name: zh ? ROLE_TEMPLATE_NAMES[key].zh : ROLE_TEMPLATE_NAMES[key].en,
            templateKey: key,
            permissions: [...ROLE_TEMPLATES[key].permissions],
            dataScopes: Object.fromEntries(SCOPED_MODULES.map((m) => [m, ROLE_TEMPLATES[key].scope])),
            isSystem: key === 'administrator',
          })),
        )
        .returning();
      await tx.insert(sharingModes).values(SHAREABLE_MODULES.map((recordType) => ({ orgId, recordType, mode: 'private' as const })));
      await tx.insert(dictItems).values(
        Object.entries(DEFAULT_DICTIONARY).flatMap(([dictType, items]) =>
          items.map(([code, labelZh, labelEn, color], i) => ({ orgId, dictType, code, labelZh, labelEn, color: color ?? null, sort: (i + 1) * 10 })),
        ),
      );
      const admin = await insertUser(tx, orgId, {
        username: input.adminUsername,
        name: input.adminName,
        email: input.adminEmail,
        mobile: input.adminMobile,
        password: input.password,
        status: 'active',
        isInstallationAdmin: options.installationAdmin,
        emailVerified: true,
        roleIds: [roleRows.find((r) => r.templateKey === 'administrator')!.id],
      });
      await recordAudit(tx, { orgId, userId: admin.id, name: admin.name, ...info }, {
        module: 'org',
        action: 'create_organization',
        recordType: 'organization',
        recordId: orgId,
        recordLabel: org!.name,
        after: { name: org!.name, code: org!.code, timeZone: org!.timeZone, admin: admin.username },
      });
      if (options.creator) {
        // The installation administrator's own log records the creation too, in this same transaction.
        await tx.execute(sql`select set_config('app.org_id', ${options.creator.orgId}, true)`);
        await recordAudit(tx, options.creator, {
          module: 'org',
          action: 'create_organization',
          recordType: 'organization',
          recordId: orgId,
          recordLabel: org!.name,
          after: { name: org!.name, code: org!.code, admin: admin.username },
        });
      }
      return { org: org!, admin };
    });
  } catch (err) {
    if (violatedUnique(err) === 'organizations_code_key') throw new AppError('duplicate', 409, { orgCode: 'v.orgCodeTaken' });
    throw err;
  }
}

export function presentOrg(org: typeof organizations.$inferSelect) {
  return {
    id: org.id,
    name: org.name,
    code: org.code,
    timeZone: org.timeZone,
    defaultLocale: org.defaultLocale,
    settings: org.settings,
    createdAt: org.createdAt,
    version: org.version,
  };
}

export async function getOrg(tx: Tx, orgId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError('not_found', 404);
  return org;
}

type Organization = typeof organizations.$inferSelect;

const profileView = (o: Organization) => ({ name: o.name, timeZone: o.timeZone, defaultLocale: o.defaultLocale });

export async function getOrgProfile(tx: Tx, actor: Actor) {
  return presentOrg(await getOrg(tx, actor.orgId));
}

/** The code is not editable: people sign in with it. Settings are replaced whole, as the form sends them. */
export async function updateOrgProfile(tx: Tx, actor: Actor, input: OrgProfileUpdate) {
  const errors = orgSettingsErrors(input.settings);
  if (Object.keys(errors).length) throw fieldError(errors);
  const before = await getOrg(tx, actor.orgId);
  const [after] = await tx
    .update(organizations)
    .set({
      name: input.name,
      timeZone: input.timeZone,
      defaultLocale: input.defaultLocale,
      settings: input.settings,
      updatedAt: new Date(),
      version: sql`${organizations.version} + 1`,
    })
    .where(and(eq(organizations.id, actor.orgId), eq(organizations.version, input.version)))
    .returning();
  if (!after) throw versionConflict();
  // Settings are diffed key by key, so the entry names the one parameter that changed rather than all of them.
  const profile = diff(profileView(before), profileView(after));
  const settings = diff(before.settings, after.settings);
  const changed = Object.keys(settings.after).length > 0;
  // A save that changed nothing is not an event worth a log line.
  if (!changed && !Object.keys(profile.after).length) return presentOrg(after);
  await recordAudit(tx, actor, {
    module: 'settings',
    action: 'update',
    recordType: 'organization',
    recordId: after.id,
    recordLabel: after.name,
    before: changed ? { ...profile.before, settings: settings.before } : profile.before,
    after: changed ? { ...profile.after, settings: settings.after } : profile.after,
  });
  return presentOrg(after);
}

/** The sign-up page reads the token from `invite` and registers into this organisation without its code. */
const registrationLink = (publicUrl: string, token: string) => ({ token, url: `${publicUrl}/register?invite=${encodeURIComponent(token)}` });

export async function getRegistrationLink(tx: Tx, actor: Actor, publicUrl: string) {
  const org = await getOrg(tx, actor.orgId);
  return registrationLink(publicUrl, org.registrationToken);
}

/**
 * Invalidates the old link (one that leaked, say). The organisation's version stays: the token is not part of
 * the profile form, so an administrator editing the profile meanwhile should not get a conflict.
 */
export async function regenerateRegistrationLink(tx: Tx, actor: Actor, publicUrl: string) {
  const [org] = await tx
    .update(organizations)
    .set({ registrationToken: randomToken(18), updatedAt: new Date() })
    .where(eq(organizations.id, actor.orgId))
    .returning();
  if (!org) throw new AppError('not_found', 404);
  await recordAudit(tx, actor, { module: 'settings', action: 'regenerate_registration_link', recordType: 'organization', recordId: org.id, recordLabel: org.name });
  return registrationLink(publicUrl, org.registrationToken);
}

/**
 * The installation's organisations, for its administrators. Runs outside row-level security on purpose: this
 * list is the one place that spans organisations, and it shows names and counts only.
 */
export async function listOrganizations(db: Db) {
  return withSystem(db, async (tx) =>
    queryRows<{ id: string; name: string; code: string; timeZone: string; createdAt: string; userCount: number }>(
      tx,
      sql`select o.id, o.name, o.code, o.time_zone as "timeZone", o.created_at as "createdAt",
                 (select count(*)::int from users u where u.org_id = o.id) as "userCount"
            from organizations o order by o.created_at limit 1000`,
    ),
  );
}
