import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createContainer, type Container } from '../../src/container';
import { createSequelize } from '../../src/db/sequelize';
import { createLogger } from '../../src/lib/logger';
import { PrivateMariaDb } from '../support/private-mariadb';
import { freePort, ShopProcess } from '../support/shop-process';
import { address, createProduct, seedPricing, STANDARD_SHIPPING } from '../support/shop';
import { testConfig, type TestApp } from '../support/test-app';

/**
 * Checkout under faults, end to end: ten shoppers check out in a loop against the shop as a real
 * process over a private MariaDB, while the database is frozen, killed and restarted, and while the
 * shop itself is killed and restarted. Shoppers behave as a careful client does: on a dropped
 * connection, a 503 or a 409 "still being processed" they retry the same Idempotency-Key and body.
 * Afterwards every key has at most one order, every order is its key's answer, stock, ledger and
 * reservations agree, no request was answered 500, and the shop never exited on its own.
 */

const SHOPPERS = 10;
const STOCK = 100_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  body?: {
    order?: { id: string };
    payment?: { id: string };
    accessToken?: string;
    error?: { code: string; message: string };
    csrfToken?: string;
  };
}

let db: PrivateMariaDb;
let shop: ShopProcess;
let container: Container;
let sequelize: ReturnType<typeof createSequelize>;
let dataDir: string;

beforeAll(async () => {
  db = await PrivateMariaDb.start('checkout-faults');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-checkout-faults-'));
  await db.database('faults');
  shop = new ShopProcess(await freePort(), {
    NODE_ENV: 'development',
    DATABASE_URL: db.url('faults'),
    DB_EMBEDDED: 'off',
    DATA_DIR: dataDir,
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'false',
    SESSION_SECRET: 'checkout-faults-session-secret-0123456789abcdef',
    MFA_ENCRYPTION_KEY: '1'.repeat(64),
    IDEMPOTENCY_LEASE_SECONDS: '3',
    BCRYPT_COST: '4',
  });
  await shop.start();
  // The catalog, written by the test through the real services on the shop's database.
  const target = await db.database('faults');
  const logger = createLogger('silent');
  sequelize = createSequelize(target, { poolMin: 0, poolMax: 4, slowQueryMs: 60_000 }, logger);
  container = createContainer({ config: testConfig({ DATA_DIR: dataDir }), logger, sequelize, target });
}, 90_000);

