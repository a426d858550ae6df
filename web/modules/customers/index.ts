import { createElement } from 'react';
import { ShopOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { CustomerDetailPage } from './customer-detail-page.tsx';
import { CustomerListPage } from './customer-list-page.tsx';

export const customersModule: WebModule = {
  routes: [
    { path: 'customers', element: createElement(CustomerListPage) },
    { path: 'customers/:id', element: createElement(CustomerDetailPage) },
  ],
  menu: [{ key: 'customers', label: 'nav.customers', icon: createElement(ShopOutlined), path: '/customers', permissions: ['customer:view'], group: 'main', order: 10 }],
};
