import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../../db/columns.ts';
import { queryRows } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { withOrg } from '../../lib/tx.ts';
import { Client, createTestOrg, createTestUser, expectError, expectFieldsFlagged, useTestApp, type TestOrg } from '../../test/fixtures.ts';
import { auditLogs } from '../audit/audit.schema.ts';
import { loadSession } from '../auth/auth.service.ts';
import { notifications, outbox } from '../notifications/notifications.schema.ts';
import { departments, positions } from '../orgchart/orgchart.schema.ts';
import { userRoles, users } from '../users/users.schema.ts';
import { approvalRequests, approvalSteps, type ApprovalLevel } from './approvals.schema.ts';
import { approvalFlowFor, myPendingApprovals, registerApprovalHandler, submitApproval, type ApprovalRequestRow } from './approvals.service.ts';

const env = useTestApp();

/**
 * A record type of the tests' own: the engine is generic, so its rules are tested against a handler that records
 * what the engine asks of it. A payload `{ fail: true }` makes `apply` refuse, to show the decision rolls back.
 */
const TYPE = 'approval_test';
const calls: { kind: 'apply' | 'reject'; request: ApprovalRequestRow }[] = [];
const readers = new Set<string>();
registerApprovalHandler(TYPE, {
  async apply(_tx, _ctx, _actor, request) {
    if (request.payload.fail) throw new AppError('conflict', 409);
    calls.push({ kind: 'apply', request });
  },
  async reject(_tx, _ctx, _actor, request) {
    calls.push({ kind: 'reject', request });
  },
  async before(_tx, _actor, request) {
    return { name: `before of ${request.recordLabel}` };
  },
  async canRead(_tx, actor) {
    return readers.has(actor.userId);
  },
  link: (id) => `/things/${id}`,
});

const callsFor = (requestId: string) => calls.filter((c) => c.request.id === requestId).map((c) => c.kind);

type Person = 'ceo' | 'mgr' | 'mgr2' | 'rep' | 'peer' | 'loner';

interface World {
  org: TestOrg;
  ids: Record<Person, string>;
  clients: Record<Person, Client>;
  roleOf: Record<Person, string>;
}

/** Positions CEO > Sales manager > Rep and CEO > Key accounts (mgr2); rep and peer hold Rep, peer also Key-account rep. */
async function buildWorld(): Promise<World> {
  const org = await createTestOrg(env);
  const dept = newId();
  const pos = { ceo: newId(), mgr: newId(), mgr2: newId(), rep: newId(), ka: newId() };
  await withOrg(env.database.db, org.orgId, async (tx) => {
    const orgId = org.orgId;
    await tx.insert(departments).values({ orgId, id: dept, name: 'HQ', path: `/${dept}/` });
    await tx.insert(positions).values([
      { orgId, id: pos.ceo, departmentId: dept, name: 'CEO', path: `/${pos.ceo}/` },
      { orgId, id: pos.mgr, departmentId: dept, parentId: pos.ceo, name: 'Sales manager', path: `/${pos.ceo}/${pos.mgr}/` },
      { orgId, id: pos.mgr2, departmentId: dept, parentId: pos.ceo, name: 'Key accounts', path: `/${pos.ceo}/${pos.mgr2}/` },
      { orgId, id: pos.rep, departmentId: dept, parentId: pos.mgr, name: 'Rep', path: `/${pos.ceo}/${pos.mgr}/${pos.rep}/` },
      { orgId, id: pos.ka, departmentId: dept, parentId: pos.mgr2, name: 'KA rep', path: `/${pos.ceo}/${pos.mgr2}/${pos.ka}/` },
    ]);
  });
  const positionsOf: Record<Person, string[]> = { ceo: [pos.ceo], mgr: [pos.mgr], mgr2: [pos.mgr2], rep: [pos.rep], peer: [pos.rep, pos.ka], loner: [] };
  const people = {} as Record<Person, { id: string; client: Client; roleId: string }>;
  for (const p of Object.keys(positionsOf) as Person[]) {
    const { user, client } = await createTestUser(org, { username: `${p}${newId().slice(-6)}`, positionIds: positionsOf[p] });
    const [role] = await withOrg(env.database.db, org.orgId, (tx) =>
      tx.select({ roleId: userRoles.roleId }).from(userRoles).where(and(eq(userRoles.orgId, org.orgId), eq(userRoles.userId, user.id))),
    );
    people[p] = { id: user.id, client, roleId: role!.roleId };
  }
  const pick = <T>(f: (x: (typeof people)[Person]) => T) =>
    Object.fromEntries(Object.entries(people).map(([k, v]) => [k, f(v)])) as Record<Person, T>;
  return { org, ids: pick((p) => p.id), clients: pick((p) => p.client), roleOf: pick((p) => p.roleId) };
}

