import type { Order } from '@bazaar/shared';
import { parseMoneyInput, toMoneyInput } from '../../components/format';
import { descendantsOf, flattenTree } from './catalog/CategoriesPage';
import { moveId } from './catalog/ImageManager';
import { buildMatrix } from './catalog/variant-matrix';
import { planRefund } from './orders/RefundDialog';
import { bodyFrom, RESOURCES } from './PricingPage';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const item = (id: string, quantity: number, unit: number, tax: number, refundedQuantity = 0) => ({
  id,
  variantId: null,
  sku: id.toUpperCase(),
  title: id,
  variantTitle: '',
  quantity,
  refundedQuantity,
  unitPrice: usd(unit),
  discount: usd(0),
  tax: usd(tax),
  lineTotal: usd(unit * quantity),
});
const order = {
  id: 'o1',
  number: 'BZ-1',
  status: 'paid',
  paymentStatus: 'paid',
  email: 'a@b.c',
  items: [item('a', 2, 2000, 160), item('b', 1, 3500, 140)],
  totals: { subtotal: usd(7500), discount: usd(0), shipping: usd(599), tax: usd(300), total: usd(8399) },
  refunded: usd(0),
} as unknown as Order;

describe('money input', () => {
  it('reads decimals into minor units without floating point, and refuses what is not an amount', () => {
    expect(parseMoneyInput('12.5')).toBe(1250);
    expect(parseMoneyInput(' 1,299.99 ')).toBe(129999);
    expect(parseMoneyInput('0.07')).toBe(7);
    expect(parseMoneyInput('19')).toBe(1900);
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '.5']) expect(parseMoneyInput(bad)).toBeUndefined();
    expect(toMoneyInput(1250)).toBe('12.50');
    expect(toMoneyInput(7)).toBe('0.07');
  });

  it('reads amounts the way the language writes them', () => {
    expect(parseMoneyInput('25,00', 2, 'de')).toBe(2500);
    expect(parseMoneyInput('1.299,99', 2, 'de')).toBe(129999);
    expect(parseMoneyInput('1.299', 2, 'de')).toBe(129900);
    // An English habit in German: a dot before two final digits is still the decimal point.
    expect(parseMoneyInput('25.50', 2, 'de')).toBe(2550);
    expect(parseMoneyInput('25,5', 2, 'de')).toBe(2550);
    expect(parseMoneyInput('25,555', 2, 'de')).toBeUndefined();
    expect(parseMoneyInput('1,299.99', 2, 'en')).toBe(129999);
  });

  it("follows the currency's minor digits (JPY none, KWD three)", () => {
    expect(parseMoneyInput('1,299', 0)).toBe(1299);
    expect(parseMoneyInput('12.5', 0)).toBeUndefined();
    expect(parseMoneyInput('6.139', 3)).toBe(6139);
    expect(parseMoneyInput('6.1', 3)).toBe(6100);
    expect(parseMoneyInput('6.1391', 3)).toBeUndefined();
    expect(toMoneyInput(1299, 0)).toBe('1299');
    expect(toMoneyInput(6139, 3)).toBe('6.139');
    expect(toMoneyInput(5, 3)).toBe('0.005');
  });
});

describe('refund plan', () => {
  it('prices a line refund as its paid share per unit, like the server, and refuses empty or excessive requests', () => {
    expect(planRefund(order, 'lines', '', { a: 1 })).toEqual({ request: { lines: [{ itemId: 'a', quantity: 1 }] }, amount: 2080 });
    expect(planRefund(order, 'lines', '', { a: 2, b: 1 })).toMatchObject({ amount: 4160 + 3640 });
    expect(planRefund(order, 'lines', '', {})).toEqual({ error: 'Choose at least one item' });
    expect(planRefund(order, 'amount', '10', {})).toEqual({ request: { amount: 1000 }, amount: 1000 });
    expect(planRefund(order, 'amount', '83.99', {})).toMatchObject({ amount: 8399 });
    expect(planRefund(order, 'amount', '84.00', {})).toEqual({ error: 'At most $83.99 can be refunded' });
    expect(planRefund(order, 'amount', '0', {})).toEqual({ error: 'Enter an amount like 12.50' });
    expect(planRefund({ ...order, refunded: usd(2080) }, 'full', '', {})).toEqual({ request: { full: true }, amount: 8399 - 2080 });
  });

  it('refunds the money of gift cards still held only with them, by item: an amount may not reach into it', () => {
    const card = { ...item('g', 2, 2500, 0), giftCard: { recipientEmail: 'ana@example.com' } };
    const withCards = { ...order, items: [...order.items, card], totals: { ...order.totals, total: usd(13399) } } as Order;
    expect(planRefund(withCards, 'amount', '83.99', {})).toMatchObject({ amount: 8399 });
    expect(planRefund(withCards, 'amount', '84.00', {})).toEqual({
      error: 'At most $83.99 can be refunded by amount: refund gift cards by item',
    });
    // One card refunded by item already: half of their money is no longer held.
    expect(
      planRefund(
        { ...withCards, items: [...order.items, { ...card, refundedQuantity: 1 }], refunded: usd(2500) } as Order,
        'amount',
        '83.99',
        {},
      ),
    ).toMatchObject({
      amount: 8399,
    });
    expect(planRefund(withCards, 'lines', '', { g: 1 })).toMatchObject({
      request: { lines: [{ itemId: 'g', quantity: 1 }] },
      amount: 2500,
    });
  });
});

