import { useQuery } from '@tanstack/react-query';
import type { DepartmentCreate, DepartmentUpdate, PositionCreate, PositionUpdate } from '../../../shared/validation/orgchart.ts';
import { api } from '../../lib/api.ts';

export interface Department {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  sort: number;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Position {
  id: string;
  departmentId: string;
  /** The superior position; it may belong to another department. */
  parentId: string | null;
  name: string;
  path: string;
  sort: number;
  holderCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const departmentsKey = ['departments'] as const;
export const positionsKey = ['positions'] as const;

/** The whole organisation comes as one flat list (the server caps it); the trees are built in the browser. */
export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: departmentsKey,
    queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items),
    enabled,
    staleTime: 30_000,
  });
}

export function usePositions(enabled = true) {
  return useQuery({
    queryKey: positionsKey,
    queryFn: () => api.get<{ items: Position[] }>('/positions').then((r) => r.items),
    enabled,
    staleTime: 30_000,
  });
}

export const orgchartApi = {
  createDepartment: (body: DepartmentCreate) => api.post<Department>('/departments', body),
  updateDepartment: (id: string, body: DepartmentUpdate) => api.put<Department>(`/departments/${id}`, body),
  deleteDepartment: (id: string) => api.delete<void>(`/departments/${id}`),
  createPosition: (body: PositionCreate) => api.post<Position>('/positions', body),
  updatePosition: (id: string, body: PositionUpdate) => api.put<Position>(`/positions/${id}`, body),
  deletePosition: (id: string) => api.delete<void>(`/positions/${id}`),
};
