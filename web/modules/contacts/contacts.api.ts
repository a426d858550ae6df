import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { contactCreate, contactUpdate, Gender } from '../../../shared/validation/contacts.ts';
import { api, type Query } from '../../lib/api.ts';
import { rememberUserNames } from '../views/user-select.tsx';

export interface Contact {
  id: string;
  customerId: string;
  customer: { id: string; name: string | null };
  ownerId: string | null;
  owner: { id: string; name: string | null } | null;
  name: string;
  gender: Gender;
  title: string | null;
  department: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  birthday: string | null;
  isPrimary: boolean;
  notes: string | null;
  groupIds: string[];
  groups: { id: string; name: string }[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** What the user may do with this contact, for the buttons shown; the server checks again. */
  canEdit: boolean;
  canDelete: boolean;
}

export interface ContactPage {
  items: Contact[];
  nextCursor: string | null;
  /** Only with the first page; capped, see totalCapped. */
  total: number | null;
  totalCapped: boolean;
}

export interface ContactGroup {
  id: string;
  name: string;
  createdAt: string;
  version: number;
}

/** Everything under ['contacts'], so a change anywhere refreshes every list, the customer page's included. */
export const contactsKey = ['contacts'] as const;
export const contactGroupsKey = ['contact-groups'] as const;

const remember = (items: Contact[]) => rememberUserNames(items.flatMap((c) => (c.owner?.name ? [{ id: c.owner.id, name: c.owner.name }] : [])));

export function useContactList(params: Query) {
  return useQuery({
    queryKey: [...contactsKey, 'list', params],
    queryFn: async () => {
      const page = await api.get<ContactPage>('/contacts', params);
      remember(page.items);
      return page;
    },
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({ queryKey: [...contactsKey, 'detail', id], queryFn: () => api.get<Contact>(`/contacts/${id}`), enabled: Boolean(id) });
}

export function useCustomerContacts(customerId: string | undefined) {
  return useQuery({
    queryKey: [...contactsKey, 'customer', customerId],
    queryFn: () => api.get<{ customer: { id: string; name: string }; items: Contact[]; more: boolean; canCreate: boolean }>(`/customers/${customerId}/contacts`),
    enabled: Boolean(customerId),
  });
}

export function useContactGroups(enabled = true) {
  return useQuery({
    queryKey: contactGroupsKey,
    queryFn: () => api.get<{ items: ContactGroup[] }>('/contact-groups').then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

/** What the forms send: the schemas' input, before defaults and normalisation. */
export type ContactCreateBody = z.input<typeof contactCreate>;
export type ContactUpdateBody = z.input<typeof contactUpdate>;

export const contactsApi = {
  create: (body: ContactCreateBody) => api.post<Contact>('/contacts', body),
  update: (id: string, body: ContactUpdateBody) => api.put<Contact>(`/contacts/${id}`, body),
  remove: (id: string) => api.delete<void>(`/contacts/${id}`),
  bulkDelete: (ids: string[]) => api.post<{ deleted: number }>('/contacts/bulk-delete', { ids }),
  createGroup: (name: string) => api.post<ContactGroup>('/contact-groups', { name }),
  renameGroup: (id: string, name: string, version: number) => api.put<ContactGroup>(`/contact-groups/${id}`, { name, version }),
  removeGroup: (id: string) => api.delete<void>(`/contact-groups/${id}`),
};
