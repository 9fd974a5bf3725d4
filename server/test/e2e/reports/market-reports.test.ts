import { DashboardReport, type Order } from '@bazaar/shared';
import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { FakeClock } from '../../support/fakes';
import { address, checkout, createProduct, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
const clock = new FakeClock(Date.UTC(2026, 10, 20, 10, 0));
beforeAll(async () => {
  t = await createTestApp({}, { clock });
  await seedPricing(t);
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '0.8' }).expect(200);
  await admin.put('/api/v1/admin/exchange-rates/JPY', { rate: '150' }).expect(200);
  for (const [code, currency, country] of [
    ['eu', 'EUR', 'DE'],
    ['jp', 'JPY', 'JP'],
  ])
    await admin
      .post('/api/v1/admin/markets', {
        code,
        name: code,
        currency,
        defaultLanguage: 'en',
        languages: ['en'],
        countries: [country],
        rounding: 'exact',
      })
      .expect(201);
});
afterAll(() => t.close());

async function paidOrder(variantId: string, market?: string, country = 'US'): Promise<Order> {
  const shopper = await guestBrowser(t);
  await shopper.post('/api/v1/cart/items', { variantId, quantity: 1 }).expect(200);
  if (market) await shopper.put('/api/v1/cart/market', { market }).expect(200);
  const shippingAddress = country === 'US' ? address : { ...address, region: '', postalCode: '10115', country };
  const { order, payment } = (await checkout(shopper, `m-${Math.random()}`, { shippingAddress }).expect(201)).body;
  await shopper.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
  return order;
}

describe('reports across markets', () => {
  it("converts each order to the base currency at the order's own rate, across minor-unit scales", async () => {
    const p = await createProduct(t, { price: 2000, stock: 50, title: 'World lamp' });
    const usd = await paidOrder(p.variants[0]!.id);
    const eur = await paidOrder(p.variants[0]!.id, 'eu', 'DE');
    expect(eur.totals.total.currency).toBe('EUR');
    // The rate changes afterwards: the report still uses the rate the order was priced at.
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '0.5' }).expect(200);
    const jpy = await paidOrder(p.variants[0]!.id, 'jp', 'GB');
    expect(jpy.totals.total.currency).toBe('JPY');

    const report = DashboardReport.parse(
      (await admin.get('/api/v1/admin/reports/dashboard?from=2026-11-20&to=2026-11-20').expect(200)).body,
    );
    const expected =
      usd.totals.total.amount + Math.round(eur.totals.total.amount / 0.8) + Math.round((jpy.totals.total.amount * 100) / 150);
    expect(report.salesByDay[0]).toMatchObject({ date: '2026-11-20', orders: 3, revenue: expected });
    expect(report.current.revenue).toBe(expected);
    const lamp = report.topProducts.find((x) => x.productId === p.id)!;
    // Each order's line of 20.00 (16.00 EUR, ¥3,000) is 20.00 again in the base currency.
    expect(lamp).toMatchObject({ unitsSold: 3, revenue: 6000 });
  });
});
