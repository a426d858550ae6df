import { createElement } from 'react';
import { BookOutlined } from '@ant-design/icons';
import { RequirePermission } from '../../components/require-permission.tsx';
import type { WebModule } from '../../lib/module.ts';
import { DictionaryPage } from './dictionary-page.tsx';

export const dictionaryModule: WebModule = {
  routes: [
    {
      path: 'admin/dictionary',
      element: createElement(RequirePermission, { permissions: ['dictionary:view'], children: createElement(DictionaryPage) }),
    },
  ],
  menu: [
    { key: 'dictionary', label: 'nav.dictionary', icon: createElement(BookOutlined), path: '/admin/dictionary', permissions: ['dictionary:view'], group: 'system', order: 60 },
  ],
};
