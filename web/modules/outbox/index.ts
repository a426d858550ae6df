import type { WebModule } from '../../lib/module.ts';

export const outboxModule: WebModule = { routes: [], menu: [] };
