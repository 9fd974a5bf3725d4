import type { ShippingMethod } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import type { CouponRule, ShippingRule, TaxRule } from './pricing';

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

export const couponRule = (c: CouponRow): CouponRule => ({
  type: c.type,
  value: Number(c.value),
  minSubtotal: c.min_subtotal === null ? null : Number(c.min_subtotal),
  categoryIds:
    c.category_ids === null ? null : typeof c.category_ids === 'string' ? (JSON.parse(c.category_ids) as string[]) : c.category_ids,
});

interface ShippingRow {
  id: string;
  name: string;
  amount: number;
  free_over: number | null;
  countries: string | string[] | null;
  estimate: string | null;
}

/** Coupons, shipping methods and tax rates as the pricing rules read them. */
export class PricingRepository {
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

  async shippingMethods(country: string): Promise<(ShippingMethod & { rule: ShippingRule })[]> {
    const rows = await this.db.select<ShippingRow>('SELECT * FROM shipping_methods WHERE active = 1 ORDER BY sort_order, amount, name');
    return rows
      .filter((r) => {
        const countries =
          r.countries === null ? null : typeof r.countries === 'string' ? (JSON.parse(r.countries) as string[]) : r.countries;
        return !countries || countries.includes(country);
      })
      .map((r) => this.toMethod(r));
  }

  async shippingMethod(id: string, tx?: Transaction) {
    const row = await this.db.one<ShippingRow>('SELECT * FROM shipping_methods WHERE id = ? AND active = 1', [id], tx);
    return (
      row && {
        ...this.toMethod(row),
        countries:
          row.countries === null ? null : typeof row.countries === 'string' ? (JSON.parse(row.countries) as string[]) : row.countries,
      }
    );
  }

  private toMethod(r: ShippingRow) {
    const currency = 'USD';
    return {
      id: r.id,
      name: r.name,
      price: { amount: Number(r.amount), currency },
      ...(r.free_over !== null ? { freeOver: { amount: Number(r.free_over), currency } } : {}),
      ...(r.estimate ? { estimate: r.estimate } : {}),
      rule: { amount: Number(r.amount), freeOver: r.free_over === null ? null : Number(r.free_over) },
    };
  }

  /** The region's rate when there is one, else the country's, else none. */
  async taxRate(country: string, region?: string): Promise<TaxRule | null> {
    const rows = await this.db.select<{ region: string; rate_bp: number; applies_to_shipping: number }>(
      "SELECT region, rate_bp, applies_to_shipping FROM tax_rates WHERE country = ? AND (region = '' OR region = ?) ORDER BY region DESC",
      [country, (region ?? '').toUpperCase()],
    );
    const row = rows[0];
    return row ? { rateBp: Number(row.rate_bp), appliesToShipping: Boolean(row.applies_to_shipping) } : null;
  }
}
