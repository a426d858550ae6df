import { z } from 'zod';
import { DATA_SCOPES, ROLE_TEMPLATE_KEYS, SHARING_MODES } from '../permissions.ts';
import { trimmed, version } from './common.ts';

// Membership in the permission catalogue is a rule the server checks (422), so the web can show which entry
// is wrong; the shapes and value lists are checked here.
const permissions = z.array(z.string().max(64)).max(1000);
const dataScopes = z.record(z.string().max(40), z.enum(DATA_SCOPES));
const description = z.string().trim().max(500);

export const roleCreate = z.object({
  name: trimmed(50),
  description: description.default(''),
  /** A preset (USR-05) to start from: it fills permissions and data scopes that the request leaves out. */
  templateKey: z.enum(ROLE_TEMPLATE_KEYS).optional(),
  permissions: permissions.optional(),
  dataScopes: dataScopes.optional(),
});
export type RoleCreate = z.infer<typeof roleCreate>;

export const roleUpdate = z.object({
  name: trimmed(50),
  description,
  permissions,
  dataScopes,
  version,
});
export type RoleUpdate = z.infer<typeof roleUpdate>;

export const sharingModesUpdate = z.object({
  modes: z.record(z.string().max(40), z.enum(SHARING_MODES)),
});
export type SharingModesUpdate = z.infer<typeof sharingModesUpdate>;
