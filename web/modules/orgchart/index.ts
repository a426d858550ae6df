import type { WebModule } from '../../lib/module.ts';

export const orgchartModule: WebModule = { routes: [], menu: [] };
