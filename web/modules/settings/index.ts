import type { WebModule } from '../../lib/module.ts';

export const settingsModule: WebModule = { routes: [], menu: [] };