async function actorFor(client: Client) {
  const session = await loadSession(env.database.db, client.cookies.kehu_session, { ip: null, userAgent: null, locale: 'zh-CN' });
  return session!.actor;
}

async function setFlow(w: World, levels: ApprovalLevel[], action: 'create' | 'modify' | 'delete' = 'modify') {
  const current = (await w.org.admin.get(`/api/v1/approval-flows/${TYPE}/${action}`)).json();
  const res = await w.org.admin.put(`/api/v1/approval-flows/${TYPE}/${action}`, { enabled: true, levels, version: current.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function submit(w: World, who: Person, opts: { label?: string; recordId?: string; payload?: Record<string, unknown>; action?: 'create' | 'modify' | 'delete' } = {}) {
  const actor = await actorFor(w.clients[who]);
  return withOrg(env.database.db, w.org.orgId, (tx) =>
    submitApproval(tx, env.app.kehu, actor, {
      recordType: TYPE,
      recordId: opts.recordId ?? newId(),
      recordLabel: opts.label ?? '海尔集团',
      action: opts.action ?? 'modify',
      payload: opts.payload ?? { name: '海尔智家' },
    }),
  );
}

async function stepsOf(w: World, requestId: string) {
  return withOrg(env.database.db, w.org.orgId, (tx) =>
    tx
      .select({ level: approvalSteps.level, approverId: approvalSteps.approverId, decision: approvalSteps.decision })
      .from(approvalSteps)
      .where(and(eq(approvalSteps.orgId, w.org.orgId), eq(approvalSteps.requestId, requestId))),
  );
}

async function noticesOf(w: World, userId: string) {
  return withOrg(env.database.db, w.org.orgId, (tx) =>
    tx
      .select({ kind: notifications.kind, title: notifications.title, link: notifications.link })
      .from(notifications)
      .where(and(eq(notifications.orgId, w.org.orgId), eq(notifications.userId, userId))),
  );
}

const approve = (c: Client, id: string, version: number, comment?: string) => c.post(`/api/v1/approvals/${id}/approve`, { version, comment });
const reject = (c: Client, id: string, version: number, comment = '资料不全') => c.post(`/api/v1/approvals/${id}/reject`, { version, comment });

describe('approval flows', () => {
  it('lists registered record types with each action, configured or not', async () => {
    const w = await buildWorld();
    const res = await w.clients.loner.get('/api/v1/approval-flows');
    expect(res.statusCode).toBe(200);
    const mine = res.json().items.filter((f: { recordType: string }) => f.recordType === TYPE);
    expect(mine.map((f: { action: string }) => f.action)).toEqual(['create', 'modify', 'delete']);
    expect(mine[0]).toMatchObject({ configured: false, enabled: false, levels: [], version: null });
    expectError(await w.clients.loner.get('/api/v1/approval-flows/no_such_type/create'), 404, 'not_found');
  });

  it('saves a flow with settings:edit, checks its levels and version, and audits it', async () => {
    const w = await buildWorld();
    const url = `/api/v1/approval-flows/${TYPE}/create`;
    const levels = [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }];
    expectError(await w.clients.loner.put(url, { enabled: true, levels }), 403, 'forbidden');

    expectFieldsFlagged(await w.org.admin.put(url, { enabled: true, levels: [{ approvers: { kind: 'superior', n: 6 }, signoff: 'any' }] }), ['levels.0.approvers.n']);
    expectFieldsFlagged(await w.org.admin.put(url, { enabled: true, levels: [{ approvers: { kind: 'users', userIds: [] }, signoff: 'some' }] }), [
      'levels.0.approvers.userIds',
      'levels.0.signoff',
    ]);
    expectFieldsFlagged(await w.org.admin.put(url, { enabled: true, levels: [] }), ['levels']);

    await withOrg(env.database.db, w.org.orgId, (tx) => tx.update(users).set({ status: 'disabled' }).where(and(eq(users.orgId, w.org.orgId), eq(users.id, w.ids.loner))));
    const bad = await w.org.admin.put(url, {
      enabled: true,
      levels: [
        { approvers: { kind: 'role', roleId: newId() }, signoff: 'any' },
        { approvers: { kind: 'users', userIds: [w.ids.mgr, w.ids.loner] }, signoff: 'all' },
        { approvers: { kind: 'users', userIds: [newId()] }, signoff: 'all' },
      ],
    });
    expectError(bad, 422, 'validation_failed', {
      'levels.0.approvers.roleId': 'v.notFound',
      'levels.1.approvers.userIds': 'v.notFound',
      'levels.2.approvers.userIds': 'v.notFound',
    });

    const created = await w.org.admin.put(url, { enabled: true, levels: [...levels, { approvers: { kind: 'role', roleId: w.roleOf.ceo }, signoff: 'all' }] });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ configured: true, enabled: true, version: 0 });
    expect((await w.clients.rep.get(url)).json().levels).toHaveLength(2);
    const listed = (await w.clients.rep.get('/api/v1/approval-flows')).json();
    expect(listed.names[w.roleOf.ceo]).toMatch(/^role-/);

    expectError(await w.org.admin.put(url, { enabled: false, levels, version: 5 }), 409, 'version_conflict');
    const updated = await w.org.admin.put(url, { enabled: false, levels, version: 0 });
    expect(updated.json()).toMatchObject({ enabled: false, version: 1 });
    expect(await withOrg(env.database.db, w.org.orgId, (tx) => approvalFlowFor(tx, w.org.orgId, TYPE, 'create'))).toBeNull();

    const audit = await withOrg(env.database.db, w.org.orgId, (tx) =>
      tx.select({ action: auditLogs.action, after: auditLogs.after }).from(auditLogs).where(and(eq(auditLogs.orgId, w.org.orgId), eq(auditLogs.module, 'approval'))),
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['create_flow', 'update_flow']);
  });
});

