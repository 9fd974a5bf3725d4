import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { Config } from '../../config/config';
import type { Db } from '../../db/db';
import { rateLimited } from '../../lib/errors';

/**
 * express-rate-limit counters in MariaDB, so every server process counts against the same limit.
 * One upsert per hit: the window restarts when the stored one has passed.
 */
export class MariaDbRateLimitStore implements Store {
  windowMs = 60_000;
  readonly localKeys = false;
  constructor(
    private readonly db: Db,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const k = `${this.prefix}:${key}`.slice(0, 191);
    const now = new Date();
    const resetAt = new Date(now.getTime() + this.windowMs);
    // MariaDB evaluates the assignments left to right: hits reads the old reset_at, then reset_at moves.
    await this.db.execute(
      `INSERT INTO rate_limits (\`key\`, hits, reset_at) VALUES (?, 1, ?)
       ON DUPLICATE KEY UPDATE hits = IF(reset_at <= ?, 1, hits + 1), reset_at = IF(reset_at <= ?, VALUES(reset_at), reset_at)`,
      [k, resetAt, now, now],
    );
    const row = await this.db.one<{ hits: number; reset_at: Date }>('SELECT hits, reset_at FROM rate_limits WHERE `key` = ?', [k]);
    return { totalHits: Number(row?.hits ?? 1), resetTime: row ? new Date(row.reset_at) : resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.db.execute('UPDATE rate_limits SET hits = GREATEST(hits, 1) - 1 WHERE `key` = ?', [`${this.prefix}:${key}`.slice(0, 191)]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.execute('DELETE FROM rate_limits WHERE `key` = ?', [`${this.prefix}:${key}`.slice(0, 191)]);
  }
}

/** A per-IP limiter answering 429 RATE_LIMITED with Retry-After in the project's error format. */
export function createRateLimiter(
  config: Config,
  db: Db,
  name: string,
  limits: { max: number; windowSeconds: number; perUser?: boolean },
): RequestHandler {
  return rateLimit({
    // Per user when signed in (and per IP for everyone else).
    ...(limits.perUser
      ? { keyGenerator: (req) => (req.session?.userId ? `user:${req.session.userId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`) }
      : {}),
    windowMs: limits.windowSeconds * 1000,
    limit: limits.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new MariaDbRateLimitStore(db, name),
    skip: () => !config.rateLimitEnabled,
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      next(rateLimited(resetTime ? (resetTime.getTime() - Date.now()) / 1000 : limits.windowSeconds));
    },
  });
}
