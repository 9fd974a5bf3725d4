import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { address, checkout, createProduct, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';
import { openMarket } from '../../support/markets';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp({ SHOP_LANGUAGES: 'en,de' });
  await seedPricing(t);
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  await openMarket(admin, '0.9', {
    code: 'eu',
    name: 'Europe',
    currency: 'EUR',
    defaultLanguage: 'de',
    languages: ['de', 'en'],
    countries: ['DE'],
    rounding: 'x99',
  });
});
afterAll(() => t.close());

const germanAddress = { ...address, city: 'Berlin', region: 'BE', postalCode: '10115', country: 'DE' };

describe('a cart and an order in a market', () => {
  it('re-prices the cart in the market currency with a warning once, and the order is bought in that currency at the stored rate', async () => {
    const p = await createProduct(t, { price: 2000 });
    const shopper = await guestBrowser(t);
    const added = (await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 2 }).expect(200)).body;
    expect(added).toMatchObject({ market: 'default', totals: { subtotal: { amount: 4000, currency: 'USD' } } });

    const switched = (await shopper.put('/api/v1/cart/market', { market: 'eu' }).expect(200)).body;
    expect(switched.market).toBe('eu');
    expect(switched.items[0].unitPrice).toEqual({ amount: 1899, currency: 'EUR' }); // 18.00 → 18.99
    expect(switched.totals.subtotal).toEqual({ amount: 3798, currency: 'EUR' });
    expect(switched.warnings[0].code).toBe('MARKET_CHANGED');
    // The warning is said once; the cart stays in the market.
    const again = (await shopper.get('/api/v1/cart').expect(200)).body;
    expect(again.warnings).toEqual([]);
    expect(again.totals.subtotal.currency).toBe('EUR');

    await shopper.put('/api/v1/cart/market', { market: 'mars' }).expect(400);
    const credit = await checkout(shopper, 'eu-credit', { shippingAddress: germanAddress, useStoreCredit: true }).expect(400);
    expect(credit.body.error.message).toMatch(/USD only/);

    const placed = (await checkout(shopper, 'eu-order', { shippingAddress: germanAddress }).expect(201)).body;
    // Shipping 5.99 USD at 0.9 → 5.39 EUR (exact conversion of a fixed amount); no tax rate for DE here.
    expect(placed.order.totals).toMatchObject({
      subtotal: { amount: 3798, currency: 'EUR' },
      shipping: { amount: 539, currency: 'EUR' },
      total: { amount: 4337, currency: 'EUR' },
    });
    const row = await t.container.db.one<{ currency: string; market_code: string; exchange_rate: string; unit_price: number }>(
      'SELECT o.currency, o.market_code, o.exchange_rate, oi.unit_price FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.id = ?',
      [placed.order.id],
    );
    expect(row).toMatchObject({ currency: 'EUR', market_code: 'eu', unit_price: 1899 });
    expect(Number(row!.exchange_rate)).toBe(0.9);
    const payment = await t.container.db.one<{ currency: string; amount: number }>(
      'SELECT currency, amount FROM payments WHERE order_id = ?',
      [placed.order.id],
    );
    expect(payment).toMatchObject({ currency: 'EUR', amount: 4337 });
  });

  it('keeps gift cards in the shop currency: none added in another currency, no move while the cart holds one', async () => {
    const card = await createProduct(t, { price: 5000, giftCard: true });
    const shopper = await guestBrowser(t);
    const giftCard = { recipientEmail: 'friend@example.com' };
    await shopper.post('/api/v1/cart/items', { variantId: card.variants[0]!.id, quantity: 1, giftCard }).expect(200);
    const refused = await shopper.put('/api/v1/cart/market', { market: 'eu' }).expect(409);
    expect(refused.body.error.message).toMatch(/Gift cards are sold in USD only/);
    expect((await shopper.get('/api/v1/cart').expect(200)).body.market).toBe('default');

    const other = await guestBrowser(t);
    await other.put('/api/v1/cart/market', { market: 'eu' }).expect(200);
    await other.post('/api/v1/cart/items', { variantId: card.variants[0]!.id, quantity: 1, giftCard }).expect(409);
    // Back to the default market, the shop's own prices.
    const p = await createProduct(t, { price: 1234 });
    await other.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    const home = (await other.put('/api/v1/cart/market', { market: 'default' }).expect(200)).body;
    expect(home.items[0].unitPrice).toEqual({ amount: 1234, currency: 'USD' });
  });
});
