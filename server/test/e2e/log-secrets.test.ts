import { Writable } from 'node:stream';
import Stripe from 'stripe';
import { createApp } from '../../src/app';
import { createContainer, type Container } from '../../src/container';
import { createSequelize } from '../../src/db/sequelize';
import { createLogger } from '../../src/lib/logger';
import { totpAt } from '../../src/modules/accounts';
import { StripePaymentProvider } from '../../src/modules/payments';
import { createWorker } from '../../src/worker-factory';
import { Browser } from '../support/browser';
import { CapturingEmail, FakeClock } from '../support/fakes';
import { createProduct, seedPricing, STANDARD_SHIPPING } from '../support/shop';
import { StripeStandIn } from '../support/stripe-stand-in';
import { testConfig, type TestApp } from '../support/test-app';
import { workerDatabase } from '../support/test-database';
import request from 'supertest';
import type { Sequelize } from 'sequelize';

/**
 * A full run through the app with every log line captured — the request log, SQL at trace level
 * (and every statement as a "slow query" too) — then the whole output is searched for the
 * secrets the run handled. Any one of them in the log fails the test.
 */
const WEBHOOK_SECRET = 'whsec_log_test_secret_value_0123456789';
const CARD = '4111 1111 1111 1111';
const logged: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _enc, done) {
    logged.push(chunk.toString());
    done();
  },
});
const logger = createLogger('trace', capture);
const clock = new FakeClock();
const email = new CapturingEmail();
const standIn = new StripeStandIn();
let sequelize: Sequelize;
let container: Container;
let t: Pick<TestApp, 'app' | 'container' | 'agent'>;
const secrets = new Map<string, string>();
const plant = (what: string, value: string | undefined) => {
  if (!value || value.length < 8) throw new Error(`no ${what} to look for`);
  secrets.set(what, value);
};

beforeAll(async () => {
  await standIn.start();
  const worker = await workerDatabase();
  await worker.sequelize.close(); // a freshly migrated, empty database; the app gets its own logging connection
  const target = worker.target;
  sequelize = createSequelize(target, { poolMin: 0, poolMax: 10, slowQueryMs: 0 }, logger);
  const config = testConfig({ STRIPE_SECRET_KEY: 'sk_test_log_secrets', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, LOG_LEVEL: 'trace' });
  const paymentProvider = new StripePaymentProvider('sk_test_log_secrets', {
    webhookSecret: WEBHOOK_SECRET,
    host: '127.0.0.1',
    port: standIn.port,
    protocol: 'http',
  });
  container = createContainer({ config, logger, sequelize, target, clock, email, paymentProvider });
  const { app } = createApp(container);
  t = { app, container, agent: () => request.agent(app) };
  await seedPricing(t as TestApp);
  plant('webhook secret', WEBHOOK_SECRET);
  plant('Stripe secret key', 'sk_test_log_secrets');
});
afterAll(async () => {
  await container.close();
  await sequelize.close();
  await standIn.stop();
});

const runJobs = () => createWorker(container, { schedules: false }).drain();
const sessionOf = (b: Browser) => {
  const value = decodeURIComponent(b.cookie.split('=')[1]!); // s:<id>.<signature>
  return { id: value.slice(2, value.lastIndexOf('.')), signature: value.slice(value.lastIndexOf('.') + 1) };
};
const cookieValue = (res: { headers: Record<string, unknown> }, name: string) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | undefined) ?? [])
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]!
    .slice(name.length + 1);

