import type { CouponRule } from '../pricing';
import type { CouponRecord } from './coupon.repository';

/** A coupon as the pricing arithmetic applies it (which judges the minimum and the categories). */
export const couponRule = (c: CouponRecord): CouponRule => ({
  type: c.type,
  value: c.value,
  minSubtotal: c.minSubtotal,
  categoryIds: c.categoryIds,
});

/**
 * Why a coupon cannot be used now, or undefined when it can: the one statement of a coupon's own
 * limits, used when it is applied to a cart, whenever the cart is priced, and at checkout under the
 * coupon's lock. `customerUses` is this customer's redemptions so far (unknown for a guest until
 * checkout gives the e-mail address). The minimum and the categories depend on the cart's lines, so
 * the pricing arithmetic judges them (`couponRule`).
 */
export function couponProblem(coupon: CouponRecord | undefined, now: Date, customerUses = 0): string | undefined {
  if (!coupon || !coupon.active) return 'This coupon does not exist.';
  if (coupon.startsAt && coupon.startsAt > now) return 'This coupon is not valid yet.';
  if (coupon.endsAt && coupon.endsAt <= now) return 'This coupon has expired.';
  if (coupon.usageLimit !== null && coupon.uses >= coupon.usageLimit) return 'This coupon has been used up.';
  if (coupon.perCustomerLimit !== null && customerUses >= coupon.perCustomerLimit) return 'You have already used this coupon.';
  return undefined;
}
