import { createElement } from 'react';
import { CommentOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { FollowupsListPage } from './followups-list-page.tsx';

export const followupsModule: WebModule = {
  routes: [{ path: 'followups', element: createElement(FollowupsListPage) }],
  menu: [{ key: 'followups', label: 'followups.menu', icon: createElement(CommentOutlined), path: '/followups', permissions: ['activity:view'], group: 'main', order: 40 }],
};
