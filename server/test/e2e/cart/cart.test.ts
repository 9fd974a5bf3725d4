import { Browser, createUser, guestBrowser, signedInBrowser } from '../../support/browser';
import { createCoupon, createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('cart', () => {
  it('a guest adds, changes and removes items; totals are recomputed in minor units', async () => {
    const p = await createProduct(t, { price: 1999, variants: 2 });
    const guest = await guestBrowser(t);
    const empty = (await guest.get('/api/v1/cart').expect(200)).body;
    expect(empty).toMatchObject({ id: null, items: [], totals: { total: { amount: 0, currency: 'USD' } } });

    const one = (await guest.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 2 }).expect(200)).body;
    expect(one.items[0]).toMatchObject({
      quantity: 2,
      unitPrice: { amount: 1999, currency: 'USD' },
      lineTotal: { amount: 3998, currency: 'USD' },
      productSlug: p.slug,
      warnings: [],
    });
    const two = (await guest.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200)).body;
    expect(two.items[0].quantity).toBe(3);
    await guest.post('/api/v1/cart/items', { variantId: p.variants[1]!.id, quantity: 1 }).expect(200);
    const patched = (await guest.patch(`/api/v1/cart/items/${two.items[0].id}`, { quantity: 1 }).expect(200)).body;
    expect(patched.totals).toMatchObject({ subtotal: { amount: 3998 }, total: { amount: 3998 } });
    const removed = (await guest.delete(`/api/v1/cart/items/${two.items[0].id}`).expect(200)).body;
    expect(removed.items).toHaveLength(1);
    // Another browser never sees this cart.
    expect((await (await guestBrowser(t)).get('/api/v1/cart').expect(200)).body.items).toEqual([]);
  });

  it('refuses more than is available (409) and more than the line limit (400)', async () => {
    const p = await createProduct(t, { stock: 3 });
    const guest = await guestBrowser(t);
    const short = await guest.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 4 }).expect(409);
    expect(short.body.error.code).toBe('INSUFFICIENT_STOCK');
    const big = await createProduct(t, { stock: 100 });
    const limit = await guest.post('/api/v1/cart/items', { variantId: big.variants[0]!.id, quantity: 11 }).expect(400);
    expect(limit.body.error.details[0].path).toBe('quantity');
    await guest.post('/api/v1/cart/items', { variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 }).expect(404);
    await guest.post('/api/v1/cart/items', { variantId: big.variants[0]!.id, quantity: 0 }).expect(400);
  });

  it('warns when a price changed since the item was added, and when stock fell below the quantity', async () => {
    const p = await createProduct(t, { price: 1000, stock: 5 });
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 4 }).expect(200);
    await t.container.catalogAdmin.updateVariant(p.variants[0]!.id, { price: { amount: 1200, currency: 'USD' } });
    await t.container.inventory.apply([{ variantId: p.variants[0]!.id, delta: -3, reason: 'adjustment' }], {});
    const cart = (await guest.get('/api/v1/cart').expect(200)).body;
    expect(cart.items[0].warnings.map((w: { code: string }) => w.code).sort()).toEqual(['INSUFFICIENT_STOCK', 'PRICE_CHANGED']);
    expect(cart.totals.subtotal.amount).toBe(4800);
  });

  it('applies a valid coupon and refuses unknown or expired ones', async () => {
    await createCoupon(t, 'TENOFF', { value: 10 });
    await t.container.db.execute(
      "INSERT INTO coupons (id, code, type, value, ends_at, created_at) VALUES (UUID(), 'OLDONE', 'percent', 50, '2020-01-01', UTC_TIMESTAMP(3))",
    );
    const p = await createProduct(t, { price: 2000 });
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/cart/coupon', { code: 'TENOFF' }).expect(400); // nothing in the cart yet
    await guest.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    const withCoupon = (await guest.post('/api/v1/cart/coupon', { code: 'tenoff' }).expect(200)).body;
    expect(withCoupon.coupon).toEqual({ code: 'TENOFF' });
    expect(withCoupon.totals).toMatchObject({ discount: { amount: 200 }, total: { amount: 1800 } });
    expect((await guest.post('/api/v1/cart/coupon', { code: 'NOPE' }).expect(400)).body.error.message).toMatch(/does not exist/);
    expect((await guest.post('/api/v1/cart/coupon', { code: 'OLDONE' }).expect(400)).body.error.message).toMatch(/expired/);
    expect((await guest.delete('/api/v1/cart/coupon').expect(200)).body.totals.discount.amount).toBe(0);
  });

  it('merges the guest cart into the account at sign-in (quantities add, capped by stock)', async () => {
    const a = await createProduct(t, { stock: 4 });
    const b = await createProduct(t, { stock: 10 });
    const user = await createUser(t);
    const laptop = new Browser(t.agent());
    await laptop.login(user.email, user.password);
    await laptop.post('/api/v1/cart/items', { variantId: a.variants[0]!.id, quantity: 3 }).expect(200);

    const guest = await guestBrowser(t);
    await guest.post('/api/v1/cart/items', { variantId: a.variants[0]!.id, quantity: 2 }).expect(200);
    await guest.post('/api/v1/cart/items', { variantId: b.variants[0]!.id, quantity: 1 }).expect(200);
    await guest.login(user.email, user.password);
    const merged = (await guest.get('/api/v1/cart').expect(200)).body;
    const qty = Object.fromEntries(merged.items.map((i: { variantId: string; quantity: number }) => [i.variantId, i.quantity]));
    expect(qty).toEqual({ [a.variants[0]!.id]: 4, [b.variants[0]!.id]: 1 });
    // One cart per user across devices.
    expect((await laptop.get('/api/v1/cart').expect(200)).body.id).toBe(merged.id);
    expect(Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM carts WHERE user_id = ?', [user.id]))!.n)).toBe(1);
  });

  it('many shoppers creating their carts at the same moment all succeed (no deadlock on the carts_user index)', async () => {
    const p = await createProduct(t, { stock: 1000 });
    const shoppers = await Promise.all(Array.from({ length: 40 }, () => signedInBrowser(t)));
    const addAll = () =>
      Promise.all(shoppers.map(({ browser }) => browser.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 })));
    expect((await addAll()).map((r) => r.status)).toEqual(shoppers.map(() => 200));
    // As after paying: every cart deleted, then everyone starts a new one at once.
    await t.container.db.execute('DELETE FROM carts WHERE user_id IN (?)', [shoppers.map((s) => s.user.id)]);
    expect((await addAll()).map((r) => r.status)).toEqual(shoppers.map(() => 200));
    const carts = await t.container.db.select<{ n: number }>('SELECT COUNT(*) AS n FROM carts WHERE user_id IN (?) GROUP BY user_id', [
      shoppers.map((s) => s.user.id),
    ]);
    expect(carts.map((c) => Number(c.n))).toEqual(shoppers.map(() => 1));
  }, 60_000);
});
