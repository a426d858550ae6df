import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, duplicate, fieldError, forbidden, notFound, versionConflict, violatedUnique } from '../../lib/errors.ts';
import type { Locale, MessageKey } from '../../../shared/i18n/messages.ts';
import {
  ALL_PERMISSIONS,
  DATA_SCOPES,
  isPermission,
  MODULE_NAMES,
  MODULES,
  ROLE_TEMPLATE_KEYS,
  ROLE_TEMPLATES,
  SCOPED_MODULES,
  SHAREABLE_MODULES,
  SHARING_MODES,
  widestScope,
  type DataScope,
  type Permission,
  type SharingMode,
} from '../../../shared/permissions.ts';
import type { RoleCreate, RoleUpdate, SharingModesUpdate } from '../../../shared/validation/roles.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { ROLE_TEMPLATE_NAMES } from '../tenants/tenants.service.ts';
import { userRoles } from '../users/users.schema.ts';
import { roles, sharingModes } from './roles.schema.ts';

type Role = typeof roles.$inferSelect;
type Scopes = Partial<Record<string, DataScope>>;

/** Roles are few per organisation; the list is bounded all the same. */
const MAX_ROLES = 1000;

export function permissionCatalogue(locale: Locale) {
  return {
    modules: MODULE_NAMES.map((module) => {
      const def: { actions: readonly string[]; scoped: boolean; shareable?: boolean } = MODULES[module];
      return { module, actions: def.actions, scoped: def.scoped, shareable: def.shareable ?? false };
    }),
    scopes: DATA_SCOPES,
    sharingModes: SHARING_MODES,
    templates: ROLE_TEMPLATE_KEYS.map((key) => ({
      key,
      name: locale === 'zh-CN' ? ROLE_TEMPLATE_NAMES[key].zh : ROLE_TEMPLATE_NAMES[key].en,
      permissions: ROLE_TEMPLATES[key].permissions,
      scope: ROLE_TEMPLATES[key].scope,
    })),
  };
}

function presentRole(r: Role, userCount: number) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    templateKey: r.templateKey,
    permissions: [...r.permissions].sort(),
    dataScopes: r.dataScopes,
    isSystem: r.isSystem,
    userCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

const roleAudit = (r: Role) => ({ name: r.name, description: r.description, permissions: [...r.permissions].sort(), dataScopes: r.dataScopes });

async function findRole(tx: Tx, orgId: string, id: string, lock?: 'update'): Promise<Role | undefined> {
  const query = tx.select().from(roles).where(and(eq(roles.orgId, orgId), eq(roles.id, id)));
  const [row] = lock ? await query.for(lock) : await query;
  return row;
}

const countHolders = (tx: Tx, orgId: string, roleId: string) => tx.$count(userRoles, and(eq(userRoles.orgId, orgId), eq(userRoles.roleId, roleId)));

async function nameUnique<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (violatedUnique(err) === 'roles_org_name_key') throw duplicate({ name: 'v.nameTaken' });
    throw err;
  }
}

/** Whether `scope` reaches further than the actor's own scope for the module (no scope of one's own means 'self'). */
function widerThanOwn(actor: Actor, module: string, scope: DataScope | undefined): boolean {
  const own = actor.scopes[module] ?? 'self';
  return scope !== undefined && (DATA_SCOPES as readonly string[]).includes(scope) && widestScope(own, scope) !== own;
}

/**
 * Whether a set of rights (a role, or everything a user holds) lies within the actor's own: every permission held,
 * and no data scope wider than the actor's for that module. Handing out, editing or acting on anything beyond that
 * would let a weaker user escalate, or weaken a stronger one.
 */
export function withinAuthority(actor: Actor, rights: { permissions: readonly string[]; dataScopes: Scopes }): boolean {
  return (
    rights.permissions.every((p) => actor.permissions.has(p as Permission)) &&
    Object.entries(rights.dataScopes).every(([module, scope]) => !widerThanOwn(actor, module, scope))
  );
}

