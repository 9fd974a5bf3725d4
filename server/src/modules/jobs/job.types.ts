import type { JobStatus } from '@bazaar/shared';
import type { Logger } from '../../lib/logger';

/** What a handler gets besides its payload. Handlers must be idempotent: a job can run again after a crash. */
export interface JobContext<S = unknown> {
  jobId: number;
  attempt: number;
  logger: Logger;
  /** Aborted when the worker shuts down: long handlers should stop early and throw. */
  signal: AbortSignal;
  services: S;
}

export interface JobDefinition<P = unknown, S = unknown> {
  /** `family.action`, e.g. `email.send`. */
  name: string;
  queue?: string;
  /** Cron expression (UTC) for recurring jobs: one run per slot, however many workers run. */
  schedule?: string;
  maxAttempts?: number;
  run(payload: P, ctx: JobContext<S>): Promise<void>;
}

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
