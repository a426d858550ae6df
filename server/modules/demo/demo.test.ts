import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, uniq, useTestApp } from '../../test/fixtures.ts';
import { isValidCreditCode } from '../../../shared/validation/customers.ts';
import { DEMO_ORG, fillDemo } from './demo.service.ts';
import { creditCode, Rng, company } from './demo.vocab.ts';

const env = useTestApp();

describe('demo data', () => {
  it('fills an organisation through the API, once', async () => {
    const code = uniq('demo');
    const result = await fillDemo(env.database.db, env.app, { orgCode: code, customers: 16 });
    if (!result.created) throw new Error('the demo organisation should be new');
    expect(result.counts).toMatchObject({ customers: 17, pool: 1, pendingApprovals: 1 });
    expect(result.accounts.map((a) => a.title)).toEqual(['管理员', '总经理', '销售经理', '销售代表', '销售代表', '销售经理', '销售代表', '销售代表', '客服']);

    const signIn = (username: string) => new Client(env.app).login(username, DEMO_ORG.password, code);
    const admin = await signIn('admin');
    const all = (await admin.get('/api/v1/customers?limit=50')).json();
    expect(all.items).toHaveLength(16);
    expect((await admin.get('/api/v1/customers?view=pool')).json().items).toHaveLength(1);

    // Every customer can be found by two characters of its name, within what the reader may see.
    const someone = all.items.find((c: { name: string }) => c.name.length >= 4);
    const hits = (await admin.get(`/api/v1/search?q=${encodeURIComponent(someone.name.slice(2, 4))}`)).json();
    expect(hits.customers.map((c: { id: string }) => c.id)).toContain(someone.id);

    // The representative's new customer waits for their manager, who has it in the inbox.
    const [rep, manager] = [result.accounts[3]!, result.accounts[2]!];
    const inbox = (await (await signIn(manager.username)).get('/api/v1/approvals/inbox')).json();
    expect(inbox.items).toHaveLength(1);
    expect((await (await signIn(rep.username)).get('/api/v1/customers?view=mine&limit=50')).json().items.length).toBeGreaterThan(0);

    const [org] = await queryRows<{ id: string }>(env.database.db, sql`select id from organizations where code = ${code}`);
    const rows = await withOrg(env.database.db, org!.id, (tx) =>
      queryRows<{ credit_code: string | null; created_at: string; first: string | null; followups: number }>(
        tx,
        sql`select c.credit_code, c.created_at,
                   (select min(occurred_at) from followups f where f.org_id = c.org_id and f.customer_id = c.id) as first,
                   (select count(*)::int from followups f where f.org_id = c.org_id and f.customer_id = c.id) as followups
              from customers c where c.org_id = ${org!.id} and c.approval_state = 'active'`,
      ),
    );
    for (const r of rows) {
      if (r.credit_code) expect(isValidCreditCode(r.credit_code), r.credit_code).toBe(true);
      // Customers read as gathered over months: created before their first follow-up.
      expect(r.followups).toBeGreaterThan(0);
      expect(new Date(r.created_at).getTime()).toBeLessThan(new Date(r.first!).getTime());
    }

    expect(await fillDemo(env.database.db, env.app, { orgCode: code })).toEqual({ created: false });
  }, 120_000);

  it('makes credit codes that pass the validator, and unique company names in the real region tree', () => {
    const rng = new Rng(1);
    const names = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = company(rng);
      names.add(c.name);
      expect(c.place.provinceCode).toMatch(/^\d{6}$/);
      expect(isValidCreditCode(creditCode(c.place.districtCode ?? c.place.cityCode, i)), String(i)).toBe(true);
    }
    expect(names.size).toBeGreaterThan(1900);
  });
});
