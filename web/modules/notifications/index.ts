import { createElement } from 'react';
import type { WebModule } from '../../lib/module.ts';
import { NotificationsPage } from './notifications-page.tsx';

/** No menu entry: the bell in the top bar links to the page. */
export const notificationsModule: WebModule = {
  routes: [{ path: 'notifications', element: createElement(NotificationsPage) }],
  menu: [],
};
