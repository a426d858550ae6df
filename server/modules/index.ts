import type { RouteModule } from '../lib/routes.ts';
import { approvalsRoutes } from './approvals/approvals.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { dictionaryRoutes } from './dictionary/dictionary.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { orgchartRoutes } from './orgchart/orgchart.routes.ts';
import { rolesRoutes } from './roles/roles.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { setupRoutes } from './setup/setup.routes.ts';
import { tenantsRoutes } from './tenants/tenants.routes.ts';
import { usersRoutes } from './users/users.routes.ts';

export const moduleRoutes: RouteModule[] = [
  approvalsRoutes,
  setupRoutes,
  authRoutes,
  usersRoutes,
  orgchartRoutes,
  rolesRoutes,
  auditRoutes,
  dictionaryRoutes,
  tenantsRoutes,
  notificationsRoutes,
  searchRoutes,
];
