import { count, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { AppError, violatedUnique } from '../../lib/errors.ts';
import { passwordPolicyError, randomToken } from '../../lib/crypto.ts';
import type { RequestInfo } from '../../lib/context.ts';
import { withSystem } from '../../lib/tx.ts';
import { ROLE_TEMPLATES, ROLE_TEMPLATE_KEYS, SCOPED_MODULES, SHAREABLE_MODULES, type RoleTemplateKey } from '../../../shared/permissions.ts';
import type { SetupInput } from '../../../shared/validation/auth.ts';
import { defaultOrgSettings } from '../../../shared/validation/settings.ts';
import { recordAudit } from '../audit/audit.service.ts';
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
  options: { installationAdmin: boolean; onlyIfFirst?: boolean },
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
