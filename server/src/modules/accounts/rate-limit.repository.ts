import type { Db } from '../../db/db';

/** A counter of hits in the current window of one key. */
export interface RateLimitCounter {
  hits: number;
  resetAt: Date;
}

/** The `rate_limits` table: one row per limited key (prefix and client), shared by every server process. */
export class RateLimitRepository {
  constructor(private readonly db: Db) {}

  /**
   * One hit on `key`: a new window (1 hit, resetting at `resetAt`) when there is no row or its window
   * has passed at `now`, otherwise one more hit in the stored window.
   */
  async hit(key: string, resetAt: Date, now: Date): Promise<void> {
    // MariaDB evaluates the assignments left to right: hits reads the old reset_at, then reset_at moves.
    await this.db.execute(
      `INSERT INTO rate_limits (\`key\`, hits, reset_at) VALUES (?, 1, ?)
       ON DUPLICATE KEY UPDATE hits = IF(reset_at <= ?, 1, hits + 1), reset_at = IF(reset_at <= ?, VALUES(reset_at), reset_at)`,
      [key, resetAt, now, now],
    );
  }

  async find(key: string): Promise<RateLimitCounter | undefined> {
    const row = await this.db.one<{ hits: number; reset_at: Date }>('SELECT hits, reset_at FROM rate_limits WHERE `key` = ?', [key]);
    return row && { hits: Number(row.hits), resetAt: new Date(row.reset_at) };
  }

  /** One hit fewer (never below zero). */
  async unhit(key: string): Promise<void> {
    await this.db.execute('UPDATE rate_limits SET hits = GREATEST(hits, 1) - 1 WHERE `key` = ?', [key]);
  }

  async delete(key: string): Promise<void> {
    await this.db.execute('DELETE FROM rate_limits WHERE `key` = ?', [key]);
  }

  /** Counters whose window had passed at `now`. */
  async deleteExpired(now: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM rate_limits WHERE reset_at < ?', [now])).affectedRows;
  }
}
