import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { address, checkout, createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

describe('pricing rules admin', () => {
  it('creates shipping methods and tax rates that checkout then uses', async () => {
    const method = (await admin.post('/api/v1/admin/shipping-methods', { name: 'Courier', amount: 900, countries: ['us'] }).expect(201))
      .body;
    expect(method).toMatchObject({ name: 'Courier', amount: 900, countries: ['US'], active: true });
    const rate = (
      await admin
        .post('/api/v1/admin/tax-rates', { country: 'us', region: 'wa', name: 'WA tax', rateBp: 1000, appliesToShipping: false })
        .expect(201)
    ).body;
    expect(rate).toMatchObject({ country: 'US', region: 'WA', rateBp: 1000, appliesToShipping: false });
    await admin.post('/api/v1/admin/tax-rates', { country: 'US', region: 'WA', name: 'again', rateBp: 1 }).expect(409);

    const p = await createProduct(t, { price: 2000 });
    const shopper = await guestBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    const { order } = (
      await checkout(shopper, 'pricing-1', { shippingMethodId: method.id, shippingAddress: { ...address, region: 'WA' } }).expect(201)
    ).body;
    expect(order.totals).toMatchObject({ shipping: { amount: 900 }, tax: { amount: 200 }, total: { amount: 3100 } });

    await admin.patch(`/api/v1/admin/shipping-methods/${method.id}`, { active: false }).expect(200);
    expect(
      (await t.agent().get('/api/v1/shipping-methods?country=US').expect(200)).body.items.map((m: { id: string }) => m.id),
    ).not.toContain(method.id);
    await admin.delete(`/api/v1/admin/tax-rates/${rate.id}`).expect(204);
    await admin.delete(`/api/v1/admin/tax-rates/${rate.id}`).expect(404);
  });

  it('lists, edits and removes shipping methods and tax rates, reading back what was stored', async () => {
    const base = '/api/v1/admin/shipping-methods';
    const later = (await admin.post(base, { name: 'B later', amount: 500, sortOrder: 9 }).expect(201)).body;
    expect(later).toEqual({
      id: later.id,
      name: 'B later',
      amount: 500,
      freeOver: null,
      countries: null,
      estimate: null,
      active: true,
      sortOrder: 9,
    });
    const first = (
      await admin
        .post(base, { name: 'A first', amount: 700, freeOver: 5000, countries: ['de', 'fr'], estimate: '2 days', sortOrder: -1 })
        .expect(201)
    ).body;
    const listed = (await admin.get(base).expect(200)).body.items as { id: string }[];
    expect(listed.find((m) => m.id === first.id)).toEqual({ ...first, freeOver: 5000, countries: ['DE', 'FR'], estimate: '2 days' });
    expect(listed.findIndex((m) => m.id === first.id)).toBeLessThan(listed.findIndex((m) => m.id === later.id));

    const offered = async (country: string) =>
      (await t.agent().get(`/api/v1/shipping-methods?country=${country}`).expect(200)).body.items.map((m: { id: string }) => m.id);
    expect(await offered('DE')).toEqual(expect.arrayContaining([first.id, later.id]));
    expect(await offered('US')).not.toContain(first.id);

    // A partial change keeps the rest; null clears a JSON column; no field changes nothing.
    const changed = (await admin.patch(`${base}/${first.id}`, { countries: null, amount: 750 }).expect(200)).body;
    expect(changed).toEqual({ ...first, countries: null, amount: 750 });
    expect((await admin.patch(`${base}/${first.id}`, {}).expect(200)).body).toEqual(changed);
    expect((await admin.get(base).expect(200)).body.items.find((m: { id: string }) => m.id === first.id)).toEqual(changed);
    await admin.patch(`${base}/00000000-0000-4000-8000-000000000000`, { amount: 1 }).expect(404);
    await admin.delete(`${base}/${later.id}`).expect(204);
    await admin.delete(`${base}/${later.id}`).expect(404);

    const rates = '/api/v1/admin/tax-rates';
    const country = (await admin.post(rates, { country: 'nl', name: 'BTW', rateBp: 2100 }).expect(201)).body;
    expect(country).toEqual({ id: country.id, country: 'NL', region: '', name: 'BTW', rateBp: 2100, appliesToShipping: true });
    const region = (await admin.post(rates, { country: 'NL', region: 'nh', name: 'NH', rateBp: 900 }).expect(201)).body;
    const nl = (await admin.get(rates).expect(200)).body.items.filter((r: { country: string }) => r.country === 'NL');
    expect(nl).toEqual([country, region]);
    await admin.patch(`${rates}/${region.id}`, { region: '' }).expect(409);
    expect((await admin.patch(`${rates}/${region.id}`, { appliesToShipping: false }).expect(200)).body).toEqual({
      ...region,
      appliesToShipping: false,
    });
  });

  it('manages coupons: validation, unique codes, and a used coupon is deactivated rather than deleted', async () => {
    await admin.post('/api/v1/admin/coupons', { code: 'TOO-MUCH', type: 'percent', value: 150 }).expect(400);
    const coupon = (
      await admin
        .post('/api/v1/admin/coupons', { code: 'spring-5', type: 'fixed', value: 500, minSubtotal: 1000, usageLimit: 10 })
        .expect(201)
    ).body;
    expect(coupon).toMatchObject({ code: 'SPRING-5', usedCount: 0, active: true });
    await admin.post('/api/v1/admin/coupons', { code: 'SPRING-5', type: 'fixed', value: 1 }).expect(409);

    const p = await createProduct(t, { price: 3000 });
    const shopper = await guestBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    await shopper.post('/api/v1/cart/coupon', { code: 'spring-5' }).expect(200);
    await checkout(shopper, 'coupon-admin', {
      shippingMethodId: (await admin.post('/api/v1/admin/shipping-methods', { name: 'Std', amount: 0 }).expect(201)).body.id,
    }).expect(201);

    await admin.delete(`/api/v1/admin/coupons/${coupon.id}`).expect(204);
    const after = (await admin.get('/api/v1/admin/coupons').expect(200)).body.items.find((c: { id: string }) => c.id === coupon.id);
    expect(after).toMatchObject({ active: false, usedCount: 1 });
    const other = await guestBrowser(t);
    await other.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    await other.post('/api/v1/cart/coupon', { code: 'SPRING-5' }).expect(400);

    const unused = (await admin.post('/api/v1/admin/coupons', { code: 'GONE', type: 'percent', value: 5 }).expect(201)).body;
    await admin.delete(`/api/v1/admin/coupons/${unused.id}`).expect(204);
    expect((await admin.get('/api/v1/admin/coupons').expect(200)).body.items.map((c: { code: string }) => c.code)).not.toContain('GONE');
  });

  it('is for settings:write only', async () => {
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.get('/api/v1/admin/coupons').expect(403);
  });
});
