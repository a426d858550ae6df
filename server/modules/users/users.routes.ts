import type { RouteModule } from '../../lib/routes.ts';

export const usersRoutes: RouteModule = () => {};
