import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { notFound, conflict } from '../../lib/errors';
import type { EnqueueOptions, JobRecord, JobStatus } from './job.types';

interface JobRow {
  id: number;
  queue: string;
  name: string;
  payload: string | unknown;
  status: JobStatus;
  run_at: Date;
  priority: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const toRecord = (r: JobRow): JobRecord => ({
  id: Number(r.id),
  queue: r.queue,
  name: r.name,
  payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
  status: r.status,
  runAt: new Date(r.run_at).toISOString(),
  priority: Number(r.priority),
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  lastError: r.last_error,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

/**
 * Putting work on the queue, and the admin view of it. `enqueue` takes the caller's transaction:
 * an order and its confirmation email commit or roll back together.
 */
export class JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Returns the job id, or undefined when a pending job with the same unique key exists. */
  async enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}, tx?: Transaction): Promise<number | undefined> {
    const now = this.clock.now();
    const { affectedRows, insertId } = await this.db.execute(
      `INSERT IGNORE INTO jobs (queue, name, payload, status, run_at, priority, max_attempts, unique_key, created_at, updated_at)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      [
        opts.queue ?? 'default',
        name,
        JSON.stringify(payload ?? {}),
        opts.runAt ?? now,
        opts.priority ?? 0,
        opts.maxAttempts ?? 5,
        opts.uniqueKey ?? null,
        now,
        now,
      ],
      tx,
    );
    return affectedRows ? insertId : undefined;
  }

  async stats(): Promise<{ queue: string; status: JobStatus; count: number }[]> {
    const rows = await this.db.select<{ queue: string; status: JobStatus; n: number }>(
      'SELECT queue, status, COUNT(*) AS n FROM jobs GROUP BY queue, status ORDER BY queue, status',
    );
    return rows.map((r) => ({ queue: r.queue, status: r.status, count: Number(r.n) }));
  }

  async list(filter: { status?: JobStatus; queue?: string; page: number; limit: number }): Promise<{ items: JobRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.queue) {
      where.push('queue = ?');
      params.push(filter.queue);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.select<JobRow>(`SELECT * FROM jobs ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      (filter.page - 1) * filter.limit,
    ]);
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs ${clause}`, params);
    return { items: rows.map(toRecord), total: Number(count?.n ?? 0) };
  }

  async get(id: number): Promise<JobRecord> {
    const row = await this.db.one<JobRow>('SELECT * FROM jobs WHERE id = ?', [id]);
    if (!row) throw notFound('The job');
    return toRecord(row);
  }

  /** A dead (or failed) job goes back to the queue with fresh attempts. */
  async retry(id: number): Promise<JobRecord> {
    const job = await this.get(id);
    if (job.status !== 'dead' && job.status !== 'failed')
      throw conflict(`Only dead or failed jobs can be retried (this one is ${job.status}).`);
    const now = this.clock.now();
    await this.db.execute(
      "UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND status IN ('dead','failed')",
      [now, now, id],
    );
    return this.get(id);
  }

  async discard(id: number): Promise<void> {
    const job = await this.get(id);
    if (job.status === 'running') throw conflict('A running job cannot be discarded.');
    await this.db.execute("DELETE FROM jobs WHERE id = ? AND status <> 'running'", [id]);
  }

  /** Completed jobs older than the retention are deleted (dead ones are kept for inspection). */
  async prune(olderThan: Date): Promise<number> {
    return (await this.db.execute("DELETE FROM jobs WHERE status = 'done' AND finished_at < ? LIMIT 10000", [olderThan])).affectedRows;
  }
}
