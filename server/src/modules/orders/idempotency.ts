import { createHash } from 'node:crypto';
import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';

const WAIT_MS = 15_000;

/**
 * Idempotency keys in MariaDB: the first request with a key inserts it and does the work; the
 * same key with the same body gets the first answer (waiting while it is being produced); with a
 * different body it is 409 IDEMPOTENCY_MISMATCH. A request that fails releases its key, since
 * nothing was created and the shopper may retry.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  static hash(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body)).digest('hex');
  }

  async run<T>(
    scope: string,
    key: string,
    requestHash: string,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<{ status: number; body: T; replayed: boolean }> {
    const { affectedRows } = await this.db.execute(
      "INSERT IGNORE INTO idempotency_keys (scope, idem_key, request_hash, status, created_at) VALUES (?, ?, ?, 'in_progress', ?)",
      [scope, key, requestHash, this.clock.now()],
    );
    if (!affectedRows) return { ...(await this.awaitFirst<T>(scope, key, requestHash)), replayed: true };
    try {
      const result = await work();
      await this.db.execute(
        "UPDATE idempotency_keys SET status = 'done', response_status = ?, response_body = ? WHERE scope = ? AND idem_key = ?",
        [result.status, JSON.stringify(result.body), scope, key],
      );
      return { ...result, replayed: false };
    } catch (err) {
      await this.db.execute('DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ?', [scope, key]);
      throw err;
    }
  }

  private async awaitFirst<T>(scope: string, key: string, requestHash: string): Promise<{ status: number; body: T }> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const row = await this.db.one<{ request_hash: string; status: string; response_status: number; response_body: string | T }>(
        'SELECT request_hash, status, response_status, response_body FROM idempotency_keys WHERE scope = ? AND idem_key = ?',
        [scope, key],
      );
      if (!row) throw new AppError('CONFLICT', 'The first request with this Idempotency-Key failed; send it again.');
      if (row.request_hash !== requestHash)
        throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different request.');
      if (row.status === 'done')
        return {
          status: Number(row.response_status),
          body: typeof row.response_body === 'string' ? (JSON.parse(row.response_body) as T) : row.response_body,
        };
      if (Date.now() > deadline) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed.');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async prune(olderThan: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 10000', [olderThan])).affectedRows;
  }
}
