import type { PromotionAction, PromotionConditions } from '@bazaar/shared';
import { allocate, divRoundHalfUp } from '../pricing';

/**
 * The promotions arithmetic, pure and in integer minor units of the cart's currency.
 *
 * - Promotions are tried highest priority first (then oldest first). An exclusive promotion applies
 *   only when nothing applied before it, and nothing applies after it; combinable ones stack.
 * - Each one works on what is left of every line after the coupon and the promotions before it,
 *   so no line is ever discounted below zero; its amount is spread over the lines it discounts by
 *   largest remainder (`allocate`), so line discounts add up exactly. Tax is charged afterwards on
 *   what is left (the pricing rules).
 * - Base-currency amounts (fixed values, minimums, tiers) are converted with `toMarket` first.
 * - Gift cards never qualify and are never discounted.
 */
export interface PromotionLine {
  key: string;
  unitPrice: number;
  quantity: number;
  productId: string;
  variantId: string;
  categoryIds: string[];
  giftCard?: boolean;
}

export interface PromotionCodeRef {
  id: string;
  code: string;
  usageLimit: number | null;
  uses: number;
}

export interface PromotionRecord {
  id: string;
  name: string;
  description: string | null;
  automatic: boolean;
  exclusive: boolean;
  priority: number;
  active: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  conditions: PromotionConditions;
  action: PromotionAction;
  usageLimit: number | null;
  budgetAmount: number | null;
  perCustomerLimit: number | null;
  createdAt: Date;
}

/** A promotion as a cart meets it: through a code or by itself, with its uses so far. */
export interface PromotionCandidate {
  promotion: PromotionRecord;
  code?: PromotionCodeRef;
  uses: number;
  /** Base-currency discount given so far (campaign budget). */
  discountGiven: number;
  customerUses: number;
}

export interface PromotionContext {
  now: Date;
  signedIn: boolean;
  /** Undefined while the customer is unknown (a guest's cart before checkout). */
  firstOrder?: boolean;
  groupIds: readonly string[];
  market: string;
  shippingMethodId?: string | null;
  toMarket: (baseAmount: number) => number;
  toBase: (marketAmount: number) => number;
  format: (marketAmount: number) => string;
}

export interface AppliedPromotion {
  candidate: PromotionCandidate;
  /** Per line, in the order given. */
  discounts: number[];
  amount: number;
  freeShipping: boolean;
}

export interface PromotionOutcome {
  applied: AppliedPromotion[];
  rejected: { candidate: PromotionCandidate; reason: string }[];
  /** Per line: the sum of the applied promotions' discounts. */
  lineDiscounts: number[];
  freeShipping: boolean;
}

const matcher = (productIds?: string[], variantIds?: string[], categoryIds?: string[]) => {
  if (!productIds?.length && !variantIds?.length && !categoryIds?.length) return (l: PromotionLine) => !l.giftCard;
  const products = new Set(productIds ?? []);
  const variants = new Set(variantIds ?? []);
  const categories = new Set(categoryIds ?? []);
  return (l: PromotionLine) =>
    !l.giftCard && (products.has(l.productId) || variants.has(l.variantId) || l.categoryIds.some((c) => categories.has(c)));
};

/** Why the promotion cannot be used at all now (its state, window and limits), or undefined. */
export function availabilityProblem(c: PromotionCandidate, now: Date): string | undefined {
  const p = c.promotion;
  if (!p.active) return 'This promotion is not active.';
  if (p.startsAt && p.startsAt > now) return 'This promotion has not started yet.';
  if (p.endsAt && p.endsAt <= now) return 'This promotion has ended.';
  if (p.usageLimit !== null && c.uses >= p.usageLimit) return 'This promotion has been used up.';
  if (p.budgetAmount !== null && c.discountGiven >= p.budgetAmount) return 'This promotion has run out.';
  if (c.code && c.code.usageLimit !== null && c.code.uses >= c.code.usageLimit) return 'This code has been used up.';
  if (p.perCustomerLimit !== null && c.customerUses >= p.perCustomerLimit) return 'You have already used this promotion.';
  return undefined;
}

