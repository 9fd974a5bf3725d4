import { BaseError, ConnectionError, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { injectReplacements } from 'sequelize/lib/utils/sql';

export type { Transaction };
type Params = unknown[] | Record<string, unknown>;

/** The MariaDB error code behind a Sequelize error (ER_DUP_ENTRY, ER_LOCK_DEADLOCK, …). */
export const dbErrorCode = (err: unknown) => (err as { original?: { code?: string } }).original?.code;
/** A unique key refused the write. */
export const isDuplicateKey = (err: unknown) => dbErrorCode(err) === 'ER_DUP_ENTRY';
/** A row names a parent that does not exist (a foreign key refused it). */
export const isMissingParent = (err: unknown) => dbErrorCode(err) === 'ER_NO_REFERENCED_ROW_2';
/** Codes of the drivers (mariadb, mysql2) and of the server for a connection that is gone, or going. */
const CONNECTION_LOST_CODES = new Set([
  'ER_SOCKET_UNEXPECTED_CLOSE',
  'ER_CMD_CONNECTION_CLOSED',
  'ER_CONNECTION_ALREADY_CLOSED',
  'ER_CONNECTION_TIMEOUT',
  'ER_GET_CONNECTION_TIMEOUT',
  'ER_SOCKET_TIMEOUT',
  'ER_CLOSING_POOL',
  'ER_POOL_ALREADY_CLOSED',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
]);
/** Socket errors: a database error only when a database error carries them (Stripe's would not). */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * An error of a database client other than Sequelize (the session store's mysql2 pool), wrapped so
 * that its socket errors are known to be the database's: the mysql2 promise API drops the
 * driver's `fatal` flag, leaving a bare `connect ECONNREFUSED`.
 */
export class DatabaseClientError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'DatabaseClientError';
  }
}

/**
 * The database could not be reached, or a statement failed because its connection did (as
 * opposed to a statement the server refused): Sequelize's connection errors (refused, acquire
 * timeout, …), and any error whose driver cause is a lost connection — the driver's `fatal` flag,
 * or one of the codes above — also when wrapped in a Sequelize error. The error handler answers
 * these with 503 and Retry-After; they are also what the process survives without exiting.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  let fromDatabase = false;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if (current instanceof ConnectionError) return true;
    if (current instanceof BaseError || current instanceof DatabaseClientError) fromDatabase = true;
    const { code, fatal, sqlState } = current as { code?: unknown; fatal?: unknown; sqlState?: unknown };
    // Both drivers flag the errors after which the connection is unusable; their errors carry sqlState.
    if (fatal === true && (fromDatabase || sqlState !== undefined || typeof code === 'string')) return true;
    if (typeof code === 'string' && (CONNECTION_LOST_CODES.has(code) || (fromDatabase && SOCKET_CODES.has(code)))) return true;
    const next = current as { original?: unknown; parent?: unknown; cause?: unknown };
    current = next.original ?? next.parent ?? next.cause;
  }
  return false;
}

/** `%text%` for LIKE, with the user's own % and _ taken literally. */
export const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The mariadb connector's connection as Sequelize's connection manager hands it out. */
interface DriverConnection {
  query(sql: string): Promise<unknown>;
  uuid?: string;
}
/** What `Db` uses of Sequelize's internals (typed loosely in Sequelize's own declarations). */
interface SequelizeInternals {
  dialect: Parameters<typeof injectReplacements>[1] & {
    Query: new (connection: unknown, sequelize: Sequelize, options: object) => { formatError(err: unknown, stack?: string): Error };
  };
  connectionManager: { getConnection(options: object): Promise<DriverConnection>; releaseConnection(connection: DriverConnection): void };
  options: { benchmark?: boolean; logging?: ((sql: string, ms?: number) => void) | false };
  hasHook(name: string): boolean;
  runHooks(name: string, ...args: unknown[]): Promise<void>;
}
const ER_LOCK_DEADLOCK = 1213;

/**
 * Thin typed access to SQL for repositories: plain objects in and out, optional transaction.
 * Services open transactions through `transaction()`; routes never see one.
 *
 * Statements run on the driver connection directly — the transaction's own connection, or one
 * borrowed from Sequelize's pool — instead of through `sequelize.query`, whose per-call pipeline
 * (option merging and defaults, a Query object with a uuid, a stack-capturing Error, retry wrapper,
 * result re-copying) cost about as much client CPU as the driver itself: ~70 µs of the ~170 µs a
 * statement cost here, on a path that runs 50 statements per paid order (bench/README.md).
 * What Sequelize did is kept: the SQL text (same trim and `injectReplacements`, so the same
 * escaping of dates, arrays and objects), the connection's type casting (Sequelize's connection
 * manager configured it), the `logging` callback with the elapsed time (slow-query and trace
 * logs), `beforeQuery`/`afterQuery` hooks when any are registered, Sequelize's error classes
 * (`dbErrorCode` reads `.original.code`) and its rollback of a transaction chosen as a deadlock
 * victim. Sequelize still owns the pool, transactions, models and migrations.
 */
