import { actorOf, requireAnyPermission, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import {
  customerBulk,
  customerCoOwners,
  customerCreate,
  customerDuplicatesQuery,
  customerHistoryQuery,
  customerListQuery,
  customerMerge,
  customerRelations,
  customerTransfer,
  customerUpdate,
} from '../../../shared/validation/customers.ts';
import { bulkCustomers, mergeCustomers, setCoOwners, setRelations, transferCustomer } from './customers.actions.ts';
import { listCustomers } from './customers.list.ts';
import { customerHistory, customerOverview } from './customers.overview.ts';
import { createCustomer, deleteCustomer, findDuplicates, getCustomer, updateCustomer } from './customers.service.ts';

/**
 * Customers (CUS). Module permissions are checked here, before the body; whether the actor may see or change
 * the record itself (owner, co-owners, hierarchy, scope, sharing, pool, pending) is the service's check.
 */
export const customersRoutes: RouteModule = (api, ctx) => {
  const tags = ['customers'];
  const view = requirePermission('customer:view');

  api.get('/customers', { schema: { tags, querystring: customerListQuery }, preValidation: view }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listCustomers(tx, actor, req.query));
  });

  // The duplicate check runs while a new customer's name is typed, so creating is enough to ask it.
  api.get(
    '/customers/duplicates',
    { schema: { tags, querystring: customerDuplicatesQuery }, preValidation: requireAnyPermission('customer:view', 'customer:create') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => findDuplicates(tx, actor, req.query.name));
    },
  );

  api.post('/customers', { schema: { tags, body: customerCreate }, preValidation: requirePermission('customer:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const customer = await withOrg(ctx.db, actor.orgId, (tx) => createCustomer(tx, ctx, actor, req.body));
    return reply.status(201).send(customer);
  });

  api.post('/customers/bulk', { schema: { tags, body: customerBulk }, preValidation: requireAnyPermission('customer:edit', 'customer:assign', 'customer:delete') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => bulkCustomers(tx, ctx, actor, req.body));
  });

  api.post('/customers/merge', { schema: { tags, body: customerMerge }, preValidation: requirePermission('customer:delete') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => mergeCustomers(tx, actor, req.body));
  });

  api.get('/customers/:id', { schema: { tags, params: idParam }, preValidation: view }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getCustomer(tx, actor, req.params.id));
  });

  api.get('/customers/:id/overview', { schema: { tags, params: idParam }, preValidation: view }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => customerOverview(tx, actor, req.params.id));
  });

  api.get('/customers/:id/history', { schema: { tags, params: idParam, querystring: customerHistoryQuery }, preValidation: view }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => customerHistory(tx, actor, req.params.id, req.query));
  });

  api.put('/customers/:id', { schema: { tags, params: idParam, body: customerUpdate }, preValidation: requirePermission('customer:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateCustomer(tx, ctx, actor, req.params.id, req.body));
  });

  // 200 when deleted, 202 when the deletion waits for approval.
  api.delete('/customers/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('customer:delete') }, async (req, reply) => {
    const actor = actorOf(req);
    const result = await withOrg(ctx.db, actor.orgId, (tx) => deleteCustomer(tx, ctx, actor, req.params.id));
    return reply.status(result.deleted ? 200 : 202).send(result);
  });

  api.post(
    '/customers/:id/transfer',
    { schema: { tags, params: idParam, body: customerTransfer }, preValidation: requirePermission('customer:assign') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => transferCustomer(tx, actor, req.params.id, req.body));
    },
  );

  api.put(
    '/customers/:id/co-owners',
    { schema: { tags, params: idParam, body: customerCoOwners }, preValidation: requirePermission('customer:assign') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => setCoOwners(tx, actor, req.params.id, req.body));
    },
  );

  api.put(
    '/customers/:id/relations',
    { schema: { tags, params: idParam, body: customerRelations }, preValidation: requirePermission('customer:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => setRelations(tx, actor, req.params.id, req.body));
    },
  );
};