/** Why the cart does not meet the promotion's conditions, or undefined. */
export function conditionProblem(p: PromotionRecord, lines: PromotionLine[], ctx: PromotionContext): string | undefined {
  const c = p.conditions;
  if (c.markets && !c.markets.includes(ctx.market)) return 'This promotion is not offered in this market.';
  if (c.signedIn && !ctx.signedIn) return 'Sign in to use this promotion.';
  if (c.customerGroupIds && !c.customerGroupIds.some((g) => ctx.groupIds.includes(g))) return 'This promotion is for members only.';
  if (c.firstOrder && ctx.firstOrder === false) return 'This promotion is for a first order only.';
  const goods = lines.filter((l) => !l.giftCard).reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  if (c.minSubtotal && goods < ctx.toMarket(c.minSubtotal))
    return `Spend ${ctx.format(ctx.toMarket(c.minSubtotal) - goods)} more to use this promotion.`;
  const qualifies = matcher(c.productIds, c.variantIds, c.categoryIds);
  const quantity = lines.filter(qualifies).reduce((n, l) => n + l.quantity, 0);
  if (quantity === 0) return 'No item in the cart qualifies for this promotion.';
  if (c.minQuantity && quantity < c.minQuantity)
    return `Add ${c.minQuantity - quantity} more qualifying item${c.minQuantity - quantity === 1 ? '' : 's'} to use this promotion.`;
  return undefined;
}

/** `off` of `base` (percent rounded half up; fixed converted and capped at the base). */
const amountOf = (off: { kind: 'percent' | 'fixed'; value: number }, base: number, ctx: PromotionContext) =>
  off.kind === 'percent' ? divRoundHalfUp(base * off.value, 100) : Math.min(ctx.toMarket(off.value), base);

/** Spreads `amount` over the lines in `mask` by what is left of them. */
const spread = (amount: number, remaining: number[], mask: boolean[]) =>
  allocate(
    amount,
    remaining.map((r, i) => (mask[i] ? r : 0)),
  );

/** What the action takes off each line (given what is left of each), or why it gives nothing. */
export function actionDiscounts(
  p: PromotionRecord,
  lines: PromotionLine[],
  remaining: number[],
  ctx: PromotionContext,
): { discounts: number[]; freeShipping: boolean } | { problem: string } {
  const a = p.action;
  const c = p.conditions;
  const qualifies = matcher(c.productIds, c.variantIds, c.categoryIds);
  const qualifying = lines.map(qualifies);
  const none = lines.map(() => 0);
  const left = (mask: boolean[]) => remaining.reduce((sum, r, i) => sum + (mask[i] ? r : 0), 0);
  switch (a.type) {
    case 'order': {
      const goods = lines.map((l) => !l.giftCard);
      return { discounts: spread(amountOf(a.off, left(goods), ctx), remaining, goods), freeShipping: false };
    }
    case 'lines': {
      if (a.off.kind === 'percent')
        return { discounts: spread(amountOf(a.off, left(qualifying), ctx), remaining, qualifying), freeShipping: false };
      const perUnit = ctx.toMarket(a.off.value);
      return { discounts: lines.map((l, i) => (qualifying[i] ? Math.min(perUnit * l.quantity, remaining[i]!) : 0)), freeShipping: false };
    }
    case 'tiered': {
      const subtotal = lines.reduce((sum, l, i) => sum + (qualifying[i] ? l.unitPrice * l.quantity : 0), 0);
      const reached = [...a.tiers].reverse().find((t) => subtotal >= ctx.toMarket(t.minSubtotal));
      if (!reached) return { problem: `Spend ${ctx.format(ctx.toMarket(a.tiers[0]!.minSubtotal) - subtotal)} more to use this promotion.` };
      return { discounts: spread(amountOf(reached.off, left(qualifying), ctx), remaining, qualifying), freeShipping: false };
    }
    case 'free_shipping': {
      if (a.shippingMethodIds && ctx.shippingMethodId && !a.shippingMethodIds.includes(ctx.shippingMethodId))
        return { problem: 'Free shipping does not apply to the chosen shipping method.' };
      return { discounts: none, freeShipping: true };
    }
    case 'buy_x_get_y': {
      const inGet =
        a.getProductIds || a.getVariantIds || a.getCategoryIds
          ? lines.map(matcher(a.getProductIds, a.getVariantIds, a.getCategoryIds))
          : qualifying;
      // One entry per unit; what is left of a line is shared by its units.
      let pool = lines.flatMap((l, i) =>
        qualifying[i] || inGet[i] ? Array.from({ length: l.quantity }, () => ({ line: i, price: l.unitPrice })) : [],
      );
      const discountedUnits: { line: number; price: number }[] = [];
      const limit = a.maxApplications ?? Infinity;
      let applications = 0;
      while (applications < limit) {
        // The cheapest units of the get set are the ones discounted; the dearest others pay for them.
        const gets = pool
          .filter((u) => inGet[u.line])
          .sort((x, y) => x.price - y.price)
          .slice(0, a.get);
        const rest = pool.filter((u) => !gets.includes(u));
        const buys = rest
          .filter((u) => qualifying[u.line])
          .sort((x, y) => y.price - x.price)
          .slice(0, a.buy);
        if (gets.length < a.get || buys.length < a.buy) break;
        discountedUnits.push(...gets);
        pool = rest.filter((u) => !buys.includes(u));
        applications++;
      }
      if (!applications)
        return { problem: `Buy ${a.buy} and get ${a.get} ${a.percent === 100 ? 'free' : `${a.percent}% off`}: add more qualifying items.` };
      const discounts = lines.map(() => 0);
      for (const u of discountedUnits) discounts[u.line]! += divRoundHalfUp(u.price * a.percent, 100);
      return { discounts: discounts.map((d, i) => Math.min(d, remaining[i]!)), freeShipping: false };
    }
  }
}

