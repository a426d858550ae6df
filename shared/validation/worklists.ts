import { z } from 'zod';
import { blankAsMissing } from './common.ts';

/** The home page shows this many rows of each work list; the full lists page on. */
export const WORKLIST_PREVIEW = 5;
/** Counts stop here: past it the home card says "999+" instead of counting a whole team's backlog. */
export const WORKLIST_COUNT_CAP = 999;

/** `team`: the customers of everyone whose customers the reader may see, instead of the reader's own. */
const team = blankAsMissing(z.enum(['true', 'false']).transform((v) => v === 'true')).transform((v) => v ?? false);

export const worklistSummaryQuery = z.object({ team });
export type WorklistSummaryQuery = z.infer<typeof worklistSummaryQuery>;

export const worklistQuery = z.object({
  team,
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: blankAsMissing(z.string().max(200)),
});
export type WorklistQuery = z.infer<typeof worklistQuery>;

/** Customers about to return to the pool are the reader's own and few: one bounded page, soonest first. */
export const worklistReturningQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export type WorklistReturningQuery = z.infer<typeof worklistReturningQuery>;
