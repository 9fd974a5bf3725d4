import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { CronExpressionParser } from 'cron-parser';
import { isDatabaseUnavailable, type Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { JobRepository, type ClaimedJob } from './job.repository';
import type { JobDefinition } from './job.types';

export interface WorkerOptions {
  concurrency?: number;
  /** How long a claim lasts without renewal; a dead worker's jobs are claimed again after it. */
  leaseMs?: number;
  pollMs?: number;
  /** Only these queues (all when unset). */
  queues?: string[];
  /** Base of the exponential backoff between attempts. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Run the cron schedules from this worker (every worker may: each slot runs once). */
  schedules?: boolean;
  id?: string;
}

/**
 * A queue worker over MariaDB. Claims use `SELECT … FOR UPDATE SKIP LOCKED` in a short
 * transaction, so two workers never take the same job; a claimed job holds a lease that the
 * worker renews while it runs. Failures retry with exponential backoff and jitter, then the job
 * is dead (kept with its error).
 */
export class Worker<S = unknown> {
  readonly id: string;
  private readonly handlers: Map<string, JobDefinition<unknown, S>>;
  private readonly running = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private stopped = true;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly opts: Required<Omit<WorkerOptions, 'queues' | 'id'>> & { queues?: string[] };
  private readonly jobs: JobRepository;

  constructor(
    private readonly db: Db,
    definitions: JobDefinition<unknown, S>[],
    private readonly services: S,
    private readonly logger: Logger,
    private readonly clock: Clock,
    options: WorkerOptions = {},
  ) {
    this.jobs = new JobRepository(db);
    this.id = options.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.handlers = new Map(definitions.map((d) => [d.name, d]));
    this.opts = {
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 30_000,
      pollMs: options.pollMs ?? 1_000,
      backoffBaseMs: options.backoffBaseMs ?? 5_000,
      backoffMaxMs: options.backoffMaxMs ?? 3_600_000,
      schedules: options.schedules ?? true,
      queues: options.queues,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stop claiming; give running jobs `graceMs` to finish, then release them for another worker. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    const all = [...this.running.values()];
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([Promise.all(all.map((j) => j.done)), timeout])) === 'timeout') {
      for (const [id, job] of this.running) {
        // Release first, then abort: once the lease is gone, the handler's own failure cannot mark the job failed.
        await this.jobs
          .release(id, this.id, this.clock.now())
          // Not released (the database is away): the lease expires and another worker takes it.
          .catch((err: unknown) => this.logger.warn({ err, jobId: id }, 'could not release a running job; its lease will expire'));
        job.abort.abort();
      }
      await Promise.race([Promise.all(all.map((j) => j.done)), new Promise((r) => setTimeout(r, 1000).unref())]);
    }
  }

  /** Test and CLI helper: run due jobs until none is left (schedules included). Returns how many ran. */
  async drain(maxRounds = 1000): Promise<number> {
    let ran = 0;
    for (let round = 0; round < maxRounds; round++) {
      if (this.opts.schedules) await this.enqueueDueSchedules();
      const jobs = await this.claim(this.opts.concurrency);
      if (!jobs.length) break;
      await Promise.all(jobs.map((j) => this.execute(j)));
      ran += jobs.length;
    }
    return ran;
  }

  private async run(): Promise<void> {
    let lastScheduleCheck = 0;
    while (!this.stopped) {
      try {
        if (this.opts.schedules && Date.now() - lastScheduleCheck > 15_000) {
          lastScheduleCheck = Date.now();
          await this.enqueueDueSchedules();
        }
        const free = this.opts.concurrency - this.running.size;
        const jobs = free > 0 ? await this.claim(free) : [];
        for (const job of jobs) this.track(job);
        if (jobs.length && jobs.length === free) continue; // more may be waiting
      } catch (err) {
        if (isDatabaseUnavailable(err)) this.logger.warn({ err }, 'job worker: the database is unavailable; retrying');
        else this.logger.error({ err }, 'job worker loop failed; retrying');
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.opts.pollMs).unref();
      });
    }
  }

  private track(job: ClaimedJob) {
    const abort = new AbortController();
    const done = this.execute(job, abort.signal)
      // Recording the outcome failed (the database went away): the lease runs out and the job is
      // claimed again, so there is nothing to do but say so — never an unhandled rejection.
      .catch((err: unknown) =>
        this.logger.warn({ err, jobId: job.id, job: job.name }, 'could not record the job outcome; its lease will expire'),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.wake?.();
      });
    this.running.set(job.id, { abort, done });
  }

  /** Claims up to `limit` due jobs (or jobs whose lease ran out) in one short transaction. */
  async claim(limit: number): Promise<ClaimedJob[]> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const rows = await this.jobs.lockDue({ now, queues: this.opts.queues, limit }, tx);
      if (!rows.length) return [];
      const ids = rows.map((r) => r.id);
      const lease = { owner: this.id, expiresAt: new Date(now.getTime() + this.opts.leaseMs), now };
      await this.jobs.markRunning(ids, lease, tx);
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    });
  }

  private async execute(job: ClaimedJob, signal: AbortSignal = new AbortController().signal): Promise<void> {
    const definition = this.handlers.get(job.name);
    const log = this.logger.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    const renew = setInterval(
      () => {
        this.jobs
          .renewLease(job.id, this.id, new Date(this.clock.now().getTime() + this.opts.leaseMs))
          .catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
      },
      Math.max(50, Math.floor(this.opts.leaseMs / 3)),
    );
    renew.unref();
    try {
      if (!definition) throw Object.assign(new Error(`no handler for job "${job.name}"`), { permanent: true });
      const payload = typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload;
      await definition.run(payload, { jobId: job.id, attempt: job.attempts, logger: log, signal, services: this.services });
      clearInterval(renew);
      const now = this.clock.now();
      // Only the lease holder may finish it: a worker that lost its lease must not overwrite the new owner's work.
      await this.jobs.markDone(job.id, this.id, now);
      log.debug('job done');
    } catch (err) {
      clearInterval(renew);
      const error = err as Error & { permanent?: boolean };
      const now = this.clock.now();
      const dead = error.permanent || job.attempts >= job.maxAttempts;
      const message = `${error.name}: ${error.message}`.slice(0, 4000);
      if (dead) {
        await this.jobs.markDead(job.id, this.id, message, now);
        log.error({ err }, 'job is dead after its last attempt');
      } else {
        const runAt = new Date(now.getTime() + this.backoff(job.attempts));
        await this.jobs.markFailed(job.id, this.id, { error: message, runAt, now });
        log.warn({ err, retryAt: runAt.toISOString() }, 'job failed; will retry');
      }
    }
  }

  /** base · 2^(attempt−1), capped, with ±25 % jitter so failed jobs do not retry in lockstep. */
  backoff(attempt: number): number {
    const exp = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(exp * (0.75 + Math.random() * 0.5));
  }

  /**
   * For each cron schedule, the latest slot at or before now is claimed with a conditional UPDATE
   * on `job_schedules.last_slot`: only one worker wins a slot, and only the winner enqueues.
   */
  async enqueueDueSchedules(): Promise<void> {
    const now = this.clock.now();
    for (const def of this.handlers.values()) {
      if (!def.schedule) continue;
      const slot = CronExpressionParser.parse(def.schedule, { currentDate: new Date(now.getTime() + 1), tz: 'UTC' })
        .prev()
        .toDate();
      await this.jobs.ensureSchedule(def.name, now);
      const won = await this.db.transaction(async (tx) => {
        const lastSlot = await this.jobs.lockScheduleSlot(def.name, tx);
        if (!lastSlot || lastSlot >= slot) return false;
        await this.jobs.setScheduleSlot(def.name, slot, now, tx);
        await this.jobs.insert(
          {
            queue: def.queue ?? 'default',
            name: def.name,
            payload: JSON.stringify({ slot: slot.toISOString() }),
            runAt: now,
            priority: 0,
            maxAttempts: def.maxAttempts ?? 3,
            uniqueKey: `schedule:${def.name}:${slot.toISOString()}`,
            createdAt: now,
          },
          tx,
        );
        return true;
      });
      if (won) this.logger.debug({ job: def.name, slot: slot.toISOString() }, 'scheduled job enqueued');
    }
  }
}
