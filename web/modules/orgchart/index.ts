import { createElement } from 'react';
import { ApartmentOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { OrgchartPage } from './orgchart-page.tsx';

export const orgchartModule: WebModule = {
  routes: [{ path: 'admin/orgchart', element: createElement(OrgchartPage) }],
  menu: [{ key: 'orgchart', label: 'nav.orgchart', icon: createElement(ApartmentOutlined), path: '/admin/orgchart', permissions: ['org:view'], group: 'system', order: 30 }],
};
