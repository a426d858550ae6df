import { createElement } from 'react';
import { ApartmentOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { OrganizationsPage } from './organizations-page.tsx';

export const tenantsModule: WebModule = {
  routes: [{ path: 'admin/organizations', element: createElement(OrganizationsPage) }],
  menu: [
    {
      key: 'organizations',
      label: 'nav.organizations',
      icon: createElement(ApartmentOutlined),
      path: '/admin/organizations',
      permissions: [],
      group: 'system',
      order: 200,
      installationAdmin: true,
    },
  ],
};
