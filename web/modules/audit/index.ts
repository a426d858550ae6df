import type { WebModule } from '../../lib/module.ts';

export const auditModule: WebModule = { routes: [], menu: [] };
