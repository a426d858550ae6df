import { createElement } from 'react';
import { FileSearchOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { AuditLogPage } from './audit-log-page.tsx';

export const auditModule: WebModule = {
  routes: [{ path: 'admin/audit', element: createElement(RequirePermission, { permissions: ['audit:view'], children: createElement(AuditLogPage) }) }],
  menu: [
    { key: 'audit', label: 'nav.audit', icon: createElement(FileSearchOutlined), path: '/admin/audit', permissions: ['audit:view'], group: 'system', order: 80 },
  ],
};