describe('submitting', () => {
  it("routes to the submitter's N-th superior, notifies them in the app and by mail, and lists it in their inbox", async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const request = await submit(w, 'rep');
    expect(request).toMatchObject({ status: 'pending', currentLevel: 0, submitterId: w.ids.rep });
    expect(await stepsOf(w, request.id)).toEqual([{ level: 0, approverId: w.ids.mgr, decision: null }]);

    const notices = await noticesOf(w, w.ids.mgr);
    expect(notices).toEqual([{ kind: 'approval_pending', title: '待审批：修改approval_test「海尔集团」', link: `/approvals?request=${request.id}` }]);
    const mails = await withOrg(env.database.db, w.org.orgId, (tx) =>
      queryRows<{ subject: string }>(tx, sql`select subject from ${outbox} where org_id = ${w.org.orgId} and "to" = (select email from users where org_id = ${w.org.orgId} and id = ${w.ids.mgr})`),
    );
    expect(mails.map((m) => m.subject)).toEqual(['待审批：修改approval_test「海尔集团」']);

    const inbox = (await w.clients.mgr.get('/api/v1/approvals/inbox')).json();
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({
      id: request.id,
      recordType: TYPE,
      recordLabel: '海尔集团',
      action: 'modify',
      submitter: { id: w.ids.rep, name: expect.stringMatching(/^rep/) },
      recordLink: `/things/${request.recordId}`,
    });
    expect((await w.clients.mgr.get('/api/v1/approvals/inbox/count')).json()).toEqual({ count: 1 });
    expect((await w.clients.ceo.get('/api/v1/approvals/inbox')).json().items).toEqual([]);
    expect((await w.clients.rep.get('/api/v1/approvals/sent')).json().items.map((r: { id: string }) => r.id)).toEqual([request.id]);

    const mgrActor = await actorFor(w.clients.mgr);
    const home = await withOrg(env.database.db, w.org.orgId, (tx) => myPendingApprovals(tx, mgrActor, { limit: 5 }));
    expect(home.total).toBe(1);
    expect(home.items[0]!.id).toBe(request.id);
  });

  it('reaches further up for n = 2, and to the superiors of each of several positions', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 2 }, signoff: 'any' }]);
    expect(await stepsOf(w, (await submit(w, 'rep')).id)).toEqual([{ level: 0, approverId: w.ids.ceo, decision: null }]);

    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'all' }]);
    const both = await stepsOf(w, (await submit(w, 'peer')).id);
    expect(both.map((s) => s.approverId).sort()).toEqual([w.ids.mgr, w.ids.mgr2].sort());
  });

  it('refuses a level that resolves to nobody, writing nothing', async () => {
    const w = await buildWorld();
    await setFlow(w, [
      { approvers: { kind: 'superior', n: 1 }, signoff: 'any' },
      { approvers: { kind: 'superior', n: 3 }, signoff: 'any' },
    ]);
    const recordId = newId();
    await expect(submit(w, 'rep', { recordId })).rejects.toMatchObject({ code: 'approval_no_approver', status: 422, fields: { approval: 'v.noApprover' }, params: { level: 2 } });
    // Nobody above the top, and nobody for a user without a position.
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    await expect(submit(w, 'ceo')).rejects.toMatchObject({ code: 'approval_no_approver' });
    await expect(submit(w, 'loner')).rejects.toMatchObject({ code: 'approval_no_approver' });
    const rows = await withOrg(env.database.db, w.org.orgId, (tx) => tx.select().from(approvalRequests).where(eq(approvalRequests.orgId, w.org.orgId)));
    expect(rows).toEqual([]);
  });

  it("resolves a role's active holders and named active users, leaving out the submitter unless nobody else is left", async () => {
    const w = await buildWorld();
    await setFlow(w, [
      { approvers: { kind: 'users', userIds: [w.ids.rep, w.ids.peer] }, signoff: 'all' },
      { approvers: { kind: 'users', userIds: [w.ids.rep] }, signoff: 'any' },
      { approvers: { kind: 'role', roleId: w.roleOf.ceo }, signoff: 'any' },
    ]);
    const request = await submit(w, 'rep');
    const steps = await stepsOf(w, request.id);
    expect(steps.sort((a, b) => a.level - b.level)).toEqual([
      { level: 0, approverId: w.ids.peer, decision: null },
      { level: 1, approverId: w.ids.rep, decision: null },
      { level: 2, approverId: w.ids.ceo, decision: null },
    ]);

    // A disabled holder of the role is nobody.
    await withOrg(env.database.db, w.org.orgId, (tx) => tx.update(users).set({ status: 'disabled' }).where(and(eq(users.orgId, w.org.orgId), eq(users.id, w.ids.ceo))));
    await expect(submit(w, 'peer')).rejects.toMatchObject({ code: 'approval_no_approver', params: { level: 3 } });
  });

  it('keeps one open request per record', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const recordId = newId();
    await submit(w, 'rep', { recordId });
    await expect(submit(w, 'peer', { recordId })).rejects.toMatchObject({ code: 'approval_pending', status: 409 });
  });
});

