import type { CouponRule } from '../pricing';
import type { CouponRow } from './coupon.repository';

/** A coupon row as the pricing arithmetic applies it. */
export const couponRule = (c: CouponRow): CouponRule => ({
  type: c.type,
  value: Number(c.value),
  minSubtotal: c.min_subtotal === null ? null : Number(c.min_subtotal),
  categoryIds:
    c.category_ids === null ? null : typeof c.category_ids === 'string' ? (JSON.parse(c.category_ids) as string[]) : c.category_ids,
});

/** Why a coupon cannot be used now, or undefined when it can. */
export function couponProblem(coupon: CouponRow | undefined, now: Date): string | undefined {
  if (!coupon || !coupon.active) return 'This coupon does not exist.';
  if (coupon.starts_at && new Date(coupon.starts_at) > now) return 'This coupon is not valid yet.';
  if (coupon.ends_at && new Date(coupon.ends_at) <= now) return 'This coupon has expired.';
  if (coupon.usage_limit !== null && Number(coupon.used_count) >= Number(coupon.usage_limit)) return 'This coupon has been used up.';
  return undefined;
}
