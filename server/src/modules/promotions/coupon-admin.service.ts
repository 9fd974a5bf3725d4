import type { AdminCoupon, CouponInput, CouponUpdate } from '@bazaar/shared';
import { AdminRows, iso, json, parse, type FieldMap, type Row } from '../../db/admin-rows';
import type { Db } from '../../db/db';
import { notFound } from '../../lib/errors';

const COUPON: FieldMap = {
  code: ['code'],
  type: ['type'],
  value: ['value'],
  minSubtotal: ['min_subtotal'],
  startsAt: ['starts_at', (v) => (v ? new Date(v as string) : null)],
  endsAt: ['ends_at', (v) => (v ? new Date(v as string) : null)],
  usageLimit: ['usage_limit'],
  perCustomerLimit: ['per_customer_limit'],
  categoryIds: ['category_ids', json],
  active: ['active'],
};
const toCoupon = (r: Row): AdminCoupon => ({
  id: String(r.id),
  code: String(r.code),
  type: r.type as AdminCoupon['type'],
  value: Number(r.value),
  minSubtotal: r.min_subtotal === null ? null : Number(r.min_subtotal),
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  usageLimit: r.usage_limit === null ? null : Number(r.usage_limit),
  perCustomerLimit: r.per_customer_limit === null ? null : Number(r.per_customer_limit),
  usedCount: Number(r.used_count),
  categoryIds: parse<string[]>(r.category_ids),
  active: Boolean(r.active),
});
/** Staff management of coupons. */
export class CouponAdminService {
  private readonly rows: AdminRows;
  constructor(private readonly db: Db) {
    this.rows = new AdminRows(db);
  }

  async coupons(): Promise<AdminCoupon[]> {
    return (await this.db.select<Row>('SELECT * FROM coupons ORDER BY created_at DESC, code')).map(toCoupon);
  }
  async coupon(id: string): Promise<AdminCoupon> {
    const row = await this.db.one<Row>('SELECT * FROM coupons WHERE id = ?', [id]);
    if (!row) throw notFound('The coupon');
    return toCoupon(row);
  }
  async createCoupon(input: CouponInput) {
    return this.coupon(await this.rows.insert('coupons', COUPON, input, { created_at: new Date() }));
  }
  async updateCoupon(id: string, changes: CouponUpdate) {
    await this.rows.update('coupons', COUPON, id, changes);
    return this.coupon(id);
  }
  /** Used coupons are deactivated rather than deleted: orders keep pointing at them. */
  async deleteCoupon(id: string) {
    const coupon = await this.coupon(id);
    if (coupon.usedCount > 0) await this.db.execute('UPDATE coupons SET active = 0 WHERE id = ?', [id]);
    else await this.rows.remove('coupons', id);
  }
}
