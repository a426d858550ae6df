import { users } from '../users/users.schema.ts';
import { customers } from './customers.schema.ts';
import { lookup } from '../../lib/lookup.ts';

export type CustomerRow = typeof customers.$inferSelect;

/** The owner's name beside the row, in the same statement (one index probe per returned row). */
export const ownerName = lookup<string | null>(users, users.name, customers.orgId, customers.ownerId);

/** Everything a client sees of a customer: the row without its derived keys. */
export const customerColumns = {
  id: customers.id,
  number: customers.number,
  name: customers.name,
  englishName: customers.englishName,
  kind: customers.kind,
  channel: customers.channel,
  industry: customers.industry,
  source: customers.source,
  importance: customers.importance,
  level: customers.level,
  status: customers.status,
  tags: customers.tags,
  phone: customers.phone,
  email: customers.email,
  provinceCode: customers.provinceCode,
  cityCode: customers.cityCode,
  districtCode: customers.districtCode,
  address: customers.address,
  creditCode: customers.creditCode,
  website: customers.website,
  otherInfo: customers.otherInfo,
  custom: customers.custom,
  ownerId: customers.ownerId,
  ownerSince: customers.ownerSince,
  previousOwnerId: customers.previousOwnerId,
  poolEnteredAt: customers.poolEnteredAt,
  lastFollowupAt: customers.lastFollowupAt,
  lastFollowupContent: customers.lastFollowupContent,
  nextContactAt: customers.nextContactAt,
  lastDealAt: customers.lastDealAt,
  approvalState: customers.approvalState,
  pendingRequestId: customers.pendingRequestId,
  createdBy: customers.createdBy,
  createdAt: customers.createdAt,
  updatedBy: customers.updatedBy,
  updatedAt: customers.updatedAt,
  version: customers.version,
};

type Selected = { [K in keyof typeof customerColumns]: CustomerRow[K] };

export function presentCustomer(c: Selected, owner: string | null) {
  const { ownerId, ...rest } = c;
  return { ...rest, owner: ownerId ? { id: ownerId, name: owner ?? '' } : null };
}
export type CustomerView = ReturnType<typeof presentCustomer>;

/** The business fields, as the audit log and the change history show them. */
export function auditView(c: Partial<CustomerRow>) {
  return {
    name: c.name,
    englishName: c.englishName,
    kind: c.kind,
    channel: c.channel,
    industry: c.industry,
    source: c.source,
    importance: c.importance,
    level: c.level,
    status: c.status,
    tags: c.tags,
    phone: c.phone,
    email: c.email,
    provinceCode: c.provinceCode,
    cityCode: c.cityCode,
    districtCode: c.districtCode,
    address: c.address,
    creditCode: c.creditCode,
    website: c.website,
    otherInfo: c.otherInfo,
    custom: c.custom,
    ownerId: c.ownerId,
  };
}
