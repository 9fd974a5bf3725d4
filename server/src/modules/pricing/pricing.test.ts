import { allocate, divRoundHalfUp, priceOrder, type PricedLine } from './pricing';

const line = (key: string, unitPrice: number, quantity: number, categoryIds: string[] = []): PricedLine => ({
  key,
  unitPrice,
  quantity,
  categoryIds,
});

describe('integer helpers', () => {
  it.each([
    [5, 2, 3],
    [4, 2, 2],
    [7, 3, 2],
    [-5, 2, -3],
    [1, 3, 0],
    [2, 3, 1],
  ])('divRoundHalfUp(%i, %i) = %i', (n, d, expected) => expect(divRoundHalfUp(n, d)).toBe(expected));

  it('allocates exactly, largest remainder first', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [0, 5, 5])).toEqual([0, 5, 5]);
    expect(allocate(7, [3000, 1000])).toEqual([5, 2]);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
  });
});

describe('priceOrder: a table of cases (minor units)', () => {
  it.each([
    {
      name: 'no coupon, flat shipping, 8.25 % tax on goods and shipping',
      input: { lines: [line('a', 1999, 2), line('b', 500, 1)], shipping: { amount: 599 }, tax: { rateBp: 825, appliesToShipping: true } },
      // lines 3998 → tax 329.835 → 330; 500 → 41.25 → 41; shipping 599 → 49.4175 → 49
      expected: { subtotal: 4498, discount: 0, shipping: 599, tax: 420, total: 5517, lineTaxes: [330, 41] },
    },
    {
      name: '15 % coupon spread over lines, tax after discount',
      input: {
        lines: [line('a', 1000, 1), line('b', 333, 3)],
        coupon: { type: 'percent' as const, value: 15 },
        tax: { rateBp: 1000, appliesToShipping: false },
      },
      // subtotal 1999 → discount 299.85 → 300; split 1000:999 → 150/150; taxes (850→85) (849→84.9→85)
      expected: { subtotal: 1999, discount: 300, shipping: 0, tax: 170, total: 1869, lineTaxes: [85, 85] },
    },
    {
      name: 'fixed coupon capped at the subtotal',
      input: { lines: [line('a', 700, 1)], coupon: { type: 'fixed' as const, value: 1000 } },
      expected: { subtotal: 700, discount: 700, shipping: 0, tax: 0, total: 0, lineTaxes: [0] },
    },
    {
      name: 'free shipping once the discounted subtotal reaches the threshold',
      input: { lines: [line('a', 5000, 1)], coupon: { type: 'fixed' as const, value: 100 }, shipping: { amount: 599, freeOver: 4900 } },
      expected: { subtotal: 5000, discount: 100, shipping: 0, tax: 0, total: 4900, lineTaxes: [0] },
    },
    {
      name: 'shipping charged just below the threshold',
      input: { lines: [line('a', 5000, 1)], coupon: { type: 'fixed' as const, value: 101 }, shipping: { amount: 599, freeOver: 4900 } },
      expected: { subtotal: 5000, discount: 101, shipping: 599, tax: 0, total: 5498, lineTaxes: [0] },
    },
    {
      name: 'coupon restricted to a category discounts only its lines',
      input: {
        lines: [line('shoe', 4000, 1, ['shoes']), line('hat', 2000, 1, ['hats'])],
        coupon: { type: 'percent' as const, value: 50, categoryIds: ['shoes'] },
      },
      expected: { subtotal: 6000, discount: 2000, shipping: 0, tax: 0, total: 4000, lineTaxes: [0, 0] },
    },
    {
      name: 'minimum subtotal not reached: no discount',
      input: { lines: [line('a', 1000, 1)], coupon: { type: 'percent' as const, value: 10, minSubtotal: 5000 } },
      expected: { subtotal: 1000, discount: 0, shipping: 0, tax: 0, total: 1000, lineTaxes: [0] },
    },
    {
      name: 'tax-inclusive prices: tax is extracted, the total does not grow',
      input: {
        lines: [line('a', 1200, 1)],
        shipping: { amount: 600 },
        tax: { rateBp: 2000, appliesToShipping: true },
        pricesIncludeTax: true,
      },
      // 1200 × 2000/12000 = 200; shipping 600 → 100
      expected: { subtotal: 1200, discount: 0, shipping: 600, tax: 300, total: 1800, lineTaxes: [200] },
    },
  ])('$name', ({ input, expected }) => {
    const r = priceOrder(input);
    expect({
      subtotal: r.subtotal,
      discount: r.discount,
      shipping: r.shipping,
      tax: r.tax,
      total: r.total,
      lineTaxes: r.lines.map((l) => l.tax),
    }).toEqual(expected);
    expect(r.lines.reduce((s, l) => s + l.discount, 0)).toBe(r.discount);
    for (const v of [r.subtotal, r.discount, r.shipping, r.tax, r.total, ...r.lines.map((l) => l.tax)])
      expect(Number.isInteger(v)).toBe(true);
  });

  it('leaves gift-card lines undiscounted and untaxed, and out of coupon minimums and the free-shipping threshold', () => {
    const card = { ...line('card', 5000, 1), giftCard: true };
    const r = priceOrder({
      lines: [line('a', 2000, 1), card],
      coupon: { type: 'percent', value: 10 },
      shipping: { amount: 599, freeOver: 5000 },
      tax: { rateBp: 1000, appliesToShipping: false },
    });
    // 10 % of the 2000 of goods only; shipping is charged (1800 of goods is under 5000); 10 % tax on 1800.
    expect(r).toMatchObject({ subtotal: 7000, discount: 200, shipping: 599, tax: 180, total: 7000 - 200 + 599 + 180 });
    expect(r.lines.map((l) => [l.discount, l.tax])).toEqual([
      [200, 180],
      [0, 0],
    ]);
    expect(priceOrder({ lines: [card], coupon: { type: 'fixed', value: 500 } }).couponProblem).toMatch(/qualifies/);
    expect(
      priceOrder({ lines: [line('a', 100, 1), card], coupon: { type: 'percent', value: 10, minSubtotal: 500 } }).couponProblem,
    ).toMatch(/minimum/);
  });

  it('says why a coupon did not apply', () => {
    expect(priceOrder({ lines: [line('a', 100, 1)], coupon: { type: 'percent', value: 10, minSubtotal: 500 } }).couponProblem).toMatch(
      /minimum/,
    );
    expect(
      priceOrder({ lines: [line('a', 100, 1, ['x'])], coupon: { type: 'percent', value: 10, categoryIds: ['y'] } }).couponProblem,
    ).toMatch(/qualifies/);
  });
});
