import { createElement } from 'react';
import { ContactsOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { ContactsListPage } from './contacts-list-page.tsx';

export const contactsModule: WebModule = {
  routes: [{ path: 'contacts', element: createElement(ContactsListPage) }],
  menu: [{ key: 'contacts', label: 'contacts.menu', icon: createElement(ContactsOutlined), path: '/contacts', permissions: ['contact:view'], group: 'main', order: 30 }],
};
