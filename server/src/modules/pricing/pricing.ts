/**
 * Order arithmetic, all in integer minor units.
 *
 * Rounding rule (documented in the README and tested on a table of cases):
 * - A percent discount is `round_half_up(eligible_subtotal × percent / 100)`; a fixed one is
 *   capped at the eligible subtotal. The discount is spread over the eligible lines in proportion
 *   to their totals, by largest remainder, so the line discounts add up exactly.
 * - Tax is computed per line on (line total − line discount) and on shipping, each
 *   `round_half_up(amount × rate_bp / 10000)`, then summed. With tax-inclusive prices the tax
 *   inside an amount is `round_half_up(amount × rate / (10000 + rate))` and the total does not grow.
 * - Free shipping applies when (subtotal − discount) reaches the method's threshold.
 * - Gift-card lines are money, not goods: they count in the subtotal and the total only. No coupon
 *   discounts them, no tax is charged on them (it is charged when the card is spent), and they do
 *   not count towards a coupon's minimum or the free-shipping threshold.
 */
export interface PricedLine {
  key: string;
  unitPrice: number;
  quantity: number;
  /** Category ids of the line's product (for coupons restricted to categories). */
  categoryIds?: string[];
  /** A gift card: its price is the card's value (see the rules above). */
  giftCard?: boolean;
}

export interface CouponRule {
  type: 'percent' | 'fixed';
  value: number;
  minSubtotal?: number | null;
  categoryIds?: string[] | null;
}

export interface ShippingRule {
  amount: number;
  freeOver?: number | null;
}

export interface TaxRule {
  rateBp: number;
  appliesToShipping: boolean;
}

export interface LineResult {
  key: string;
  lineTotal: number;
  discount: number;
  tax: number;
}

export interface PriceResult {
  lines: LineResult[];
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  /** Why a coupon gave nothing, when it did not apply. */
  couponProblem?: string;
}

/** Integer division rounding half away from zero, without floating point. */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

/** Splits `amount` over `weights` proportionally; the parts add up to `amount` exactly. */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (amount * w) / total);
  const parts = raw.map(Math.floor);
  let left = amount - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

export function priceOrder(input: {
  lines: PricedLine[];
  coupon?: CouponRule | null;
  shipping?: ShippingRule | null;
  tax?: TaxRule | null;
  pricesIncludeTax?: boolean;
  /**
   * Promotions, after the coupon: given what is left of each line, what they take off each line
   * (never more than is left) and whether shipping is free.
   */
  promotions?: ((remaining: number[]) => { discounts: number[]; freeShipping: boolean }) | null;
}): PriceResult {
  const lineTotals = input.lines.map((l) => l.unitPrice * l.quantity);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const goodsSubtotal = lineTotals.reduce((sum, t, i) => sum + (input.lines[i]!.giftCard ? 0 : t), 0);

  let discounts = input.lines.map(() => 0);
  let couponProblem: string | undefined;
  const coupon = input.coupon;
  if (coupon) {
    const restriction = coupon.categoryIds?.length ? new Set(coupon.categoryIds) : undefined;
    const eligible = input.lines.map((l) => !l.giftCard && (!restriction || (l.categoryIds ?? []).some((c) => restriction.has(c))));
    const eligibleTotal = lineTotals.reduce((sum, t, i) => sum + (eligible[i] ? t : 0), 0);
    if (coupon.minSubtotal && goodsSubtotal < coupon.minSubtotal) couponProblem = 'The order is below the minimum for this coupon.';
    else if (eligibleTotal === 0) couponProblem = 'No item in the cart qualifies for this coupon.';
    else {
      const amount =
        coupon.type === 'percent'
          ? divRoundHalfUp(eligibleTotal * Math.min(100, coupon.value), 100)
          : Math.min(coupon.value, eligibleTotal);
      discounts = allocate(
        amount,
        lineTotals.map((t, i) => (eligible[i] ? t : 0)),
      );
    }
  }
  let freeShipping = false;
  if (input.promotions) {
    const extra = input.promotions(lineTotals.map((t, i) => t - discounts[i]!));
    discounts = discounts.map((d, i) => d + extra.discounts[i]!);
    freeShipping = extra.freeShipping;
  }
  const discount = discounts.reduce((a, b) => a + b, 0);

  const afterDiscount = subtotal - discount;
  const shipping =
    !input.shipping || freeShipping
      ? 0
      : input.shipping.freeOver != null && goodsSubtotal - discount >= input.shipping.freeOver
        ? 0
        : input.shipping.amount;

  const rate = input.tax?.rateBp ?? 0;
  const taxOf = (amount: number) =>
    input.pricesIncludeTax ? divRoundHalfUp(amount * rate, 10_000 + rate) : divRoundHalfUp(amount * rate, 10_000);
  const lineTaxes = lineTotals.map((t, i) => (input.lines[i]!.giftCard ? 0 : taxOf(t - discounts[i]!)));
  const shippingTax = input.tax?.appliesToShipping ? taxOf(shipping) : 0;
  const tax = lineTaxes.reduce((a, b) => a + b, 0) + shippingTax;
  const total = afterDiscount + shipping + (input.pricesIncludeTax ? 0 : tax);

  return {
    lines: input.lines.map((l, i) => ({ key: l.key, lineTotal: lineTotals[i]!, discount: discounts[i]!, tax: lineTaxes[i]! })),
    subtotal,
    discount,
    shipping,
    tax,
    total,
    ...(couponProblem ? { couponProblem } : {}),
  };
}
