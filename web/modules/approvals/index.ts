import { createElement } from 'react';
import { AuditOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { ApprovalFlowsPage } from './approval-flows-page.tsx';
import { ApprovalsBadge } from './approvals-badge.tsx';
import { ApprovalsPage } from './approvals-page.tsx';

/** Everyone signed in has an inbox (approvers are whoever a flow names); flows sit under the system settings. */
export const approvalsModule: WebModule = {
  routes: [
    { path: 'approvals', element: createElement(ApprovalsPage) },
    {
      path: 'admin/approval-flows',
      element: createElement(RequirePermission, { permissions: ['settings:view'], children: createElement(ApprovalFlowsPage) }),
    },
  ],
  menu: [
    { key: 'approvals', label: 'approvals.nav', icon: createElement(AuditOutlined), path: '/approvals', permissions: [], group: 'main', order: 50, badge: ApprovalsBadge },
    {
      key: 'approval-flows',
      label: 'approvals.navFlows',
      icon: createElement(NodeIndexOutlined),
      path: '/admin/approval-flows',
      permissions: ['settings:view'],
      group: 'system',
      order: 72,
    },
  ],
};
