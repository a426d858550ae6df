import type { WebModule } from '../../lib/module.ts';

export const usersModule: WebModule = { routes: [], menu: [] };
