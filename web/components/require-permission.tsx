import type { ReactNode } from 'react';
import type { Permission } from '../../shared/permissions.ts';
import { useCan } from '../lib/session.ts';
import { ForbiddenPage } from './result-pages.tsx';

/** Wraps a page the user may not open; the server refuses its requests anyway, this only explains why. */
export function RequirePermission({ permissions, children }: { permissions: Permission[]; children: ReactNode }) {
  const can = useCan();
  return can(...permissions) ? <>{children}</> : <ForbiddenPage />;
}
