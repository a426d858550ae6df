/**
 * The permission catalogue: every module a role can be granted rights on, the actions each module knows,
 * and the preset role templates from the manuals (USR-05). Roles store permissions as `module:action` strings,
 * so the catalogue can grow without a migration.
 */
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'import', 'approve', 'assign'] as const;
export type Action = (typeof ACTIONS)[number];

export const DATA_SCOPES = ['self', 'subordinates', 'department', 'department_tree', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/** Wider scopes come later in the list; a user with several roles gets the widest one. */
export function widestScope(a: DataScope, b: DataScope): DataScope {
  return DATA_SCOPES.indexOf(a) >= DATA_SCOPES.indexOf(b) ? a : b;
}

export const SHARING_MODES = ['private', 'public_read', 'public_read_write'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];

interface ModuleDef {
  actions: readonly Action[];
  /** Business record types have owners, so a data scope applies to them. */
  scoped: boolean;
  /** Record types whose sharing mode the organisation can set (USR-08). */
  shareable?: boolean;
}

export const MODULES = {
  customer: { actions: ['view', 'create', 'edit', 'delete', 'export', 'import', 'approve', 'assign'], scoped: true, shareable: true },
  contact: { actions: ['view', 'create', 'edit', 'delete', 'export', 'import'], scoped: true, shareable: true },
  activity: { actions: ['view', 'create', 'edit', 'delete', 'export', 'import'], scoped: true },
  lead: { actions: ['view', 'create', 'edit', 'delete', 'export', 'import', 'assign'], scoped: true, shareable: true },
  opportunity: { actions: ['view', 'create', 'edit', 'delete', 'export', 'assign', 'approve'], scoped: true, shareable: true },
  order: { actions: ['view', 'create', 'edit', 'delete', 'export', 'approve'], scoped: true },
  receivable: { actions: ['view', 'create', 'edit', 'delete', 'export'], scoped: true },
  ticket: { actions: ['view', 'create', 'edit', 'delete', 'export', 'assign'], scoped: true },
  document: { actions: ['view', 'create', 'edit', 'delete'], scoped: true, shareable: true },
  report: { actions: ['view', 'export'], scoped: true },
  user: { actions: ['view', 'create', 'edit', 'delete', 'approve'], scoped: false },
  role: { actions: ['view', 'create', 'edit', 'delete'], scoped: false },
  org: { actions: ['view', 'create', 'edit', 'delete'], scoped: false },
  dictionary: { actions: ['view', 'edit'], scoped: false },
  settings: { actions: ['view', 'edit'], scoped: false },
  audit: { actions: ['view', 'export', 'delete'], scoped: false },
  outbox: { actions: ['view'], scoped: false },
} as const satisfies Record<string, ModuleDef>;

export type ModuleName = keyof typeof MODULES;
export const MODULE_NAMES = Object.keys(MODULES) as ModuleName[];
export const SCOPED_MODULES = MODULE_NAMES.filter((m) => MODULES[m].scoped);
export const SHAREABLE_MODULES = MODULE_NAMES.filter((m) => (MODULES[m] as ModuleDef).shareable);

export type Permission = `${ModuleName}:${Action}`;

export const ALL_PERMISSIONS: Permission[] = MODULE_NAMES.flatMap((m) =>
  (MODULES[m].actions as readonly Action[]).map((a) => `${m}:${a}` as Permission),
);

export function isPermission(p: string): p is Permission {
  return (ALL_PERMISSIONS as string[]).includes(p);
}

function all(module: ModuleName): Permission[] {
  return (MODULES[module].actions as readonly Action[]).map((a) => `${module}:${a}` as Permission);
}

export const ROLE_TEMPLATES = {
  administrator: {
    permissions: ALL_PERMISSIONS,
    scope: 'all' as DataScope,
  },
  sales_rep: {
    permissions: [
      'customer:view', 'customer:create', 'customer:edit', 'contact:view', 'contact:create', 'contact:edit',
      'activity:view', 'activity:create', 'activity:edit', 'lead:view', 'lead:create', 'lead:edit',
      'opportunity:view', 'opportunity:create', 'opportunity:edit', 'order:view', 'order:create', 'document:view',
      'document:create',
    ] as Permission[],
    scope: 'subordinates' as DataScope,
  },
  customer_manager: {
    permissions: [
      ...all('customer'), ...all('contact'), ...all('activity'), 'lead:view', 'lead:assign', 'opportunity:view',
      'report:view', 'report:export', 'document:view', 'document:create', 'document:edit',
    ] as Permission[],
    scope: 'department_tree' as DataScope,
  },
  support_rep: {
    permissions: [
      'customer:view', 'contact:view', 'activity:view', 'activity:create', ...all('ticket'), 'document:view',
    ] as Permission[],
    scope: 'department' as DataScope,
  },
  finance: {
    permissions: [
      'customer:view', 'order:view', 'order:export', ...all('receivable'), 'report:view', 'report:export',
    ] as Permission[],
    scope: 'all' as DataScope,
  },
  system_admin: {
    permissions: [
      ...all('user'), ...all('role'), ...all('org'), ...all('dictionary'), ...all('settings'), ...all('audit'),
      ...all('outbox'),
    ] as Permission[],
    scope: 'self' as DataScope,
  },
} satisfies Record<string, { permissions: Permission[]; scope: DataScope }>;

export type RoleTemplateKey = keyof typeof ROLE_TEMPLATES;
export const ROLE_TEMPLATE_KEYS = Object.keys(ROLE_TEMPLATES) as RoleTemplateKey[];

/**
 * Who may read the lists that user forms pick from: whoever manages users needs the roles, departments and
 * positions to choose, without also holding the right to see the role or org-chart administration.
 */
export const ROLE_PICKERS: Permission[] = ['role:view', 'user:create', 'user:edit', 'user:approve'];
export const ORG_PICKERS: Permission[] = ['org:view', 'user:view', 'user:create', 'user:edit', 'user:approve'];
