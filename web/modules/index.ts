import type { WebModule } from '../lib/module.ts';
import { approvalsModule } from './approvals/index.ts';
import { auditModule } from './audit/index.ts';
import { customersModule } from './customers/index.ts';
import { contactsModule } from './contacts/index.ts';
import { customfieldsModule } from './customfields/index.ts';
import { dictionaryModule } from './dictionary/index.ts';
import { followupsModule } from './followups/index.ts';
import { homeModule } from './home/index.ts';
import { importsModule } from './imports/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { orgchartModule } from './orgchart/index.ts';
import { poolModule } from './pool/index.ts';
import { recyclebinModule } from './recyclebin/index.ts';
import { outboxModule } from './outbox/index.ts';
import { rolesModule } from './roles/index.ts';
import { settingsModule } from './settings/index.ts';
import { tenantsModule } from './tenants/index.ts';
import { usersModule } from './users/index.ts';

/** Every module of the signed-in application; the router and the menu are built from this list. */
export const webModules: WebModule[] = [
  homeModule,
  customersModule,
  contactsModule,
  followupsModule,
  poolModule,
  approvalsModule,
  recyclebinModule,
  importsModule,
  usersModule,
  orgchartModule,
  rolesModule,
  dictionaryModule,
  customfieldsModule,
  settingsModule,
  auditModule,
  outboxModule,
  notificationsModule,
  tenantsModule,
];
