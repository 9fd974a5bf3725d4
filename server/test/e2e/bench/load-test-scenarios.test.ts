import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCheckoutFlow } from '../../../../bench/scenarios/checkout-flow';
import { isConsistent, runContention, verifyVariant } from '../../../../bench/scenarios/contention';
import { createStockedVariant } from '../../../../bench/fixtures';
import { seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The load test's scenarios at a tiny scale over real HTTP, so their set-up, flows and SQL checks
 * keep working (`npm run load:test` itself is not part of `npm test`). Nothing here is timed.
 */
let t: TestApp;
let server: http.Server;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t); // the demo seeders' standard shipping method, which the bench buyers choose
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

describe('load test scenarios (tiny scale)', () => {
  it('contention: 30 buyers at once for 10 units → exactly 10 paid, 20 refused for stock, stock and ledger agree', async () => {
    const result = await runContention({ baseUrl, container: t.container, buyers: 30, units: 10 });
    expect(result).toMatchObject({
      paid: 10,
      refusedForStock: 20,
      failures: {},
      unitsSold: 10,
      oversold: 0,
      ordersByStatus: { paid: 10 },
      stock: { onHand: 0, reserved: 0, ledgerOnHand: 0, ledgerReserved: 0 },
      consistent: true,
    });
  }, 60_000);

  it('the consistency verdict fails on an oversell, a stray reservation or a ledger that disagrees', async () => {
    const good = {
      buyers: 30,
      units: 10,
      paid: 10,
      refusedForStock: 20,
      failures: {},
      drainMs: 1,
      stock: { onHand: 0, reserved: 0, ledgerOnHand: 0, ledgerReserved: 0 },
      ordersByStatus: { paid: 10 },
      unitsSold: 10,
      oversold: 0,
    };
    expect(isConsistent(good)).toBe(true);
    expect(
      isConsistent({
        ...good,
        paid: 11,
        unitsSold: 11,
        oversold: 1,
        refusedForStock: 19,
        stock: { ...good.stock, onHand: -1, ledgerOnHand: -1 },
      }),
    ).toBe(false);
    expect(
      isConsistent({ ...good, ordersByStatus: { paid: 10, pending_payment: 1 }, stock: { ...good.stock, reserved: 1, ledgerReserved: 1 } }),
    ).toBe(false);
    expect(isConsistent({ ...good, stock: { ...good.stock, ledgerOnHand: 1 } })).toBe(false);
    expect(isConsistent({ ...good, failures: { 'checkout 500 INTERNAL': 1 }, refusedForStock: 19 })).toBe(false);

    // And the SQL side reads a ledger that disagrees with its level as such.
    const variantId = await createStockedVariant(t.container, { title: 'Ledger check', stock: 5 });
    await t.container.db.execute(
      "INSERT INTO inventory_ledger (variant_id, delta, reserved_delta, reason, on_hand_before, on_hand_after, reserved_before, reserved_after, created_at) VALUES (?, 1, 0, 'adjustment', 5, 6, 0, 0, UTC_TIMESTAMP(3))",
      [variantId],
    );
    expect((await verifyVariant(t.container, variantId)).stock).toEqual({ onHand: 5, reserved: 0, ledgerOnHand: 6, ledgerReserved: 0 });
  });

  it('checkout flows: signed-in buyers add, check out and pay; every order counted paid is paid in the database', async () => {
    const result = await runCheckoutFlow({ baseUrl, container: t.container, buyers: 6, concurrency: 3, durationSeconds: 1, variants: 2 });
    expect(result.failures).toEqual({});
    expect(result.paidOrders).toBeGreaterThan(0);
    expect(result.paidInDatabase).toBe(result.paidOrders);
    expect(result.steps.checkout.p50Ms).toBeGreaterThan(0);
  }, 60_000);
});