describe('options matrix', () => {
  it('makes every combination with SKUs, and keeps what was typed for combinations that remain', () => {
    const first = buildMatrix(
      [
        { name: 'Size', values: 'S, M' },
        { name: 'Colour', values: 'Red' },
      ],
      'Trail tent',
      { price: '10.00', stock: '3' },
    );
    expect(first.map((v) => [v.options, v.sku])).toEqual([
      [{ Size: 'S', Colour: 'Red' }, 'TRAIL-TENT-S-RED'],
      [{ Size: 'M', Colour: 'Red' }, 'TRAIL-TENT-M-RED'],
    ]);
    first[0]!.price = '12.00';
    const second = buildMatrix(
      [
        { name: 'Size', values: 'S, M, S' },
        { name: 'Colour', values: 'Red, Blue' },
      ],
      'Trail tent',
      { price: '10.00', stock: '3' },
      first,
    );
    expect(second).toHaveLength(4);
    expect(second.find((v) => v.sku === 'TRAIL-TENT-S-RED')!.price).toBe('12.00');
    expect(buildMatrix([{ name: 'Size', values: ' ' }], '', { price: '1', stock: '0' })).toEqual([
      { options: {}, sku: 'SKU', price: '1', stock: '0' },
    ]);
  });
});

describe('category tree', () => {
  const cats = [
    { id: 'b', name: 'B', slug: 'b', parentId: null, sortOrder: 2 },
    { id: 'a', name: 'A', slug: 'a', parentId: null, sortOrder: 1 },
    { id: 'a1', name: 'A1', slug: 'a1', parentId: 'a', sortOrder: 0 },
    { id: 'a1x', name: 'A1x', slug: 'a1x', parentId: 'a1', sortOrder: 0 },
  ];
  it('reads top to bottom with depths, and a category cannot move under its own descendants', () => {
    expect(flattenTree(cats).map((c) => `${c.depth}:${c.id}`)).toEqual(['0:a', '1:a1', '2:a1x', '0:b']);
    expect([...descendantsOf(cats, 'a')].sort()).toEqual(['a', 'a1', 'a1x']);
    expect([...descendantsOf(cats, 'b')]).toEqual(['b']);
  });
  it('moves an image id to another place', () => {
    expect(moveId(['x', 'y', 'z'], 0, 2)).toEqual(['y', 'z', 'x']);
    expect(moveId(['x', 'y', 'z'], 2, 1)).toEqual(['x', 'z', 'y']);
  });
});

describe('coupon, shipping and tax forms', () => {
  const [coupons, shipping, tax] = RESOURCES;
  it('sends money and rates as integers, leaves empty optional fields out on create and clears them on edit', () => {
    const draft = {
      code: 'spring',
      type: 'fixed',
      value: '5.00',
      minSubtotal: '',
      startsAt: '2026-12-01T09:30',
      endsAt: '',
      usageLimit: '100',
      perCustomerLimit: '',
      active: true,
    };
    expect(bodyFrom(coupons!, draft, false)).toEqual({
      code: 'spring',
      type: 'fixed',
      value: 500,
      startsAt: '2026-12-01T09:30:00.000Z',
      usageLimit: 100,
      active: true,
    });
    expect(bodyFrom(coupons!, { ...draft, type: 'percent', value: '15' }, true)).toMatchObject({
      value: 15,
      minSubtotal: null,
      endsAt: null,
      perCustomerLimit: null,
    });
    expect(coupons!.create.safeParse(bodyFrom(coupons!, draft, false)).success).toBe(true);
    expect(
      bodyFrom(
        shipping!,
        { name: 'Express', amount: '12.99', freeOver: '', countries: 'us, ca', estimate: '', sortOrder: '', active: true },
        false,
      ),
    ).toEqual({ name: 'Express', amount: 1299, countries: ['us', 'ca'], active: true });
    expect(bodyFrom(tax!, { country: 'us', region: '', name: 'Sales tax', rateBp: '8.25', appliesToShipping: false }, true)).toEqual({
      country: 'us',
      region: '',
      name: 'Sales tax',
      rateBp: 825,
      appliesToShipping: false,
    });
    const bad = coupons!.create.safeParse(bodyFrom(coupons!, { ...draft, value: 'ten' }, false));
    expect(bad.success).toBe(false);
  });
});

describe('dashboard periods', () => {
  it('counts the last n days inclusively and states changes against the previous period', async () => {
    const { change, lastDays } = await import('./DashboardPage');
    expect(lastDays(7, new Date('2026-11-24T15:00:00Z'))).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(lastDays(1, new Date('2026-11-24T00:00:00Z'))).toEqual({ from: '2026-11-24', to: '2026-11-24' });
    expect(change(150, 100)).toBe('+50.0 %');
    expect(change(75, 100)).toBe('-25.0 %');
    expect(change(5, 0)).toBe('new');
    expect(change(0, 0)).toBe('±0 %');
  });
});
