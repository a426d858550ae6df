import { useQuery } from '@tanstack/react-query';
import type { DataScope, RoleTemplateKey, SharingMode } from '../../../shared/permissions.ts';
import type { RoleCreate, RoleUpdate } from '../../../shared/validation/roles.ts';
import { api } from '../../lib/api.ts';

export interface Role {
  id: string;
  name: string;
  description: string;
  templateKey: RoleTemplateKey | null;
  permissions: string[];
  dataScopes: Partial<Record<string, DataScope>>;
  /** The organisation's administrator role: it holds every permission and cannot be deleted. */
  isSystem: boolean;
  userCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const rolesKey = ['roles'] as const;
export const sharingModesKey = ['sharing-modes'] as const;

export function useRoles() {
  return useQuery({ queryKey: [...rolesKey, 'list'], queryFn: () => api.get<{ items: Role[] }>('/roles').then((r) => r.items) });
}

export function useRole(id: string | undefined) {
  return useQuery({ queryKey: [...rolesKey, 'detail', id], queryFn: () => api.get<Role>(`/roles/${id}`), enabled: Boolean(id) });
}

export function useSharingModes() {
  return useQuery({ queryKey: sharingModesKey, queryFn: () => api.get<{ modes: Record<string, SharingMode> }>('/sharing-modes').then((r) => r.modes) });
}

export const rolesApi = {
  create: (body: RoleCreate) => api.post<Role>('/roles', body),
  update: (id: string, body: RoleUpdate) => api.put<Role>(`/roles/${id}`, body),
  delete: (id: string) => api.delete<void>(`/roles/${id}`),
  saveSharingModes: (modes: Record<string, SharingMode>) => api.put<{ modes: Record<string, SharingMode> }>('/sharing-modes', { modes }),
};
