import { common } from './common.ts';
import { accountMessages } from '../modules/account/account.i18n.ts';
import { approvalsMessages } from '../modules/approvals/approvals.i18n.ts';
import { attachmentsMessages } from '../modules/attachments/attachments.i18n.ts';
import { auditMessages } from '../modules/audit/audit.i18n.ts';
import { customersMessages } from '../modules/customers/customers.i18n.ts';
import { contactsMessages } from '../modules/contacts/contacts.i18n.ts';
import { customfieldsMessages } from '../modules/customfields/customfields.i18n.ts';
import { dictionaryMessages } from '../modules/dictionary/dictionary.i18n.ts';
import { followupsMessages } from '../modules/followups/followups.i18n.ts';
import { worklistsMessages } from '../modules/home/worklists.i18n.ts';
import { importsMessages } from '../modules/imports/imports.i18n.ts';
import { notificationsMessages } from '../modules/notifications/notifications.i18n.ts';
import { orgchartMessages } from '../modules/orgchart/orgchart.i18n.ts';
import { outboxMessages } from '../modules/outbox/outbox.i18n.ts';
import { poolMessages } from '../modules/pool/pool.i18n.ts';
import { recyclebinMessages } from '../modules/recyclebin/recyclebin.i18n.ts';
import { rolesMessages } from '../modules/roles/roles.i18n.ts';
import { searchMessages } from '../modules/search/search.i18n.ts';
import { viewsMessages } from '../modules/views/views.i18n.ts';
import { settingsMessages } from '../modules/settings/settings.i18n.ts';
import { tenantsMessages } from '../modules/tenants/tenants.i18n.ts';
import { usersMessages } from '../modules/users/users.i18n.ts';

type Tree = { [key: string]: string | Tree };
type Bundle = { 'zh-CN': Tree; 'en-US': Tree };

/** Each web module keeps its own strings under its own top-level key; this merges them per language. */
const bundles: Bundle[] = [
  common,
  accountMessages,
  usersMessages,
  orgchartMessages,
  rolesMessages,
  dictionaryMessages,
  customfieldsMessages,
  settingsMessages,
  auditMessages,
  outboxMessages,
  notificationsMessages,
  approvalsMessages,
  poolMessages,
  importsMessages,
  attachmentsMessages,
  tenantsMessages,
  searchMessages,
  viewsMessages,
  customersMessages,
  contactsMessages,
  followupsMessages,
  worklistsMessages,
  recyclebinMessages,
];

export const webMessages = {
  'zh-CN': Object.assign({}, ...bundles.map((b) => b['zh-CN'])) as Tree,
  'en-US': Object.assign({}, ...bundles.map((b) => b['en-US'])) as Tree,
};
