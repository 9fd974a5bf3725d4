import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { checkout, createProduct, level, seedPricing } from '../../support/shop';
import { ledgerAgrees } from '../../support/balances';
import { createTestApp, type TestApp } from '../../support/test-app';

/** Gift cards and store credit as ways to pay at checkout, and where refunds of such orders go. */
let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t);
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const giftCard = async (amount: number) => (await admin.post('/api/v1/admin/gift-cards', { amount }).expect(201)).body.code as string;
const balanceOf = async (code: string) =>
  (await admin.post('/api/v1/gift-cards/lookup', { code }).expect(200)).body.balance.amount as number;

/** A cart of one item at `price` (shipping 599 under 10,000; NY tax 4% on goods and shipping). */
async function cartOf(shopper: Browser, price: number, qty = 1) {
  const p = await createProduct(t, { price, stock: 50 });
  await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: qty }).expect(200);
  return p.variants[0]!.id;
}

describe('paying with gift cards and store credit', () => {
  it('a gift card pays part and the provider is asked for the rest; paying the rest marks the order paid', async () => {
    const code = await giftCard(1000);
    const shopper = await guestBrowser(t);
    await cartOf(shopper, 2000);
    const placed = (await checkout(shopper, 'gc-part', { giftCardCodes: [code.toLowerCase()] }).expect(201)).body;
    const total = placed.order.totals.total.amount;
    expect(placed.order.paidWithBalance.amount).toBe(1000);
    expect(placed.payment.amount.amount).toBe(total - 1000);
    expect(await balanceOf(code)).toBe(0);
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    const order = (await admin.get(`/api/v1/admin/orders/${placed.order.id}`).expect(200)).body;
    expect(order).toMatchObject({ status: 'paid', paymentStatus: 'paid', paidWithBalance: { amount: 1000 } });
    expect(order.payments[0].amount.amount).toBe(total - 1000);
  });

  it('gift cards and store credit that cover everything pay the order at once, with no provider payment', async () => {
    const { browser: shopper, user } = await signedInBrowser(t);
    await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: 100_000, note: 'test' }).expect(200);
    const code = await giftCard(500);
    const variant = await cartOf(shopper, 3000);
    const placed = (await checkout(shopper, 'all-balance', { giftCardCodes: [code], useStoreCredit: true }).expect(201)).body;
    expect(placed.payment).toBeNull();
    expect(placed.order.status).toBe('paid');
    const total = placed.order.totals.total.amount;
    expect(placed.order.paidWithBalance.amount).toBe(total);
    expect(await balanceOf(code)).toBe(0);
    expect((await shopper.get('/api/v1/me/store-credit').expect(200)).body.balance.amount).toBe(100_000 - (total - 500));
    // The reservation became a sale; the cart is empty.
    expect(await level(t, variant)).toMatchObject({ onHand: 49, reserved: 0 });
    expect((await shopper.get('/api/v1/cart').expect(200)).body.items).toEqual([]);
    // The same key replays the same paid order.
    const again = (await checkout(shopper, 'all-balance', { giftCardCodes: [code], useStoreCredit: true }).expect(201)).body;
    expect(again).toMatchObject({ order: { id: placed.order.id, status: 'paid' }, payment: null });
    expect(await ledgerAgrees(t)).toBe(true);
  });

  it('store credit is only for the signed-in shopper it belongs to; a guest asking for it pays with the provider', async () => {
    const guest = await guestBrowser(t);
    await cartOf(guest, 1500);
    const placed = (await checkout(guest, 'guest-credit', { useStoreCredit: true }).expect(201)).body;
    expect(placed.order.paidWithBalance.amount).toBe(0);
    expect(placed.payment.amount.amount).toBe(placed.order.totals.total.amount);
  });

  it('a wrong code is a 404 that says nothing, and leaves no order, reservation or movement behind', async () => {
    const shopper = await guestBrowser(t);
    const variant = await cartOf(shopper, 1500);
    const before = await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM orders');
    const res = await checkout(shopper, 'bad-code', { giftCardCodes: ['NOPE-NOPE-NOPE-NOPE-NOPE'] }).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))!.n).toBe(before!.n);
    expect(await level(t, variant)).toMatchObject({ reserved: 0 });
  });

  it('of 20 checkouts racing for one card, one takes it and the others get a clear 409 and no order', async () => {
    const code = await giftCard(800);
    const shoppers = await Promise.all(Array.from({ length: 20 }, () => guestBrowser(t)));
    const variants = await Promise.all(shoppers.map((s) => cartOf(s, 1200)));
    const results = await Promise.all(shoppers.map((s, i) => checkout(s, `race-${i}`, { giftCardCodes: [code] })));
    const won = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(refused[0]!.body.error.message).toMatch(/no balance left/);
    expect(won[0]!.body.order.paidWithBalance.amount).toBe(800);
    expect(await balanceOf(code)).toBe(0);
    const reserved = await Promise.all(variants.map((v) => level(t, v)));
    expect(reserved.filter((l) => Number(l.reserved) === 1)).toHaveLength(1);
    expect(await ledgerAgrees(t)).toBe(true);
  });

  it('an unpaid order that ends gives its gift card back', async () => {
    const code = await giftCard(700);
    const shopper = await guestBrowser(t);
    await cartOf(shopper, 2500);
    const placed = (await checkout(shopper, 'gc-release', { giftCardCodes: [code] }).expect(201)).body;
    expect(await balanceOf(code)).toBe(0);
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'declined' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/cancel`, { note: 'abandoned' }).expect(200);
    expect(await balanceOf(code)).toBe(700);
    expect(await ledgerAgrees(t)).toBe(true);
  });
});

describe('refunds of orders paid with balances', () => {
  async function mixedOrder(card: number, price = 2000) {
    const { browser: shopper, user } = await signedInBrowser(t);
    const code = await giftCard(card);
    await cartOf(shopper, price);
    const placed = (await checkout(shopper, `mixed-${Math.random()}`, { giftCardCodes: [code] }).expect(201)).body;
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    return { order: placed.order, code, shopper, user, providerPaid: placed.payment.amount.amount as number };
  }

  it('go back to the provider first and then to the gift card, never beyond what each paid', async () => {
    const { order, code, providerPaid } = await mixedOrder(1000);
    const total = order.totals.total.amount;
    const first = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: providerPaid - 100 }).expect(200)).body;
    expect(first.refunded.amount).toBe(providerPaid - 100);
    expect(await balanceOf(code)).toBe(0);
    // 100 left on the provider's payment, then 1,000 back to the card.
    const full = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { full: true }).expect(200)).body;
    expect(full).toMatchObject({ status: 'refunded', refunded: { amount: total } });
    expect(await balanceOf(code)).toBe(1000);
    expect(full.payments[0].refunded.amount).toBe(providerPaid);
    await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 1 }).expect(409);
    expect(await ledgerAgrees(t)).toBe(true);
  });

  it('can go to store credit instead; a guest order cannot', async () => {
    const { order, shopper } = await mixedOrder(500);
    const res = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 1200, to: 'store_credit' }).expect(200)).body;
    expect(res).toMatchObject({ refunded: { amount: 1200 }, paymentStatus: 'partially_refunded' });
    // Nothing was asked of the provider.
    expect(res.payments[0].refunded.amount).toBe(0);
    const credit = (await shopper.get('/api/v1/me/store-credit').expect(200)).body;
    expect(credit.balance.amount).toBe(1200);
    expect(credit.entries[0]).toMatchObject({ reason: 'refund', reference: { type: 'order', id: order.id } });

    const guest = await guestBrowser(t);
    await cartOf(guest, 1000);
    const placed = (await checkout(guest, 'guest-refund').expect(201)).body;
    await guest.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    const refused = await admin.post(`/api/v1/admin/orders/${placed.order.id}/refunds`, { amount: 100, to: 'store_credit' }).expect(400);
    expect(refused.body.error.message).toMatch(/guest/i);
  });

  it('20 concurrent refunds to store credit and to the original payment never exceed what was paid', async () => {
    const { order, shopper, code } = await mixedOrder(1000, 4000);
    const total = order.totals.total.amount;
    const each = Math.ceil(total / 8);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: each, to: i % 2 ? 'store_credit' : 'original' }),
      ),
    );
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBe(Math.floor(total / each));
    expect(results.filter((r) => r.status === 409)).toHaveLength(20 - ok);
    const final = (await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body;
    expect(final.refunded.amount).toBe(ok * each);
    const sums = await t.container.db.one<{ s: number }>(
      "SELECT SUM(amount) AS s FROM refunds WHERE order_id = ? AND status = 'succeeded'",
      [order.id],
    );
    expect(Number(sums!.s)).toBe(ok * each);
    const credit = (await shopper.get('/api/v1/me/store-credit').expect(200)).body.balance.amount;
    const card = await balanceOf(code);
    expect(credit + card + final.payments[0].refunded.amount).toBe(ok * each);
    expect(card).toBeLessThanOrEqual(1000);
    expect(await ledgerAgrees(t)).toBe(true);
  });
});