it('keeps passwords, tokens, session and CSRF values, TOTP secrets, recovery codes and card numbers out of every log line', async () => {
  const userEmail = 'log-secrets@example.com';
  const passwords = ['first-Passw0rd-orchid-91', 'second-Passw0rd-maple-27', 'third-Passw0rd-cedar-63'];
  passwords.forEach((p, i) => plant(`password ${i + 1}`, p));

  // Register (as a guest first: a CSRF token, then the account) and verify the email.
  const browser = new Browser(t.agent());
  plant('guest CSRF token', await browser.refreshCsrf());
  const registered = await browser
    .post('/api/v1/auth/register', { email: userEmail, password: passwords[0], name: 'Log Tester' })
    .expect(201);
  browser.cookie = `bazaar.sid=${cookieValue(registered, 'bazaar.sid')}`;
  browser.csrfToken = registered.body.csrfToken;
  plant('CSRF token', browser.csrfToken);
  plant('session id', sessionOf(browser).id);
  plant('session signature', sessionOf(browser).signature);
  await runJobs();
  const verifyToken = email.tokenFor(userEmail, /Confirm your email|Verify/i);
  plant('email verification token', verifyToken);
  await browser.post('/api/v1/auth/verify-email', { token: verifyToken }).expect(204);

  // MFA on: the TOTP secret and ten recovery codes.
  const setup = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string; otpauthUrl: string };
  plant('TOTP secret', setup.secret);
  const codes = (await browser.post('/api/v1/me/mfa/enable', { code: totpAt(setup.secret, clock.now()) }).expect(200)).body
    .recoveryCodes as string[];
  codes.forEach((c, i) => plant(`recovery code ${i + 1}`, c));

  // Sign in with password + remember me, finish with a recovery code; a wrong password on the way.
  await browser.post('/api/v1/auth/logout').expect(204);
  const again = new Browser(t.agent());
  expect((await again.login(userEmail, 'wrong-password-attempt-1')).status).toBe(401);
  const first = await again.login(userEmail, passwords[0]!, { remember: true });
  expect(first.body.status).toBe('mfa_required');
  const verified = await again.post('/api/v1/auth/mfa/verify', { recoveryCode: codes[0] }).expect(200);
  again.csrfToken = verified.body.csrfToken;
  const remember = cookieValue(verified, 'bazaar.rt') ?? cookieValue(first, 'bazaar.rt');
  plant('remember-me token', remember && decodeURIComponent(remember));

  // Remember me on another device.
  const device = new Browser(t.agent());
  await device.refreshCsrf();
  const refreshed = await device.agent
    .post('/api/v1/auth/refresh')
    .set('Cookie', `bazaar.rt=${remember}`)
    .set('X-CSRF-Token', device.csrfToken)
    .expect(200);
  plant('rotated remember-me token', decodeURIComponent(cookieValue(refreshed, 'bazaar.rt')!));

  // Change the password, then forget it and reset it with the emailed token.
  await again.post('/api/v1/me/password', { currentPassword: passwords[0], newPassword: passwords[1] }).expect(204);
  const guest = new Browser(t.agent());
  await guest.refreshCsrf();
  await guest.post('/api/v1/auth/password/forgot', { email: userEmail }).expect(202);
  await runJobs();
  const resetToken = email.tokenFor(userEmail, /Reset your password/);
  plant('password reset token', resetToken);
  await guest.get(`/reset-password?token=${encodeURIComponent(resetToken)}`); // the emailed link, as a browser opens it
  await guest.post('/api/v1/auth/password/reset', { token: resetToken, password: passwords[2] }).expect(204);

  // Sign in with the new password and a TOTP code.
  clock.advance(60_000);
  const shopper = new Browser(t.agent());
  expect((await shopper.login(userEmail, passwords[2]!)).body.status).toBe('mfa_required');
  const signedIn = await shopper.post('/api/v1/auth/mfa/verify', { code: totpAt(setup.secret, clock.now()) }).expect(200);
  shopper.csrfToken = signedIn.body.csrfToken;
  shopper.cookie = `bazaar.sid=${cookieValue(signedIn, 'bazaar.sid')}`;
  plant('signed-in session id', sessionOf(shopper).id);

  // Checkout with Stripe; a card number typed where it does not belong, in a body, a search and an address.
  plant('card number', CARD);
  plant('card number (digits)', CARD.replaceAll(' ', ''));
  const product = await createProduct(t as TestApp, { price: 2500, stock: 10 });
  await shopper.post('/api/v1/cart/items', { variantId: product.variants[0]!.id, quantity: 1 }).expect(200);
  await shopper.agent
    .post('/api/v1/checkout')
    .set('X-CSRF-Token', shopper.csrfToken)
    .set('Idempotency-Key', 'log-1')
    .send({
      email: userEmail,
      shippingAddress: { name: 'Log Tester', line1: '1 Main St', city: 'New York', region: 'NY', postalCode: '10001', country: 'US' },
      shippingMethodId: STANDARD_SHIPPING,
      cardNumber: CARD,
    })
    .expect(400);
  await shopper.get(`/api/v1/search?q=${encodeURIComponent(CARD.replaceAll(' ', ''))}`).expect(200);
  const placed = await shopper.agent
    .post('/api/v1/checkout')
    .set('X-CSRF-Token', shopper.csrfToken)
    .set('Idempotency-Key', 'log-2')
    .send({
      email: userEmail,
      shippingAddress: {
        name: 'Log Tester',
        line1: '1 Main St',
        line2: `card ${CARD}`,
        city: 'New York',
        region: 'NY',
        postalCode: '10001',
        country: 'US',
      },
      shippingMethodId: STANDARD_SHIPPING,
    })
    .expect(201);
  plant('payment client secret', placed.body.payment.clientSecret);

  // A guest order opened through its signed link.
  const guestShopper = new Browser(t.agent());
  await guestShopper.refreshCsrf();
  await guestShopper.post('/api/v1/cart/items', { variantId: product.variants[0]!.id, quantity: 1 }).expect(200);
  const guestOrder = await guestShopper.agent
    .post('/api/v1/checkout')
    .set('X-CSRF-Token', guestShopper.csrfToken)
    .set('Idempotency-Key', 'log-3')
    .send({
      email: 'guest-log@example.com',
      shippingAddress: { name: 'Guest', line1: '2 Main St', city: 'New York', region: 'NY', postalCode: '10001', country: 'US' },
      shippingMethodId: STANDARD_SHIPPING,
    })
    .expect(201);
  plant('order access token', guestOrder.body.accessToken);
  await t
    .agent()
    .get(`/api/v1/orders/${guestOrder.body.order.id}?token=${encodeURIComponent(guestOrder.body.accessToken)}`)
    .expect(200);

  // Stripe's webhook says the first order was paid.
  const intent = standIn.intents.get(placed.body.payment.clientSecret.split('_secret_')[0])!;
  const payload = JSON.stringify({
    id: 'evt_log_1',
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { ...intent, status: 'succeeded', amount_received: intent.amount } },
  });
  const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  plant('webhook signature', /v1=([0-9a-f]+)/.exec(signature)![1]);
  await t
    .agent()
    .post('/api/v1/webhooks/stripe')
    .set('Content-Type', 'application/json')
    .set('Stripe-Signature', signature)
    .send(payload)
    .expect(200);
  await runJobs();

  // The log is real: requests, SQL and jobs were all written…
  const output = logged.join('');
  expect(output).toContain('"msg":"request completed"');
  expect(output).toContain('"msg":"slow query"');
  expect(output).toContain('/api/v1/webhooks/stripe');
  expect(output).toContain('[redacted]');
  // …and holds none of the secrets.
  const leaks = [...secrets].flatMap(([what, value]) =>
    [value, encodeURIComponent(value)].some((v) => output.includes(v))
      ? [
          `${what}: ${output
            .split('\n')
            .find((l) => l.includes(value) || l.includes(encodeURIComponent(value)))
            ?.slice(0, 300)}`,
        ]
      : [],
  );
  expect(leaks).toEqual([]);
  expect(secrets.size).toBeGreaterThan(25);
}, 120_000);
