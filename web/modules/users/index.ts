import { createElement } from 'react';
import { SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { RegistrationsPage } from './registrations-page.tsx';
import { UsersListPage } from './users-list-page.tsx';

export const usersModule: WebModule = {
  routes: [
    { path: 'admin/users', element: createElement(UsersListPage) },
    { path: 'admin/registrations', element: createElement(RegistrationsPage) },
  ],
  menu: [
    { key: 'users', label: 'nav.users', icon: createElement(TeamOutlined), path: '/admin/users', permissions: ['user:view'], group: 'system', order: 10 },
    {
      key: 'registrations',
      label: 'nav.registrations',
      icon: createElement(SolutionOutlined),
      path: '/admin/registrations',
      permissions: ['user:approve'],
      group: 'system',
      order: 20,
    },
  ],
};
