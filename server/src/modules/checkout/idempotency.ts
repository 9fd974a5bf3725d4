import { createHash, randomUUID } from 'node:crypto';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

/** What a key remembers of its first request's answer: enough to answer again from the database. */
export interface IdempotentAnswer {
  status: number;
  /** The resource the first request created (for checkout: the order). */
  resourceId: string;
}

/** The holder's handle on an in-progress key, used inside the work's own transactions. */
export interface IdempotencyClaim {
  /**
   * Records the answer in `tx`, so the key's answer commits with what the work wrote, or not at all.
   * Throws `LeaseLostError` when another request took the key over, which rolls `tx` back.
   */
  complete(tx: Transaction, answer: IdempotentAnswer): Promise<void>;
  /** Frees the key in `tx` (a compensating transaction undid the work: the next try starts afresh). */
  release(tx: Transaction): Promise<void>;
}

export interface IdempotentHandlers<T> {
  /** The first request: must call `claim.complete` inside the transaction that creates the resource. */
  work(claim: IdempotencyClaim): Promise<T>;
  /** A replay: rebuild the answer from the committed resource (the claim can only `release`). */
  replay(answer: IdempotentAnswer, claim: IdempotencyClaim): Promise<T>;
}

export class LeaseLostError extends AppError {
  constructor() {
    super('CONFLICT', 'Another request with this Idempotency-Key took it over.');
  }
}

interface KeyRow {
  request_hash: string;
  status: 'in_progress' | 'done';
  owner_token: string | null;
  lease_expires_at: Date | null;
  response_status: number | null;
  response_body: string | { resourceId: string } | null;
}

const POLL_MS = 50;

/**
 * Idempotency keys in MariaDB. The first request with a key inserts it `in_progress` with a lease
 * and an owner token, and does the work; the work records the answer (the created resource's id) in
 * the same transaction that creates the resource, so a crash at any point leaves either both or
 * neither. The same key with the same body gets an answer rebuilt from the committed resource,
 * waiting while the key is in progress; once the lease has run out (its holder crashed, or its
 * database connection died) the waiting request takes the key over and does the work itself. A
 * holder that stalled past its lease cannot commit afterwards: `complete` matches on its owner
 * token inside its transaction, so exactly one of the two commits. A different body is 409
 * IDEMPOTENCY_MISMATCH. A request that fails before committing releases its key (nothing was
 * created; the shopper may retry); if even that fails, the lease frees it.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    private readonly logger?: Logger,
  ) {}

  static hash(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body)).digest('hex');
  }

  async run<T>(scope: string, key: string, requestHash: string, handlers: IdempotentHandlers<T>): Promise<{ value: T; replayed: boolean }> {
    const token = randomUUID();
    // A waiter gives up a little after the lease, by which time it has normally taken the key over.
    const deadline = Date.now() + this.leaseMs + 2_000;
    for (;;) {
      if (await this.acquire(scope, key, requestHash, token)) {
        const claim = this.claim(scope, key, token);
        try {
          return { value: await handlers.work(claim), replayed: false };
        } catch (err) {
          await this.releaseUnfinished(scope, key, token);
          // Lost to a takeover: the new holder's answer is this request's answer too.
          if (!(err instanceof LeaseLostError)) throw err;
        }
        continue;
      }
      const row = await this.db.one<KeyRow>(
        'SELECT request_hash, status, owner_token, lease_expires_at, response_status, response_body FROM idempotency_keys WHERE scope = ? AND idem_key = ?',
        [scope, key],
      );
      if (!row) continue; // released between our insert and our read: try to insert again
      if (row.request_hash !== requestHash)
        throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different request.');
      if (row.status === 'done') {
        const body = typeof row.response_body === 'string' ? JSON.parse(row.response_body) : row.response_body;
        const answer = { status: Number(row.response_status), resourceId: String(body?.resourceId) };
        return { value: await handlers.replay(answer, this.claim(scope, key, null)), replayed: true };
      }
      const leaseEnd = row.lease_expires_at ? new Date(row.lease_expires_at).getTime() : 0;
      if (leaseEnd <= this.clock.now().getTime()) {
        if (await this.takeOver(scope, key, row.owner_token, token)) {
          this.logger?.warn({ scope, key }, 'an idempotency key outlived its holder: taken over');
          const claim = this.claim(scope, key, token);
          try {
            return { value: await handlers.work(claim), replayed: false };
          } catch (err) {
            await this.releaseUnfinished(scope, key, token);
            if (!(err instanceof LeaseLostError)) throw err;
          }
        }
        continue;
      }
      if (Date.now() > deadline)
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed.', undefined, {
          'Retry-After': String(Math.max(1, Math.ceil((leaseEnd - this.clock.now().getTime()) / 1000))),
        });
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private async acquire(scope: string, key: string, requestHash: string, token: string): Promise<boolean> {
    const now = this.clock.now();
    const { affectedRows } = await this.db.execute(
      "INSERT IGNORE INTO idempotency_keys (scope, idem_key, request_hash, status, owner_token, lease_expires_at, created_at) VALUES (?, ?, ?, 'in_progress', ?, ?, ?)",
      [scope, key, requestHash, token, new Date(now.getTime() + this.leaseMs), now],
    );
    return affectedRows > 0;
  }

  /** Conditional on the holder we saw: of several waiters, one wins. */
  private async takeOver(scope: string, key: string, previousToken: string | null, token: string): Promise<boolean> {
    const now = this.clock.now();
    const { affectedRows } = await this.db.execute(
      "UPDATE idempotency_keys SET owner_token = ?, lease_expires_at = ? WHERE scope = ? AND idem_key = ? AND status = 'in_progress' AND owner_token <=> ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)",
      [token, new Date(now.getTime() + this.leaseMs), scope, key, previousToken, now],
    );
    return affectedRows > 0;
  }

  private claim(scope: string, key: string, token: string | null): IdempotencyClaim {
    return {
      complete: async (tx, answer) => {
        if (token === null) throw new Error('a replayed key is already complete');
        const { affectedRows } = await this.db.execute(
          "UPDATE idempotency_keys SET status = 'done', response_status = ?, response_body = ?, lease_expires_at = NULL WHERE scope = ? AND idem_key = ? AND status = 'in_progress' AND owner_token = ?",
          [answer.status, JSON.stringify({ resourceId: answer.resourceId }), scope, key, token],
          tx,
        );
        if (!affectedRows) throw new LeaseLostError();
      },
      release: async (tx) => {
        await this.db.execute('DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ?', [scope, key], tx);
      },
    };
  }

  /** After a failure before commit. Best effort: when the database is what failed, the lease frees the key. */
  private async releaseUnfinished(scope: string, key: string, token: string): Promise<void> {
    try {
      await this.db.execute(
        "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND status = 'in_progress' AND owner_token = ?",
        [scope, key, token],
      );
    } catch (err) {
      this.logger?.warn({ err, scope, key }, 'could not release an idempotency key; its lease will free it');
    }
  }

  async prune(olderThan: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 10000', [olderThan])).affectedRows;
  }
}
