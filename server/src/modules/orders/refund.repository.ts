import type { Db, Transaction } from '../../db/db';
import { newId } from '../../lib/tokens';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface NewRefund {
  orderId: string;
  /** The provider payment refunded, or null when the money goes to a balance. */
  paymentId: string | null;
  balanceAccountId?: string | null;
  /** `edit`: pays back what an edit took off the total (not a refund of the order as it now is). */
  purpose?: 'refund' | 'edit';
  amount: number;
  status: RefundStatus;
  reason: string | null;
  providerRef?: string | null;
  lines?: { itemId: string; quantity: number }[] | null;
  actorUserId?: string | null;
  now: Date;
}

/** An order's refunds: every movement of money back to the shopper, whoever started it. */
export class RefundRepository {
  constructor(private readonly db: Db) {}

  /**
   * The sum of an order's refunds in these states: the only place refunds are added up. `provider`:
   * only those made at the payment provider (not to gift cards or store credit); `purpose: 'refund'`:
   * not those that paid back an edit. In a transaction it
   * is a locking read: a snapshot taken before the caller locked the order would miss refunds
   * committed since (REPEATABLE READ), and the order's refunded total would come out short.
   */
  async total(
    orderId: string,
    statuses: readonly RefundStatus[],
    tx?: Transaction,
    only: { provider?: boolean; purpose?: 'refund' } = {},
  ): Promise<number> {
    const row = await this.db.one<{ s: number | null }>(
      `SELECT SUM(amount) AS s FROM refunds WHERE order_id = ? AND status IN (?)${only.provider ? ' AND balance_account_id IS NULL' : ''}${only.purpose ? " AND purpose = 'refund'" : ''}${tx ? ' LOCK IN SHARE MODE' : ''}`,
      [orderId, statuses],
      tx,
    );
    return Number(row?.s ?? 0);
  }

  /** A new refund row; its id. */
  async insert(r: NewRefund, tx?: Transaction): Promise<string> {
    const id = newId();
    await this.db.execute(
      'INSERT INTO refunds (id, order_id, payment_id, balance_account_id, provider_ref, amount, status, purpose, reason, refund_lines, actor_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        r.orderId,
        r.paymentId,
        r.balanceAccountId ?? null,
        r.providerRef ?? null,
        r.amount,
        r.status,
        r.purpose ?? 'refund',
        r.reason,
        r.lines ? JSON.stringify(r.lines) : null,
        r.actorUserId ?? null,
        r.now,
        r.now,
      ],
      tx,
    );
    return id;
  }

  async update(id: string, changes: { status?: RefundStatus; providerRef?: string }, now: Date, tx?: Transaction): Promise<void> {
    const set = [
      ...(changes.status ? [['status', changes.status]] : []),
      ...(changes.providerRef ? [['provider_ref', changes.providerRef]] : []),
    ] as [string, string][];
    await this.db.execute(
      `UPDATE refunds SET ${set.map(([c]) => `${c} = ?, `).join('')}updated_at = ? WHERE id = ?`,
      [...set.map(([, v]) => v), now, id],
      tx,
    );
  }

  /**
   * The refund a provider's refund event is about, locked: by the provider's reference, by our id
   * (sent as metadata), or else a placeholder of the same amount that charge.refunded left behind.
   * Locking reads: two events about one refund must not both insert it.
   */
  async lockForProviderEvent(
    orderId: string,
    e: { refundRef: string; refundId?: string; amount: number },
    tx: Transaction,
  ): Promise<string | undefined> {
    const byRef = await this.db.one<{ id: string }>('SELECT id FROM refunds WHERE provider_ref = ? FOR UPDATE', [e.refundRef], tx);
    if (byRef) return byRef.id;
    if (e.refundId) {
      const byId = await this.db.one<{ id: string }>(
        'SELECT id FROM refunds WHERE id = ? AND order_id = ? FOR UPDATE',
        [e.refundId, orderId],
        tx,
      );
      if (byId) return byId.id;
    }
    const placeholder = await this.db.one<{ id: string }>(
      "SELECT id FROM refunds WHERE order_id = ? AND provider_ref LIKE 'unattributed:%' AND amount = ? LIMIT 1 FOR UPDATE",
      [orderId, e.amount],
      tx,
    );
    return placeholder?.id;
  }

  /** Pending refunds that the provider now reports done. */
  async settlePending(orderId: string, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute(
      "UPDATE refunds SET status = 'succeeded', updated_at = ? WHERE order_id = ? AND status = 'pending'",
      [now, orderId],
      tx,
    );
  }
}
