import type { WebModule } from '../../lib/module.ts';

export const rolesModule: WebModule = { routes: [], menu: [] };
