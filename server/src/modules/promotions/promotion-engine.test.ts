import type { PromotionAction, PromotionConditions } from '@bazaar/shared';
import { priceOrder } from '../pricing';
import {
  applyPromotions,
  type PromotionCandidate,
  type PromotionContext,
  type PromotionLine,
  type PromotionRecord,
} from './promotion-engine';

let n = 0;
const promo = (
  action: PromotionAction,
  conditions: PromotionConditions = {},
  extra: Partial<PromotionRecord> = {},
): PromotionCandidate => ({
  promotion: {
    id: `p${++n}`,
    name: extra.name ?? `Promotion ${n}`,
    description: null,
    automatic: true,
    exclusive: false,
    priority: 0,
    active: true,
    startsAt: null,
    endsAt: null,
    conditions,
    action,
    usageLimit: null,
    budgetAmount: null,
    perCustomerLimit: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
    ...extra,
  },
  uses: 0,
  discountGiven: 0,
  customerUses: 0,
});

const line = (key: string, unitPrice: number, quantity = 1, more: Partial<PromotionLine> = {}): PromotionLine => ({
  key,
  unitPrice,
  quantity,
  productId: `prod-${key}`,
  variantId: `var-${key}`,
  categoryIds: [],
  ...more,
});

const ctx: PromotionContext = {
  now: new Date(Date.UTC(2026, 5, 1)),
  signedIn: false,
  groupIds: [],
  market: 'default',
  toMarket: (a) => a,
  toBase: (a) => a,
  format: (a) => `$${(a / 100).toFixed(2)}`,
};

const run = (lines: PromotionLine[], candidates: PromotionCandidate[], context: Partial<PromotionContext> = {}) =>
  applyPromotions(
    lines,
    lines.map((l) => l.unitPrice * l.quantity),
    candidates,
    { ...ctx, ...context },
  );

