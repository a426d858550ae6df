import type { WebModule } from '../../lib/module.ts';

export const dictionaryModule: WebModule = { routes: [], menu: [] };
