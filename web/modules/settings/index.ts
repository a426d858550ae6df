import { createElement } from 'react';
import { ControlOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { SettingsPage } from './settings-page.tsx';

export const settingsModule: WebModule = {
  routes: [{ path: 'admin/settings', element: createElement(RequirePermission, { permissions: ['settings:view'], children: createElement(SettingsPage) }) }],
  menu: [
    { key: 'settings', label: 'nav.settings', icon: createElement(ControlOutlined), path: '/admin/settings', permissions: ['settings:view'], group: 'system', order: 70 },
  ],
};
