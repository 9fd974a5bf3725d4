import { z } from 'zod';
import { PaginationQuery, paginated } from '../common/pagination.schemas';

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed', 'dead']);
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z
  .object({
    id: z.number().int(),
    queue: z.string(),
    name: z.string(),
    payload: z.unknown(),
    status: JobStatus,
    runAt: z.string(),
    priority: z.number().int(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof Job>;
export const JobList = paginated(Job);
export const JobListQuery = PaginationQuery.extend({ status: JobStatus.optional(), queue: z.string().max(64).optional() }).strict();
export type JobListQuery = z.infer<typeof JobListQuery>;
export const JobStats = z.object({ items: z.array(z.object({ queue: z.string(), status: JobStatus, count: z.number().int() })) });
export type JobStats = z.infer<typeof JobStats>;
