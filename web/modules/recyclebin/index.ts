import { createElement } from 'react';
import { RestOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { RecycleBinPage } from './recycle-bin-page.tsx';

/** The page checks which of the three record types the user may view; the menu shows it to whoever views customers. */
export const recyclebinModule: WebModule = {
  routes: [{ path: 'recycle-bin', element: createElement(RecycleBinPage) }],
  menu: [{ key: 'recycle-bin', label: 'recyclebin.nav', icon: createElement(RestOutlined), path: '/recycle-bin', permissions: ['customer:view'], group: 'main', order: 90 }],
};
