import type { Db, Transaction } from '../../db/db';
import type { JobStatus } from './job.types';

/** A job as stored. */
export interface StoredJob {
  id: number;
  queue: string;
  name: string;
  payload: unknown;
  status: JobStatus;
  runAt: Date;
  priority: number;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A new queued job (`payload` already serialised to JSON). */
export interface NewJob {
  queue: string;
  name: string;
  payload: string;
  runAt: Date;
  priority: number;
  maxAttempts: number;
  uniqueKey: string | null;
  createdAt: Date;
}

/** What a worker needs of a job it claims. */
export interface ClaimedJob {
  id: number;
  name: string;
  /** As stored (JSON text, unless the driver parsed it): the worker parses it, so a bad payload fails the job and not the claim. */
  payload: unknown;
  /** Attempts so far (as stored when locked; the worker counts the claim's own). */
  attempts: number;
  maxAttempts: number;
}

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

const toStoredJob = (r: JobRow): StoredJob => ({
  id: Number(r.id),
  queue: r.queue,
  name: r.name,
  payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
  status: r.status,
  runAt: new Date(r.run_at),
  priority: Number(r.priority),
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  lastError: r.last_error,
  createdAt: new Date(r.created_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

/**
 * The `jobs` and `job_schedules` tables. Every change a worker makes to a job it claimed is
 * conditional on `lease_owner`: a worker that lost its lease cannot overwrite the new owner's work.
 */
export class JobRepository {
  constructor(private readonly db: Db) {}

  /** Returns the new job's id, or undefined when a pending job already holds the same unique key (INSERT IGNORE). */
  async insert(job: NewJob, tx?: Transaction): Promise<number | undefined> {
    const { affectedRows, insertId } = await this.db.execute(
      `INSERT IGNORE INTO jobs (queue, name, payload, status, run_at, priority, max_attempts, unique_key, created_at, updated_at)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      [job.queue, job.name, job.payload, job.runAt, job.priority, job.maxAttempts, job.uniqueKey, job.createdAt, job.createdAt],
      tx,
    );
    return affectedRows ? insertId : undefined;
  }

  async countByQueueAndStatus(): Promise<{ queue: string; status: JobStatus; count: number }[]> {
    const rows = await this.db.select<{ queue: string; status: JobStatus; n: number }>(
      'SELECT queue, status, COUNT(*) AS n FROM jobs GROUP BY queue, status ORDER BY queue, status',
    );
    return rows.map((r) => ({ queue: r.queue, status: r.status, count: Number(r.n) }));
  }

  /** Newest first. */
  async list(filter: { status?: JobStatus; queue?: string; page: number; limit: number }): Promise<{ items: StoredJob[]; total: number }> {
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
    return { items: rows.map(toStoredJob), total: Number(count?.n ?? 0) };
  }

  async findById(id: number): Promise<StoredJob | undefined> {
    const row = await this.db.one<JobRow>('SELECT * FROM jobs WHERE id = ?', [id]);
    return row && toStoredJob(row);
  }

  /** A dead or failed job back on the queue with fresh attempts, due at `now`. */
  async requeueFinished(id: number, now: Date): Promise<void> {
    await this.db.execute(
      "UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND status IN ('dead','failed')",
      [now, now, id],
    );
  }

  async deleteUnlessRunning(id: number): Promise<void> {
    await this.db.execute("DELETE FROM jobs WHERE id = ? AND status <> 'running'", [id]);
  }

  /** Deletes up to 10 000 done jobs finished before `olderThan`; returns how many. */
  async deleteDoneBefore(olderThan: Date): Promise<number> {
    return (await this.db.execute("DELETE FROM jobs WHERE status = 'done' AND finished_at < ? LIMIT 10000", [olderThan])).affectedRows;
  }

  // --- the worker's side -----------------------------------------------------------------

  /**
   * Locks up to `limit` jobs due at `now` (queued or failed and due, or running with an expired
   * lease), in the order they should run, optionally only from `queues`.
   */
  async lockDue(filter: { now: Date; queues?: string[]; limit: number }, tx: Transaction): Promise<ClaimedJob[]> {
    const queueFilter = filter.queues?.length ? 'AND queue IN (?)' : '';
    const params = filter.queues?.length ? [filter.queues] : [];
    // Raw locking read: SKIP LOCKED lets concurrent workers claim different jobs without waiting on each other.
    const rows = await this.db.select<{ id: number; name: string; payload: unknown; attempts: number; max_attempts: number }>(
      `SELECT id, name, payload, attempts, max_attempts FROM jobs
          WHERE ((status IN ('queued','failed') AND run_at <= ?) OR (status = 'running' AND lease_expires_at < ?)) ${queueFilter}
          ORDER BY priority DESC, run_at, id
          LIMIT ? FOR UPDATE SKIP LOCKED`,
      [filter.now, filter.now, ...params, filter.limit],
      tx,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      payload: r.payload,
      attempts: Number(r.attempts),
      maxAttempts: Number(r.max_attempts),
    }));
  }

  /** The locked jobs become `owner`'s, running, with one attempt more and a lease until `leaseExpiresAt`. */
  async markRunning(ids: number[], lease: { owner: string; expiresAt: Date; now: Date }, tx: Transaction): Promise<void> {
    await this.db.execute(
      "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE id IN (?)",
      [lease.owner, lease.expiresAt, lease.now, ids],
      tx,
    );
  }

  async renewLease(id: number, owner: string, expiresAt: Date): Promise<void> {
    await this.db.execute('UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?', [expiresAt, id, owner]);
  }

  /** A running job handed back to the queue (its attempt not counted) when its worker stops. */
  async release(id: number, owner: string, now: Date): Promise<void> {
    await this.db.execute(
      "UPDATE jobs SET status = 'queued', attempts = GREATEST(attempts, 1) - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
      [now, id, owner],
    );
  }

  async markDone(id: number, owner: string, now: Date): Promise<void> {
    await this.db.execute(
      "UPDATE jobs SET status = 'done', finished_at = ?, unique_key = NULL, lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
      [now, now, id, owner],
    );
  }

  /** No more attempts: kept with its error for inspection. */
  async markDead(id: number, owner: string, error: string, now: Date): Promise<void> {
    await this.db.execute(
      "UPDATE jobs SET status = 'dead', finished_at = ?, unique_key = NULL, lease_owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
      [now, error, now, id, owner],
    );
  }

  /** Failed, to be tried again at `runAt`. */
  async markFailed(id: number, owner: string, failure: { error: string; runAt: Date; now: Date }): Promise<void> {
    await this.db.execute(
      "UPDATE jobs SET status = 'failed', run_at = ?, lease_owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
      [failure.runAt, failure.error, failure.now, id, owner],
    );
  }

  // --- cron schedules --------------------------------------------------------------------

  /** The schedule's row, created (with no slot run yet) if it does not exist. */
  async ensureSchedule(name: string, now: Date): Promise<void> {
    await this.db.execute('INSERT IGNORE INTO job_schedules (name, last_slot, updated_at) VALUES (?, ?, ?)', [name, new Date(0), now]);
  }

  /** The last slot run of the schedule, its row locked until `tx` ends. */
  async lockScheduleSlot(name: string, tx: Transaction): Promise<Date | undefined> {
    // Raw locking read: the workers racing for a slot queue up on this row, and only the first moves it.
    const row = await this.db.one<{ last_slot: Date }>('SELECT last_slot FROM job_schedules WHERE name = ? FOR UPDATE', [name], tx);
    return row && new Date(row.last_slot);
  }

  async setScheduleSlot(name: string, slot: Date, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute('UPDATE job_schedules SET last_slot = ?, updated_at = ? WHERE name = ?', [slot, now, name], tx);
  }
}
