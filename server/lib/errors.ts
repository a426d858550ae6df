import type { ErrorCode } from '../../shared/errors.ts';
import type { MessageKey } from '../../shared/i18n/messages.ts';

/**
 * The one error type of the server. `fields` maps a field path to a message key of shared/i18n/messages.ts;
 * the error handler translates both the code and the field messages into the request's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly fields?: Record<string, MessageKey | string>,
    readonly params?: Record<string, string | number>,
    /** Extra facts for the client beside code and fields, e.g. the id of the existing record a duplicate matches. */
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('not_found', 404);
export const forbidden = () => new AppError('forbidden', 403);
export const versionConflict = () => new AppError('version_conflict', 409);
export const fieldError = (fields: Record<string, MessageKey>, params?: Record<string, string | number>) =>
  new AppError('validation_failed', 422, fields, params);
export const duplicate = (fields: Record<string, MessageKey>) => new AppError('duplicate', 409, fields);

interface PgError {
  code?: string;
  constraint?: string;
  cause?: PgError;
}

/** The name of the unique constraint a statement violated, or undefined for any other error. */
export function violatedUnique(err: unknown): string | undefined {
  let e = err as PgError | undefined;
  while (e) {
    if (e.code === '23505') return e.constraint ?? 'unknown';
    e = e.cause;
  }
  return undefined;
}
