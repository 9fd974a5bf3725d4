import type { JobStatus } from '@bazaar/shared';

/** The job contract lives in the jobs package, which the handlers depend on; the server implements it. */
export type { JobContext, JobDefinition } from '@bazaar/jobs';

export interface EnqueueOptions {
  queue?: string;
  runAt?: Date;
  priority?: number;
  maxAttempts?: number;
  uniqueKey?: string;
}

export type { JobStatus };

export interface JobRecord {
  id: number;
  queue: string;
  name: string;
  payload: unknown;
  status: JobStatus;
  runAt: string;
  priority: number;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}
