import type { Db } from '../../db/client.ts';
import type { Env } from '../../env.ts';
import { setupInput } from '../../../shared/validation/auth.ts';
import { createOrganization, isSetUp } from '../tenants/tenants.service.ts';

/** Unattended first run: when KEHU_SETUP_* variables are given and no organisation exists yet, create it. */
export async function setupFromEnv(db: Db, env: Env): Promise<void> {
  if (!env.KEHU_SETUP_ORG_CODE || (await isSetUp(db))) return;
  const parsed = setupInput.safeParse({
    orgName: env.KEHU_SETUP_ORG_NAME ?? env.KEHU_SETUP_ORG_CODE,
    orgCode: env.KEHU_SETUP_ORG_CODE,
    timeZone: env.KEHU_SETUP_TIME_ZONE,
    defaultLocale: env.KEHU_SETUP_LOCALE,
    adminUsername: env.KEHU_SETUP_ADMIN_USERNAME ?? 'admin',
    adminName: env.KEHU_SETUP_ADMIN_NAME ?? env.KEHU_SETUP_ADMIN_USERNAME ?? 'admin',
    adminEmail: env.KEHU_SETUP_ADMIN_EMAIL,
    password: env.KEHU_SETUP_ADMIN_PASSWORD,
    confirmPassword: env.KEHU_SETUP_ADMIN_PASSWORD,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`KEHU_SETUP_* variables are incomplete or invalid: ${problems}`);
  }
  await createOrganization(db, parsed.data, { ip: null, userAgent: 'setup-env', locale: parsed.data.defaultLocale }, { installationAdmin: true, onlyIfFirst: true });
  console.log(`Organisation "${parsed.data.orgCode}" and administrator "${parsed.data.adminUsername}" created.`);
}
