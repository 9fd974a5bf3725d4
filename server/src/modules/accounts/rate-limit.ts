import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { Config } from '../../config/config';
import type { Db } from '../../db/db';
import { rateLimited } from '../../lib/errors';
import { RateLimitRepository } from './rate-limit.repository';

/**
 * express-rate-limit counters in MariaDB, so every server process counts against the same limit.
 * One upsert per hit: the window restarts when the stored one has passed.
 */
export class MariaDbRateLimitStore implements Store {
  windowMs = 60_000;
  readonly localKeys = false;
  constructor(
    private readonly counters: RateLimitRepository,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** The stored key: the limiter's prefix and the client, cut to the column's length. */
  private key(key: string): string {
    return `${this.prefix}:${key}`.slice(0, 191);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const k = this.key(key);
    const now = new Date();
    const resetAt = new Date(now.getTime() + this.windowMs);
    await this.counters.hit(k, resetAt, now);
    const counter = await this.counters.find(k);
    return { totalHits: counter?.hits ?? 1, resetTime: counter?.resetAt ?? resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.counters.unhit(this.key(key));
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.delete(this.key(key));
  }
}

/** A per-IP limiter answering 429 RATE_LIMITED with Retry-After in the project's error format. */
export function createRateLimiter(
  config: Config,
  db: Db,
  name: string,
  limits: { max: number; windowSeconds: number; perUser?: boolean; keyBy?: (req: Request) => string },
): RequestHandler {
  return rateLimit({
    // Per user when signed in (and per IP for everyone else); or per whatever the caller names (an API key).
    ...(limits.keyBy ? { keyGenerator: limits.keyBy } : {}),
    ...(limits.perUser && !limits.keyBy
      ? { keyGenerator: (req) => (req.session?.userId ? `user:${req.session.userId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`) }
      : {}),
    windowMs: limits.windowSeconds * 1000,
    limit: limits.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new MariaDbRateLimitStore(new RateLimitRepository(db), name),
    skip: () => !config.rateLimitEnabled,
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      next(rateLimited(resetTime ? (resetTime.getTime() - Date.now()) / 1000 : limits.windowSeconds));
    },
  });
}
