import { createElement } from 'react';
import { MailOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { OutboxPage } from './outbox-page.tsx';

export const outboxModule: WebModule = {
  routes: [{ path: 'admin/outbox', element: createElement(RequirePermission, { permissions: ['outbox:view'], children: createElement(OutboxPage) }) }],
  menu: [
    { key: 'outbox', label: 'nav.outbox', icon: createElement(MailOutlined), path: '/admin/outbox', permissions: ['outbox:view'], group: 'system', order: 90 },
  ],
};
