import { createProduct } from '../../support/shop';
import { collect, eventually, listenWithRealtime } from '../../support/realtime-server';
import { createTestApp, type TestApp } from '../../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let a: TestApp;
let b: TestApp;
let serverA: Awaited<ReturnType<typeof listenWithRealtime>>;
let serverB: Awaited<ReturnType<typeof listenWithRealtime>>;

beforeAll(async () => {
  // Two "processes": separate containers and socket.io servers, one database, one Redis.
  a = await createTestApp({ REDIS_URL });
  b = await createTestApp({ REDIS_URL });
  serverA = await listenWithRealtime(a);
  serverB = await listenWithRealtime(b);
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
  await a.close();
  await b.close();
});

it('an event raised on one server reaches a client connected to the other (Redis adapter)', async () => {
  const p = await createProduct(a, { stock: 5 });
  const client = await serverB.socket();
  expect(await client.emitWithAck('subscribe', { products: [p.id] })).toEqual({ ok: true });
  const seen = collect(client, 'stock:changed');
  // The stock change happens in process A only.
  await a.container.inventory.apply([{ variantId: p.variants[0]!.id, delta: -5, reason: 'adjustment' }], {});
  await eventually(() => seen.length > 0);
  expect(seen[0]).toEqual({ productId: p.id, variantId: p.variants[0]!.id, availability: 'out_of_stock' });
});
