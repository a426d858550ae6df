import { createElement } from 'react';
import { SafetyCertificateOutlined, ShareAltOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { RoleEditorPage } from './role-editor-page.tsx';
import { RolesListPage } from './roles-list-page.tsx';
import { SharingPage } from './sharing-page.tsx';

export const rolesModule: WebModule = {
  routes: [
    { path: 'admin/roles', element: createElement(RolesListPage) },
    { path: 'admin/roles/new', element: createElement(RoleEditorPage) },
    { path: 'admin/roles/:id', element: createElement(RoleEditorPage) },
    { path: 'admin/sharing', element: createElement(SharingPage) },
  ],
  menu: [
    { key: 'roles', label: 'nav.roles', icon: createElement(SafetyCertificateOutlined), path: '/admin/roles', permissions: ['role:view'], group: 'system', order: 40 },
    { key: 'sharing', label: 'nav.sharing', icon: createElement(ShareAltOutlined), path: '/admin/sharing', permissions: ['role:view'], group: 'system', order: 50 },
  ],
};
