import type { EventEmitter } from 'node:events';
import session, { type SessionData, Store } from 'express-session';
import MySQLStoreFactory from 'express-mysql-session';
import NodeCache from 'node-cache';
import type { DatabaseTarget } from '../../db/database-target';
import { DatabaseClientError } from '../../db/db';

const MySQLStore = MySQLStoreFactory(session as never);
type Callback<T = void> = (err?: unknown, value?: T) => void;
/** The store's errors are the database's (a lost connection is then a 503, see isDatabaseUnavailable). */
const storeError = (err: unknown) => (err ? new DatabaseClientError(err) : err);

/**
 * Sessions live in MariaDB (express-mysql-session over its own small mysql2 pool: it cannot use
 * the mariadb connector). In front of it, a node-cache read cache: write-through on set, dropped
 * on destroy and on every revocation, so logout and revocation take effect at once in this
 * process. Other processes may serve a revoked session until their copy expires: keep
 * SESSION_CACHE_TTL_SECONDS short (or 0) when more than one process runs.
 *
 * `touch` is deliberately a no-op: express-session would otherwise UPDATE the row on every
 * request. The session middleware records activity at most once per touch interval instead.
 */
export class CachedSessionStore extends Store {
  private readonly cache: NodeCache;
  readonly hits = { hit: 0, miss: 0 };
  private readonly endListeners: ((sids: string[]) => void)[] = [];

  /** Told about sessions that ended or were rewritten (their sockets are disconnected). */
  onEnd(listener: (sids: string[]) => void): void {
    this.endListeners.push(listener);
  }
  private ended(sids: string[]) {
    for (const l of this.endListeners) l(sids);
  }

  constructor(
    private readonly inner: InstanceType<typeof MySQLStore>,
    ttlSeconds: number,
  ) {
    super();
    this.cache = new NodeCache({ stdTTL: ttlSeconds, checkperiod: Math.max(60, ttlSeconds), useClones: true });
    this.ttlEnabled = ttlSeconds > 0;
  }
  private readonly ttlEnabled: boolean;

  override get(sid: string, cb: Callback<SessionData | null>): void {
    if (this.ttlEnabled) {
      const cached = this.cache.get<SessionData>(sid);
      if (cached) {
        this.hits.hit++;
        return cb(null, cached);
      }
      this.hits.miss++;
    }
    this.inner.get(sid, (err: unknown, data?: SessionData | null) => {
      if (!err && data && this.ttlEnabled) this.cache.set(sid, data);
      cb(storeError(err), data ?? null);
    });
  }

  override set(sid: string, data: SessionData, cb?: Callback): void {
    this.inner.set(sid, data, (err: unknown) => {
      if (this.ttlEnabled) {
        if (err) this.cache.del(sid);
        else this.cache.set(sid, data);
      }
      cb?.(storeError(err));
    });
  }

  override destroy(sid: string, cb?: Callback): void {
    this.cache.del(sid);
    this.inner.destroy(sid, (err: unknown) => {
      if (!err) this.ended([sid]);
      cb?.(storeError(err));
    });
  }

  override touch(_sid: string, _data: SessionData, cb?: () => void): void {
    cb?.();
  }

  /** Forget cached copies (after sessions were revoked or rewritten in the database). */
  invalidate(sids: string[]): void {
    this.cache.del(sids);
    this.ended(sids);
  }

  async close(): Promise<void> {
    this.cache.close();
    // The store starts its expiry timer once it is ready: closing before then would leave that
    // timer running and the process alive (a short CLI such as docs:generate never exited).
    await this.inner.onReady();
    await this.inner.close();
  }
}

export function createSessionStore(target: DatabaseTarget, cacheTtlSeconds: number): CachedSessionStore {
  const inner = new MySQLStore({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: 5,
    createDatabaseTable: false, // our migration owns the table (with the indexed user_id column)
    // Off: the store's own timer leaves its DELETE's failure unhandled, and an unhandled rejection
    // during a database outage ends the process. The hourly `cleanup.sessions` job does the same work.
    clearExpired: false,
    disableTouch: true,
  });
  // mysql2 listens for a pooled connection's first error only (and drops the connection); a second
  // one — a write on the closed socket — would be an unhandled 'error' event, which ends the process.
  // The statement that hit it has its error already.
  const pool = (inner as unknown as { connection: EventEmitter }).connection;
  pool.on('connection', (connection: EventEmitter) => connection.on('error', () => undefined));
  return new CachedSessionStore(inner, cacheTtlSeconds);
}
