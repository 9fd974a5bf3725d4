import { DashboardReport, type Order } from '@bazaar/shared';
import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { FakeClock } from '../../support/fakes';
import { checkout, createProduct, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const clock = new FakeClock(Date.UTC(2026, 10, 16, 10, 0));
const at = (iso: string) => {
  const ms = Date.parse(iso);
  clock.advance(ms - clock.now().getTime());
};
beforeAll(async () => {
  t = await createTestApp({}, { clock });
  await seedPricing(t);
});
afterAll(() => t.close());

type Product = Awaited<ReturnType<typeof createProduct>>;
interface Placed {
  order: Order;
  shopper: Browser;
}

/** A guest buys the lines at the clock's current time; `pay` decides what happens to the payment. */
async function placeOrder(lines: [Product, number][], pay: 'succeeded' | 'declined' | 'none' = 'succeeded'): Promise<Placed> {
  const shopper = await guestBrowser(t);
  for (const [p, quantity] of lines) await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity }).expect(200);
  const { order, payment } = (await checkout(shopper, `dash-${Math.random()}`).expect(201)).body as {
    order: Order;
    payment: { id: string };
  };
  if (pay !== 'none') await shopper.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: pay }).expect(200);
  return { order: (await t.container.orders.adminGet(order.id)) as Order, shopper };
}

async function admin() {
  return (await signedInBrowser(t, 'admin')).browser;
}