const byPriority = (x: PromotionCandidate, y: PromotionCandidate) =>
  y.promotion.priority - x.promotion.priority ||
  x.promotion.createdAt.getTime() - y.promotion.createdAt.getTime() ||
  (x.promotion.id < y.promotion.id ? -1 : x.promotion.id > y.promotion.id ? 1 : 0);

/**
 * Applies the candidates to the lines, given what is left of each line after the coupon (`leftOfLines`). Returns
 * what each applied promotion took off which lines, and why each other one gave nothing.
 */
export function applyPromotions(
  lines: PromotionLine[],
  leftOfLines: number[],
  candidates: PromotionCandidate[],
  ctx: PromotionContext,
): PromotionOutcome {
  const remaining = [...leftOfLines];
  const applied: AppliedPromotion[] = [];
  const rejected: PromotionOutcome['rejected'] = [];
  const seen = new Set<string>();
  for (const candidate of [...candidates].sort(byPriority)) {
    const p = candidate.promotion;
    // Two codes of one promotion still make one use of it.
    if (seen.has(p.id)) {
      rejected.push({ candidate, reason: 'Another code of this promotion is already applied.' });
      continue;
    }
    const problem = availabilityProblem(candidate, ctx.now) ?? conditionProblem(p, lines, ctx);
    if (problem) {
      rejected.push({ candidate, reason: problem });
      continue;
    }
    const blocker = applied.find((x) => x.candidate.promotion.exclusive) ?? (p.exclusive ? applied[0] : undefined);
    if (blocker) {
      rejected.push({ candidate, reason: `This promotion does not combine with “${blocker.candidate.promotion.name}”.` });
      continue;
    }
    const result = actionDiscounts(p, lines, remaining, ctx);
    if ('problem' in result) {
      rejected.push({ candidate, reason: result.problem });
      continue;
    }
    const amount = result.discounts.reduce((a, b) => a + b, 0);
    if (amount === 0 && !result.freeShipping) {
      rejected.push({ candidate, reason: 'Nothing in the cart is left to discount.' });
      continue;
    }
    if (p.budgetAmount !== null && candidate.discountGiven + ctx.toBase(amount) > p.budgetAmount) {
      rejected.push({ candidate, reason: 'This promotion has run out.' });
      continue;
    }
    result.discounts.forEach((d, i) => (remaining[i]! -= d));
    applied.push({ candidate, discounts: result.discounts, amount, freeShipping: result.freeShipping });
    seen.add(p.id);
  }
  return {
    applied,
    rejected,
    lineDiscounts: lines.map((_, i) => applied.reduce((sum, a) => sum + a.discounts[i]!, 0)),
    freeShipping: applied.some((a) => a.freeShipping),
  };
}
