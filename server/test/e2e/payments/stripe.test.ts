import Stripe from 'stripe';
import { StripePaymentProvider } from '../../../src/modules/payments';
import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { checkout, createProduct, level, seedPricing } from '../../support/shop';
import { StripeStandIn } from '../../support/stripe-stand-in';
import { createTestApp, type TestApp } from '../../support/test-app';

const WEBHOOK_SECRET = 'whsec_test_secret_for_bazaar';
let t: TestApp;
const standIn = new StripeStandIn();
const stripe = new Stripe('sk_test_dummy');
const clock = new FakeClock();
const email = new CapturingEmail();

beforeAll(async () => {
  await standIn.start();
  const provider = new StripePaymentProvider('sk_test_dummy', {
    webhookSecret: WEBHOOK_SECRET,
    host: '127.0.0.1',
    port: standIn.port,
    protocol: 'http',
  });
  t = await createTestApp(
    { STRIPE_SECRET_KEY: 'sk_test_dummy', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
    { paymentProvider: provider, clock, email },
  );
  await seedPricing(t);
});
afterAll(async () => {
  await t.close();
  await standIn.stop();
});

/** Sends a webhook exactly as Stripe would, signed with Stripe's own test header helper. */
function deliver(event: Record<string, unknown>, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
  return t.agent().post('/api/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload);
}
const intentEvent = (id: string, type: string, intent: Record<string, unknown>) => ({
  id,
  object: 'event',
  type,
  data: { object: { object: 'payment_intent', ...intent } },
});

async function placeOrder(stock = 5) {
  const p = await createProduct(t, { price: 2000, stock });
  const shopper: Browser = await guestBrowser(t);
  await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
  const res = (await checkout(shopper, `stripe-${Math.random()}`).expect(201)).body;
  const intent = standIn.intents.get(res.payment.clientSecret.split('_secret_')[0])!;
  return { ...res, intent, variantId: p.variants[0]!.id, shopper };
}
const succeeded = (intent: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  id: intent.id,
  amount: intent.amount,
  amount_received: intent.amount,
  currency: intent.currency,
  status: 'succeeded',
  metadata: intent.metadata,
  ...overrides,
});
/** The charge of a PaymentIntent refunded in full, as charge.refunded carries it. */
const refundedCharge = (id: string, intent: Record<string, unknown>) => ({
  id,
  object: 'charge',
  payment_intent: intent.id,
  amount: intent.amount,
  amount_captured: intent.amount,
  amount_refunded: intent.amount,
  currency: 'usd',
  metadata: intent.metadata,
});
const eventCount = async () => Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payment_events'))!.n);

describe('Stripe payments', () => {
  it('creates one PaymentIntent per order with an idempotency key derived from the order, and returns its client secret', async () => {
    const { order, payment, intent } = await placeOrder();
    expect(payment).toMatchObject({
      provider: 'stripe',
      status: 'requires_payment',
      clientSecret: expect.stringMatching(/^pi_test_\d+_secret_/),
    });
    expect(intent).toMatchObject({
      amount: order.totals.total.amount,
      currency: 'usd',
      metadata: { orderId: order.id, orderNumber: order.number },
    });
    expect(
      standIn.requests.find((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === `order-${order.id}-payment`),
    ).toBeDefined();
  });

  it("charges an order bought in another market in that market's currency, and its payment in EUR pays it", async () => {
    const { browser: admin } = await signedInBrowser(t, 'admin');
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '0.9' }).expect(200);
    await admin
      .post('/api/v1/admin/markets', {
        code: 'eu',
        name: 'Europe',
        currency: 'EUR',
        defaultLanguage: 'en',
        languages: ['en'],
        countries: ['DE'],
      })
      .expect(201);
    const p = await createProduct(t, { price: 2000, stock: 5 });
    const shopper = await guestBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    await shopper.put('/api/v1/cart/market', { market: 'eu' }).expect(200);
    const { order, payment } = (await checkout(shopper, 'stripe-eur').expect(201)).body;
    expect(order.totals.total.currency).toBe('EUR');
    const intent = standIn.intents.get(payment.clientSecret.split('_secret_')[0])!;
    expect(intent).toMatchObject({ amount: order.totals.total.amount, currency: 'eur' });
    await deliver(intentEvent('evt_eur_paid', 'payment_intent.succeeded', succeeded(intent))).expect(200);
    expect((await t.container.orders.adminGet(order.id)).status).toBe('paid');
  });

  it('processes a validly signed payment_intent.succeeded once; a duplicate delivery changes nothing', async () => {
    const { order, intent, variantId } = await placeOrder();
    const event = intentEvent('evt_success_1', 'payment_intent.succeeded', succeeded(intent));
    expect((await deliver(event).expect(200)).body).toEqual({ received: true, outcome: 'applied' });
    expect((await t.container.orders.adminGet(order.id)).status).toBe('paid');
    const after = await level(t, variantId);
    expect((await deliver(event).expect(200)).body).toEqual({ received: true, outcome: 'duplicate' });
    expect(await level(t, variantId)).toEqual(after);
    expect((await t.container.orders.adminGet(order.id)).events!.filter((e) => e.type === 'paid')).toHaveLength(1);
  });

  it('refuses a bad signature with 400 and writes nothing', async () => {
    const { order, intent } = await placeOrder();
    const before = await eventCount();
    const res = await deliver(intentEvent('evt_forged', 'payment_intent.succeeded', succeeded(intent)), 'whsec_wrong').expect(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    await t.agent().post('/api/v1/webhooks/stripe').set('Content-Type', 'application/json').send('{}').expect(400);
    // A correctly signed but altered body fails too.
    const payload = JSON.stringify(intentEvent('evt_tampered', 'payment_intent.succeeded', succeeded(intent)));
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    await t
      .agent()
      .post('/api/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', header)
      .send(payload.replace('"amount":', '"amount":1'))
      .expect(400);
    expect(await eventCount()).toBe(before);
    expect((await t.container.orders.adminGet(order.id)).status).toBe('pending_payment');
  });

  it('refuses a delivery signed more than five minutes ago', async () => {
    const { intent } = await placeOrder();
    const payload = JSON.stringify(intentEvent('evt_old', 'payment_intent.succeeded', succeeded(intent)));
    const header = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    await t
      .agent()
      .post('/api/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', header)
      .send(payload)
      .expect(400);
  });

  it('charge.refunded arriving before payment_intent.succeeded still ends refunded', async () => {
    const { order, intent } = await placeOrder();
    const charge = refundedCharge('ch_1', intent);
    expect(
      (await deliver({ id: 'evt_refund_first', object: 'event', type: 'charge.refunded', data: { object: charge } }).expect(200)).body
        .outcome,
    ).toBe('applied');
    await deliver(intentEvent('evt_success_late', 'payment_intent.succeeded', succeeded(intent))).expect(200);
    await deliver({
      id: 'evt_refund_obj',
      object: 'event',
      type: 'refund.updated',
      data: {
        object: { id: 're_x', object: 'refund', amount: intent.amount, payment_intent: intent.id, status: 'succeeded', metadata: {} },
      },
    }).expect(200);
    const final = await t.container.orders.adminGet(order.id);
    expect(final).toMatchObject({ status: 'refunded', paymentStatus: 'refunded', refunded: { amount: order.totals.total.amount } });
    // The refund was counted once, whatever order the events came in.
    const rows = await t.container.db.select<{ amount: number }>("SELECT amount FROM refunds WHERE order_id = ? AND status = 'succeeded'", [
      order.id,
    ]);
    expect(rows.reduce((s, r) => s + Number(r.amount), 0)).toBe(order.totals.total.amount);
  });

  it('flags a payment whose amount does not match the order, and does not mark it paid', async () => {
    const { order, intent } = await placeOrder();
    expect(
      (await deliver(intentEvent('evt_wrong_amount', 'payment_intent.succeeded', succeeded(intent, { amount_received: 1 }))).expect(200))
        .body.outcome,
    ).toBe('flagged');
    const flagged = await t.container.orders.adminGet(order.id);
    expect(flagged).toMatchObject({ status: 'pending_payment', flag: expect.stringMatching(/amount 1 ≠ payment amount/) });
  });

  it('never moves an order backwards (a late processing after succeeded changes nothing)', async () => {
    const { order, intent } = await placeOrder();
    await deliver(intentEvent('evt_s', 'payment_intent.succeeded', succeeded(intent))).expect(200);
    await deliver(intentEvent('evt_p', 'payment_intent.processing', { ...succeeded(intent), status: 'processing' })).expect(200);
    await deliver(
      intentEvent('evt_f', 'payment_intent.payment_failed', { ...succeeded(intent), status: 'requires_payment_method' }),
    ).expect(200);
    expect(await t.container.orders.adminGet(order.id)).toMatchObject({ status: 'paid', paymentStatus: 'paid' });
  });

  it('payment_intent.canceled releases the reservation and cancels the order', async () => {
    const { order, intent, variantId } = await placeOrder();
    await deliver(intentEvent('evt_cancel', 'payment_intent.canceled', { ...succeeded(intent), status: 'canceled' })).expect(200);
    expect((await t.container.orders.adminGet(order.id)).status).toBe('cancelled');
    expect(await level(t, variantId)).toMatchObject({ reserved: 0, ledgerReserved: 0 });
  });

  it('reconciliation applies a success whose webhook was lost', async () => {
    const { order, intent } = await placeOrder();
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    clock.advance(11 * 60_000);
    expect(await t.container.orders.reconcile(10 * 60_000)).toBeGreaterThanOrEqual(1);
    expect((await t.container.orders.adminGet(order.id)).status).toBe('paid');
    clock.advance(-11 * 60_000);
  });

  it('admin refunds go through Stripe; the refund settles when its webhook arrives (and a failed refund moves the order back)', async () => {
    const { order, intent } = await placeOrder();
    await deliver(intentEvent('evt_pay_for_refund', 'payment_intent.succeeded', succeeded(intent))).expect(200);
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const pending = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 500, reason: 'scratched' }).expect(200)).body;
    expect(pending).toMatchObject({ status: 'paid', refunded: { amount: 0 } });
    const refund = standIn.refunds.at(-1)!;
    expect(refund).toMatchObject({ amount: 500, payment_intent: intent.id });
    const refundEvent = (status: string, id: string) => ({
      id,
      object: 'event',
      type: status === 'failed' ? 'refund.failed' : 'refund.updated',
      data: { object: { ...refund, status } },
    });
    await deliver(refundEvent('succeeded', 'evt_re_ok')).expect(200);
    expect(await t.container.orders.adminGet(order.id)).toMatchObject({ status: 'partially_refunded', refunded: { amount: 500 } });
    await deliver(refundEvent('failed', 'evt_re_failed')).expect(200);
    expect(await t.container.orders.adminGet(order.id)).toMatchObject({ status: 'paid', paymentStatus: 'paid', refunded: { amount: 0 } });
  });

  it('a refund made at Stripe that refunds the order in full takes back every gift card it bought, spent from or not', async () => {
    const card = await createProduct(t, { price: 2500, giftCard: true });
    const shopper = await guestBrowser(t);
    await shopper
      .post('/api/v1/cart/items', { variantId: card.variants[0]!.id, quantity: 2, giftCard: { recipientEmail: 'stripe.gc@example.com' } })
      .expect(200);
    const placed = (await checkout(shopper, `stripe-gc-${Math.random()}`).expect(201)).body;
    const intent = standIn.intents.get(placed.payment.clientSecret.split('_secret_')[0])!;
    await deliver(intentEvent('evt_gc_paid', 'payment_intent.succeeded', succeeded(intent))).expect(200);
    await t.runJobs();
    const code = /Your gift card code: ([A-Z2-9-]{24})/.exec(email.sent.find((m) => m.to === 'stripe.gc@example.com')!.text)![1]!;
    const spender = await guestBrowser(t);
    const item = await createProduct(t, { price: 500 });
    await spender.post('/api/v1/cart/items', { variantId: item.variants[0]!.id, quantity: 1 }).expect(200);
    await checkout(spender, `stripe-gc-spend-${Math.random()}`, { giftCardCodes: [code] }).expect(201);

    const charge = refundedCharge('ch_gc', intent);
    await deliver({ id: 'evt_gc_refunded', object: 'event', type: 'charge.refunded', data: { object: charge } }).expect(200);
    const after = await t.container.orders.adminGet(placed.order.id);
    expect(after).toMatchObject({ status: 'refunded', paymentStatus: 'refunded' });
    expect(after.events!.find((e) => e.type === 'gift_cards_revoked')!.note).toBe(
      '2 gift cards taken back; 1 of them had been used (what was spent stays spent)',
    );
    const cards = await t.container.db.select<{ balance: number; revoked_at: Date | null }>(
      'SELECT balance, revoked_at FROM balance_accounts WHERE order_id = ?',
      [placed.order.id],
    );
    expect(cards.map((c) => [Number(c.balance), c.revoked_at !== null])).toEqual([
      [0, true],
      [0, true],
    ]);
  });
});