/** The administrator role holds the whole catalogue at the widest scope, whatever the catalogue has grown to. */
const SYSTEM_SCOPES: Scopes = Object.fromEntries(SCOPED_MODULES.map((m) => [m, 'all' as DataScope]));

/**
 * Checks a role's new rights against the catalogue and against the actor's own rights: nobody grants a
 * permission or widens a data scope beyond what they hold themselves, so role editing cannot escalate privileges.
 * The administrator role instead must keep the whole catalogue at scope 'all' (including permissions added to the
 * catalogue after the organisation was created); only its name and description can change.
 */
function checkGrant(actor: Actor, permissions: string[], dataScopes: Scopes, systemRole = false): { permissions: string[]; dataScopes: Scopes } {
  const fields: Record<string, MessageKey> = {};
  const unique = [...new Set(permissions)].sort();
  if (unique.some((p) => !isPermission(p))) fields.permissions = 'v.unknownPermission';
  else if (systemRole && ALL_PERMISSIONS.some((p) => !unique.includes(p))) fields.permissions = 'v.systemRole';
  else if (!systemRole && unique.some((p) => !actor.permissions.has(p as Permission))) fields.permissions = 'v.permissionNotHeld';
  for (const [module, scope] of Object.entries(dataScopes)) {
    if (!(SCOPED_MODULES as string[]).includes(module)) fields[`dataScopes.${module}`] = 'v.notScopedModule';
    else if (systemRole && scope !== 'all') fields[`dataScopes.${module}`] = 'v.systemRole';
    else if (!systemRole && widerThanOwn(actor, module, scope)) fields[`dataScopes.${module}`] = 'v.permissionNotHeld';
  }
  if (Object.keys(fields).length) throw fieldError(fields);
  return systemRole ? { permissions: [...ALL_PERMISSIONS].sort(), dataScopes: SYSTEM_SCOPES } : { permissions: unique, dataScopes };
}

/**
 * Only roles within the actor's own authority can be edited or deleted: otherwise `role:edit` alone would let a
 * weaker user rename, narrow or remove the roles of stronger users. The administrator role is edited only by its
 * own holders.
 */
async function assertMayChange(tx: Tx, actor: Actor, role: Role) {
  if (role.isSystem) {
    const [held] = await tx
      .select({ roleId: userRoles.roleId })
      .from(userRoles)
      .where(and(eq(userRoles.orgId, actor.orgId), eq(userRoles.userId, actor.userId), eq(userRoles.roleId, role.id)));
    if (!held) throw forbidden();
  } else if (!withinAuthority(actor, role)) throw forbidden();
}

export async function listRoles(tx: Tx, actor: Actor) {
  const holders = tx
    .select({ roleId: userRoles.roleId, n: count().as('n') })
    .from(userRoles)
    .where(eq(userRoles.orgId, actor.orgId))
    .groupBy(userRoles.roleId)
    .as('holders');
  const rows = await tx
    .select({ role: roles, users: sql<number>`coalesce(${holders.n}, 0)`.mapWith(Number) })
    .from(roles)
    .leftJoin(holders, eq(holders.roleId, roles.id))
    .where(eq(roles.orgId, actor.orgId))
    .orderBy(desc(roles.isSystem), asc(roles.name))
    .limit(MAX_ROLES);
  return { items: rows.map((r) => presentRole(r.role, r.users)) };
}

export async function getRole(tx: Tx, actor: Actor, id: string) {
  const role = await findRole(tx, actor.orgId, id);
  if (!role) throw notFound();
  return presentRole(role, await countHolders(tx, actor.orgId, id));
}

