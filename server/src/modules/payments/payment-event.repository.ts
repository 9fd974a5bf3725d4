import type { Db, Transaction } from '../../db/db';

/** Every provider event received, once each: the primary key is the provider's event id. */
export class PaymentEventRepository {
  constructor(private readonly db: Db) {}

  /** Throws a duplicate-key error when this event was recorded before. */
  async insert(e: { id: string; provider: string; type: string; payload: unknown; receivedAt: Date }, tx: Transaction): Promise<void> {
    await this.db.execute(
      'INSERT INTO payment_events (id, provider, type, payload, received_at) VALUES (?, ?, ?, ?, ?)',
      [e.id, e.provider, e.type, JSON.stringify(e.payload ?? {}), e.receivedAt],
      tx,
    );
  }

  async markProcessed(id: string, outcome: string, at: Date, tx: Transaction): Promise<void> {
    await this.db.execute('UPDATE payment_events SET processed_at = ?, outcome = ? WHERE id = ?', [at, outcome, id], tx);
  }
}
