import type { Db, Transaction } from '../../db/db';

export interface CouponRow {
  id: string;
  code: string;
  type: 'percent' | 'fixed';
  value: number;
  min_subtotal: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  usage_limit: number | null;
  per_customer_limit: number | null;
  used_count: number;
  category_ids: string | string[] | null;
  active: number;
}

/** Coupons as checkout reads them, and their use counts. */
export class CouponRepository {
  constructor(private readonly db: Db) {}

  couponByCode(code: string, tx?: Transaction, forUpdate = false): Promise<CouponRow | undefined> {
    return this.db.one<CouponRow>(`SELECT * FROM coupons WHERE code = ?${forUpdate ? ' FOR UPDATE' : ''}`, [code.trim().toUpperCase()], tx);
  }

  /** Uses of this coupon by one customer: paid redemptions plus unpaid orders holding it. */
  async customerUses(couponId: string, email: string, tx?: Transaction): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM orders WHERE coupon_id = ? AND email = ? AND status <> 'cancelled'`,
      [couponId, email],
      tx,
    );
    return Number(row?.n ?? 0);
  }

  /** Takes one use of a coupon, atomically against its limit. False when it is used up. */
  async takeCouponUse(couponId: string, tx: Transaction): Promise<boolean> {
    const row = await this.db.one<{ used_count: number; usage_limit: number | null }>(
      'SELECT used_count, usage_limit FROM coupons WHERE id = ? FOR UPDATE',
      [couponId],
      tx,
    );
    if (!row || (row.usage_limit !== null && Number(row.used_count) >= Number(row.usage_limit))) return false;
    await this.db.execute('UPDATE coupons SET used_count = used_count + 1 WHERE id = ?', [couponId], tx);
    return true;
  }

  async releaseCouponUse(couponId: string, tx: Transaction): Promise<void> {
    await this.db.execute('UPDATE coupons SET used_count = GREATEST(used_count, 1) - 1 WHERE id = ?', [couponId], tx);
  }
}
