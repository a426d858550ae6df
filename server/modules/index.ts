import type { RouteModule } from '../lib/routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { setupRoutes } from './setup/setup.routes.ts';

export const moduleRoutes: RouteModule[] = [setupRoutes, authRoutes];