describe('deciding', () => {
  it('goes level by level: any one approver completes an "any" level, every approver an "all" level, then the handler applies', async () => {
    const w = await buildWorld();
    await setFlow(w, [
      { approvers: { kind: 'superior', n: 1 }, signoff: 'any' },
      { approvers: { kind: 'users', userIds: [w.ids.ceo, w.ids.mgr2] }, signoff: 'all' },
    ]);
    // peer has two superiors (mgr, mgr2): either one completes level 1.
    const request = await submit(w, 'peer');
    expect((await w.clients.ceo.get('/api/v1/approvals/inbox')).json().items).toEqual([]);

    const first = await approve(w.clients.mgr2, request.id, 0, '同意');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'pending', currentLevel: 1, version: 1 });
    // mgr's step on the completed level is gone from the inbox and the request.
    expect((await w.clients.mgr.get('/api/v1/approvals/inbox')).json().items).toEqual([]);
    expectError(await approve(w.clients.mgr, request.id, 1), 403, 'forbidden');
    expect((await noticesOf(w, w.ids.ceo)).map((n) => n.kind)).toEqual(['approval_pending']);

    const second = await approve(w.clients.ceo, request.id, 1);
    expect(second.json()).toMatchObject({ status: 'pending', currentLevel: 1, version: 1 });
    expect(callsFor(request.id)).toEqual([]);
    // mgr2 approves level 2 as one of its named users too.
    const last = await approve(w.clients.mgr2, request.id, 1);
    expect(last.json()).toMatchObject({ status: 'approved', version: 2, canDecide: false });
    expect(callsFor(request.id)).toEqual(['apply']);
    expect(calls.find((c) => c.request.id === request.id)!.request.status).toBe('approved');

    const steps = last.json().steps.map((s: { level: number; approver: { id: string }; decision: string; comment: string | null }) => [s.level, s.approver.id, s.decision, s.comment]);
    // mgr's step stays, closed without a decision: mgr still sees the request it was asked about.
    expect(steps).toEqual(
      expect.arrayContaining([
        [0, w.ids.mgr2, 'approved', '同意'],
        [0, w.ids.mgr, null, null],
        [1, w.ids.ceo, 'approved', null],
        [1, w.ids.mgr2, 'approved', null],
      ]),
    );
    expect(steps).toHaveLength(4);
    expect(last.json().steps.find((s: { approver: { id: string } }) => s.approver.id === w.ids.mgr).decidedAt).not.toBeNull();
    expect((await w.clients.mgr.get(`/api/v1/approvals/${request.id}`)).statusCode).toBe(200);
    expect((await noticesOf(w, w.ids.peer)).map((n) => n.kind)).toEqual(['approval_approved']);
    expectError(await approve(w.clients.ceo, request.id, 2), 409, 'approval_closed');

    const audit = await withOrg(env.database.db, w.org.orgId, (tx) =>
      tx.select({ action: auditLogs.action }).from(auditLogs).where(and(eq(auditLogs.orgId, w.org.orgId), eq(auditLogs.recordId, request.id))),
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['approve', 'approve', 'approve', 'submit']);
  });

  it('rejects at any level with a required comment; the handler undoes, the submitter is told and may resubmit', async () => {
    const w = await buildWorld();
    await setFlow(w, [
      { approvers: { kind: 'superior', n: 1 }, signoff: 'any' },
      { approvers: { kind: 'superior', n: 2 }, signoff: 'any' },
    ]);
    const recordId = newId();
    const request = await submit(w, 'rep', { recordId });
    expect((await approve(w.clients.mgr, request.id, 0)).statusCode).toBe(200);
    expectFieldsFlagged(await w.clients.ceo.post(`/api/v1/approvals/${request.id}/reject`, { version: 1 }), ['comment']);
    const res = await reject(w.clients.ceo, request.id, 1, '请补充联系人');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', canDecide: false, canWithdraw: false });
    expect(callsFor(request.id)).toEqual(['reject']);
    const notice = (await noticesOf(w, w.ids.rep)).find((n) => n.kind === 'approval_rejected');
    expect(notice?.title).toBe('审批退回：修改approval_test「海尔集团」');
    expect(await stepsOf(w, request.id)).toHaveLength(2);

    const again = await submit(w, 'rep', { recordId, payload: { name: '海尔智家', contact: '张三' } });
    expect(again.id).not.toBe(request.id);
    const history = (await w.clients.rep.get(`/api/v1/approvals?recordType=${TYPE}&recordId=${recordId}`)).json();
    expect(history.items.map((r: { status: string }) => r.status)).toEqual(['pending', 'rejected']);
    expect(history.items[1].steps.find((s: { decision: string }) => s.decision === 'rejected').comment).toBe('请补充联系人');
  });

  it('lets only the submitter withdraw; a withdrawn request can no longer be decided', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const request = await submit(w, 'rep');
    expectError(await w.clients.mgr.post(`/api/v1/approvals/${request.id}/withdraw`, { version: 0 }), 403, 'forbidden');
    expectError(await w.clients.loner.post(`/api/v1/approvals/${request.id}/withdraw`, { version: 0 }), 404, 'not_found');
    expectError(await w.clients.rep.post(`/api/v1/approvals/${request.id}/withdraw`, { version: 3 }), 409, 'version_conflict');
    const res = await w.clients.rep.post(`/api/v1/approvals/${request.id}/withdraw`, { version: 0 });
    expect(res.json()).toMatchObject({ status: 'withdrawn' });
    expect(callsFor(request.id)).toEqual(['reject']);
    expectError(await approve(w.clients.mgr, request.id, 1), 409, 'approval_closed');
    expect((await w.clients.mgr.get('/api/v1/approvals/inbox/count')).json()).toEqual({ count: 0 });
  });

  it('hides a request from outsiders (404), refuses the submitter and stale versions', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const request = await submit(w, 'rep');
    expectError(await approve(w.clients.loner, request.id, 0), 404, 'not_found');
    expectError(await w.clients.loner.get(`/api/v1/approvals/${request.id}`), 404, 'not_found');
    expectError(await approve(w.clients.rep, request.id, 0), 403, 'forbidden');
    expectError(await approve(w.clients.mgr, request.id, 7), 409, 'version_conflict');
    expectError(await approve(w.clients.mgr, newId(), 0), 404, 'not_found');

    // A reader of the record (the handler says so) sees the request but cannot decide it.
    readers.add(w.ids.loner);
    expect((await w.clients.loner.get(`/api/v1/approvals/${request.id}`)).statusCode).toBe(200);
    expectError(await approve(w.clients.loner, request.id, 0), 403, 'forbidden');
    const history = (await w.clients.loner.get(`/api/v1/approvals?recordType=${TYPE}&recordId=${request.recordId}`)).json();
    expect(history.items).toHaveLength(1);
    readers.delete(w.ids.loner);
    expect((await w.clients.loner.get(`/api/v1/approvals?recordType=${TYPE}&recordId=${request.recordId}`)).json().items).toEqual([]);
  });

  it('shows the approver the proposed values beside the current ones', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const request = await submit(w, 'rep', { payload: { name: '海尔智家' } });
    const detail = (await w.clients.mgr.get(`/api/v1/approvals/${request.id}`)).json();
    expect(detail).toMatchObject({
      payload: { name: '海尔智家' },
      before: { name: 'before of 海尔集团' },
      canDecide: true,
      canWithdraw: false,
      levels: [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }],
      steps: [{ level: 0, approver: { id: w.ids.mgr }, decision: null }],
    });
    expect((await w.clients.rep.get(`/api/v1/approvals/${request.id}`)).json()).toMatchObject({ canDecide: false, canWithdraw: true });
  });

  it('rolls the decision back when the handler cannot apply the change', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const request = await submit(w, 'rep', { payload: { fail: true } });
    expectError(await approve(w.clients.mgr, request.id, 0), 409, 'conflict');
    const detail = (await w.clients.mgr.get(`/api/v1/approvals/${request.id}`)).json();
    expect(detail).toMatchObject({ status: 'pending', version: 0, canDecide: true });
    expect((await noticesOf(w, w.ids.rep)).length).toBe(0);
  });

  it('pages the inbox and the sent list by keyset', async () => {
    const w = await buildWorld();
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    const a = await submit(w, 'rep', { label: 'A' });
    const b = await submit(w, 'rep', { label: 'B' });
    const c = await submit(w, 'peer', { label: 'C' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await w.clients.mgr.get(`/api/v1/approvals/inbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([c.id, b.id, a.id]);
    const sent = (await w.clients.rep.get('/api/v1/approvals/sent?limit=1')).json();
    expect(sent.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    expect((await w.clients.rep.get(`/api/v1/approvals/sent?limit=1&cursor=${sent.nextCursor}`)).json().items[0].id).toBe(a.id);
    expectFieldsFlagged(await w.clients.rep.get('/api/v1/approvals/sent?cursor=nonsense'), ['cursor']);
    expect((await w.clients.rep.get('/api/v1/approvals/sent?status=approved')).json().items).toEqual([]);
  });

  it('answers in the language of each recipient', async () => {
    const w = await buildWorld();
    await withOrg(env.database.db, w.org.orgId, (tx) =>
      tx.update(users).set({ prefs: { locale: 'en-US' } }).where(and(eq(users.orgId, w.org.orgId), eq(users.id, w.ids.mgr))),
    );
    await setFlow(w, [{ approvers: { kind: 'superior', n: 1 }, signoff: 'any' }]);
    await submit(w, 'rep');
    expect((await noticesOf(w, w.ids.mgr)).map((n) => n.title)).toEqual(['To approve: change of approval_test "海尔集团"']);
  });
});
