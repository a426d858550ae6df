import { useQuery } from '@tanstack/react-query';
import type { USER_STATUS_VALUES, UserCreate, UserStatusAction, UserUpdate } from '../../../shared/validation/users.ts';
import { api } from '../../lib/api.ts';

export type UserStatus = (typeof USER_STATUS_VALUES)[number];

export interface UserRow {
  id: string;
  username: string;
  name: string;
  email: string | null;
  mobile: string | null;
  status: UserStatus;
  departmentId: string | null;
  emailVerified: boolean;
  /** Set by repeated failed sign-ins; the status stays active while the lock-out lasts. */
  lockedUntil: string | null;
  loginCount: number;
  lastLoginAt: string | null;
  lastLoginIp: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  department: { id: string; name: string | null } | null;
  roles: { id: string; name: string }[];
  /** The primary position comes first. */
  positions: { id: string; name: string; departmentId: string; isPrimary: boolean }[];
}

export interface LoginEntry {
  at: string;
  ip: string | null;
  userAgent: string | null;
  success: boolean;
  reason: string | null;
}

export type UserDetail = UserRow & { loginHistory: LoginEntry[] };

/** Registrations carry the plain user fields, without department, roles or positions. */
export type Registration = Omit<UserRow, 'department' | 'roles' | 'positions'>;

export interface UserListParams {
  q?: string;
  status?: UserStatus;
  departmentId?: string;
  roleId?: string;
  limit: number;
  offset: number;
}

export interface RoleOption {
  id: string;
  name: string;
}

export const usersKey = ['users'] as const;
export const registrationsKey = ['registrations'] as const;

export function useUserList(params: UserListParams) {
  return useQuery({
    queryKey: [...usersKey, 'list', params],
    queryFn: () => api.get<{ items: UserRow[]; total: number }>('/users', { ...params }),
    placeholderData: (previous) => previous,
  });
}

export function useUser(id: string | undefined) {
  return useQuery({
    queryKey: [...usersKey, 'detail', id],
    queryFn: () => api.get<UserDetail>(`/users/${id}`),
    enabled: Boolean(id),
  });
}

export function useRegistrations(params: { status?: 'pending' | 'unverified'; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...registrationsKey, 'list', params],
    queryFn: () => api.get<{ items: Registration[]; total: number }>('/registrations', { ...params }),
    placeholderData: (previous) => previous,
  });
}

/** Role choices for the user forms and filter; reading them needs role:view, like the roles page. */
export function useRoleOptions(enabled = true) {
  return useQuery({
    queryKey: ['roles', 'options'],
    queryFn: () => api.get<{ items: RoleOption[] }>('/roles').then((r) => r.items.map(({ id, name }) => ({ id, name }))),
    enabled,
    staleTime: 60_000,
  });
}

export const usersApi = {
  create: (body: UserCreate) => api.post<UserDetail>('/users', body),
  update: (id: string, body: UserUpdate) => api.put<UserDetail>(`/users/${id}`, body),
  changeStatus: (id: string, body: UserStatusAction) => api.post<UserDetail>(`/users/${id}/status`, body),
  resetPassword: (id: string, body: { password: string; confirmPassword: string }) => api.post<{ ok: true }>(`/users/${id}/reset-password`, body),
  approve: (id: string, body: { roleIds: string[]; positionIds: string[]; departmentId: string | null }) =>
    api.post<UserDetail>(`/registrations/${id}/approve`, body),
  reject: (id: string, body: { reason?: string }) => api.post<UserDetail>(`/registrations/${id}/reject`, body),
};
