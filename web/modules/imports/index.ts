import { createElement } from 'react';
import { ImportOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.ts';
import { ImportHistoryPage } from './import-history-page.tsx';
import { ImportWizardPage } from './import-wizard-page.tsx';

export const importsModule: WebModule = {
  routes: [
    { path: 'imports', element: createElement(ImportHistoryPage) },
    { path: 'imports/new', element: createElement(ImportWizardPage) },
  ],
  // The history is where imports start from the menu; list pages open the wizard with their ImportButton.
  menu: [{ key: 'imports', label: 'imports.history', icon: createElement(ImportOutlined), path: '/imports', permissions: ['customer:import'], group: 'main', order: 85 }],
};
