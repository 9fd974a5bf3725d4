import Stripe from 'stripe';
import type { WebhookPayload } from '@bazaar/shared';
import { StripePaymentProvider } from '../../../src/modules/payments';
import { guestBrowser, signedInBrowser } from '../../support/browser';
import { checkout, createProduct, seedPricing } from '../../support/shop';
import { StripeStandIn } from '../../support/stripe-stand-in';
import { createTestApp, type TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

/** Events caused by the payment provider's own webhooks: applied by the payment processor, announced in its transaction. */
const STRIPE_SECRET = 'whsec_test_secret_for_bazaar';
let t: TestApp;
const standIn = new StripeStandIn();
const stripe = new Stripe('sk_test_dummy');
const receiver = new WebhookReceiver();

beforeAll(async () => {
  await Promise.all([standIn.start(), receiver.start()]);
  const provider = new StripePaymentProvider('sk_test_dummy', {
    webhookSecret: STRIPE_SECRET,
    host: '127.0.0.1',
    port: standIn.port,
    protocol: 'http',
  });
  t = await createTestApp(
    { STRIPE_SECRET_KEY: 'sk_test_dummy', STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, WEBHOOK_ALLOW_PRIVATE: 'true' },
    { paymentProvider: provider },
  );
  await seedPricing(t);
});
afterAll(async () => {
  await t.close();
  await Promise.all([standIn.stop(), receiver.stop()]);
});

function fromStripe(event: Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });
  return t.agent().post('/api/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload);
}

it('a Stripe payment sends order.paid, and a refund made in the Stripe dashboard sends refund.created once', async () => {
  const { browser: admin } = await signedInBrowser(t, 'admin');
  await admin.post('/api/v1/admin/webhooks', { url: receiver.url('/erp'), events: ['order.paid', 'refund.created'] }).expect(201);
  const p = await createProduct(t, { price: 2000, stock: 5 });
  const shopper = await guestBrowser(t);
  await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
  const { order, payment } = (await checkout(shopper, 'provider-events').expect(201)).body;
  const intent = standIn.intents.get(payment.clientSecret.split('_secret_')[0])!;
  const paid = {
    id: intent.id,
    amount: intent.amount,
    amount_received: intent.amount,
    currency: intent.currency,
    status: 'succeeded',
    metadata: intent.metadata,
  };
  await fromStripe({
    id: 'evt_pi_paid',
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { object: 'payment_intent', ...paid } },
  }).expect(200);
  const charge = {
    id: 'ch_dash',
    object: 'charge',
    payment_intent: intent.id,
    amount: intent.amount,
    amount_captured: intent.amount,
    amount_refunded: 500,
    currency: 'usd',
    metadata: intent.metadata,
  };
  const refunded = { id: 'evt_ch_refunded', object: 'event', type: 'charge.refunded', data: { object: charge } };
  await fromStripe(refunded).expect(200);
  // Stripe sends its events at least once too: the repeat changes nothing and announces nothing.
  await fromStripe(refunded).expect(200);
  await t.runJobs();

  const got = receiver.at('/erp').map((r) => JSON.parse(r.body) as WebhookPayload);
  expect(got.map((b) => b.type)).toEqual(['order.paid', 'refund.created']);
  expect(got[0]!.data).toMatchObject({ order: { id: order.id, status: 'paid', paymentStatus: 'paid' } });
  expect(got[1]!.data).toMatchObject({
    refund: { amount: { amount: 500, currency: 'USD' }, storeCredit: { amount: 0 }, reason: 'reported by charge.refunded' },
    order: { id: order.id },
  });
});
