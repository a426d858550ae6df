export * from '../modules/tenants/tenants.schema.ts';
export * from '../modules/users/users.schema.ts';
export * from '../modules/auth/auth.schema.ts';
export * from '../modules/orgchart/orgchart.schema.ts';
export * from '../modules/roles/roles.schema.ts';
export * from '../modules/audit/audit.schema.ts';
export * from '../modules/dictionary/dictionary.schema.ts';
export * from '../modules/notifications/notifications.schema.ts';
