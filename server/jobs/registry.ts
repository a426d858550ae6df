import { auditRetentionJob } from './audit-retention.job.ts';
import { authCleanupJob } from './auth-cleanup.job.ts';
import { followupRemindersJob } from '../modules/followups/followups.reminders.ts';
import { poolReclaimJob } from '../modules/pool/pool.job.ts';
import type { JobDefinition } from './jobs.ts';

/**
 * Every background job the server works. A module adds its job here (declared with `defineJob`, next to the
 * service it calls); `startJobs` creates the queue, keeps the schedule in step and starts a worker for each.
 */
export const jobRegistry: readonly JobDefinition[] = [auditRetentionJob, authCleanupJob, followupRemindersJob, poolReclaimJob];
