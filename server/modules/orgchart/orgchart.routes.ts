import type { RouteModule } from '../../lib/routes.ts';

export const orgchartRoutes: RouteModule = () => {};
