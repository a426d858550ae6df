import { or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import type { SearchContactHit, SearchCustomerHit, SearchQuery, SearchResult } from '../../../shared/validation/search.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { childVisible, customerVisible, loadCustomerAccess } from '../customers/customers.access.ts';
import { customers } from '../customers/customers.schema.ts';
import { users } from '../users/users.schema.ts';
import { normalizeSearch, searchCondition } from './search.keys.ts';
import { prefixPattern } from '../../lib/like.ts';

/**
 * How many matches are ranked per group. A two-character query such as 公司 can match most of a million
 * customers; ordering all of them would cost a sort of the whole match set on every keystroke, so the database
 * stops after this many (any plan: index or scan) and only these are ranked.
 */
export const SEARCH_CANDIDATES = 100;


/**
 * Rank of a candidate, best first: the name itself, a name that starts with the query, any search key that
 * starts with it (pinyin, initials, English name, phone, e-mail), then the rest. `search_text` begins with the
 * normalised name and separates its keys with single spaces (search.keys.ts).
 */
function rank(searchText: SQL, q: string): SQL {
  const prefix = prefixPattern(q);
  return sql`case when split_part(${searchText}, ' ', 1) = ${q} then 0
    when ${searchText} like ${prefix} then 1
    when ' ' || ${searchText} like ${`% ${prefix}`} then 2
    else 3 end`;
}

interface CustomerRow {
  id: string;
  number: string;
  name: string;
  english_name: string | null;
  status: string;
  approval_state: string;
  owner_id: string | null;
  owner_name: string | null;
}

async function searchCustomers(tx: Tx, actor: Actor, where: SQL, q: string, limit: number): Promise<SearchCustomerHit[]> {
  const acc = await loadCustomerAccess(tx, actor, 'customer');
  const rows = await queryRows<CustomerRow>(
    tx,
    sql`select c.id, c.number, c.name, c.english_name, c.status, c.approval_state, c.owner_id, u.name as owner_name
      from (select ${customers.id} as id, ${customers.number} as number, ${customers.name} as name,
                   ${customers.englishName} as english_name, ${customers.status} as status,
                   ${customers.approvalState} as approval_state, ${customers.ownerId} as owner_id,
                   ${customers.searchText} as search_text
              from ${customers}
             where ${customers.orgId} = ${actor.orgId} and ${where} and ${customerVisible(acc, 'read')}
             limit ${SEARCH_CANDIDATES}) c
      left join ${users} u on u.org_id = ${actor.orgId} and u.id = c.owner_id
     order by ${rank(sql`c.search_text`, q)}, char_length(c.name), c.name, c.id
     limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    englishName: r.english_name,
    status: r.status,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    pending: r.approval_state !== 'active',
  }));
}

interface ContactRow {
  id: string;
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
  customer_id: string;
  customer_name: string | null;
}

async function searchContacts(tx: Tx, actor: Actor, where: SQL, q: string, limit: number): Promise<SearchContactHit[]> {
  const acc = await loadCustomerAccess(tx, actor, 'contact');
  const rows = await queryRows<ContactRow>(
    tx,
    sql`select k.id, k.name, k.title, k.mobile, k.email, k.customer_id, c.name as customer_name
      from (select ${contacts.id} as id, ${contacts.name} as name, ${contacts.title} as title, ${contacts.mobile} as mobile,
                   ${contacts.email} as email, ${contacts.customerId} as customer_id, ${contacts.searchText} as search_text
              from ${contacts}
             where ${contacts.orgId} = ${actor.orgId} and ${where} and ${childVisible(acc, contacts, 'read')}
             limit ${SEARCH_CANDIDATES}) k
      join ${customers} c on c.org_id = ${actor.orgId} and c.id = k.customer_id
     order by ${rank(sql`k.search_text`, q)}, char_length(k.name), k.name, k.id
     limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    mobile: r.mobile,
    email: r.email,
    customer: { id: r.customer_id, name: r.customer_name ?? '' },
  }));
}

/** A customer's phone is keyed by its digits, so "0532-8893" or "(0532) 8893" is searched as 05328893. */
function phoneDigits(q: string): string | undefined {
  if (!/^[\d\s()+-]+$/.test(q) || !/\d.*[\s()+-].*\d/.test(q)) return undefined;
  return q.replace(/\D/g, '');
}

/**
 * The top-bar search (UI-04) over customers and contacts: each group only if the actor may view that list, each
 * limited to what the actor may see. A query shorter than one bigram finds nothing rather than everything.
 */
export async function searchAll(tx: Tx, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const digits = phoneDigits(query.q);
  const text = digits ?? query.q;
  const q = normalizeSearch(text);
  const customerWhere = searchCondition(customers, text);
  // A contact's phones are keyed as entered, so a formatted query is tried both ways.
  const contactWhere = digits ? or(searchCondition(contacts, digits) ?? undefined, searchCondition(contacts, query.q) ?? undefined) : searchCondition(contacts, text);
  if (!customerWhere || !contactWhere) return { customers: [], contacts: [] };
  return {
    customers: actor.permissions.has('customer:view') ? await searchCustomers(tx, actor, customerWhere, q, query.limit) : [],
    contacts: actor.permissions.has('contact:view') ? await searchContacts(tx, actor, contactWhere, q, query.limit) : [],
  };
}
