import { guestBrowser, signedInBrowser } from '../../support/browser';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SHOP_CURRENCY: 'EUR' });
});
afterAll(() => t.close());

it('every amount is in the configured shop currency: shipping methods, the cart', async () => {
  const { browser: admin } = await signedInBrowser(t, 'admin');
  await admin.post('/api/v1/admin/shipping-methods', { name: 'Kurier', amount: 700, freeOver: 5000 }).expect(201);
  const methods = (await t.agent().get('/api/v1/shipping-methods?country=DE').expect(200)).body.items;
  const kurier = methods.find((m: { name: string }) => m.name === 'Kurier');
  expect(kurier).toMatchObject({ price: { amount: 700, currency: 'EUR' }, freeOver: { amount: 5000, currency: 'EUR' } });
  expect(methods.every((m: { price: { currency: string } }) => m.price.currency === 'EUR')).toBe(true);

  const p = await createProduct(t, { price: 1500 });
  const shopper = await guestBrowser(t);
  const cart = (await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200)).body;
  expect(cart.totals.total).toEqual({ amount: 1500, currency: 'EUR' });
});
