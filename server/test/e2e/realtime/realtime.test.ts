import { Browser, createUser, guestBrowser, signedInBrowser } from '../../support/browser';
import { collect, eventually, listenWithRealtime, settle } from '../../support/realtime-server';
import { checkout, createProduct, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let server: Awaited<ReturnType<typeof listenWithRealtime>>;
beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t);
  server = await listenWithRealtime(t);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

describe('real time', () => {
  it('an add-to-cart in one tab reaches the same user’s other socket with the recomputed totals', async () => {
    const p = await createProduct(t, { price: 1250 });
    const user = await createUser(t);
    const tabA = new Browser(t.agent());
    await tabA.login(user.email, user.password);
    const tabB = new Browser(t.agent());
    await tabB.login(user.email, user.password);
    const socketB = await server.socket(tabB.cookie);
    const updates = collect(socketB, 'cart:updated');
    const stranger = await server.socket((await signedInBrowser(t)).browser.cookie);
    const strangerUpdates = collect(stranger, 'cart:updated');

    await tabA.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 2 }).expect(200);
    await eventually(() => updates.length > 0);
    expect(updates[0]).toMatchObject({ itemCount: 2, totals: { subtotal: { amount: 2500, currency: 'USD' }, total: { amount: 2500 } } });
    await settle();
    expect(strangerUpdates).toEqual([]);
  });

  it('a paid order sends stock:changed to the product’s subscribers and order:status to its owner only', async () => {
    const p = await createProduct(t, { stock: 3 });
    const { browser: owner } = await signedInBrowser(t);
    await owner.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 3 }).expect(200);
    const { order, payment } = (await checkout(owner, 'rt-1').expect(201)).body;

    const ownerSocket = await server.socket(owner.cookie);
    expect(await ownerSocket.emitWithAck('subscribe', { orders: [order.id], products: [p.id] })).toEqual({ ok: true });
    const watcher = await server.socket();
    expect(await watcher.emitWithAck('subscribe', { products: [p.id] })).toEqual({ ok: true });
    const { browser: other } = await signedInBrowser(t);
    const otherSocket = await server.socket(other.cookie);
    const denied = await otherSocket.emitWithAck('subscribe', { orders: [order.id] });
    expect(denied).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });

    const stock = collect(watcher, 'stock:changed');
    const statuses = collect(ownerSocket, 'order:status');
    const otherStatuses = collect(otherSocket, 'order:status');
    const otherStock = collect(otherSocket, 'stock:changed');
    await owner.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    await eventually(() => statuses.some((s) => s.status === 'paid') && stock.length > 0);
    expect(statuses.at(-1)).toEqual({ orderId: order.id, number: order.number, status: 'paid', paymentStatus: 'paid' });
    expect(stock.at(-1)).toEqual({ productId: p.id, variantId: p.variants[0]!.id, availability: 'out_of_stock' });
    await settle();
    expect(otherStatuses).toEqual([]);
    expect(otherStock).toEqual([]);
  });

  it('staff sockets get the admin feed; guests and customers cannot', async () => {
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const adminSocket = await server.socket(admin.cookie);
    const guestSocket = await server.socket();
    const customerSocket = await server.socket((await signedInBrowser(t)).browser.cookie);
    const created = collect(adminSocket, 'order:created');
    const low = collect(adminSocket, 'stock:low');
    const guestCreated = collect(guestSocket, 'order:created');
    const customerCreated = collect(customerSocket, 'order:created');

    const p = await createProduct(t, { stock: 2 });
    const shopper = await guestBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 2 }).expect(200);
    const { order } = (await checkout(shopper, 'rt-admin').expect(201)).body;
    await eventually(() => created.some((o) => o.id === order.id) && low.length > 0);
    expect(low.at(-1)).toMatchObject({ variantId: p.variants[0]!.id, available: 0 });
    await settle();
    expect(guestCreated).toEqual([]);
    expect(customerCreated).toEqual([]);
    // Unknown events and bad payloads are refused.
    expect(await guestSocket.emitWithAck('subscribe', { products: ['not-an-id'] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('a socket is disconnected when its session is revoked', async () => {
    const user = await createUser(t);
    const laptop = new Browser(t.agent());
    await laptop.login(user.email, user.password);
    const phone = new Browser(t.agent());
    await phone.login(user.email, user.password);
    const phoneSocket = await server.socket(phone.cookie);
    const disconnected = new Promise<string>((resolve) => phoneSocket.on('disconnect', (reason) => resolve(reason)));
    await laptop.post('/api/v1/me/sessions/revoke-others').expect(200);
    expect(await disconnected).toBe('io server disconnect');
  });

  it('rate-limits a socket that floods the server', async () => {
    const socket = await server.socket();
    const results = [];
    for (let i = 0; i < 35; i++) results.push(await socket.emitWithAck('unsubscribe', { products: [] }));
    expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
  });
});