const VISITOR = (i: number) => `eeeeeeee-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('GET /api/v1/admin/reports/dashboard', () => {
  let A: Product, B: Product, C: Product, low: Product;
  const placed = {} as Record<'previous' | 'twoA' | 'oneB' | 'declined' | 'mixed' | 'refunded' | 'unpaid', Placed>;

  beforeAll(async () => {
    A = await createProduct(t, { price: 3000, stock: 100, title: 'Alpha lamp' });
    B = await createProduct(t, { price: 1500, stock: 100, title: 'Beta mug' });
    C = await createProduct(t, { price: 9000, stock: 100, title: 'Gamma chair' });
    low = await createProduct(t, { price: 500, stock: 2, title: 'Delta socks' });
    await t.container.db.execute('UPDATE inventory_levels SET low_stock_threshold = 5 WHERE variant_id = ?', [low.variants[0]!.id]);

    at('2026-11-16T10:00:00Z');
    placed.previous = await placeOrder([[A, 1]]); // comparison period
    at('2026-11-20T09:00:00Z');
    placed.twoA = await placeOrder([[A, 2]]);
    at('2026-11-20T15:00:00Z');
    placed.oneB = await placeOrder([[B, 1]]);
    at('2026-11-21T11:00:00Z');
    placed.declined = await placeOrder([[C, 1]], 'declined');
    at('2026-11-22T23:59:00Z');
    placed.mixed = await placeOrder([
      [A, 1],
      [B, 2],
    ]);
    at('2026-11-23T08:00:00Z');
    placed.refunded = await placeOrder([[C, 1]]);
    at('2026-11-23T10:00:00Z');
    placed.unpaid = await placeOrder([[B, 1]], 'none');

    // Refunds come later but belong to the day the order was paid.
    at('2026-11-23T18:00:00Z');
    const staff = await admin();
    const bLine = placed.mixed.order.items.find((i) => i.variantId === B.variants[0]!.id)!;
    await staff.post(`/api/v1/admin/orders/${placed.mixed.order.id}/refunds`, { lines: [{ itemId: bLine.id, quantity: 1 }] }).expect(200);
    await staff.post(`/api/v1/admin/orders/${placed.refunded.order.id}/refunds`, { full: true }).expect(200);
    for (const p of Object.values(placed)) p.order = (await t.container.orders.adminGet(p.order.id)) as Order;
    expect(placed.mixed.order.status).toBe('partially_refunded');
    expect(placed.refunded.order.status).toBe('refunded');

    // Consented shopper events: 3 visitors on the 20th (2 buy), 3 on the 22nd (1 buys; visitor 3 only searches), 4 on the 17th and 1 on the 19th (comparison period).
    const events = t.container.analytics['events'];
    const ev = (v: number, type: 'page_view' | 'product_view' | 'add_to_cart' | 'checkout_started' | 'purchase', iso: string) => ({
      visitorId: VISITOR(v),
      userId: null,
      type,
      productId: type === 'product_view' || type === 'add_to_cart' ? A.id : null,
      query: null,
      resultCount: null,
      properties: null,
      occurredAt: new Date(iso),
    });
    const search = (v: number, query: string, resultCount: number, iso: string) => ({
      visitorId: VISITOR(v),
      userId: null,
      type: 'search' as const,
      productId: null,
      query,
      resultCount,
      properties: null,
      occurredAt: new Date(iso),
    });
    await events.insert([
      ev(1, 'page_view', '2026-11-20T08:00:00Z'),
      ev(1, 'product_view', '2026-11-20T08:01:00Z'),
      ev(1, 'add_to_cart', '2026-11-20T08:02:00Z'),
      ev(1, 'checkout_started', '2026-11-20T08:03:00Z'),
      ev(1, 'purchase', '2026-11-20T08:04:00Z'),
      ev(2, 'product_view', '2026-11-20T14:00:00Z'),
      ev(2, 'add_to_cart', '2026-11-20T14:01:00Z'),
      ev(2, 'checkout_started', '2026-11-20T14:02:00Z'),
      ev(2, 'purchase', '2026-11-20T14:03:00Z'),
      ev(3, 'page_view', '2026-11-20T20:00:00Z'),
      ev(1, 'page_view', '2026-11-22T09:00:00Z'),
      ev(4, 'product_view', '2026-11-22T09:00:00Z'),
      ev(4, 'add_to_cart', '2026-11-22T09:01:00Z'),
      ev(4, 'checkout_started', '2026-11-22T09:02:00Z'),
      ev(4, 'purchase', '2026-11-22T23:58:00Z'),
      ev(5, 'page_view', '2026-11-17T09:00:00Z'),
      ev(6, 'page_view', '2026-11-17T09:00:00Z'),
      ev(7, 'page_view', '2026-11-17T09:00:00Z'),
      ev(8, 'purchase', '2026-11-17T09:00:00Z'),
      search(1, 'lamp', 4, '2026-11-20T08:00:30Z'),
      search(2, 'lamp', 4, '2026-11-20T13:00:00Z'),
      search(3, 'lamp', 0, '2026-11-22T13:00:00Z'),
      search(3, 'unicorn', 0, '2026-11-20T20:01:00Z'),
      search(1, 'unicorn', 0, '2026-11-22T10:00:00Z'),
      search(4, 'mug', 2, '2026-11-22T10:00:00Z'),
      // The last instant of the comparison period: counts there, not in the current period.
      search(5, 'before the period', 0, '2026-11-19T23:59:59.999Z'),
    ]);
    // The nightly roll-up, run a day after the period ends (every cart has been idle long enough).
    at('2026-11-24T12:00:00Z');
    await t.container.jobs.enqueue('analytics.rollup-daily', {
      days: ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'],
    });
    await t.runJobs();
  });

  const net = (o: Order) => o.totals.total.amount - o.refunded.amount;
  /** A line's price less its discount, for the units not refunded. */
  const lineRevenue = (o: Order, variantId: string) =>
    o.items
      .filter((i) => i.variantId === variantId)
      .reduce((s, i) => s + Math.round(((i.lineTotal.amount - i.discount.amount) * (i.quantity - i.refundedQuantity)) / i.quantity), 0);

  it('reports money from paid orders net of refunds, behaviour from the roll-ups, with the comparison period', async () => {
    const staff = await admin();
    const res = await staff.get('/api/v1/admin/reports/dashboard?from=2026-11-20&to=2026-11-23').expect(200);
    const report = DashboardReport.parse(res.body);
    const { previous, twoA, oneB, mixed, refunded } = placed;

    expect(report.currency).toBe('USD');
    expect(report.period).toEqual({ from: '2026-11-20', to: '2026-11-23' });
    expect(report.comparison).toEqual({ from: '2026-11-16', to: '2026-11-19' });

    const revenue20 = net(twoA.order) + net(oneB.order);
    const revenue22 = net(mixed.order);
    const revenue23 = net(refunded.order);
    expect(revenue23).toBe(0);
    expect(report.salesByDay).toEqual([
      { date: '2026-11-20', revenue: revenue20, orders: 2, previousRevenue: net(previous.order), previousOrders: 1 },
      { date: '2026-11-21', revenue: 0, orders: 0, previousRevenue: 0, previousOrders: 0 },
      { date: '2026-11-22', revenue: revenue22, orders: 1, previousRevenue: 0, previousOrders: 0 },
      // The fully refunded order brings nothing and is not counted; the unpaid one is not there at all.
      { date: '2026-11-23', revenue: 0, orders: 0, previousRevenue: 0, previousOrders: 0 },
    ]);
    const revenue = revenue20 + revenue22;
    // Carts: the declined and the unpaid checkouts were left with items (abandoned); four carts became paid orders.
    expect(report.current).toEqual({
      revenue,
      orders: 3,
      averageOrderValue: Math.round(revenue / 3),
      visitors: 3 + 3,
      conversionRate: 3 / 6,
      cartAbandonmentRate: 2 / 6,
    });
    expect(report.previous).toEqual({
      revenue: net(previous.order),
      orders: 1,
      averageOrderValue: net(previous.order),
      visitors: 4 + 1,
      conversionRate: 1 / 5,
      cartAbandonmentRate: 0,
    });

    const aRevenue = lineRevenue(twoA.order, A.variants[0]!.id) + lineRevenue(mixed.order, A.variants[0]!.id);
    const bRevenue = lineRevenue(oneB.order, B.variants[0]!.id) + lineRevenue(mixed.order, B.variants[0]!.id);
    expect(report.topProducts).toEqual([
      { productId: A.id, title: 'Alpha lamp', slug: A.slug, unitsSold: 3, revenue: aRevenue },
      { productId: B.id, title: 'Beta mug', slug: B.slug, unitsSold: 2, revenue: bRevenue },
    ]);
    expect(aRevenue).toBe(3 * 3000);
    expect(bRevenue).toBe(2 * 1500);

    expect(report.lowStock).toEqual([
      { variantId: low.variants[0]!.id, sku: low.variants[0]!.sku, productTitle: 'Delta socks', available: 2, threshold: 5 },
    ]);
    expect(report.funnel).toEqual({ visitors: 6, productViews: 3, addToCart: 3, checkoutStarted: 3, purchases: 3 });
    expect(report.topSearches).toEqual([
      { query: 'lamp', count: 3 },
      { query: 'unicorn', count: 2 },
      { query: 'mug', count: 1 },
    ]);
    expect(report.zeroResultSearches).toEqual([
      { query: 'unicorn', count: 2 },
      { query: 'lamp', count: 1 },
    ]);
  });

  it('defaults to the last 30 days up to today (one entry per day, zeros included)', async () => {
    const staff = await admin();
    const report = DashboardReport.parse((await staff.get('/api/v1/admin/reports/dashboard').expect(200)).body);
    expect(report.period).toEqual({ from: '2026-10-26', to: '2026-11-24' });
    expect(report.comparison).toEqual({ from: '2026-09-26', to: '2026-10-25' });
    expect(report.salesByDay).toHaveLength(30);
    expect(report.salesByDay[0]!.date).toBe('2026-10-26');
    expect(report.salesByDay.at(-1)!.date).toBe('2026-11-24');
    const { previous, twoA, oneB, mixed } = placed;
    expect(report.current.revenue).toBe(net(previous.order) + net(twoA.order) + net(oneB.order) + net(mixed.order));
    expect(report.current.orders).toBe(4);
    expect(report.salesByDay.reduce((s, d) => s + d.revenue, 0)).toBe(report.current.revenue);
    // With only `to`, the 30 days up to it.
    const upTo = (await staff.get('/api/v1/admin/reports/dashboard?to=2026-11-19').expect(200)).body;
    expect(upTo.period).toEqual({ from: '2026-10-21', to: '2026-11-19' });
  });

  it('refuses bad periods with 400 and keeps support staff out (no reports:read)', async () => {
    const staff = await admin();
    for (const q of [
      'from=2026-11-23&to=2026-11-20',
      'from=2025-01-01&to=2026-11-20',
      'from=2026-02-30',
      'from=20261120',
      'from=2024-01-01',
      'days=7',
    ]) {
      const res = await staff.get(`/api/v1/admin/reports/dashboard?${q}`);
      expect({ q, status: res.status, code: res.body.error?.code }).toEqual({ q, status: 400, code: 'VALIDATION_FAILED' });
    }
    // Exactly 366 days is allowed.
    expect((await staff.get('/api/v1/admin/reports/dashboard?from=2025-11-24&to=2026-11-24').expect(200)).body.salesByDay).toHaveLength(
      366,
    );
    const { browser: support } = await signedInBrowser(t, 'support');
    expect((await support.get('/api/v1/admin/reports/dashboard').expect(403)).body.error.code).toBe('FORBIDDEN');
  });
});
