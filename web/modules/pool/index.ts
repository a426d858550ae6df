import { createElement } from 'react';
import { CloudOutlined, ClusterOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { PoolPage } from './pool-page.tsx';
import { PoolSettingsPage } from './pool-settings-page.tsx';

export const poolModule: WebModule = {
  routes: [
    { path: 'pool', element: createElement(RequirePermission, { permissions: ['customer:view'], children: createElement(PoolPage) }) },
    { path: 'admin/pool-rules', element: createElement(RequirePermission, { permissions: ['settings:view'], children: createElement(PoolSettingsPage) }) },
  ],
  menu: [
    { key: 'pool', label: 'pool.nav', icon: createElement(CloudOutlined), path: '/pool', permissions: ['customer:view'], group: 'main', order: 12 },
    { key: 'pool-rules', label: 'pool.navRules', icon: createElement(ClusterOutlined), path: '/admin/pool-rules', permissions: ['settings:view'], group: 'system', order: 74 },
  ],
};
