import type { RouteModule } from '../lib/routes.ts';
import { approvalsRoutes } from './approvals/approvals.routes.ts';
import { poolRoutes } from './pool/pool.routes.ts';
import { recyclebinRoutes } from './recyclebin/recyclebin.routes.ts';
import { attachmentsRoutes } from './attachments/attachments.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { contactsRoutes } from './contacts/contacts.routes.ts';
import { customersRoutes } from './customers/customers.routes.ts';
import { customfieldsRoutes } from './customfields/customfields.routes.ts';
import { dictionaryRoutes } from './dictionary/dictionary.routes.ts';
import { exportsRoutes } from './exports/exports.routes.ts';
import { importsRoutes } from './imports/imports.routes.ts';
import { followupsRoutes } from './followups/followups.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { orgchartRoutes } from './orgchart/orgchart.routes.ts';
import { rolesRoutes } from './roles/roles.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { setupRoutes } from './setup/setup.routes.ts';
import { tenantsRoutes } from './tenants/tenants.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { viewsRoutes } from './views/views.routes.ts';
import { worklistsRoutes } from './worklists/worklists.routes.ts';

export const moduleRoutes: RouteModule[] = [
  approvalsRoutes,
  poolRoutes,
  setupRoutes,
  authRoutes,
  usersRoutes,
  orgchartRoutes,
  rolesRoutes,
  auditRoutes,
  dictionaryRoutes,
  tenantsRoutes,
  notificationsRoutes,
  customfieldsRoutes,
  customersRoutes,
  searchRoutes,
  viewsRoutes,
  attachmentsRoutes,
  importsRoutes,
  exportsRoutes,
  contactsRoutes,
  followupsRoutes,
  worklistsRoutes,
  recyclebinRoutes,
];
