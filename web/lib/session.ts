import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../../shared/permissions.ts';
import { api, ApiError } from './api.ts';

export interface Me {
  user: {
    id: string;
    username: string;
    name: string;
    email: string | null;
    mobile: string | null;
    status: string;
    departmentId: string | null;
    loginCount: number;
    lastLoginAt: string | null;
    lastLoginIp: string | null;
    isInstallationAdmin: boolean;
    prefs: { locale?: 'zh-CN' | 'en-US'; timeZone?: string; pageSize?: number; notifyByEmail?: boolean; notifyInApp?: boolean };
    version: number;
  };
  org: { id: string; name: string; code: string; timeZone: string; defaultLocale: string };
  permissions: Permission[];
  scopes: Record<string, string>;
}

export const meKey = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await api.get<Me>('/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useCan() {
  const { data } = useMe();
  const perms = new Set(data?.permissions ?? []);
  return (...needed: Permission[]) => needed.every((p) => perms.has(p));
}

/** True when the user holds at least one of the permissions (reference lists several pages pick from). */
export function useCanAny() {
  const { data } = useMe();
  const perms = new Set(data?.permissions ?? []);
  return (...any: Permission[]) => any.some((p) => perms.has(p));
}

export function useRefreshMe() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: meKey });
}

/** The time zone to show times in: the user's preference, else the organisation's. */
export function useTimeZone(): string {
  const { data } = useMe();
  return data?.user.prefs.timeZone ?? data?.org.timeZone ?? 'Asia/Shanghai';
}
