import type { WebModule } from '../../lib/module.ts';

export const notificationsModule: WebModule = { routes: [], menu: [] };
