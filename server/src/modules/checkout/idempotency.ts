import { createHash, randomUUID } from 'node:crypto';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { IdempotencyRepository } from './idempotency.repository';

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
  private readonly keys: IdempotencyRepository;
  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    private readonly logger?: Logger,
  ) {
    this.keys = new IdempotencyRepository(db);
  }

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
      const row = await this.keys.find(scope, key);
      if (!row) continue; // released between our insert and our read: try to insert again
      if (row.requestHash !== requestHash)
        throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different request.');
      if (row.status === 'done') {
        const answer = { status: Number(row.responseStatus), resourceId: String(row.resourceId) };
        return { value: await handlers.replay(answer, this.claim(scope, key, null)), replayed: true };
      }
      const leaseEnd = row.leaseExpiresAt ? row.leaseExpiresAt.getTime() : 0;
      if (leaseEnd <= this.clock.now().getTime()) {
        if (await this.takeOver(scope, key, row.ownerToken, token)) {
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
    return this.keys.insertInProgress({ scope, key, requestHash, token, leaseUntil: new Date(now.getTime() + this.leaseMs), now });
  }

  /** Conditional on the holder we saw: of several waiters, one wins. */
  private async takeOver(scope: string, key: string, previousToken: string | null, token: string): Promise<boolean> {
    const now = this.clock.now();
    return this.keys.takeOver(scope, key, previousToken, token, new Date(now.getTime() + this.leaseMs), now);
  }

  private claim(scope: string, key: string, token: string | null): IdempotencyClaim {
    return {
      complete: async (tx, answer) => {
        if (token === null) throw new Error('a replayed key is already complete');
        if (!(await this.keys.complete(scope, key, token, answer, tx))) throw new LeaseLostError();
      },
      release: async (tx) => {
        await this.keys.delete(scope, key, tx);
      },
    };
  }

  /** After a failure before commit. Best effort: when the database is what failed, the lease frees the key. */
  private async releaseUnfinished(scope: string, key: string, token: string): Promise<void> {
    try {
      await this.keys.deleteHeld(scope, key, token);
    } catch (err) {
      this.logger?.warn({ err, scope, key }, 'could not release an idempotency key; its lease will free it');
    }
  }

  async prune(olderThan: Date): Promise<number> {
    return this.keys.deleteOlderThan(olderThan);
  }
}
