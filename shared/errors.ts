/** Machine-readable error codes shared by server and web; the web branches on these, never on message text. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'version_conflict',
  'duplicate',
  'rate_limited',
  'invalid_credentials',
  'not_active',
  'setup_done',
  'setup_required',
  'token_invalid',
  'in_use',
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
  'internal',
  'approval_no_approver',
  'approval_pending',
  'approval_closed',
  'pool_refused',
  'bulk_refused',
  'parent_in_bin',
  'import_changed',
  'import_state',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, string>;
    /** A duplicate answer names the existing record it matches. */
    existingId?: string | null;
    /** A bulk action refused as a whole lists why each refused record was refused. */
    errors?: { id: string; code: ErrorCode; message: string }[];
  };
}
