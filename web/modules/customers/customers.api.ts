import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CustomerBulk, CustomerCoOwners, CustomerCreate, CustomerMerge, CustomerRelations, CustomerStatus, CustomerTransfer, CustomerUpdate } from '../../../shared/validation/customers.ts';
import type { CustomFieldType } from '../../../shared/validation/customfields.ts';
import { api } from '../../lib/api.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { rememberUserNames } from '../views/user-select.tsx';

export interface Customer {
  id: string;
  number: string;
  name: string;
  englishName: string | null;
  kind: 'enterprise' | 'individual';
  channel: 'channel' | 'end';
  industry: string | null;
  source: string | null;
  importance: number | null;
  level: string | null;
  status: CustomerStatus;
  tags: string[];
  phone: string | null;
  email: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
  address: string | null;
  creditCode: string | null;
  website: string | null;
  otherInfo: string | null;
  custom: Record<string, unknown>;
  /** Null while the customer is in the public pool. */
  owner: { id: string; name: string } | null;
  ownerSince: string | null;
  poolEnteredAt: string | null;
  lastFollowupAt: string | null;
  lastFollowupContent: string | null;
  nextContactAt: string | null;
  approvalState: 'active' | 'pending' | 'rejected';
  pendingRequestId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ApprovalSummary {
  id: string;
  action: 'create' | 'modify' | 'delete';
  status: string;
  submitterId: string;
  submittedAt: string;
  version: number;
}

export interface CustomerDetail extends Customer {
  createdByName: string | null;
  updatedByName: string | null;
  /** What the user may do, for the buttons shown; the server checks every action again. */
  permissions: { canEdit: boolean; canDelete: boolean; canAssign: boolean; canMoveToPool: boolean; canClaim: boolean; canResubmit: boolean };
  approval: ApprovalSummary | null;
}

export interface RelatedCustomer {
  /** Null when the user may not open that customer. */
  id: string | null;
  name: string;
  number: string;
  relationType: string | null;
}

export interface CustomerOverview {
  customer: CustomerDetail;
  coOwners: { userId: string; name: string; access: 'read' | 'write' }[];
  related: RelatedCustomer[];
  relatedBy: RelatedCustomer[];
}

export interface CustomerPage {
  items: Customer[];
  nextCursor: string | null;
  total: number | null;
  totalEstimated: boolean;
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  recordId: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface DuplicateHit {
  id: string | null;
  name: string;
  exact: boolean;
  owner: { name: string } | null;
}

export interface CustomField {
  id: string;
  recordType: string;
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options: { value: string; labelZh: string; labelEn: string }[];
  required: boolean;
  position: number;
  enabled: boolean;
  version: number;
}

export const customersKey = ['customers'] as const;
export const customerKey = (id: string) => ['customers', 'detail', id] as const;

export function useCustomerList(params: Record<string, string | number | undefined>, enabled = true) {
  return useQuery({
    queryKey: [...customersKey, 'list', params],
    queryFn: async () => {
      const page = await api.get<CustomerPage>('/customers', params);
      rememberUserNames(page.items.flatMap((c) => (c.owner ? [c.owner] : [])));
      return page;
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useCustomerOverview(id: string) {
  return useQuery({ queryKey: customerKey(id), queryFn: () => api.get<CustomerOverview>(`/customers/${id}/overview`), retry: false });
}

export function useCustomer(id: string | undefined) {
  return useQuery({ queryKey: [...customersKey, 'edit', id], queryFn: () => api.get<CustomerDetail>(`/customers/${id}`), enabled: Boolean(id) });
}

export function useCustomFields(recordType = 'customer') {
  return useQuery({
    queryKey: ['custom-fields', recordType],
    queryFn: () => api.get<{ items: CustomField[] }>('/custom-fields', { recordType }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export const fieldLabel = (f: Pick<CustomField, 'labelZh' | 'labelEn'>) => (currentLocale() === 'en-US' ? f.labelEn : f.labelZh);
export const optionLabel = (o: { labelZh: string; labelEn: string }) => (currentLocale() === 'en-US' ? o.labelEn : o.labelZh);

export const customersApi = {
  create: (body: CustomerCreate) => api.post<CustomerDetail>('/customers', body),
  update: (id: string, body: CustomerUpdate) => api.put<CustomerDetail>(`/customers/${id}`, body),
  remove: (id: string) => api.delete<{ deleted: boolean; approval: ApprovalSummary | null }>(`/customers/${id}`),
  duplicates: (name: string) => api.get<{ items: DuplicateHit[] }>('/customers/duplicates', { name }),
  history: (id: string, cursor?: string) => api.get<{ items: HistoryEntry[]; nextCursor: string | null }>(`/customers/${id}/history`, { cursor, limit: 20 }),
  transfer: (id: string, body: CustomerTransfer) => api.post<CustomerDetail>(`/customers/${id}/transfer`, body),
  coOwners: (id: string, body: CustomerCoOwners) => api.put<unknown>(`/customers/${id}/co-owners`, body),
  relations: (id: string, body: CustomerRelations) => api.put<unknown>(`/customers/${id}/relations`, body),
  merge: (body: CustomerMerge) => api.post<CustomerDetail>('/customers/merge', body),
  bulk: (body: CustomerBulk) => api.post<{ action: string; count: number; submitted: number }>('/customers/bulk', body),
};
