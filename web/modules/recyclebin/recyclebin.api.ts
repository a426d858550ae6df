import { api } from '../../lib/api.ts';
import type { RecycleBinType } from '../../../shared/validation/recyclebin.ts';

export interface BinPerson {
  id: string;
  name: string;
}

interface BinEntry {
  id: string;
  deletedAt: string;
  deletedBy: BinPerson | null;
  canRestore: boolean;
}

export interface BinCustomer extends BinEntry {
  number: string;
  name: string;
  owner: BinPerson | null;
  pending: boolean;
  /** Contacts and follow-ups that went to the bin with it (counted up to 10,000, then "more"). */
  contacts: number;
  followups: number;
  /** A merged duplicate: its contacts and follow-ups stayed with this customer. */
  mergedInto: { id: string; name: string } | null;
}

interface BinChild extends BinEntry {
  customer: { id: string; name: string; inBin: boolean };
  /** Deleted together with its customer: it comes back when the customer does. */
  withCustomer: boolean;
}

export interface BinContact extends BinChild {
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
}

export interface BinFollowup extends BinChild {
  method: string;
  content: string;
  occurredAt: string;
  contact: { id: string; name: string | null } | null;
  author: BinPerson | null;
}

export interface BinPage<T> {
  items: T[];
  nextCursor: string | null;
  canPurge: boolean;
}

export type BinRow = BinCustomer | BinContact | BinFollowup;

export const BIN_PAGE_SIZE = 20;

export const recycleBinKeys = {
  all: ['recycle-bin'] as const,
  list: (type: RecycleBinType, q: string, cursor?: string) => ['recycle-bin', type, { q, cursor }] as const,
};

export const recycleBinApi = {
  list: <T extends BinRow>(type: RecycleBinType, q: string, cursor?: string) =>
    api.get<BinPage<T>>('/recycle-bin', { type, q: q || undefined, cursor, limit: BIN_PAGE_SIZE }),
  restore: (type: RecycleBinType, ids: string[]) => api.post<{ restored: number; contacts?: number; followups?: number }>('/recycle-bin/restore', { type, ids }),
  purge: (type: RecycleBinType, ids: string[]) => api.post<{ purged: number }>('/recycle-bin/purge', { type, ids }),
};
