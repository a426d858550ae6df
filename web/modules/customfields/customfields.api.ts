import type { CustomFieldCreate, CustomFieldUpdate, CustomRecordType } from '../../../shared/validation/customfields.ts';
import { api } from '../../lib/api.ts';
import type { CustomField } from '../customers/customers.api.ts';

export type { CustomField };

/** Under ['custom-fields'], which the customer forms, lists and filters read: they refresh after every change here. */
export const customFieldsKeys = {
  all: ['custom-fields'] as const,
  admin: (recordType: CustomRecordType) => ['custom-fields', recordType, 'admin'] as const,
};

export const customFieldsApi = {
  list: (recordType: CustomRecordType) => api.get<{ items: CustomField[] }>('/custom-fields', { recordType, includeDisabled: true }),
  create: (body: CustomFieldCreate) => api.post<CustomField>('/custom-fields', body),
  update: (id: string, body: CustomFieldUpdate) => api.put<CustomField>(`/custom-fields/${id}`, body),
  reorder: (recordType: CustomRecordType, ids: string[]) => api.post<{ items: CustomField[] }>('/custom-fields/reorder', { recordType, ids }),
  remove: (id: string) => api.delete<void>(`/custom-fields/${id}`),
};
