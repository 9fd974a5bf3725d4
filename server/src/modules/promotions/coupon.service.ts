import type { AdminCoupon, CouponInput, CouponUpdate } from '@bazaar/shared';
import type { Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { couponProblem } from './coupon';
import type { CouponCustomer, CouponRecord, CouponRepository } from './coupon.repository';
import { iso } from '../../db/column-values';

/** The staff screens' view of a coupon. */
const toAdminCoupon = (c: CouponRecord): AdminCoupon => ({
  id: c.id,
  code: c.code,
  type: c.type,
  value: c.value,
  minSubtotal: c.minSubtotal,
  startsAt: iso(c.startsAt),
  endsAt: iso(c.endsAt),
  usageLimit: c.usageLimit,
  perCustomerLimit: c.perCustomerLimit,
  usedCount: c.uses,
  categoryIds: c.categoryIds,
  active: c.active,
});

/** The order a coupon is redeemed by. */
export interface RedeemingOrder {
  id: string;
  userId: string | null;
  email: string;
}

/**
 * Coupons: whether one may be used (through `couponProblem`, the only statement of the rule), its
 * redemptions taken at checkout and given back when an unpaid order ends, and the staff screens.
 */
export class CouponService {
  constructor(
    private readonly coupons: CouponRepository,
    private readonly clock: Clock,
  ) {}

  /** The coupon behind a code, and why this customer cannot use it now (if so). */
  async check(code: string, customer: CouponCustomer, tx?: Transaction): Promise<{ coupon?: CouponRecord; problem?: string }> {
    const coupon = await this.coupons.byCode(code, tx);
    const problem = await this.problem(coupon, customer, tx);
    return problem ? { coupon, problem } : { coupon };
  }

  /**
   * Takes one use for the order, inside checkout's transaction. The coupon row is locked first, so
   * concurrent checkouts count each other's redemptions and the limits hold. 409 when it cannot be used.
   */
  async redeem(code: string, order: RedeemingOrder, tx: Transaction): Promise<string> {
    const coupon = await this.coupons.byCode(code, tx, true);
    const problem = await this.problem(coupon, order, tx, true);
    if (problem) throw new AppError('CONFLICT', problem, [{ path: 'coupon', message: problem }]);
    await this.coupons.insertRedemption(
      { couponId: coupon!.id, orderId: order.id, userId: order.userId, email: order.email, at: this.clock.now() },
      tx,
    );
    return coupon!.id;
  }

  /** `couponProblem` with this customer's redemptions counted (only when the coupon has a per-customer limit). */
  private async problem(coupon: CouponRecord | undefined, customer: CouponCustomer, tx?: Transaction, locking = false) {
    const uses = coupon?.perCustomerLimit != null ? await this.coupons.customerUses(coupon.id, customer, tx, locking) : 0;
    return couponProblem(coupon, this.clock.now(), uses);
  }

  /** A cancelled order that was paid after all keeps its coupon: the money was taken at its price, limits or not. */
  async reinstate(couponId: string, order: RedeemingOrder, tx: Transaction): Promise<void> {
    await this.coupons.insertRedemption(
      { couponId, orderId: order.id, userId: order.userId, email: order.email, at: this.clock.now() },
      tx,
    );
  }

  /** An unpaid order ended: its use goes back. */
  async release(orderId: string, tx: Transaction): Promise<void> {
    await this.coupons.deleteRedemption(orderId, tx);
  }

  // --- staff -----------------------------------------------------------------------------

  async list(): Promise<AdminCoupon[]> {
    return (await this.coupons.all()).map(toAdminCoupon);
  }

  async get(id: string): Promise<AdminCoupon> {
    const coupon = await this.coupons.byId(id);
    if (!coupon) throw notFound('The coupon');
    return toAdminCoupon(coupon);
  }

  async create(input: CouponInput): Promise<AdminCoupon> {
    return this.get(await this.coupons.insert(input, this.clock.now()));
  }

  async update(id: string, changes: CouponUpdate): Promise<AdminCoupon> {
    await this.coupons.update(id, changes);
    return this.get(id);
  }

  /** Used coupons are deactivated rather than deleted: orders keep pointing at them. */
  async remove(id: string): Promise<void> {
    const coupon = await this.get(id);
    if (coupon.usedCount > 0) await this.coupons.deactivate(id);
    else await this.coupons.remove(id);
  }
}
