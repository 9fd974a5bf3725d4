import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { CapturingEmail } from '../../support/fakes';
import { address, checkout, createProduct, level, seedPricing } from '../../support/shop';
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

/** A paid guest order of one line (price × qty), with its variant and the guest's signed link. */
async function paidOrder(price: number, qty: number, stock = 10) {
  const shopper = await guestBrowser(t);
  const p = await createProduct(t, { price, stock });
  await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: qty }).expect(200);
  const placed = (await checkout(shopper, `edit-${Math.random()}`).expect(201)).body;
  await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
  return { order: placed.order, variant: p.variants[0]!.id, token: placed.accessToken as string };
}

describe('order edits', () => {
  it('a preview changes nothing; confirming a smaller order restocks and refunds the difference, without counting it as a refund of the new total', async () => {
    const { order, variant } = await paidOrder(2000, 3);
    const item = order.items[0].id;
    const preview = (
      await admin.post(`/api/v1/admin/orders/${order.id}/edit-preview`, { lines: [{ itemId: item, quantity: 1 }] }).expect(200)
    ).body;
    // 2000 goods + 599 shipping (under 10,000), 4% tax on both = 104 → 2703; it was 6000 + 599 + 264 = 6863.
    expect(preview).toMatchObject({
      before: { total: { amount: 6863 } },
      after: { total: { amount: 2703 } },
      difference: { amount: -4160 },
    });
    expect(preview.lines).toEqual([expect.objectContaining({ quantity: 1, from: 3 })]);
    expect(await level(t, variant)).toMatchObject({ onHand: 7 });

    const edited = (
      await admin
        .post(`/api/v1/admin/orders/${order.id}/edit`, { lines: [{ itemId: item, quantity: 1 }], note: 'customer asked' })
        .expect(200)
    ).body;
    expect(edited).toMatchObject({
      status: 'paid',
      paymentStatus: 'paid',
      totals: { total: { amount: 2703 } },
      refunded: { amount: 0 },
      amountDue: { amount: 0 },
    });
    expect(edited.items[0]).toMatchObject({ quantity: 1 });
    expect(edited.payments[0].refunded.amount).toBe(4160);
    expect(edited.events.map((e: { type: string }) => e.type)).toContain('edited');
    expect(await level(t, variant)).toMatchObject({ onHand: 9, ledgerOnHand: 9 });
    // What is left to refund is the new total.
    expect(edited.allowedActions).toContain('refund');
    await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { amount: 2704 }).expect(409);
    const full = (await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { full: true }).expect(200)).body;
    expect(full).toMatchObject({ status: 'refunded', refunded: { amount: 2703 }, payments: [{ refunded: { amount: 6863 } }] });
  });

  it('adding a line sells its stock and asks the customer for the difference, which they pay from the order page', async () => {
    const { order, token } = await paidOrder(1000, 1);
    const extra = await createProduct(t, { price: 1500, stock: 2 });
    const edited = (
      await admin.post(`/api/v1/admin/orders/${order.id}/edit`, { add: [{ variantId: extra.variants[0]!.id, quantity: 2 }] }).expect(200)
    ).body;
    // 1000 + 3000 goods + 599 shipping, 4% tax = 184 → 4783; it was 1000 + 599 + 64 = 1663.
    expect(edited).toMatchObject({
      totals: { total: { amount: 4783 } },
      amountDue: { amount: 3120 },
      items: [{ quantity: 1 }, { quantity: 2 }],
    });
    expect(await level(t, extra.variants[0]!.id)).toMatchObject({ onHand: 0 });
    await t.runJobs();
    expect(email.sent.some((m) => m.subject === `Order ${order.number}: $31.20 to pay`)).toBe(true);

    const customer = await guestBrowser(t);
    const pay = (await customer.post(`/api/v1/orders/${order.id}/pay?token=${token}`, {}).expect(200)).body;
    expect(pay.payment.amount.amount).toBe(3120);
    await customer.post(`/api/v1/payments/${pay.payment.id}/confirm?token=${token}`, { outcome: 'succeeded' }).expect(200);
    const after = (await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'paid', amountDue: { amount: 0 } });
    expect(after.events.map((e: { type: string }) => e.type)).toContain('amount_due_paid');
  });

  it('refuses what cannot be: more than is in stock (nothing changes), shipped orders, removing every line, going below what was refunded', async () => {
    const { order, variant } = await paidOrder(1000, 2, 3);
    const item = order.items[0].id;
    const short = await admin.post(`/api/v1/admin/orders/${order.id}/edit`, { lines: [{ itemId: item, quantity: 5 }] }).expect(409);
    expect(short.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect((await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body.items[0].quantity).toBe(2);
    expect(await level(t, variant)).toMatchObject({ onHand: 1 });
    await admin.post(`/api/v1/admin/orders/${order.id}/edit`, { lines: [{ itemId: item, quantity: 0 }] }).expect(400);
    await admin.post(`/api/v1/admin/orders/${order.id}/refunds`, { lines: [{ itemId: item, quantity: 1 }] }).expect(200);
    await admin.post(`/api/v1/admin/orders/${order.id}/edit`, { lines: [{ itemId: item, quantity: 0 }] }).expect(400);
    await admin.post(`/api/v1/admin/orders/${order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${order.id}/edit-preview`, { lines: [{ itemId: item, quantity: 1 }] }).expect(409);
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.post(`/api/v1/admin/orders/${order.id}/edit`, { lines: [] }).expect(403);
  });

  it('a new address and method price shipping and tax again for where it now goes, in the preview and the edit', async () => {
    const express = '6f1c3d2a-0000-4000-8000-0000000000e1';
    await t.container.db.execute(
      "INSERT IGNORE INTO shipping_methods (id, name, amount, free_over, countries, sort_order) VALUES (?, 'Express (US)', 1500, NULL, '[\"US\"]', 1)",
      [express],
    );
    const { order } = await paidOrder(2000, 1);
    // 2000 + 599 shipping to New York, 4% on both (104): 2703.
    expect(order.totals.total.amount).toBe(2703);
    const california = { ...address, line1: '9 Ocean Ave', city: 'Los Angeles', region: 'CA', postalCode: '90001' };
    const moved = (
      await admin
        .post(`/api/v1/admin/orders/${order.id}/edit-preview`, { shippingAddress: california, shippingMethodId: express })
        .expect(200)
    ).body;
    // No tax rate for California; Express costs 1500.
    expect(moved.after).toMatchObject({ shipping: { amount: 1500 }, tax: { amount: 0 }, total: { amount: 3500 } });
    expect(moved.difference.amount).toBe(3500 - 2703);
    // Express goes to the US only.
    const abroad = await admin
      .post(`/api/v1/admin/orders/${order.id}/edit-preview`, {
        shippingAddress: { ...address, city: 'London', region: undefined, postalCode: 'SW1A 1AA', country: 'GB' },
        shippingMethodId: express,
      })
      .expect(400);
    expect(abroad.body.error.details).toEqual([{ path: 'shippingMethodId', message: 'No shipping method that delivers to GB' }]);

    // The address alone: the same method, no tax where it goes now; the tax is paid back.
    const edited = (await admin.post(`/api/v1/admin/orders/${order.id}/edit`, { shippingAddress: california }).expect(200)).body;
    expect(edited).toMatchObject({
      shippingAddress: { city: 'Los Angeles', region: 'CA', postalCode: '90001' },
      shippingMethod: { name: 'Standard' },
      totals: { shipping: { amount: 599 }, tax: { amount: 0 }, total: { amount: 2599 } },
      amountDue: { amount: 0 },
    });
    expect(edited.payments[0].refunded.amount).toBe(104);
    // Then the method: the customer owes the difference.
    const faster = (await admin.post(`/api/v1/admin/orders/${order.id}/edit`, { shippingMethodId: express }).expect(200)).body;
    expect(faster).toMatchObject({ shippingMethod: { id: express }, totals: { total: { amount: 3500 } }, amountDue: { amount: 901 } });
  });
});
