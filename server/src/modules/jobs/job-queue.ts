import type { Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { notFound, conflict } from '../../lib/errors';
import type { JobRepository, StoredJob } from './job.repository';
import type { EnqueueOptions, JobRecord, JobStatus } from './job.types';

const toRecord = (j: StoredJob): JobRecord => ({
  ...j,
  runAt: j.runAt.toISOString(),
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
});

/**
 * Putting work on the queue, and the admin view of it. `enqueue` takes the caller's transaction:
 * an order and its confirmation email commit or roll back together.
 */
export class JobQueue {
  constructor(
    private readonly jobs: JobRepository,
    private readonly clock: Clock,
  ) {}

  /** Returns the job id, or undefined when a pending job with the same unique key exists. */
  async enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}, tx?: Transaction): Promise<number | undefined> {
    const now = this.clock.now();
    return this.jobs.insert(
      {
        queue: opts.queue ?? 'default',
        name,
        payload: JSON.stringify(payload ?? {}),
        runAt: opts.runAt ?? now,
        priority: opts.priority ?? 0,
        maxAttempts: opts.maxAttempts ?? 5,
        uniqueKey: opts.uniqueKey ?? null,
        createdAt: now,
      },
      tx,
    );
  }

  stats(): Promise<{ queue: string; status: JobStatus; count: number }[]> {
    return this.jobs.countByQueueAndStatus();
  }

  async list(filter: { status?: JobStatus; queue?: string; page: number; limit: number }): Promise<{ items: JobRecord[]; total: number }> {
    const { items, total } = await this.jobs.list(filter);
    return { items: items.map(toRecord), total };
  }

  async get(id: number): Promise<JobRecord> {
    const job = await this.jobs.findById(id);
    if (!job) throw notFound('The job');
    return toRecord(job);
  }

  /** A dead (or failed) job goes back to the queue with fresh attempts. */
  async retry(id: number): Promise<JobRecord> {
    const job = await this.get(id);
    if (job.status !== 'dead' && job.status !== 'failed')
      throw conflict(`Only dead or failed jobs can be retried (this one is ${job.status}).`);
    await this.jobs.requeueFinished(id, this.clock.now());
    return this.get(id);
  }

  async discard(id: number): Promise<void> {
    const job = await this.get(id);
    if (job.status === 'running') throw conflict('A running job cannot be discarded.');
    await this.jobs.deleteUnlessRunning(id);
  }

  /** Completed jobs older than the retention are deleted (dead ones are kept for inspection). */
  prune(olderThan: Date): Promise<number> {
    return this.jobs.deleteDoneBefore(olderThan);
  }
}
