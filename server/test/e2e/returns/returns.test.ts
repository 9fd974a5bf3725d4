import sharp from 'sharp';
import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { ledgerAgrees } from '../../support/balances';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { collect, eventually, listenWithRealtime } from '../../support/realtime-server';
import { checkout, createProduct, level, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
let adminPassword: string;
const email = new CapturingEmail();
const clock = new FakeClock();
const DAY = 86_400_000;
beforeAll(async () => {
  // A 500 shipping fee and a 10% restocking fee by default; 14 days to return.
  // Webhook endpoints on loopback may listen (nothing is delivered here: only what is announced is read).
  t = await createTestApp(
    { RETURN_SHIPPING_FEE: '500', RETURN_RESTOCKING_FEE_BP: '1000', RETURN_WINDOW_DAYS: '14', WEBHOOK_ALLOW_PRIVATE: 'true' },
    { email, clock },
  );
  await seedPricing(t);
  let user: { password: string };
  ({ browser: admin, user } = await signedInBrowser(t, 'admin'));
  adminPassword = user.password;
});
afterAll(() => t.close());

/** A paid order of the given lines, shipped and (unless told otherwise) delivered. */
async function deliveredOrder(
  shopper: Browser,
  lines: { price: number; qty: number; finalSale?: boolean }[] = [{ price: 2000, qty: 2 }],
  deliver = true,
) {
  const variants: string[] = [];
  for (const l of lines) {
    const p = await createProduct(t, { price: l.price, stock: 20, finalSale: l.finalSale });
    variants.push(p.variants[0]!.id);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: l.qty }).expect(200);
  }
  const placed = (await checkout(shopper, `ret-${Math.random()}`).expect(201)).body;
  await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
  await admin.post(`/api/v1/admin/orders/${placed.order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z1' }).expect(200);
  if (deliver) await admin.post(`/api/v1/admin/orders/${placed.order.id}/deliver`, {}).expect(200);
  return {
    order: placed.order as { id: string; number: string; items: { id: string }[]; totals: { total: { amount: number } } },
    variants,
    token: placed.accessToken as string | undefined,
  };
}

const requestReturn = (shopper: Browser, orderId: string, body: Record<string, unknown>, token?: string) =>
  shopper.post(`/api/v1/orders/${orderId}/returns${token ? `?token=${encodeURIComponent(token)}` : ''}`, {
    reason: 'Does not fit',
    ...body,
  });

describe('returns', () => {
  it('walk requested → approved → received → refunded: restock through the ledger, fees, a split refund, events and emails', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order, variants } = await deliveredOrder(shopper, [
      { price: 2000, qty: 2 },
      { price: 1000, qty: 1 },
    ]);
    const [first, second] = order.items;
    const before = await level(t, variants[0]!);

    const offer = (await shopper.get(`/api/v1/orders/${order.id}/returns`).expect(200)).body;
    expect(offer).toMatchObject({ blocked: null, reasons: expect.arrayContaining(['Does not fit', 'Damaged']), returns: [] });
    expect(offer.lines.map((l: { returnable: number }) => l.returnable)).toEqual([2, 1]);
    expect(new Date(offer.windowEndsAt).getTime() - clock.now().getTime()).toBeCloseTo(14 * DAY, -4);

    const requested = (
      await requestReturn(shopper, order.id, {
        lines: [
          { itemId: first!.id, quantity: 2 },
          { itemId: second!.id, quantity: 1 },
        ],
        note: 'too small',
      }).expect(201)
    ).body;
    expect(requested).toMatchObject({ number: `${order.number}-R1`, status: 'requested', kind: 'return', allowedActions: ['cancel'] });
    // Held units are not offered again.
    expect((await shopper.get(`/api/v1/orders/${order.id}/returns`).expect(200)).body.lines[0].returnable).toBe(0);

    const queued = (await admin.get('/api/v1/admin/returns?status=requested&limit=100').expect(200)).body;
    const mine = queued.items.find((r: { id: string }) => r.id === requested.id);
    const ofOrder = (await admin.get(`/api/v1/admin/returns?orderId=${order.id}`).expect(200)).body;
    expect(ofOrder.items.map((r: { id: string }) => r.id)).toEqual([requested.id]);
    expect(mine.allowedActions).toEqual(['approve', 'reject', 'cancel']);

    await admin.post(`/api/v1/admin/returns/${requested.id}/refund`, {}).expect(409);
    const approved = (await admin.post(`/api/v1/admin/returns/${requested.id}/approve`, { note: 'send it back' }).expect(200)).body;
    expect(approved).toMatchObject({ status: 'approved', staffNote: 'send it back', allowedActions: ['receive', 'cancel'] });
    await admin.post(`/api/v1/admin/returns/${requested.id}/approve`, {}).expect(409);

    const [lineA, lineB] = approved.lines;
    const received = (
      await admin
        .post(`/api/v1/admin/returns/${requested.id}/receive`, {
          lines: [
            { lineId: lineA.id, quantity: 2, restock: true },
            { lineId: lineB.id, quantity: 1, restock: false },
          ],
        })
        .expect(200)
    ).body;
    expect(received.status).toBe('received');
    const after = await level(t, variants[0]!);
    expect(after.onHand).toBe(before.onHand + 2);
    expect(after.ledgerOnHand).toBe(after.onHand);
    const ledger = await t.container.db.select<{ reason: string; delta: number }>(
      "SELECT reason, delta FROM inventory_ledger WHERE reference_type = 'return' AND reference_id = ?",
      [requested.id],
    );
    expect(ledger.map((r) => [r.reason, Number(r.delta)])).toEqual([['return', 2]]);
    expect((await level(t, variants[1]!)).onHand).toBe(19);

    // Paid for the lines: 4000 + 1000 goods, 4% tax → 4160 + 1040 = 5200. Fees: 500 shipping, 10% restocking = 520.
    // Refunded with the restocking fee waived: 5200 − 500 = 4700, of which 1180 to store credit and 3520 to the card.
    const preview = (await admin.get(`/api/v1/admin/returns/${requested.id}/refund-preview`).expect(200)).body;
    expect(preview).toMatchObject({
      gross: { amount: 5200 },
      shippingFee: { amount: 500 },
      restockingFee: { amount: 520 },
      net: { amount: 4180 },
    });
    await admin.post(`/api/v1/admin/returns/${requested.id}/refund`, { to: 'split', storeCredit: 99_999 }).expect(400);
    const refunded = (
      await admin.post(`/api/v1/admin/returns/${requested.id}/refund`, { to: 'split', storeCredit: 1180, restockingFee: 0 }).expect(200)
    ).body;
    expect(refunded).toMatchObject({
      status: 'refunded',
      allowedActions: [],
      refund: { original: { amount: 3520 }, storeCredit: { amount: 1180 }, shippingFee: { amount: 500 }, restockingFee: { amount: 0 } },
    });
    expect(refunded.events.map((e: { type: string }) => e.type)).toEqual([
      'return_requested',
      'return_approved',
      'return_received',
      'return_refunded',
    ]);
    const orderAfter = (await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body;
    expect(orderAfter).toMatchObject({ status: 'delivered', paymentStatus: 'partially_refunded', refunded: { amount: 4700 } });
    expect(orderAfter.items.map((i: { refundedQuantity: number }) => i.refundedQuantity)).toEqual([2, 1]);
    expect(orderAfter.payments[0].refunded.amount).toBe(3520);
    expect((await shopper.get('/api/v1/me/store-credit').expect(200)).body.balance.amount).toBe(1180);
    await admin.post(`/api/v1/admin/returns/${requested.id}/refund`, {}).expect(409);
    expect(await ledgerAgrees(t)).toBe(true);

    await t.runJobs();
    // The order's email address hears about every move.
    const subjects = email.sent.filter((m) => m.to === 'sam@example.com').map((m) => m.subject);
    for (const status of ['requested', 'approved', 'received', 'refunded'])
      expect(subjects).toContain(`Your return ${requested.number}: ${status}`);
    const last = email.sent.filter((m) => m.subject === `Your return ${requested.number}: refunded`).at(-1)!;
    expect(last.text).toContain('$11.80 was added to your store credit');
  });

  it('refuse orders not delivered, lines past the window, final-sale lines and more units than are left', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const shipped = await deliveredOrder(shopper, [{ price: 1500, qty: 1 }], false);
    const notYet = await requestReturn(shopper, shipped.order.id, { lines: [{ itemId: shipped.order.items[0]!.id, quantity: 1 }] }).expect(
      409,
    );
    expect(notYet.body.error.message).toMatch(/delivered/);

    const { order } = await deliveredOrder(shopper, [
      { price: 1500, qty: 1, finalSale: true },
      { price: 1500, qty: 1 },
    ]);
    const offer = (await shopper.get(`/api/v1/orders/${order.id}/returns`).expect(200)).body;
    expect(offer.lines.map((l: { returnable: number; finalSale: boolean }) => [l.returnable, l.finalSale])).toEqual([
      [0, true],
      [1, false],
    ]);
    const finalSale = await requestReturn(shopper, order.id, { lines: [{ itemId: order.items[0]!.id, quantity: 1 }] }).expect(409);
    expect(finalSale.body.error.details[0]).toMatchObject({ path: 'lines.0.quantity', message: 'It is final sale' });
    await requestReturn(shopper, order.id, { lines: [{ itemId: order.items[1]!.id, quantity: 2 }] }).expect(409);
    await requestReturn(shopper, order.id, { lines: [{ itemId: order.items[1]!.id, quantity: 1 }], reason: 'Because' }).expect(400);
    await requestReturn(shopper, order.id, { lines: [] }).expect(400);

    const guest = await deliveredOrder(await guestBrowser(t), [{ price: 1500, qty: 1 }]);
    clock.advance(15 * DAY);
    try {
      // Sessions have idled out by now: the order's signed link still works.
      const later = await guestBrowser(t);
      const late = await requestReturn(
        later,
        guest.order.id,
        { lines: [{ itemId: guest.order.items[0]!.id, quantity: 1 }] },
        guest.token,
      ).expect(409);
      expect(late.body.error.message).toMatch(/14-day return window has ended/);
      const offer = (await later.get(`/api/v1/orders/${guest.order.id}/returns?token=${encodeURIComponent(guest.token!)}`).expect(200))
        .body;
      expect(offer).toMatchObject({ blocked: expect.stringMatching(/window/), lines: [{ returnable: 0, claimable: 0 }] });
    } finally {
      clock.advance(-15 * DAY);
    }
  });

  it('a rejected or withdrawn request frees its units; a shopper can only withdraw before staff answer', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order } = await deliveredOrder(shopper, [{ price: 1000, qty: 1 }]);
    const item = order.items[0]!.id;
    const first = (await requestReturn(shopper, order.id, { lines: [{ itemId: item, quantity: 1 }] }).expect(201)).body;
    const rejected = (await admin.post(`/api/v1/admin/returns/${first.id}/reject`, { note: 'worn' }).expect(200)).body;
    expect(rejected).toMatchObject({ status: 'rejected', allowedActions: [] });
    await shopper.post(`/api/v1/returns/${first.id}/cancel`, {}).expect(409);
    const second = (await requestReturn(shopper, order.id, { lines: [{ itemId: item, quantity: 1 }] }).expect(201)).body;
    expect(second.number).toBe(`${order.number}-R2`);
    expect((await shopper.post(`/api/v1/returns/${second.id}/cancel`, {}).expect(200)).body.status).toBe('cancelled');
    await requestReturn(shopper, order.id, { lines: [{ itemId: item, quantity: 1 }] }).expect(201);
  });

  it('no one sees or acts on another shopper’s returns; a guest uses the order’s signed link; support cannot refund', async () => {
    const { browser: owner } = await signedInBrowser(t);
    const { order } = await deliveredOrder(owner, [{ price: 1000, qty: 1 }]);
    const ret = (await requestReturn(owner, order.id, { lines: [{ itemId: order.items[0]!.id, quantity: 1 }] }).expect(201)).body;
    const { browser: stranger } = await signedInBrowser(t);
    await stranger.get(`/api/v1/orders/${order.id}/returns`).expect(404);
    await requestReturn(stranger, order.id, { lines: [{ itemId: order.items[0]!.id, quantity: 1 }] }).expect(404);
    await stranger.post(`/api/v1/returns/${ret.id}/cancel`, {}).expect(404);
    await stranger.get(`/api/v1/admin/returns/${ret.id}`).expect(403);
    const anonymous = await guestBrowser(t);
    await anonymous.get(`/api/v1/orders/${order.id}/returns?token=${'x'.repeat(43)}`).expect(404);

    const guest = await guestBrowser(t);
    const bought = await deliveredOrder(guest, [{ price: 1000, qty: 1 }]);
    const fresh = await guestBrowser(t);
    await fresh.get(`/api/v1/orders/${bought.order.id}/returns`).expect(404);
    const viaLink = (
      await requestReturn(fresh, bought.order.id, { lines: [{ itemId: bought.order.items[0]!.id, quantity: 1 }] }, bought.token).expect(201)
    ).body;
    expect(viaLink.status).toBe('requested');

    const { browser: support } = await signedInBrowser(t, 'support');
    const seen = (await support.get(`/api/v1/admin/returns/${ret.id}`).expect(200)).body;
    expect(seen.allowedActions).not.toContain('refund');
    await admin.post(`/api/v1/admin/returns/${ret.id}/approve`, {}).expect(200);
    await admin
      .post(`/api/v1/admin/returns/${ret.id}/receive`, { lines: [{ lineId: seen.lines[0].id, quantity: 1, restock: true }] })
      .expect(200);
    await support.post(`/api/v1/admin/returns/${ret.id}/refund`, {}).expect(403);
  });

  it('a claim for damaged goods is refunded without a return shipment, with no fees by default, even for final sale', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order, variants } = await deliveredOrder(shopper, [{ price: 3000, qty: 1, finalSale: true }]);
    const claim = (
      await requestReturn(shopper, order.id, {
        kind: 'claim',
        reason: 'Damaged',
        lines: [{ itemId: order.items[0]!.id, quantity: 1 }],
      }).expect(201)
    ).body;
    const approved = (await admin.post(`/api/v1/admin/returns/${claim.id}/approve`, {}).expect(200)).body;
    expect(approved.allowedActions).toEqual(['refund', 'replace', 'cancel']);
    await admin
      .post(`/api/v1/admin/returns/${claim.id}/receive`, { lines: [{ lineId: approved.lines[0].id, quantity: 1, restock: true }] })
      .expect(409);
    const refunded = (await admin.post(`/api/v1/admin/returns/${claim.id}/refund`, {}).expect(200)).body;
    expect(refunded.refund).toMatchObject({ original: { amount: 3120 }, shippingFee: { amount: 0 }, restockingFee: { amount: 0 } });
    expect((await level(t, variants[0]!)).onHand).toBe(19);
  });

  it('takes photos of the problem while the request waits: images only, judged by their bytes, at most five', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order } = await deliveredOrder(shopper, [{ price: 1000, qty: 1 }]);
    const ret = (
      await requestReturn(shopper, order.id, {
        kind: 'claim',
        reason: 'Damaged',
        lines: [{ itemId: order.items[0]!.id, quantity: 1 }],
      }).expect(201)
    ).body;
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#884422' } })
      .png()
      .toBuffer();
    const upload = (b: Browser, files: { data: Buffer; name: string }[]) => {
      let req = b.agent.post(`/api/v1/returns/${ret.id}/photos`).set('X-CSRF-Token', b.csrfToken);
      for (const f of files) req = req.attach('photos', f.data, f.name);
      return req;
    };
    const withPhotos = (await upload(shopper, [{ data: png, name: 'dent.png' }]).expect(200)).body;
    expect(withPhotos.photos).toEqual([expect.stringMatching(/\.webp$/)]);
    await upload(shopper, [{ data: Buffer.from('<svg onload="alert(1)"/>'), name: 'x.png' }]).expect(415);
    await upload(
      shopper,
      Array.from({ length: 5 }, () => ({ data: png, name: 'more.png' })),
    ).expect(400);
    const { browser: stranger } = await signedInBrowser(t);
    await upload(stranger, [{ data: png, name: 'dent.png' }]).expect(404);
    expect((await admin.get(`/api/v1/admin/returns/${ret.id}`).expect(200)).body.photos).toHaveLength(1);
    await admin.post(`/api/v1/admin/returns/${ret.id}/approve`, {}).expect(200);
    await upload(shopper, [{ data: png, name: 'late.png' }]).expect(409);
  });

  it('the order page hears each move live', async () => {
    const server = await listenWithRealtime(t);
    try {
      const { browser: shopper } = await signedInBrowser(t);
      const { order } = await deliveredOrder(shopper, [{ price: 1000, qty: 1 }]);
      const socket = await server.socket(shopper.cookie);
      expect(await socket.emitWithAck('subscribe', { orders: [order.id] })).toEqual({ ok: true });
      const updates = collect(socket, 'return:updated');
      const ret = (await requestReturn(shopper, order.id, { lines: [{ itemId: order.items[0]!.id, quantity: 1 }] }).expect(201)).body;
      await admin.post(`/api/v1/admin/returns/${ret.id}/approve`, {}).expect(200);
      await eventually(() => updates.length >= 2);
      expect(updates).toEqual([
        { orderId: order.id, returnId: ret.id, number: ret.number, status: 'requested' },
        { orderId: order.id, returnId: ret.id, number: ret.number, status: 'approved' },
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('never beyond what was paid', () => {
  it('20 concurrent return requests for the last unit: one is taken', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order } = await deliveredOrder(shopper, [{ price: 1000, qty: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => requestReturn(shopper, order.id, { lines: [{ itemId: order.items[0]!.id, quantity: 1 }] })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('20 concurrent refunds and credits against one line — return refunds and staff line refunds — pay it once', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order } = await deliveredOrder(shopper, [
      { price: 2500, qty: 1 },
      { price: 500, qty: 1 },
    ]);
    const item = order.items[0]!.id;
    const ret = (await requestReturn(shopper, order.id, { lines: [{ itemId: item, quantity: 1 }] }).expect(201)).body;
    await admin.post(`/api/v1/admin/returns/${ret.id}/approve`, {}).expect(200);
    await admin
      .post(`/api/v1/admin/returns/${ret.id}/receive`, { lines: [{ lineId: ret.lines[0].id, quantity: 1, restock: false }] })
      .expect(200);
    const attempts = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? admin.post(`/api/v1/admin/returns/${ret.id}/refund`, {
            to: i % 4 === 1 ? 'store_credit' : 'original',
            shippingFee: 0,
            restockingFee: 0,
          })
        : admin.post(`/api/v1/admin/orders/${order.id}/refunds`, {
            lines: [{ itemId: item, quantity: 1 }],
            to: i % 4 === 0 ? 'store_credit' : 'original',
          }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => [200, 400, 409].includes(r.status))).toBe(true);
    const after = (await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body;
    // 2500 + 4% tax, once.
    expect(after.refunded.amount).toBe(2600);
    expect(after.items[0].refundedQuantity).toBe(1);
    const credit = (await shopper.get('/api/v1/me/store-credit').expect(200)).body.balance.amount;
    expect(credit + after.payments[0].refunded.amount).toBe(2600);
    expect(await ledgerAgrees(t)).toBe(true);
  });
});

describe('exchanges and replacements', () => {
  it('an exchange for a cheaper item reserves it at approval, ships it when the old one arrives, and refunds the difference', async () => {
    // The test clock has moved days on: subscribing is a sensitive action, so the admin proves the password again.
    await admin.post('/api/v1/auth/reauth', { password: adminPassword }).expect(204);
    await admin.post('/api/v1/admin/webhooks', { url: 'http://127.0.0.1:9/returns', events: ['order.created'] }).expect(201);
    const { browser: shopper } = await signedInBrowser(t);
    const { order } = await deliveredOrder(shopper, [{ price: 3000, qty: 1 }]);
    const other = await createProduct(t, { price: 2000, stock: 5 });
    const otherVariant = other.variants[0]!.id;
    await requestReturn(shopper, order.id, { kind: 'exchange', lines: [{ itemId: order.items[0]!.id, quantity: 1 }] }).expect(400);
    const ex = (
      await requestReturn(shopper, order.id, {
        kind: 'exchange',
        reason: 'Does not fit',
        lines: [{ itemId: order.items[0]!.id, quantity: 1 }],
        exchange: [{ variantId: otherVariant, quantity: 1 }],
      }).expect(201)
    ).body;
    expect(ex).toMatchObject({ kind: 'exchange', exchange: [{ variantId: otherVariant, quantity: 1 }], replacementOrder: null });
    // A product with sizes offers its other sizes to exchange for.
    const sized = await createProduct(t, { price: 1000, variants: 3 });
    await shopper.post('/api/v1/cart/items', { variantId: sized.variants[0]!.id, quantity: 1 }).expect(200);
    const second = (await checkout(shopper, `sized-${Math.random()}`).expect(201)).body;
    await shopper.post(`/api/v1/payments/${second.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    const offer = (await shopper.get(`/api/v1/orders/${second.order.id}/returns`).expect(200)).body;
    expect(offer.lines[0].exchangeOptions.map((o: { variantId: string }) => o.variantId)).toEqual([
      sized.variants[1]!.id,
      sized.variants[2]!.id,
    ]);

    const approved = (await admin.post(`/api/v1/admin/returns/${ex.id}/approve`, {}).expect(200)).body;
    expect(approved.replacementOrder).toMatchObject({ id: expect.any(String) });
    const replacementId = approved.replacementOrder.id;
    // The replacement is an order like any other for webhook receivers, announced in the approval's transaction.
    const announced = await t.container.db.select<{ body: string }>("SELECT body FROM webhook_events WHERE type = 'order.created'");
    expect(announced.map((e) => JSON.parse(e.body).data.order.id)).toContain(replacementId);
    // The new item is held; the replacement costs nothing (the old one's 3000 covers its 2000).
    expect(await level(t, otherVariant)).toMatchObject({ onHand: 5, reserved: 1 });
    const replacement = (await admin.get(`/api/v1/admin/orders/${replacementId}`).expect(200)).body;
    expect(replacement).toMatchObject({ status: 'pending_payment', totals: { discount: { amount: 2000 }, total: { amount: 0 } } });

    await admin.post(`/api/v1/admin/returns/${ex.id}/refund`, {}).expect(409);
    await admin
      .post(`/api/v1/admin/returns/${ex.id}/receive`, { lines: [{ lineId: approved.lines[0].id, quantity: 1, restock: true }] })
      .expect(200);
    const done = (await admin.post(`/api/v1/admin/returns/${ex.id}/complete`, { to: 'store_credit' }).expect(200)).body;
    expect(done).toMatchObject({ status: 'completed', allowedActions: [] });
    expect((await admin.get(`/api/v1/admin/orders/${replacementId}`).expect(200)).body.status).toBe('paid');
    expect(await level(t, otherVariant)).toMatchObject({ onHand: 4, reserved: 0 });
    // 1000 of the 3000 was left, with its 4% tax: 1040 to store credit.
    expect((await shopper.get('/api/v1/me/store-credit').expect(200)).body.balance.amount).toBe(1040);
    expect((await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body.items[0].refundedQuantity).toBe(1);
  });

  it('an exchange for a dearer item asks the customer for the difference by email', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order } = await deliveredOrder(shopper, [{ price: 1000, qty: 1 }]);
    const dearer = await createProduct(t, { price: 2500, stock: 5 });
    const ex = (
      await requestReturn(shopper, order.id, {
        kind: 'exchange',
        lines: [{ itemId: order.items[0]!.id, quantity: 1 }],
        exchange: [{ variantId: dearer.variants[0]!.id, quantity: 1 }],
      }).expect(201)
    ).body;
    const approved = (await admin.post(`/api/v1/admin/returns/${ex.id}/approve`, {}).expect(200)).body;
    const replacement = (await shopper.get(`/api/v1/orders/${approved.replacementOrder.id}`).expect(200)).body;
    // 2500 − 1000 = 1500, plus 4% tax.
    expect(replacement.amountDue.amount).toBe(1560);
    await t.runJobs();
    expect(email.sent.some((m) => m.subject === `Order ${approved.replacementOrder.number}: $15.60 to pay`)).toBe(true);
    const pay = (await shopper.post(`/api/v1/orders/${replacement.id}/pay`, {}).expect(200)).body;
    await shopper.post(`/api/v1/payments/${pay.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    expect((await shopper.get(`/api/v1/orders/${replacement.id}`).expect(200)).body.status).toBe('paid');
  });

  it('a claim can be settled by sending the same goods again at no charge', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const { order, variants } = await deliveredOrder(shopper, [{ price: 1800, qty: 2 }]);
    const claim = (
      await requestReturn(shopper, order.id, {
        kind: 'claim',
        reason: 'Damaged',
        lines: [{ itemId: order.items[0]!.id, quantity: 1 }],
      }).expect(201)
    ).body;
    await admin.post(`/api/v1/admin/returns/${claim.id}/replace`, {}).expect(409);
    await admin.post(`/api/v1/admin/returns/${claim.id}/approve`, {}).expect(200);
    const replaced = (await admin.post(`/api/v1/admin/returns/${claim.id}/replace`, { note: 'sorry' }).expect(200)).body;
    expect(replaced).toMatchObject({ status: 'completed', replacementOrder: { id: expect.any(String) } });
    const replacement = (await admin.get(`/api/v1/admin/orders/${replaced.replacementOrder.id}`).expect(200)).body;
    expect(replacement).toMatchObject({
      status: 'paid',
      totals: { total: { amount: 0 } },
      items: [{ quantity: 1, unitPrice: { amount: 1800 } }],
    });
    expect(await level(t, variants[0]!)).toMatchObject({ onHand: 17, reserved: 0 });
    // The claimed unit cannot be claimed or refunded again.
    expect((await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body.items[0].refundedQuantity).toBe(1);
  });
});

describe('gift cards', () => {
  it('are never returned, exchanged or replaced; a claim of one is refunded by taking its card back, and a spent card is not refunded', async () => {
    const { browser: shopper } = await signedInBrowser(t);
    const card = await createProduct(t, { price: 2500, variants: 2, giftCard: true });
    const goods = await createProduct(t, { price: 1500, stock: 20, variants: 2 });
    await shopper
      .post('/api/v1/cart/items', { variantId: card.variants[0]!.id, quantity: 2, giftCard: { recipientEmail: 'claim.gc@example.com' } })
      .expect(200);
    await shopper.post('/api/v1/cart/items', { variantId: goods.variants[0]!.id, quantity: 1 }).expect(200);
    const placed = (await checkout(shopper, `ret-gc-${Math.random()}`).expect(201)).body;
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z9' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/deliver`, {}).expect(200);
    await t.runJobs();
    const orderId = placed.order.id as string;
    const [cardLine, goodsLine] = placed.order.items as { id: string }[];

    // The other amount of the card is not offered in exchange; the other size of the goods is.
    const offer = (await shopper.get(`/api/v1/orders/${orderId}/returns`).expect(200)).body;
    expect(
      offer.lines.map((l: { returnable: number; finalSale: boolean; exchangeOptions: unknown[] }) => [
        l.returnable,
        l.finalSale,
        l.exchangeOptions.length,
      ]),
    ).toEqual([
      [0, true, 0],
      [1, false, 1],
    ]);
    await requestReturn(shopper, orderId, { lines: [{ itemId: cardLine!.id, quantity: 1 }] }).expect(409);
    // Nor can goods be exchanged for a gift card.
    const forCard = await requestReturn(shopper, orderId, {
      kind: 'exchange',
      lines: [{ itemId: goodsLine!.id, quantity: 1 }],
      exchange: [{ variantId: card.variants[1]!.id, quantity: 1 }],
    }).expect(400);
    expect(forCard.body.error.details).toEqual([{ path: 'exchange.0.variantId', message: 'Gift cards are bought in the shop' }]);

    // "It never arrived": the claim is refunded, never replaced.
    const claimOne = async () =>
      (
        await requestReturn(shopper, orderId, { kind: 'claim', reason: 'Other', lines: [{ itemId: cardLine!.id, quantity: 1 }] }).expect(
          201,
        )
      ).body as { id: string };
    const claim = await claimOne();
    const approved = (await admin.post(`/api/v1/admin/returns/${claim.id}/approve`, {}).expect(200)).body;
    expect(approved.allowedActions).toEqual(['refund', 'cancel']);
    const replaced = (await admin.post(`/api/v1/admin/returns/${claim.id}/replace`, {}).expect(409)).body.error;
    expect(replaced.message).toBe(
      'A gift card cannot be replaced: refund the claim instead (the card is taken back and its money refunded).',
    );
    const refunded = (await admin.post(`/api/v1/admin/returns/${claim.id}/refund`, {}).expect(200)).body;
    expect(refunded.refund).toMatchObject({ original: { amount: 2500 }, shippingFee: { amount: 0 } });
    const balances = async () =>
      (
        await t.container.db.select<{ balance: number }>('SELECT balance FROM balance_accounts WHERE order_item_id = ? ORDER BY balance', [
          cardLine!.id,
        ])
      ).map((c) => Number(c.balance));
    expect(await balances()).toEqual([0, 2500]);

    // The other card is spent from; claiming it is refused when the refund is asked, and nothing moves.
    const codes = email.sent
      .filter((m) => m.to === 'claim.gc@example.com')
      .map((m) => /Your gift card code: ([A-Z2-9-]{24})/.exec(m.text)![1]!);
    const spender = await guestBrowser(t);
    await spender.post('/api/v1/cart/items', { variantId: goods.variants[1]!.id, quantity: 1 }).expect(200);
    // Whichever code still has money is the card not taken back.
    const live: string[] = [];
    for (const c of codes)
      if ((await spender.post('/api/v1/gift-cards/lookup', { code: c }).expect(200)).body.balance.amount > 0) live.push(c);
    expect(live).toHaveLength(1);
    await checkout(spender, `ret-gc-spend-${Math.random()}`, { giftCardCodes: live }).expect(201);
    const second = await claimOne();
    await admin.post(`/api/v1/admin/returns/${second.id}/approve`, {}).expect(200);
    const refused = (await admin.post(`/api/v1/admin/returns/${second.id}/refund`, {}).expect(409)).body.error;
    expect(refused.message).toMatch(/^The gift card for claim.gc@example.com has been used/);
    expect((await admin.get(`/api/v1/admin/returns/${second.id}`).expect(200)).body.status).toBe('approved');
    expect((await admin.get(`/api/v1/admin/orders/${orderId}`).expect(200)).body.refunded.amount).toBe(2500);
    expect(await ledgerAgrees(t)).toBe(true);
  });
});