export async function createRole(tx: Tx, actor: Actor, input: RoleCreate) {
  const template = input.templateKey ? ROLE_TEMPLATES[input.templateKey] : undefined;
  const granted = checkGrant(
    actor,
    input.permissions ?? template?.permissions ?? [],
    input.dataScopes ?? (template ? Object.fromEntries(SCOPED_MODULES.map((m) => [m, template.scope])) : {}),
  );
  const [role] = await nameUnique(() =>
    tx
      .insert(roles)
      .values({
        orgId: actor.orgId,
        name: input.name,
        description: input.description,
        templateKey: input.templateKey ?? null,
        permissions: granted.permissions,
        dataScopes: granted.dataScopes,
      })
      .returning(),
  );
  await recordAudit(tx, actor, { module: 'role', action: 'create', recordType: 'role', recordId: role!.id, recordLabel: role!.name, after: roleAudit(role!) });
  return presentRole(role!, 0);
}

export async function updateRole(tx: Tx, actor: Actor, id: string, input: RoleUpdate) {
  const before = await findRole(tx, actor.orgId, id, 'update');
  if (!before) throw notFound();
  await assertMayChange(tx, actor, before);
  const granted = checkGrant(actor, input.permissions, input.dataScopes, before.isSystem);
  const [after] = await nameUnique(() =>
    tx
      .update(roles)
      .set({
        name: input.name,
        description: input.description,
        permissions: granted.permissions,
        dataScopes: granted.dataScopes,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(roles.orgId, actor.orgId), eq(roles.id, id), eq(roles.version, input.version)))
      .returning(),
  );
  if (!after) throw versionConflict();
  await recordAudit(tx, actor, { module: 'role', action: 'update', recordType: 'role', recordId: id, recordLabel: after.name, ...diff(roleAudit(before), roleAudit(after)) });
  return presentRole(after, await countHolders(tx, actor.orgId, id));
}

export async function deleteRole(tx: Tx, actor: Actor, id: string) {
  const role = await findRole(tx, actor.orgId, id, 'update');
  if (!role) throw notFound();
  if (role.isSystem) throw fieldError({ _: 'v.systemRole' });
  await assertMayChange(tx, actor, role);
  const holders = await countHolders(tx, actor.orgId, id);
  if (holders) throw new AppError('in_use', 409, { users: 'v.roleInUse' }, { members: holders });
  await tx.delete(roles).where(and(eq(roles.orgId, actor.orgId), eq(roles.id, id)));
  await recordAudit(tx, actor, { module: 'role', action: 'delete', recordType: 'role', recordId: id, recordLabel: role.name, before: roleAudit(role) });
}

/** Record types without a stored row are private, the safe default. */
export async function getSharingModes(tx: Tx, actor: Actor): Promise<{ modes: Record<string, SharingMode> }> {
  const rows = await tx.select().from(sharingModes).where(eq(sharingModes.orgId, actor.orgId));
  const modes: Record<string, SharingMode> = Object.fromEntries(SHAREABLE_MODULES.map((m) => [m, 'private' as const]));
  for (const row of rows) if (row.recordType in modes) modes[row.recordType] = row.mode;
  return { modes };
}

export async function updateSharingModes(tx: Tx, actor: Actor, input: SharingModesUpdate) {
  const fields: Record<string, MessageKey> = {};
  for (const recordType of Object.keys(input.modes)) {
    if (!(SHAREABLE_MODULES as string[]).includes(recordType)) fields[`modes.${recordType}`] = 'v.unknownRecordType';
  }
  if (Object.keys(fields).length) throw fieldError(fields);
  const before = await getSharingModes(tx, actor);
  const values = Object.entries(input.modes).map(([recordType, mode]) => ({ orgId: actor.orgId, recordType, mode }));
  if (values.length) {
    await tx
      .insert(sharingModes)
      .values(values)
      .onConflictDoUpdate({ target: [sharingModes.orgId, sharingModes.recordType], set: { mode: sql`excluded.mode` } });
  }
  const after = await getSharingModes(tx, actor);
  const changes = diff(before.modes, after.modes);
  if (Object.keys(changes.after).length) {
    await recordAudit(tx, actor, { module: 'role', action: 'update_sharing_modes', recordType: 'sharing_modes', ...changes });
  }
  return after;
}
