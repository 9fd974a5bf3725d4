import { ManualPaymentProvider, type CreatedPayment, type PaymentProvider } from '../../../src/modules/payments';
import { CheckoutRequest } from '@bazaar/shared';
import { IdempotencyStore } from '../../../src/modules/checkout';
import { type Browser, guestBrowser } from '../../support/browser';
import { address, checkout, createProduct, level, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

/** The manual provider, with faults on demand: the next payment hangs forever, or fails. */
class FaultyProvider extends ManualPaymentProvider implements PaymentProvider {
  next: 'ok' | 'hang' | 'fail' = 'ok';
  calls = 0;
  private readonly hanging: (() => void)[] = [];
  override async createPayment(): Promise<CreatedPayment> {
    this.calls++;
    const mode = this.next;
    this.next = 'ok';
    if (mode === 'hang') return new Promise<CreatedPayment>((_, reject) => this.hanging.push(() => reject(new Error('ended'))));
    if (mode === 'fail') throw new Error('connect ECONNREFUSED (payment service)');
    return super.createPayment();
  }
  /** Lets the hung calls end, so the server can close. */
  endHanging(): void {
    for (const end of this.hanging.splice(0)) end();
  }
}

let t: TestApp;
const provider = new FaultyProvider();
beforeAll(async () => {
  t = await createTestApp({ IDEMPOTENCY_LEASE_SECONDS: '1' }, { paymentProvider: provider });
  await seedPricing(t);
});
afterAll(async () => {
  provider.endHanging();
  await t.close();
});

async function shopperWith(variantId: string): Promise<Browser> {
  const browser = await guestBrowser(t);
  await browser.post('/api/v1/cart/items', { variantId, quantity: 1 }).expect(200);
  return browser;
}

async function ordersFor(variantId: string) {
  return t.container.db.select<{ id: string; status: string }>(
    'SELECT o.id, o.status FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.variant_id = ?',
    [variantId],
  );
}

async function keyRow(key: string) {
  return t.container.db.one<{ status: string; owner_token: string | null; response_body: unknown }>(
    'SELECT status, owner_token, response_body FROM idempotency_keys WHERE idem_key = ?',
    [key],
  );
}

async function until<T>(what: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const checkoutBody = CheckoutRequest.parse({ email: 'sam@example.com', shippingAddress: address, shippingMethodId: STANDARD_SHIPPING });

describe('Idempotency-Key lease and takeover', () => {
  it('a key whose holder died is taken over when its lease runs out: the retry places the one order', async () => {
    const p = await createProduct(t, { stock: 5 });
    const shopper = await shopperWith(p.variants[0]!.id);
    // What a request that crashed before committing leaves behind: the key in progress, its holder gone.
    await t.container.db.execute(
      "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, owner_token, lease_expires_at, created_at) VALUES (?, 'dead-holder', ?, 'in_progress', 'gone', UTC_TIMESTAMP(3) + INTERVAL 0.5 SECOND, UTC_TIMESTAMP(3))",
      [`session:${shopper.sessionId}`, IdempotencyStore.hash(checkoutBody)],
    );
    const started = Date.now();
    const res = await checkout(shopper, 'dead-holder').expect(201);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await ordersFor(p.variants[0]!.id)).toEqual([{ id: res.body.order.id, status: 'pending_payment' }]);
    expect(await keyRow('dead-holder')).toMatchObject({ status: 'done', response_body: { resourceId: res.body.order.id } });
    // And from then on the key answers with that order.
    const again = await checkout(shopper, 'dead-holder').expect(201);
    expect(again.body.order.id).toBe(res.body.order.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('a holder that stalls past its lease cannot commit: of it and the request that took over, exactly one order', async () => {
    const p = await createProduct(t, { stock: 5 });
    const variantId = p.variants[0]!.id;
    const shopper = await shopperWith(variantId);
    // Another transaction holds the variant's stock row, so the first checkout stalls inside its own.
    const blocker = await t.container.sequelize.transaction();
    try {
      await t.container.db.one('SELECT * FROM inventory_levels WHERE variant_id = ? FOR UPDATE', [variantId], blocker);
      const first = checkout(shopper, 'stalled').then((r) => r);
      const holder = await until(async () => (await keyRow('stalled'))?.owner_token);
      const second = checkout(shopper, 'stalled').then((r) => r);
      // The second request waits out the 1 s lease and takes the key over.
      await until(async () => (await keyRow('stalled'))?.owner_token !== holder);
      await blocker.commit();
      const [a, b] = await Promise.all([first, second]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.order.id).toBe(b.body.order.id);
      expect(await ordersFor(variantId)).toHaveLength(1);
      expect(await level(t, variantId)).toMatchObject({ reserved: 1, ledgerReserved: 1 });
    } finally {
      if (!(blocker as unknown as { finished?: string }).finished) await blocker.rollback();
    }
  }, 30_000);

  it('the key commits with the order: if the request dies before the payment exists, the retry finishes the payment', async () => {
    const p = await createProduct(t, { stock: 5 });
    const variantId = p.variants[0]!.id;
    const shopper = await shopperWith(variantId);
    provider.next = 'hang';
    const calls = provider.calls;
    // The first request never answers (as if the process died after the commit); the client gives up.
    void checkout(shopper, 'after-commit')
      .timeout(2_000)
      .catch(() => undefined);
    const key = await until(async () => {
      const row = await keyRow('after-commit');
      return row?.status === 'done' && row;
    });
    const [order] = await ordersFor(variantId);
    expect(key.response_body).toEqual({ resourceId: order!.id });
    expect((await t.container.db.one<{ status: string }>('SELECT status FROM payments WHERE order_id = ?', [order!.id]))!.status).toBe(
      'creating',
    );

    const retry = await checkout(shopper, 'after-commit').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.order.id).toBe(order!.id);
    expect(retry.body.payment).toMatchObject({ status: 'requires_payment' });
    expect(provider.calls).toBe(calls + 2);
    expect(await ordersFor(variantId)).toHaveLength(1);
    // The shopper can pay it.
    await shopper.post(`/api/v1/payments/${retry.body.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    expect(await level(t, variantId)).toEqual({ onHand: 4, reserved: 0, ledgerOnHand: 4, ledgerReserved: 0 });
  }, 30_000);

  it('when the provider fails the order is cancelled and the key freed: the same key then places a new order', async () => {
    const p = await createProduct(t, { stock: 5 });
    const variantId = p.variants[0]!.id;
    const shopper = await shopperWith(variantId);
    provider.next = 'fail';
    const failed = await checkout(shopper, 'provider-down').expect(503);
    expect(failed.headers['retry-after']).toBeDefined();
    expect(await keyRow('provider-down')).toBeUndefined();
    const placed = await checkout(shopper, 'provider-down').expect(201);
    expect(placed.headers['idempotent-replayed']).toBeUndefined();
    const orders = await ordersFor(variantId);
    expect(orders.map((o) => o.status).sort()).toEqual(['cancelled', 'pending_payment']);
    expect(await level(t, variantId)).toMatchObject({ reserved: 1, ledgerReserved: 1 });
  });

  it('pruning deletes the keys created before the cutoff and keeps the rest', async () => {
    const insert = (key: string, createdAt: Date) =>
      t.container.db.execute(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at) VALUES ('prune-test', ?, ?, 'done', ?)",
        [key, IdempotencyStore.hash(key), createdAt],
      );
    await insert('prune-old', new Date('2020-01-01T00:00:00Z'));
    await insert('prune-new', new Date('2020-01-09T00:00:00Z'));
    expect(await t.container.idempotency.prune(new Date('2020-01-02T00:00:00Z'))).toBe(1);
    expect(await keyRow('prune-old')).toBeUndefined();
    expect(await keyRow('prune-new')).toMatchObject({ status: 'done' });
  });
});
