import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { checkout, createProduct, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';
import { seedPromotions } from '../../../../seeders/004-pricing';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t);
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

async function createPromotion(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/admin/promotions', body);
  if (res.status !== 201) throw new Error(`promotion: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

async function shopperWith(items: { variantId: string; quantity: number }[]) {
  const browser = await guestBrowser(t);
  for (const i of items) await browser.post('/api/v1/cart/items', i).expect(200);
  return browser;
}

describe('promotions in the cart and at checkout', () => {
  it('an automatic promotion applies by itself, shows on its lines, and its use and discount are recorded at checkout', async () => {
    const shirt = await createProduct(t, { price: 3000 });
    const socks = await createProduct(t, { price: 500 });
    const promotion = await createPromotion({
      name: 'Socks on us',
      automatic: true,
      conditions: { productIds: [shirt.id] },
      action: { type: 'buy_x_get_y', buy: 1, get: 1, percent: 100, getProductIds: [socks.id] },
    });
    const shopper = await shopperWith([
      { variantId: shirt.variants[0]!.id, quantity: 1 },
      { variantId: socks.variants[0]!.id, quantity: 2 },
    ]);
    const cart = (await shopper.get('/api/v1/cart').expect(200)).body;
    expect(cart.promotions).toEqual([
      {
        id: promotion.id,
        name: 'Socks on us',
        discount: { amount: 500, currency: 'USD' },
        freeShipping: false,
        items: [{ itemId: cart.items[1].id, discount: { amount: 500, currency: 'USD' } }],
      },
    ]);
    expect(cart.items[1].discount).toEqual({ amount: 500, currency: 'USD' });
    expect(cart.totals.discount.amount).toBe(500);

    const { order } = (await checkout(shopper, 'auto-1').expect(201)).body;
    expect(order.totals.discount.amount).toBe(500);
    const report = (await admin.get(`/api/v1/admin/promotions/${promotion.id}/report`).expect(200)).body;
    expect(report).toMatchObject({ uses: 1, orders: 1, discountGiven: { amount: 500, currency: 'USD' }, codes: [] });
    expect(report.days).toHaveLength(1);

    // An unpaid order that ends gives its use back.
    await admin.post(`/api/v1/admin/orders/${order.id}/cancel`, { note: 'test' }).expect(200);
    const after = (await admin.get(`/api/v1/admin/promotions/${promotion.id}`).expect(200)).body;
    expect(after.uses).toBe(0);
  });

  it('codes: generated in bulk, applied through the coupon box, a cart that does not meet one says why (200, not an error), single-use holds', async () => {
    const p = await createProduct(t, { price: 4000 });
    const promotion = await createPromotion({
      name: 'Spend 100, save 15',
      automatic: false,
      conditions: { productIds: [p.id], minSubtotal: 10_000 },
      action: { type: 'order', off: { kind: 'fixed', value: 1500 } },
    });
    const { codes } = (
      await admin.post(`/api/v1/admin/promotions/${promotion.id}/codes`, { count: 3, prefix: 'vip', usageLimit: 1 }).expect(201)
    ).body;
    expect(codes).toHaveLength(3);
    expect(codes.every((c: string) => /^VIP-[A-Z2-9]{10}$/.test(c))).toBe(true);
    const list = (await admin.get(`/api/v1/admin/promotions/${promotion.id}/codes`).expect(200)).body;
    expect(list).toMatchObject({ total: 3, page: 1 });

    const shopper = await shopperWith([{ variantId: p.variants[0]!.id, quantity: 2 }]);
    const short = (await shopper.post('/api/v1/cart/coupon', { code: codes[0].toLowerCase() }).expect(200)).body;
    expect(short.promotionCodes).toEqual([codes[0]]);
    expect(short.promotions).toEqual([]);
    expect(short.warnings).toContainEqual({
      code: 'PROMOTION_NOT_APPLICABLE',
      message: `${codes[0]}: Spend $20.00 more to use this promotion.`,
    });

    await shopper.patch(`/api/v1/cart/items/${short.items[0].id}`, { quantity: 3 }).expect(200);
    const met = (await shopper.get('/api/v1/cart').expect(200)).body;
    expect(met.promotions[0]).toMatchObject({ code: codes[0], discount: { amount: 1500 } });
    expect(met.totals.discount.amount).toBe(1500);
    await checkout(shopper, 'code-1').expect(201);

    // The code was single-use: it is refused when applied again.
    const second = await shopperWith([{ variantId: p.variants[0]!.id, quantity: 3 }]);
    const refused = await second.post('/api/v1/cart/coupon', { code: codes[0] }).expect(400);
    expect(refused.body.error.message).toBe('This code has been used up.');
    await second.post('/api/v1/cart/coupon', { code: 'NO-SUCH-CODE' }).expect(400);
    const withOther = (await second.post('/api/v1/cart/coupon', { code: codes[1] }).expect(200)).body;
    expect(withOther.totals.discount.amount).toBe(1500);
    const removed = (await second.delete(`/api/v1/cart/promotion-codes/${codes[1]}`).expect(200)).body;
    expect(removed).toMatchObject({ promotionCodes: [], promotions: [] });
    expect(removed.totals.discount.amount).toBe(0);
  });

  it('stacking: an exclusive promotion of higher priority applies alone; the cart says why the other did not', async () => {
    const p = await createProduct(t, { price: 1000 });
    await createPromotion({
      name: 'Ten off',
      automatic: true,
      priority: 1,
      conditions: { productIds: [p.id] },
      action: { type: 'lines', off: { kind: 'percent', value: 10 } },
    });
    const exclusive = await createPromotion({
      name: 'Half price',
      automatic: false,
      exclusive: true,
      priority: 5,
      conditions: { productIds: [p.id] },
      action: { type: 'lines', off: { kind: 'percent', value: 50 } },
    });
    await admin.post(`/api/v1/admin/promotions/${exclusive.id}/codes`, { codes: ['HALF'] }).expect(201);
    const shopper = await shopperWith([{ variantId: p.variants[0]!.id, quantity: 1 }]);
    const before = (await shopper.get('/api/v1/cart').expect(200)).body;
    expect(before.promotions.map((x: { name: string }) => x.name)).toEqual(['Ten off']);
    const after = (await shopper.post('/api/v1/cart/coupon', { code: 'half' }).expect(200)).body;
    expect(after.promotions.map((x: { name: string }) => x.name)).toEqual(['Half price']);
    expect(after.totals.discount.amount).toBe(500);
  });

  it('free shipping on the chosen method', async () => {
    const p = await createProduct(t, { price: 1200 });
    await createPromotion({
      name: 'Ships free',
      automatic: true,
      conditions: { productIds: [p.id] },
      action: { type: 'free_shipping', shippingMethodIds: [STANDARD_SHIPPING] },
    });
    const shopper = await shopperWith([{ variantId: p.variants[0]!.id, quantity: 1 }]);
    const { order } = (await checkout(shopper, 'ship-1').expect(201)).body;
    expect(order.totals.shipping.amount).toBe(0);
  });
});

describe('conditions judged with the database', () => {
  it('a first-order code applies until the customer has a paid order; a variant condition discounts that variant only', async () => {
    const p = await createProduct(t, { price: 2000, variants: 2 });
    const [a, b] = p.variants;
    const first = await createPromotion({
      name: 'Welcome',
      automatic: false,
      conditions: { firstOrder: true, productIds: [p.id] },
      action: { type: 'order', off: { kind: 'fixed', value: 500 } },
    });
    await admin.post(`/api/v1/admin/promotions/${first.id}/codes`, { codes: ['FIRSTONE'] }).expect(201);
    await createPromotion({
      name: 'Variant A only',
      automatic: true,
      conditions: { variantIds: [a!.id] },
      action: { type: 'lines', off: { kind: 'percent', value: 10 } },
    });
    const { browser: shopper, user } = await signedInBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: a!.id, quantity: 1 }).expect(200);
    await shopper.post('/api/v1/cart/items', { variantId: b!.id, quantity: 1 }).expect(200);
    const cart = (await shopper.post('/api/v1/cart/coupon', { code: 'FIRSTONE' }).expect(200)).body;
    const line = (id: string) => cart.items.find((i: { variantId: string }) => i.variantId === id);
    // The older promotion first (5.00 spread evenly), then 10 % of what is left of variant A's line.
    expect([line(a!.id).discount.amount, line(b!.id).discount.amount]).toEqual([250 + 175, 250]);
    const { payment } = (await checkout(shopper, 'first-1', { email: user.email }).expect(201)).body;
    await shopper.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);

    await shopper.post('/api/v1/cart/items', { variantId: a!.id, quantity: 1 }).expect(200);
    const again = (await shopper.post('/api/v1/cart/coupon', { code: 'FIRSTONE' }).expect(200)).body;
    expect(again.warnings).toContainEqual({
      code: 'PROMOTION_NOT_APPLICABLE',
      message: 'FIRSTONE: This promotion is for a first order only.',
    });
    expect(again.totals.discount.amount).toBe(200);
  });
});

describe('the demo promotions', () => {
  it('seeds the codes B2G1 and SPENDMORE, each working in a cart, and seeding again changes nothing', async () => {
    await seedPromotions(t.container.db);
    await seedPromotions(t.container.db);
    const p = await createProduct(t, { price: 4000 });
    const shopper = await shopperWith([{ variantId: p.variants[0]!.id, quantity: 3 }]);
    const free = (await shopper.post('/api/v1/cart/coupon', { code: 'b2g1' }).expect(200)).body;
    expect(free.promotions).toMatchObject([{ name: 'Buy 2, get the third free', code: 'B2G1', discount: { amount: 4000 } }]);
    await shopper.delete('/api/v1/cart/promotion-codes/B2G1').expect(200);
    const tiered = (await shopper.post('/api/v1/cart/coupon', { code: 'SPENDMORE' }).expect(200)).body;
    // 120.00 reaches the first tier: 10.00 off.
    expect(tiered.totals.discount.amount).toBe(1000);
  });
});

describe('limits under concurrency', () => {
  it('50 concurrent checkouts against a budget of 10 uses: exactly 10 get the discount', async () => {
    const p = await createProduct(t, { price: 2000, stock: 500 });
    const promotion = await createPromotion({
      name: 'First ten',
      automatic: true,
      usageLimit: 10,
      conditions: { productIds: [p.id] },
      action: { type: 'order', off: { kind: 'fixed', value: 500 } },
    });
    const shoppers = await Promise.all(Array.from({ length: 50 }, () => shopperWith([{ variantId: p.variants[0]!.id, quantity: 1 }])));
    const results = await Promise.all(shoppers.map((s, i) => checkout(s, `uses-${i}`, { email: `u${i}@example.com` })));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const discounted = results.filter((r) => r.status === 201 && r.body.order.totals.discount.amount === 500);
    expect(discounted).toHaveLength(10);
    expect(results.filter((r) => r.status === 409).every((r) => /ran out/.test(r.body.error.message))).toBe(true);
    const stats = (await admin.get(`/api/v1/admin/promotions/${promotion.id}`).expect(200)).body;
    expect(stats).toMatchObject({ uses: 10, discountGiven: 5000 });
  }, 90_000);

  it('50 concurrent checkouts against an amount budget: the discount given never passes it', async () => {
    const p = await createProduct(t, { price: 3000, stock: 500 });
    const promotion = await createPromotion({
      name: 'Budget 35.00',
      automatic: true,
      budgetAmount: 3500,
      conditions: { productIds: [p.id] },
      action: { type: 'lines', off: { kind: 'percent', value: 10 } },
    });
    const shoppers = await Promise.all(Array.from({ length: 50 }, () => shopperWith([{ variantId: p.variants[0]!.id, quantity: 1 }])));
    const results = await Promise.all(shoppers.map((s, i) => checkout(s, `budget-${i}`, { email: `b${i}@example.com` })));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const odd = results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => [r.status, r.body]);
    expect(odd).toEqual([]);
    const discounts = results.filter((r) => r.status === 201).map((r) => r.body.order.totals.discount.amount as number);
    // 3.00 per order: 11 fit in 35.00.
    expect(discounts.filter((d) => d === 300)).toHaveLength(11);
    const stats = (await admin.get(`/api/v1/admin/promotions/${promotion.id}`).expect(200)).body;
    expect(stats.discountGiven).toBe(3300);
    expect(stats.discountGiven).toBeLessThanOrEqual(3500);
  }, 90_000);
});

describe('staff screens of promotions', () => {
  it('preview on a sample cart, edit, validation, delete, permissions', async () => {
    const a = await createProduct(t, { price: 1000 });
    const b = await createProduct(t, { price: 700 });
    const c = await createProduct(t, { price: 300 });
    const draft = { name: 'B2G1', automatic: false, action: { type: 'buy_x_get_y', buy: 2, get: 1, percent: 100 } };
    const tried = await admin.post('/api/v1/admin/promotions/preview', {
      promotion: draft,
      lines: [{ variantId: a.variants[0]!.id, quantity: 1 }],
    });
    expect([tried.status, tried.body.error]).toEqual([200, undefined]);
    const preview = (
      await admin
        .post('/api/v1/admin/promotions/preview', {
          promotion: draft,
          lines: [a, b, c].map((p) => ({ variantId: p.variants[0]!.id, quantity: 1 })),
        })
        .expect(200)
    ).body;
    expect(preview).toMatchObject({ applies: true, subtotal: { amount: 2000 }, discount: { amount: 300 }, freeShipping: false });
    expect(preview.lines.map((l: { discount: { amount: number } }) => l.discount.amount)).toEqual([0, 0, 300]);
    const none = (
      await admin
        .post('/api/v1/admin/promotions/preview', { promotion: draft, lines: [{ variantId: a.variants[0]!.id, quantity: 1 }] })
        .expect(200)
    ).body;
    expect(none).toMatchObject({ applies: false, discount: { amount: 0 } });
    expect(none.reason).toMatch(/Buy 2 and get 1 free/);

    const bad = await admin
      .post('/api/v1/admin/promotions', { ...draft, action: { type: 'order', off: { kind: 'percent', value: 150 } } })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    await admin
      .post('/api/v1/admin/promotions', { ...draft, startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' })
      .expect(400);

    const saved = await createPromotion(draft);
    const edited = (await admin.patch(`/api/v1/admin/promotions/${saved.id}`, { name: 'Buy two, third free', priority: 3 }).expect(200))
      .body;
    expect(edited).toMatchObject({ name: 'Buy two, third free', priority: 3, uses: 0, codeCount: 0 });
    const listed = (await admin.get('/api/v1/admin/promotions').expect(200)).body.items;
    expect(listed.some((p: { id: string }) => p.id === saved.id)).toBe(true);
    await admin.post(`/api/v1/admin/promotions/${saved.id}/codes`, { codes: ['HALF'] }).expect(409);
    await admin.delete(`/api/v1/admin/promotions/${saved.id}`).expect(204);
    await admin.get(`/api/v1/admin/promotions/${saved.id}`).expect(404);

    const { browser: customer } = await signedInBrowser(t);
    await customer.get('/api/v1/admin/promotions').expect(403);
    await customer.post('/api/v1/admin/promotions', draft).expect(403);
  });
});