describe('promotion arithmetic: a table of cases', () => {
  it.each<[string, PromotionLine[], PromotionAction, PromotionConditions, number[]]>([
    [
      '10 % off the order, spread by largest remainder',
      [line('a', 1000), line('b', 333, 3)],
      { type: 'order', off: { kind: 'percent', value: 10 } },
      {},
      [100, 100],
    ],
    [
      '5.00 off the order, spread in proportion',
      [line('a', 3000), line('b', 1000)],
      { type: 'order', off: { kind: 'fixed', value: 500 } },
      {},
      [375, 125],
    ],
    ['a fixed amount is capped at the order', [line('a', 300)], { type: 'order', off: { kind: 'fixed', value: 500 } }, {}, [300]],
    [
      'gift cards are never discounted',
      [line('a', 1000), line('g', 5000, 1, { giftCard: true })],
      { type: 'order', off: { kind: 'percent', value: 50 } },
      {},
      [500, 0],
    ],
    [
      '20 % off qualifying lines only',
      [line('a', 1000, 1, { categoryIds: ['shoes'] }), line('b', 2000)],
      { type: 'lines', off: { kind: 'percent', value: 20 } },
      { categoryIds: ['shoes'] },
      [200, 0],
    ],
    [
      '1.50 off each qualifying unit',
      [line('a', 1000, 3), line('b', 100, 2)],
      { type: 'lines', off: { kind: 'fixed', value: 150 } },
      {},
      [450, 200],
    ],
    [
      'buy 2 get 1 free: the cheapest unit of mixed prices is free',
      [line('a', 1000), line('b', 700), line('c', 300)],
      { type: 'buy_x_get_y', buy: 2, get: 1, percent: 100 },
      {},
      [0, 0, 300],
    ],
    [
      'buy 2 get 1 free twice over six units',
      [line('a', 1000, 3), line('b', 500, 3)],
      { type: 'buy_x_get_y', buy: 2, get: 1, percent: 100 },
      {},
      [0, 1000],
    ],
    [
      'buy 1 get 1 at 50 %, at most once',
      [line('a', 1000, 4)],
      { type: 'buy_x_get_y', buy: 1, get: 1, percent: 50, maxApplications: 1 },
      {},
      [500],
    ],
    [
      'buy a shirt, get socks free (another set)',
      [line('shirt', 3000, 2), line('socks', 500, 3)],
      { type: 'buy_x_get_y', buy: 1, get: 1, percent: 100, getProductIds: ['prod-socks'] },
      { productIds: ['prod-shirt'] },
      [0, 1000],
    ],
    [
      'tiered: spend 100 get 10 off (first tier)',
      [line('a', 15000)],
      {
        type: 'tiered',
        tiers: [
          { minSubtotal: 10000, off: { kind: 'fixed', value: 1000 } },
          { minSubtotal: 20000, off: { kind: 'fixed', value: 2500 } },
        ],
      },
      {},
      [1000],
    ],
    [
      'tiered: spend 200 get 25 off (highest tier reached)',
      [line('a', 12000), line('b', 8000)],
      {
        type: 'tiered',
        tiers: [
          { minSubtotal: 10000, off: { kind: 'fixed', value: 1000 } },
          { minSubtotal: 20000, off: { kind: 'fixed', value: 2500 } },
        ],
      },
      {},
      [1500, 1000],
    ],
    [
      'tiered by percent',
      [line('a', 20000)],
      {
        type: 'tiered',
        tiers: [
          { minSubtotal: 10000, off: { kind: 'percent', value: 5 } },
          { minSubtotal: 20000, off: { kind: 'percent', value: 15 } },
        ],
      },
      {},
      [3000],
    ],
  ])('%s', (_name, lines, action, conditions, expected) => {
    const outcome = run(lines, [promo(action, conditions)]);
    expect(outcome.lineDiscounts).toEqual(expected);
    expect(outcome.applied[0]!.amount).toBe(expected.reduce((a, b) => a + b, 0));
  });

  it('says why a promotion gives nothing', () => {
    const tiers: PromotionAction = { type: 'tiered', tiers: [{ minSubtotal: 10000, off: { kind: 'fixed', value: 1000 } }] };
    expect(run([line('a', 6000)], [promo(tiers)]).rejected[0]!.reason).toBe('Spend $40.00 more to use this promotion.');
    const bxgy: PromotionAction = { type: 'buy_x_get_y', buy: 2, get: 1, percent: 100 };
    expect(run([line('a', 1000, 2)], [promo(bxgy)]).rejected[0]!.reason).toMatch(/Buy 2 and get 1 free/);
    const off: PromotionAction = { type: 'order', off: { kind: 'percent', value: 10 } };
    expect(run([line('a', 1000)], [promo(off, { minSubtotal: 2500 })]).rejected[0]!.reason).toBe(
      'Spend $15.00 more to use this promotion.',
    );
    expect(run([line('a', 1000)], [promo(off, { minQuantity: 3 })]).rejected[0]!.reason).toBe(
      'Add 2 more qualifying items to use this promotion.',
    );
    expect(run([line('a', 1000)], [promo(off, { signedIn: true })]).rejected[0]!.reason).toBe('Sign in to use this promotion.');
    expect(run([line('a', 1000)], [promo(off, { customerGroupIds: ['vip'] })]).rejected[0]!.reason).toMatch(/members only/);
    expect(run([line('a', 1000)], [promo(off, { customerGroupIds: ['vip'] })], { groupIds: ['vip'] }).applied).toHaveLength(1);
    expect(run([line('a', 1000)], [promo(off, { firstOrder: true })], { firstOrder: false }).rejected[0]!.reason).toMatch(/first order/);
    expect(run([line('a', 1000)], [promo(off, { markets: ['eu'] })]).rejected[0]!.reason).toMatch(/not offered in this market/);
    expect(run([line('a', 1000)], [promo(off, { productIds: ['other'] })]).rejected[0]!.reason).toMatch(/No item/);
    expect(run([line('a', 1000)], [promo(off, {}, { endsAt: new Date(Date.UTC(2026, 0, 1)) })]).rejected[0]!.reason).toBe(
      'This promotion has ended.',
    );
    expect(run([line('a', 1000)], [promo(off, {}, { startsAt: new Date(Date.UTC(2027, 0, 1)) })]).rejected[0]!.reason).toMatch(
      /not started/,
    );
  });

  it('stacks combinable promotions by priority, each on what the others left', () => {
    const first = promo({ type: 'order', off: { kind: 'percent', value: 50 } }, {}, { priority: 10 });
    const second = promo({ type: 'order', off: { kind: 'fixed', value: 700 } }, {}, { priority: 1 });
    const outcome = run([line('a', 1000)], [second, first]);
    expect(outcome.applied.map((a) => a.amount)).toEqual([500, 500]);
    expect(outcome.lineDiscounts).toEqual([1000]);
  });

  it('an exclusive promotion applies alone: first in priority it blocks the rest, later it is blocked', () => {
    const exclusive = promo({ type: 'order', off: { kind: 'percent', value: 10 } }, {}, { exclusive: true, priority: 5, name: 'Sale' });
    const combinable = promo({ type: 'order', off: { kind: 'percent', value: 20 } }, {}, { priority: 1 });
    const outcome = run([line('a', 1000)], [combinable, exclusive]);
    expect(outcome.applied.map((a) => a.candidate.promotion.name)).toEqual(['Sale']);
    expect(outcome.rejected[0]!.reason).toBe('This promotion does not combine with “Sale”.');
    const later = promo({ type: 'order', off: { kind: 'percent', value: 10 } }, {}, { exclusive: true, priority: 0 });
    const before = promo({ type: 'order', off: { kind: 'percent', value: 20 } }, {}, { priority: 9, name: 'Early' });
    expect(run([line('a', 1000)], [later, before]).applied.map((a) => a.candidate.promotion.name)).toEqual(['Early']);
  });

  it('limits: used up, budget spent, or a discount that would overrun the budget', () => {
    const off: PromotionAction = { type: 'order', off: { kind: 'fixed', value: 500 } };
    expect(run([line('a', 1000)], [{ ...promo(off, {}, { usageLimit: 3 }), uses: 3 }]).rejected[0]!.reason).toMatch(/used up/);
    expect(run([line('a', 1000)], [{ ...promo(off, {}, { budgetAmount: 1000 }), discountGiven: 600 }]).rejected[0]!.reason).toMatch(
      /run out/,
    );
    expect(run([line('a', 1000)], [{ ...promo(off, {}, { budgetAmount: 1000 }), discountGiven: 500 }]).applied).toHaveLength(1);
    expect(run([line('a', 1000)], [{ ...promo(off, {}, { perCustomerLimit: 1 }), customerUses: 1 }]).rejected[0]!.reason).toMatch(
      /already used/,
    );
  });

  it('free shipping on chosen methods only', () => {
    const free = promo({ type: 'free_shipping', shippingMethodIds: ['00000000-0000-4000-8000-000000000001'] });
    expect(run([line('a', 1000)], [free], { shippingMethodId: '00000000-0000-4000-8000-000000000001' }).freeShipping).toBe(true);
    expect(run([line('a', 1000)], [free], { shippingMethodId: '00000000-0000-4000-8000-000000000002' }).freeShipping).toBe(false);
  });

  it('converts base-currency amounts for a market', () => {
    const outcome = run([line('a', 5000)], [promo({ type: 'order', off: { kind: 'fixed', value: 1000 } }, { minSubtotal: 4000 })], {
      toMarket: (a) => Math.round(a * 0.9),
      toBase: (a) => Math.round(a / 0.9),
    });
    expect(outcome.lineDiscounts).toEqual([900]);
  });

  it('in priceOrder: after the coupon, never below zero, tax on what is left, free shipping', () => {
    const lines = [line('a', 1000, 2), line('b', 500)];
    const candidates = [promo({ type: 'order', off: { kind: 'fixed', value: 10_000 } }), promo({ type: 'free_shipping' })];
    const priced = priceOrder({
      lines,
      coupon: { type: 'percent', value: 10 },
      promotions: (remaining) => {
        const o = applyPromotions(lines, remaining, candidates, ctx);
        return { discounts: o.lineDiscounts, freeShipping: o.freeShipping };
      },
      shipping: { amount: 599 },
      tax: { rateBp: 1000, appliesToShipping: true },
    });
    expect(priced).toMatchObject({ subtotal: 2500, discount: 2500, shipping: 0, tax: 0, total: 0 });

    const half = [promo({ type: 'order', off: { kind: 'percent', value: 50 } })];
    const taxed = priceOrder({
      lines: [line('a', 1001)],
      promotions: (remaining) => ({
        discounts: applyPromotions([line('a', 1001)], remaining, half, ctx).lineDiscounts,
        freeShipping: false,
      }),
      tax: { rateBp: 1000, appliesToShipping: false },
    });
    // 1001 − 501 (half, rounded up) = 500, taxed at 10 %.
    expect(taxed).toMatchObject({ discount: 501, tax: 50, total: 550 });
  });
});
