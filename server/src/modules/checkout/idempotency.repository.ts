import type { Db, Transaction } from '../../db/db';

/** An Idempotency-Key as stored. */
export interface IdempotencyKeyRecord {
  requestHash: string;
  status: 'in_progress' | 'done';
  ownerToken: string | null;
  leaseExpiresAt: Date | null;
  responseStatus: number | null;
  /** The created resource the answer is rebuilt from. */
  resourceId: string | null;
}

interface KeyRow {
  request_hash: string;
  status: 'in_progress' | 'done';
  owner_token: string | null;
  lease_expires_at: Date | null;
  response_status: number | null;
  response_body: string | { resourceId: string } | null;
}

/**
 * The `idempotency_keys` table. Every write is a single conditional statement (INSERT IGNORE, or an
 * UPDATE/DELETE matching the owner token), which is what makes one holder win without locks.
 */
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  async find(scope: string, key: string): Promise<IdempotencyKeyRecord | undefined> {
    const row = await this.db.one<KeyRow>(
      'SELECT request_hash, status, owner_token, lease_expires_at, response_status, response_body FROM idempotency_keys WHERE scope = ? AND idem_key = ?',
      [scope, key],
    );
    if (!row) return undefined;
    const body = typeof row.response_body === 'string' ? (JSON.parse(row.response_body) as { resourceId?: string }) : row.response_body;
    return {
      requestHash: row.request_hash,
      status: row.status,
      ownerToken: row.owner_token,
      leaseExpiresAt: row.lease_expires_at ? new Date(row.lease_expires_at) : null,
      responseStatus: row.response_status === null ? null : Number(row.response_status),
      resourceId: body?.resourceId === undefined ? null : String(body.resourceId),
    };
  }

  /** True when this request inserted the key (it is the holder). */
  async insertInProgress(k: {
    scope: string;
    key: string;
    requestHash: string;
    token: string;
    leaseUntil: Date;
    now: Date;
  }): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      "INSERT IGNORE INTO idempotency_keys (scope, idem_key, request_hash, status, owner_token, lease_expires_at, created_at) VALUES (?, ?, ?, 'in_progress', ?, ?, ?)",
      [k.scope, k.key, k.requestHash, k.token, k.leaseUntil, k.now],
    );
    return affectedRows > 0;
  }

  /** Conditional on the holder seen and its lease having run out. */
  async takeOver(scope: string, key: string, previousToken: string | null, token: string, leaseUntil: Date, now: Date): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      "UPDATE idempotency_keys SET owner_token = ?, lease_expires_at = ? WHERE scope = ? AND idem_key = ? AND status = 'in_progress' AND owner_token <=> ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)",
      [token, leaseUntil, scope, key, previousToken, now],
    );
    return affectedRows > 0;
  }

  /** False when the token no longer holds the key. */
  async complete(
    scope: string,
    key: string,
    token: string,
    answer: { status: number; resourceId: string },
    tx: Transaction,
  ): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      "UPDATE idempotency_keys SET status = 'done', response_status = ?, response_body = ?, lease_expires_at = NULL WHERE scope = ? AND idem_key = ? AND status = 'in_progress' AND owner_token = ?",
      [answer.status, JSON.stringify({ resourceId: answer.resourceId }), scope, key, token],
      tx,
    );
    return affectedRows > 0;
  }

  async delete(scope: string, key: string, tx?: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ?', [scope, key], tx);
  }

  async deleteHeld(scope: string, key: string, token: string): Promise<void> {
    await this.db.execute("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND status = 'in_progress' AND owner_token = ?", [
      scope,
      key,
      token,
    ]);
  }

  /** At most 10,000 a run, so one prune never holds a long lock. */
  async deleteOlderThan(olderThan: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 10000', [olderThan])).affectedRows;
  }
}
