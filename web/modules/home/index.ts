import { createElement } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { HomePage } from './home-page.tsx';
import { WorklistPage } from './worklist-page.tsx';
import { ProfilePage } from '../account/profile-page.tsx';
import { ChangePasswordPage } from '../account/change-password-page.tsx';

export const homeModule: WebModule = {
  routes: [
    { index: true, element: createElement(HomePage) },
    { path: 'profile', element: createElement(ProfilePage) },
    { path: 'change-password', element: createElement(ChangePasswordPage) },
    { path: 'worklists/:list?', element: createElement(WorklistPage) },
  ],
  menu: [{ key: 'home', label: 'nav.home', icon: createElement(HomeOutlined), path: '/', permissions: [], group: 'main', order: 0 }],
};
