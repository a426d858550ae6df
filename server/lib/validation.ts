import type { z } from 'zod';
import type { FastifySchemaCompiler } from 'fastify';

export { issuesToFields } from '../../shared/validation/issues.ts';

/** Carries the raw zod issues to the error handler, which renders them in the request's language. */
export class ZodRequestError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super('validation_failed');
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new ZodRequestError(result.error.issues) };
  };
