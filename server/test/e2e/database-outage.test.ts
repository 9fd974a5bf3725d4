import type { Sequelize } from 'sequelize';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createContainer, type Container } from '../../src/container';
import { createSequelize } from '../../src/db/sequelize';
import { createLogger } from '../../src/lib/logger';
import { Browser } from '../support/browser';
import { PrivateMariaDb } from '../support/private-mariadb';
import { address, createProduct, seedPricing, STANDARD_SHIPPING } from '../support/shop';
import { testConfig, type TestApp } from '../support/test-app';

// The app over a MariaDB server of its own, which this test kills and starts again.
let mariadb: PrivateMariaDb;
let sequelize: Sequelize;
let container: Container;
let app: ReturnType<typeof createApp>['app'];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  mariadb = await PrivateMariaDb.start('outage');
  const target = await mariadb.database('bazaar_outage');
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const config = testConfig({ SESSION_CACHE_TTL_SECONDS: '0' });
  // A pool that keeps idle connections, as production does: they die with the server.
  sequelize = createSequelize(target, { poolMin: 2, poolMax: 5, slowQueryMs: 60_000 }, logger);
  container = createContainer({ config, logger, sequelize, target });
  await container.migrator.up();
  app = createApp(container).app;
}, 60_000);
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await container?.close();
  await sequelize?.close();
  await mariadb?.destroy();
});

const checkoutBody = { email: 'sam@example.com', shippingAddress: address, shippingMethodId: STANDARD_SHIPPING };

function expectUnavailable(res: request.Response) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
}

async function waitForReady(timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(app).get('/readyz');
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`not ready again: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('while the database is unreachable', () => {
  it('answers 503 with Retry-After (never 500), keeps /healthz up, and recovers by itself when the server returns', async () => {
    const t = { container } as TestApp;
    await seedPricing(t);
    const product = await createProduct(t, { stock: 20 });
    const variantId = product.variants[0]!.id;
    const browser = new Browser(request.agent(app));
    await browser.refreshCsrf();
    await browser.post('/api/v1/cart/items', { variantId, quantity: 1 }).expect(200);

    await mariadb.kill();
    // The pool's idle connections are dead now; the first statements on them fail mid-flight.
    for (let round = 0; round < 3; round++) {
      expectUnavailable(await browser.post('/api/v1/cart/items', { variantId, quantity: 1 }));
      expectUnavailable(
        await browser.agent
          .post('/api/v1/checkout')
          .set('X-CSRF-Token', browser.csrfToken)
          .set('Idempotency-Key', `k-${round}`)
          .send(checkoutBody),
      );
      expectUnavailable(await browser.post(`/api/v1/payments/${product.id}/confirm`, { outcome: 'succeeded' }));
      expectUnavailable(await browser.get(`/api/v1/products/${product.slug}`));
      // A visitor without a session, on the cached fast path.
      expectUnavailable(await request(app).get('/api/v1/products?sort=newest'));
    }
    await request(app).get('/healthz').expect(200);
    const ready = await request(app).get('/readyz').expect(503);
    expect(ready.body).toEqual({ status: 'not_ready', checks: { database: 'down', migrations: 'unknown' } });
    // The pool keeps trying to refill itself in the background; none of that may go unhandled.
    await new Promise((r) => setTimeout(r, 1500));

    await mariadb.restart();
    await waitForReady();
    await browser.post('/api/v1/cart/items', { variantId, quantity: 1 }).expect(200);
    const placed = await browser.agent
      .post('/api/v1/checkout')
      .set('X-CSRF-Token', browser.csrfToken)
      .set('Idempotency-Key', 'after-recovery')
      .send(checkoutBody)
      .expect(201);
    const paid = await browser.post(`/api/v1/payments/${placed.body.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    expect(paid.body.status).toBe('paid');
    expect(unhandled).toEqual([]);
  }, 90_000);
});
