import type { CouponInput, CouponUpdate } from '@bazaar/shared';
import { parse, type Row } from '../../db/column-values';
import { modelRows } from '../../db/model-rows';
import type { Db, Transaction } from '../../db/db';
import { newId } from '../../lib/tokens';
import { Coupon } from './promotions.models';

/** A coupon with its current number of uses (its redemptions). */
export interface CouponRecord {
  id: string;
  code: string;
  type: 'percent' | 'fixed';
  value: number;
  minSubtotal: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  categoryIds: string[] | null;
  active: boolean;
  uses: number;
  createdAt: Date;
}

/** Who redeems: a signed-in customer, a checkout's e-mail address, or both. */
export interface CouponCustomer {
  userId?: string | null;
  email?: string | null;
}

/** The API's ISO moments as the model's dates; other fields are the model's attributes already. */
const toAttributes = <T extends { startsAt?: string | null; endsAt?: string | null }>(input: T) => ({
  ...input,
  ...(input.startsAt !== undefined ? { startsAt: input.startsAt ? new Date(input.startsAt) : null } : {}),
  ...(input.endsAt !== undefined ? { endsAt: input.endsAt ? new Date(input.endsAt) : null } : {}),
});

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const toRecord = (r: Row): CouponRecord => ({
  id: String(r.id),
  code: String(r.code),
  type: r.type as CouponRecord['type'],
  value: Number(r.value),
  minSubtotal: nullableNumber(r.min_subtotal),
  startsAt: r.starts_at ? new Date(r.starts_at as string) : null,
  endsAt: r.ends_at ? new Date(r.ends_at as string) : null,
  usageLimit: nullableNumber(r.usage_limit),
  perCustomerLimit: nullableNumber(r.per_customer_limit),
  categoryIds: parse<string[]>(r.category_ids),
  active: Boolean(Number(r.active)),
  uses: Number(r.uses ?? 0),
  createdAt: new Date(r.created_at as string),
});

/** A coupon's uses are its redemption rows: one per order holding it, the only count there is. */
const WITH_USES = 'SELECT c.*, (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id) AS uses FROM coupons c';

/** Coupons and their redemptions. */
export class CouponRepository {
  constructor(private readonly db: Db) {}

  /**
   * `forUpdate`: locking reads, so that concurrent redemptions of one coupon queue behind each
   * other and each counts the redemptions committed before it (a plain read would see the
   * transaction's older snapshot).
   */
  async byCode(code: string, tx?: Transaction, forUpdate = false): Promise<CouponRecord | undefined> {
    const normalised = code.trim().toUpperCase();
    if (!forUpdate) {
      const row = await this.db.one<Row>(`${WITH_USES} WHERE c.code = ?`, [normalised], tx);
      return row && toRecord(row);
    }
    const row = await this.db.one<Row>('SELECT * FROM coupons WHERE code = ? FOR UPDATE', [normalised], tx);
    if (!row) return undefined;
    const uses = await this.db.one<{ n: number }>(
      'SELECT COUNT(*) AS n FROM coupon_redemptions WHERE coupon_id = ? LOCK IN SHARE MODE',
      [row.id],
      tx,
    );
    return toRecord({ ...row, uses: uses?.n });
  }

  async byId(id: string): Promise<CouponRecord | undefined> {
    const row = await this.db.one<Row>(`${WITH_USES} WHERE c.id = ?`, [id]);
    return row && toRecord(row);
  }

  async all(): Promise<CouponRecord[]> {
    return (await this.db.select<Row>(`${WITH_USES} ORDER BY c.created_at DESC, c.code`)).map(toRecord);
  }

  /** Redemptions of this coupon by one customer (by account or by e-mail address). */
  async customerUses(couponId: string, customer: CouponCustomer, tx?: Transaction, locking = false): Promise<number> {
    if (!customer.userId && !customer.email) return 0;
    const row = await this.db.one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM coupon_redemptions WHERE coupon_id = ? AND (user_id = ? OR email = ?)${locking ? ' LOCK IN SHARE MODE' : ''}`,
      [couponId, customer.userId ?? null, customer.email ?? null],
      tx,
    );
    return Number(row?.n ?? 0);
  }

  /** One use of the coupon by this order; a second call for the same order changes nothing. */
  async insertRedemption(
    r: { couponId: string; orderId: string; userId: string | null; email: string; at: Date },
    tx: Transaction,
  ): Promise<void> {
    await this.db.execute(
      'INSERT IGNORE INTO coupon_redemptions (id, coupon_id, order_id, user_id, email, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [newId(), r.couponId, r.orderId, r.userId, r.email, r.at],
      tx,
    );
  }

  async deleteRedemption(orderId: string, tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM coupon_redemptions WHERE order_id = ?', [orderId], tx);
  }

  async insert(input: CouponInput, now: Date): Promise<string> {
    return (await modelRows.insert(Coupon, { ...toAttributes(input), id: newId(), createdAt: now })).id;
  }

  async update(id: string, changes: CouponUpdate): Promise<void> {
    await modelRows.update(Coupon, id, toAttributes(changes));
  }

  async deactivate(id: string): Promise<void> {
    await Coupon.update({ active: false }, { where: { id } });
  }

  remove(id: string): Promise<void> {
    return modelRows.remove(Coupon, id);
  }
}