afterAll(async () => {
  await shop?.kill();
  await container?.close().catch(() => undefined);
  await sequelize?.close().catch(() => undefined);
  await db?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('one order per key, no orphans, stock and ledger agree, no 500 and no exit, through freezes and kills of the database and the shop', async () => {
  const fixture = { container } as unknown as TestApp;
  await seedPricing(fixture);
  const variantId = (await createProduct(fixture, { stock: STOCK })).variants[0]!.id;

  const statuses = new Map<number, number>();
  const keys = new Map<string, string[]>(); // key → the order ids its answers named
  let phase: 'run' | 'drain' | 'done' = 'run';
  const done = () => phase === 'done'; // a call, so the loops see the phase change

  async function send(make: () => request.Test): Promise<Answer> {
    try {
      const res = await make().timeout({ response: 12_000, deadline: 20_000 });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      return { status: res.status, body: res.body };
    } catch {
      statuses.set(0, (statuses.get(0) ?? 0) + 1); // connection refused, reset or timed out
      return { status: 0 };
    }
  }
  const transient = (a: Answer) =>
    a.status === 0 ||
    a.status === 503 ||
    (a.status === 409 && a.body?.error?.code === 'CONFLICT' && /still being/.test(a.body.error.message));

  async function shopper(n: number) {
    const agent = request.agent(shop.url);
    let csrf = '';
    const post =
      (p: string, body: object, headers: Record<string, string> = {}) =>
      () =>
        agent.post(p).set('X-CSRF-Token', csrf).set(headers).send(body);
    while (phase === 'run') {
      if (!csrf) {
        const res = await send(() => agent.get('/api/v1/auth/csrf'));
        if (res.status === 200) csrf = res.body!.csrfToken!;
        else await sleep(200);
        continue;
      }
      const added = await send(post('/api/v1/cart/items', { variantId, quantity: 1 }));
      if (added.status === 403) csrf = '';
      if (added.status !== 200) {
        await sleep(200);
        continue;
      }
      // One checkout: the same key and body until it resolves, through whatever happens meanwhile.
      const key = randomUUID();
      keys.set(key, []);
      const body = { email: `shopper${n}@example.com`, shippingAddress: address, shippingMethodId: STANDARD_SHIPPING };
      let placed: Answer | undefined;
      while (!done()) {
        const res = await send(post('/api/v1/checkout', body, { 'Idempotency-Key': key }));
        if (res.status === 201) {
          keys.get(key)!.push(res.body!.order!.id);
          placed = res;
          break;
        }
        if (!transient(res)) throw new Error(`checkout answered ${res.status} ${JSON.stringify(res.body)}`);
        await sleep(250);
      }
      // Pay most orders (which also empties the cart); leave some unpaid, holding their reservation.
      if (placed && n % 3 !== 0) {
        while (!done()) {
          // With the order's signed link, as the storefront does: a session write lost to a fault may not know the order.
          const link = placed.body!.accessToken ? `?token=${encodeURIComponent(placed.body!.accessToken)}` : '';
          const paid = await send(post(`/api/v1/payments/${placed.body!.payment!.id}/confirm${link}`, { outcome: 'succeeded' }));
          if (paid.status === 200) break;
          if (!transient(paid)) throw new Error(`payment answered ${paid.status} ${JSON.stringify(paid.body)}`);
          await sleep(250);
        }
      } else if (placed) {
        // An unpaid order keeps its reservation; the shopper empties the cart and shops again.
        const cart = await send(() => agent.get('/api/v1/cart'));
        for (const item of (cart.body as { items?: { id: string }[] } | undefined)?.items ?? [])
          await send(() => agent.delete(`/api/v1/cart/items/${item.id}`).set('X-CSRF-Token', csrf));
      }
    }
  }

  const running = Array.from({ length: SHOPPERS }, (_, n) => shopper(n));
  const failures: unknown[] = [];
  running.forEach((p) => p.catch((err) => failures.push(err)));
  const placedOrders = async () =>
    Number((await container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM orders').catch(() => ({ n: -1 })))!.n);

  await sleep(3_000);
  const beforeFaults = await placedOrders();
  expect(beforeFaults).toBeGreaterThan(0);

  db.freeze(); // a hung database: connections stay open, nothing answers
  await sleep(4_000);
  db.thaw();
  await sleep(3_000);

  await db.kill(); // a crashed database, restarted on its data directory
  await sleep(1_000);
  await db.restart();
  await sleep(4_000);

  await shop.kill(); // a crashed shop, with checkouts in flight
  await sleep(500);
  await shop.start();
  await sleep(4_000);

  phase = 'drain'; // no new checkouts; the ones in progress resolve
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(running), new Promise((r) => (drainTimer = setTimeout(r, 40_000)))]);
  clearTimeout(drainTimer);
  phase = 'done';
  await Promise.allSettled(running);
  expect(failures).toEqual([]);

  // Every key resolved, to exactly one order, and the key says so in SQL.
  const resolved = [...keys.entries()];
  expect(resolved.length).toBeGreaterThan(SHOPPERS);
  for (const [, orderIds] of resolved) expect(new Set(orderIds).size).toBe(1);
  const keyRows = await container.db.select<{ idem_key: string; status: string; order_id: string | null }>(
    "SELECT idem_key, status, JSON_VALUE(response_body, '$.resourceId') AS order_id FROM idempotency_keys",
  );
  const byKey = new Map(keyRows.map((k) => [k.idem_key, k]));
  for (const [key, orderIds] of resolved) expect(byKey.get(key)).toEqual({ idem_key: key, status: 'done', order_id: orderIds[0] });

  // No orphans: every order is the answer of exactly one key.
  const orders = await container.db.select<{ id: string; status: string }>('SELECT id, status FROM orders');
  const answered = keyRows.map((k) => k.order_id).filter(Boolean);
  expect(new Set(answered).size).toBe(answered.length);
  expect(orders.map((o) => o.id).sort()).toEqual([...answered].sort());
  expect(orders.length).toBe(resolved.length);

  // Stock, ledger and reservations agree.
  const level = await container.db.one<{ on_hand: number; reserved: number }>(
    'SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = ?',
    [variantId],
  );
  const ledger = await container.db.one<{ d: number; r: number }>(
    'SELECT SUM(delta) AS d, SUM(reserved_delta) AS r FROM inventory_ledger WHERE variant_id = ?',
    [variantId],
  );
  const sold = await container.db.one<{ paid: number | null; pending: number | null }>(
    `SELECT SUM(CASE WHEN o.status = 'paid' THEN i.quantity END) AS paid, SUM(CASE WHEN o.status = 'pending_payment' THEN i.quantity END) AS pending
       FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.variant_id = ?`,
    [variantId],
  );
  expect(Number(level!.on_hand)).toBe(Number(ledger!.d));
  expect(Number(level!.reserved)).toBe(Number(ledger!.r));
  expect(Number(level!.reserved)).toBe(Number(sold!.pending ?? 0));
  expect(Number(level!.on_hand)).toBe(STOCK - Number(sold!.paid ?? 0));
  expect(orders.every((o) => o.status === 'paid' || o.status === 'pending_payment')).toBe(true);

  // The faults were felt (dropped connections or 503s), yet nothing was a 500 and the shop never exited by itself.
  expect((statuses.get(0) ?? 0) + (statuses.get(503) ?? 0)).toBeGreaterThan(0);
  expect(statuses.get(500) ?? 0).toBe(0);
  expect(shop.exitedOnItsOwn).toEqual([]);
}, 120_000);