export class Db {
  private readonly internals: SequelizeInternals;

  constructor(readonly sequelize: Sequelize) {
    this.internals = sequelize as unknown as SequelizeInternals;
  }

  async select<T extends object>(sql: string, params?: Params, transaction?: Transaction): Promise<T[]> {
    // The driver's array also carries column metadata (`meta`); callers get a plain array, as before.
    return ((await this.run(sql, params, transaction, QueryTypes.SELECT)) as T[]).slice();
  }

  async one<T extends object>(sql: string, params?: Params, transaction?: Transaction): Promise<T | undefined> {
    return ((await this.run(sql, params, transaction, QueryTypes.SELECT)) as T[])[0];
  }

  /** INSERT/UPDATE/DELETE: how many rows it touched. */
  async execute(sql: string, params?: Params, transaction?: Transaction): Promise<{ affectedRows: number; insertId?: number }> {
    const result = (await this.run(sql, params, transaction, QueryTypes.RAW)) as
      { affectedRows?: number; insertId?: number | bigint } | undefined;
    return {
      affectedRows: Number(result?.affectedRows ?? 0),
      insertId: result?.insertId === undefined ? undefined : Number(result.insertId),
    };
  }

  private async run(sql: string, params: Params | undefined, transaction: Transaction | undefined, type: string): Promise<unknown> {
    const s = this.internals;
    let text = sql.trim();
    if (params) text = injectReplacements(text, s.dialect, params);
    const tx = transaction as (Transaction & { connection?: DriverConnection; finished?: string; id?: string }) | undefined;
    if (tx?.finished) {
      throw Object.assign(
        new Error(
          `${tx.finished} has been called on this transaction(${tx.id}), you can no longer use it. (The rejected query is attached as the 'sql' property of this error)`,
        ),
        { sql: text },
      );
    }
    const options = { type, raw: true, transaction };
    const connection = tx ? tx.connection! : await s.connectionManager.getConnection(options);
    // Hooks are rare (the statement-budget test counts statements with one); the query object they
    // get carries the SQL and the connection, as Sequelize's does.
    const hooked = s.hasHook('beforeQuery') || s.hasHook('afterQuery');
    const hookQuery = hooked ? { sql: text, connection, options } : undefined;
    const started = Date.now();
    try {
      if (hooked) await s.runHooks('beforeQuery', options, hookQuery);
      try {
        return await connection.query(text);
      } catch (err) {
        throw await this.sequelizeError(err, text, connection, tx, options);
      }
    } finally {
      const log = s.options.logging;
      if (log) {
        const message = `Executed (${connection.uuid || 'default'}): ${text}`;
        if (s.options.benchmark) log(message, Date.now() - started);
        else log(message);
      }
      if (hooked) await s.runHooks('afterQuery', options, hookQuery);
      if (!tx) s.connectionManager.releaseConnection(connection);
    }
  }

  /** The error Sequelize would have thrown: its class, with the driver's error as `original`. */
  private async sequelizeError(
    err: unknown,
    sql: string,
    connection: DriverConnection,
    tx: (Transaction & { finished?: string }) | undefined,
    options: object,
  ): Promise<Error> {
    const driverError = err as { errno?: number; sql?: string; parameters?: unknown };
    if (!(err instanceof Error)) return err as Error;
    // InnoDB has already rolled the victim back; Sequelize ends the transaction so nothing else runs in it.
    if (tx && driverError.errno === ER_LOCK_DEADLOCK) {
      try {
        await tx.rollback();
      } catch {
        // Already gone with the connection: the transaction is over either way.
      }
      tx.finished = 'rollback';
    }
    driverError.sql = sql;
    driverError.parameters = undefined;
    return new this.internals.dialect.Query(connection, this.sequelize, options).formatError(err, new Error().stack);
  }

  /**
   * Runs `fn` in a transaction. A deadlock victim is retried (up to 3 attempts, with a short random
   * pause), as InnoDB expects: the transaction was rolled back whole, so running it again is safe.
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sequelize.transaction(fn);
      } catch (err) {
        const code = dbErrorCode(err);
        if (attempt >= 3 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }
}
