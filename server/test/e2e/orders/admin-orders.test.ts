import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { CapturingEmail } from '../../support/fakes';
import { checkout, createProduct, level, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
const email = new CapturingEmail();
beforeAll(async () => {
  t = await createTestApp({}, { email });
  await seedPricing(t);
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

async function paidOrder(lines: { price: number; qty: number }[] = [{ price: 2000, qty: 2 }]) {
  const shopper = await guestBrowser(t);
  const variants = [];
  for (const l of lines) {
    const p = await createProduct(t, { price: l.price, stock: 10 });
    variants.push(p.variants[0]!.id);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: l.qty }).expect(200);
  }
  const { order, payment } = (await checkout(shopper, `admin-${Math.random()}`).expect(201)).body;
  await shopper.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
  return { order, variants, shopper };
}

describe('admin orders', () => {
  it('lists with filters and shows the detail with events and payments', async () => {
    const { order } = await paidOrder();
    const list = (await admin.get(`/api/v1/admin/orders?status=paid&number=${order.number}`).expect(200)).body;
    expect(list.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await admin.get('/api/v1/admin/orders?email=sam@example.com&limit=100').expect(200)).body.total).toBeGreaterThanOrEqual(1);
    await admin.get('/api/v1/admin/orders?status=lost').expect(400);
    const detail = (await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body;
    expect(detail.payments).toHaveLength(1);
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['created', 'paid']);
  });

  it('sorts by date or total and filters by customer account', async () => {
    const { browser: buyer, user } = await signedInBrowser(t, 'customer');
    const small = await createProduct(t, { price: 500, stock: 10 });
    const large = await createProduct(t, { price: 90_000, stock: 10 });
    for (const p of [small, large]) {
      await buyer.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
      await checkout(buyer, `sort-${p.id}`).expect(201);
    }
    const mine = (await admin.get(`/api/v1/admin/orders?customer_id=${user.id}&sort=total_asc`).expect(200)).body;
    expect(mine.total).toBe(2);
    expect(mine.items.every((o: { customerId: string }) => o.customerId === user.id)).toBe(true);
    const totals = mine.items.map((o: { totals: { total: { amount: number } } }) => o.totals.total.amount);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    const desc = (await admin.get(`/api/v1/admin/orders?customer_id=${user.id}&sort=total_desc`).expect(200)).body;
    expect(desc.items.map((o: { id: string }) => o.id)).toEqual([...mine.items].reverse().map((o: { id: string }) => o.id));
    const all = (await admin.get('/api/v1/admin/orders?sort=oldest&limit=100').expect(200)).body.items.map(
      (o: { createdAt: string }) => o.createdAt,
    );
    expect(all).toEqual([...all].sort());
    await admin.get('/api/v1/admin/orders?sort=cheapest').expect(400);
  });

  it('money-moving staff actions land in the audit log with the actor', async () => {
    const { order } = await paidOrder();
    await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 100, reason: 'goodwill' }).expect(200);
    const me = (await admin.get('/api/v1/me').expect(200)).body;
    const since = new Date(Date.now() - 60_000).toISOString();
    const log = (await admin.get(`/api/v1/admin/audit-logs?event=order_refunded&from=${since}`).expect(200)).body;
    const entry = log.items.find((e: { details: { orderId: string } }) => e.details.orderId === order.id);
    expect(entry).toMatchObject({ event: 'order_refunded', actorUserId: me.id, details: { amount: 100, number: order.number } });
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await admin.get(`/api/v1/admin/audit-logs?event=order_refunded&from=${future}`).expect(200)).body.total).toBe(0);
  });

  it('fulfils with tracking, then delivers; illegal transitions are 409', async () => {
    const { order, shopper } = await paidOrder();
    await admin.post(`/api/v1/admin/orders/${order.id}/deliver`, {}).expect(409);
    const shipped = (await admin.post(`/api/v1/admin/orders/${order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z999' }).expect(200))
      .body;
    expect(shipped).toMatchObject({ status: 'fulfilled', tracking: { carrier: 'UPS', number: '1Z999' } });
    expect((await shopper.get(`/api/v1/orders/${order.id}`).expect(200)).body.status).toBe('fulfilled');
    const again = await admin.post(`/api/v1/admin/orders/${order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z999' }).expect(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    await admin.post(`/api/v1/admin/orders/${order.id}/deliver`, {}).expect(200);
    await admin.post(`/api/v1/admin/orders/${order.id}/cancel`, {}).expect(409);
    await t.runJobs();
    expect(email.sent.some((m) => m.subject === `Order ${order.number} is on its way` && m.text.includes('1Z999'))).toBe(true);
  });

  it('refunds by lines and by amount, never beyond what was paid; the timeline records it', async () => {
    const { order } = await paidOrder([
      { price: 1000, qty: 2 },
      { price: 3000, qty: 1 },
    ]);
    const first = order.items[0];
    const partial = (
      await admin
        .post(`/api/v1/admin/orders/${order.id}/refunds`, { lines: [{ itemId: first.id, quantity: 1 }], reason: 'one was broken' })
        .expect(200)
    ).body;
    // Half of line 1: 1000 plus its share of tax (4 % NY) = 1040.
    expect(partial).toMatchObject({ status: 'partially_refunded', paymentStatus: 'partially_refunded', refunded: { amount: 1040 } });
    expect(partial.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['refund_requested', 'refunded']));
    await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { lines: [{ itemId: first.id, quantity: 2 }] }).expect(400);
    const tooMuch = await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: order.totals.total.amount }).expect(409);
    expect(tooMuch.body.error.code).toBe('CONFLICT');
    const rest = order.totals.total.amount - 1040;
    const full = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: rest }).expect(200)).body;
    expect(full).toMatchObject({ status: 'refunded', paymentStatus: 'refunded', refunded: { amount: order.totals.total.amount } });
    await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 1 }).expect(409);
  });

  it('cancelling a paid, unshipped order restocks through the ledger and refunds in full', async () => {
    const { order, variants } = await paidOrder();
    expect(await level(t, variants[0]!)).toMatchObject({ onHand: 8 });
    const cancelled = (await admin.post(`/api/v1/admin/orders/${order.id}/cancel`, { note: 'customer asked' }).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'refunded', paymentStatus: 'refunded' });
    expect(cancelled.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['cancelled', 'refunded']));
    expect(await level(t, variants[0]!)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
  });

  it('cancelling an unpaid order releases its reservation', async () => {
    const p = await createProduct(t, { stock: 3 });
    const shopper = await guestBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 3 }).expect(200);
    const { order } = (await checkout(shopper, 'unpaid-cancel').expect(201)).body;
    expect((await admin.post(`/api/v1/admin/orders/${order.id}/cancel`, {}).expect(200)).body.status).toBe('cancelled');
    expect(await level(t, p.variants[0]!.id)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('support can read orders but gets 403 when trying to refund or cancel', async () => {
    const { order } = await paidOrder();
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.get(`/api/v1/admin/orders/${order.id}`).expect(200);
    expect((await support.post(`/api/v1/admin/orders/${order.id}/refunds`, { full: true }).expect(403)).body.error.code).toBe('FORBIDDEN');
    await support.post(`/api/v1/admin/orders/${order.id}/cancel`, {}).expect(403);
    await support.post(`/api/v1/admin/orders/${order.id}/fulfil`, { carrier: 'x', trackingNumber: 'y' }).expect(403);
  });

  it('each order says which actions it allows the viewer now, from the transition table and their permissions', async () => {
    const { order, shopper } = await paidOrder([{ price: 1000, qty: 2 }]);
    const actions = async (b: Browser) => (await b.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body.allowedActions;
    expect(await actions(admin)).toEqual(['fulfil', 'cancel', 'edit', 'refund']);
    const { browser: support } = await signedInBrowser(t, 'support');
    expect(await actions(support)).toEqual([]);
    // The shopper's own view carries no staff actions.
    expect((await shopper.get(`/api/v1/orders/${order.id}`).expect(200)).body.allowedActions).toEqual([]);

    // Partly refunded and not shipped: it may still ship, be cancelled, or be refunded further.
    const refunded = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 100 }).expect(200)).body;
    expect(refunded.status).toBe('partially_refunded');
    expect(refunded.allowedActions).toEqual(['fulfil', 'cancel', 'edit', 'refund']);
    const shipped = (await admin.post(`/api/v1/admin/orders/${order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z' }).expect(200))
      .body;
    expect(shipped.allowedActions).toEqual(['deliver', 'refund']);
    const list = (await admin.get(`/api/v1/admin/orders?number=${order.number}`).expect(200)).body;
    expect(list.items[0].allowedActions).toEqual(['deliver', 'refund']);
    // What the answer does not offer, the server refuses.
    await admin.post(`/api/v1/admin/orders/${order.id}/cancel`, {}).expect(409);
  });
});
