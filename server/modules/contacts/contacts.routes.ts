import { actorOf, requirePermission } from '../../lib/http.ts';
import type { RouteModule } from '../../lib/routes.ts';
import { withOrg } from '../../lib/tx.ts';
import { idParam } from '../../../shared/validation/common.ts';
import {
  contactBulkDelete,
  contactCreate,
  contactGroupCreate,
  contactGroupUpdate,
  contactListQuery,
  contactUpdate,
  customerContactsQuery,
} from '../../../shared/validation/contacts.ts';
import {
  bulkDeleteContacts,
  createContact,
  createContactGroup,
  deleteContact,
  deleteContactGroup,
  getContact,
  listContactGroups,
  listContacts,
  listCustomerContacts,
  updateContact,
  updateContactGroup,
} from './contacts.service.ts';

/** Access is checked in preValidation, before the body: a caller without the right gets 401/403, not field errors. */
export const contactsRoutes: RouteModule = (api, ctx) => {
  const tags = ['contacts'];

  api.get('/contacts', { schema: { tags, querystring: contactListQuery }, preValidation: requirePermission('contact:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listContacts(tx, actor, req.query));
  });

  api.get('/contacts/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('contact:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => getContact(tx, actor, req.params.id));
  });

  api.post('/contacts', { schema: { tags, body: contactCreate }, preValidation: requirePermission('contact:create') }, async (req, reply) => {
    const actor = actorOf(req);
    const contact = await withOrg(ctx.db, actor.orgId, (tx) => createContact(tx, actor, req.body));
    return reply.status(201).send(contact);
  });

  api.put('/contacts/:id', { schema: { tags, params: idParam, body: contactUpdate }, preValidation: requirePermission('contact:edit') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => updateContact(tx, actor, req.params.id, req.body));
  });

  api.delete('/contacts/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('contact:delete') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteContact(tx, actor, req.params.id));
    return reply.status(204).send();
  });

  api.post('/contacts/bulk-delete', { schema: { tags, body: contactBulkDelete }, preValidation: requirePermission('contact:delete') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => bulkDeleteContacts(tx, actor, req.body));
  });

  api.get(
    '/customers/:id/contacts',
    { schema: { tags, params: idParam, querystring: customerContactsQuery }, preValidation: requirePermission('contact:view') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => listCustomerContacts(tx, actor, req.params.id, req.query));
    },
  );

  api.get('/contact-groups', { schema: { tags }, preValidation: requirePermission('contact:view') }, async (req) => {
    const actor = actorOf(req);
    return withOrg(ctx.db, actor.orgId, (tx) => listContactGroups(tx, actor));
  });

  // Groups are shared labels of the whole organisation; whoever edits contacts maintains them.
  api.post('/contact-groups', { schema: { tags, body: contactGroupCreate }, preValidation: requirePermission('contact:edit') }, async (req, reply) => {
    const actor = actorOf(req);
    const group = await withOrg(ctx.db, actor.orgId, (tx) => createContactGroup(tx, actor, req.body));
    return reply.status(201).send(group);
  });

  api.put(
    '/contact-groups/:id',
    { schema: { tags, params: idParam, body: contactGroupUpdate }, preValidation: requirePermission('contact:edit') },
    async (req) => {
      const actor = actorOf(req);
      return withOrg(ctx.db, actor.orgId, (tx) => updateContactGroup(tx, actor, req.params.id, req.body));
    },
  );

  api.delete('/contact-groups/:id', { schema: { tags, params: idParam }, preValidation: requirePermission('contact:edit') }, async (req, reply) => {
    const actor = actorOf(req);
    await withOrg(ctx.db, actor.orgId, (tx) => deleteContactGroup(tx, actor, req.params.id));
    return reply.status(204).send();
  });
};
