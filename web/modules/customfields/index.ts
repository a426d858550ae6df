import { createElement } from 'react';
import { FormOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { CustomFieldsPage } from './custom-fields-page.tsx';

export const customfieldsModule: WebModule = {
  routes: [{ path: 'admin/custom-fields', element: createElement(RequirePermission, { permissions: ['settings:view'], children: createElement(CustomFieldsPage) }) }],
  menu: [
    { key: 'custom-fields', label: 'nav.customFields', icon: createElement(FormOutlined), path: '/admin/custom-fields', permissions: ['settings:view'], group: 'system', order: 72 },
  ],
};
