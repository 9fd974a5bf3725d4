import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { CapturingEmail } from '../../support/fakes';
import { address, createProduct, level, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
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

const draftBody = (variantId: string, extra: Record<string, unknown> = {}) => ({
  email: 'phone.customer@example.com',
  lines: [{ variantId, quantity: 2 }],
  shippingAddress: address,
  shippingMethodId: STANDARD_SHIPPING,
  ...extra,
});

/** The signed link in the newest invoice email for this order. */
function invoiceLink(number: string): { id: string; token: string } {
  const mail = [...email.sent].reverse().find((m) => m.subject === `Invoice for order ${number}`);
  const match = mail && /\/orders\/([0-9a-f-]{36})\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no invoice for ${number}`);
  return { id: match[1]!, token: match[2]! };
}

describe('draft orders', () => {
  it('staff draft an order at catalog prices with a discount, send the invoice, and the customer pays exactly that order', async () => {
    const p = await createProduct(t, { price: 3000, stock: 5 });
    const variant = p.variants[0]!.id;
    const draft = (await admin.post('/api/v1/admin/draft-orders', draftBody(variant, { discount: 1000, note: 'phoned in' })).expect(201))
      .body;
    // 6000 − 1000 = 5000 goods, free shipping under 10,000? no: 599 shipping; 4% NY tax on 5000 + 599 = 224.
    expect(draft).toMatchObject({
      status: 'draft',
      staffNote: 'phoned in',
      totals: {
        subtotal: { amount: 6000 },
        discount: { amount: 1000 },
        shipping: { amount: 599 },
        tax: { amount: 224 },
        total: { amount: 5823 },
      },
      amountDue: { amount: 0 },
      allowedActions: expect.arrayContaining(['send_invoice', 'mark_paid', 'cancel']),
    });
    // A draft holds no stock.
    expect(await level(t, variant)).toMatchObject({ onHand: 5, reserved: 0 });

    const edited = (
      await admin
        .put(`/api/v1/admin/draft-orders/${draft.id}`, draftBody(variant, { lines: [{ variantId: variant, quantity: 1 }] }))
        .expect(200)
    ).body;
    expect(edited).toMatchObject({ number: draft.number, totals: { subtotal: { amount: 3000 } } });

    const sent = (await admin.post(`/api/v1/admin/orders/${draft.id}/send-invoice`, { message: 'As discussed' }).expect(200)).body;
    expect(sent).toMatchObject({ status: 'pending_payment', amountDue: { amount: sent.totals.total.amount } });
    await admin.put(`/api/v1/admin/draft-orders/${draft.id}`, draftBody(variant)).expect(409);
    await t.runJobs();
    const link = invoiceLink(draft.number);
    expect(link.id).toBe(draft.id);

    // The customer opens the link in a fresh browser and pays.
    const customer = await guestBrowser(t);
    await customer.post(`/api/v1/orders/${draft.id}/pay`, {}).expect(404);
    const pay = (await customer.post(`/api/v1/orders/${draft.id}/pay?token=${link.token}`, {}).expect(200)).body;
    expect(pay.payment.amount.amount).toBe(sent.totals.total.amount);
    // Asking again answers the same payment.
    expect((await customer.post(`/api/v1/orders/${draft.id}/pay?token=${link.token}`, {}).expect(200)).body.payment.id).toBe(
      pay.payment.id,
    );
    await customer.post(`/api/v1/payments/${pay.payment.id}/confirm?token=${link.token}`, { outcome: 'succeeded' }).expect(200);
    const paid = (await admin.get(`/api/v1/admin/orders/${draft.id}`).expect(200)).body;
    expect(paid).toMatchObject({ status: 'paid', paymentStatus: 'paid', amountDue: { amount: 0 } });
    // Stock is taken when paid (no reservation was held).
    expect(await level(t, variant)).toMatchObject({ onHand: 4, reserved: 0, ledgerOnHand: 4 });
    await customer.post(`/api/v1/orders/${draft.id}/pay?token=${link.token}`, {}).expect(409);
  });

  it('custom line prices need orders:price-override; bad variants and customers are 400s', async () => {
    const p = await createProduct(t, { price: 3000 });
    const variant = p.variants[0]!.id;
    const custom = (
      await admin
        .post('/api/v1/admin/draft-orders', draftBody(variant, { lines: [{ variantId: variant, quantity: 1, unitPrice: 1234 }] }))
        .expect(201)
    ).body;
    expect(custom.items[0]).toMatchObject({ unitPrice: { amount: 1234 } });
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.post('/api/v1/admin/draft-orders', draftBody(variant)).expect(403);
    await admin.post('/api/v1/admin/draft-orders', draftBody('00000000-0000-4000-8000-000000000000')).expect(400);
    await admin.post('/api/v1/admin/draft-orders', draftBody(variant, { customerId: '00000000-0000-4000-8000-000000000000' })).expect(400);
    await admin.post('/api/v1/admin/draft-orders', draftBody(variant, { lines: [] })).expect(400);
  });

  it('an invoice can hold the stock; marking it paid offline sells it; a refund of an offline payment is recorded as done', async () => {
    const p = await createProduct(t, { price: 2000, stock: 3 });
    const variant = p.variants[0]!.id;
    const { user } = await signedInBrowser(t);
    const draft = (await admin.post('/api/v1/admin/draft-orders', draftBody(variant, { customerId: user.id })).expect(201)).body;
    expect(draft.customerId).toBe(user.id);
    await admin.post(`/api/v1/admin/orders/${draft.id}/send-invoice`, { reserveStock: true }).expect(200);
    expect(await level(t, variant)).toMatchObject({ onHand: 3, reserved: 2 });
    await admin.post(`/api/v1/admin/orders/${draft.id}/mark-paid`, {}).expect(400);
    const paid = (await admin.post(`/api/v1/admin/orders/${draft.id}/mark-paid`, { note: 'bank transfer 4711' }).expect(200)).body;
    expect(paid).toMatchObject({ status: 'paid', payments: [{ provider: 'offline', status: 'succeeded' }] });
    expect(await level(t, variant)).toMatchObject({ onHand: 1, reserved: 0 });
    await admin.post(`/api/v1/admin/orders/${draft.id}/mark-paid`, { note: 'again' }).expect(409);
    const refunded = (await admin.post(`/api/v1/admin/orders/${draft.id}/refunds`, { amount: 500 }).expect(200)).body;
    expect(refunded).toMatchObject({ refunded: { amount: 500 }, payments: [{ refunded: { amount: 500 } }] });
  });

  it('marking paid offline with the stock gone is a 409 that leaves the draft untouched; a discarded draft is cancelled', async () => {
    const p = await createProduct(t, { price: 2000, stock: 1 });
    const variant = p.variants[0]!.id;
    const draft = (await admin.post('/api/v1/admin/draft-orders', draftBody(variant)).expect(201)).body;
    const short = await admin.post(`/api/v1/admin/orders/${draft.id}/mark-paid`, { note: 'cash' }).expect(409);
    expect(short.body.error.code).toBe('INSUFFICIENT_STOCK');
    const after = (await admin.get(`/api/v1/admin/orders/${draft.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'draft', payments: [] });
    expect(await level(t, variant)).toMatchObject({ onHand: 1, reserved: 0 });
    const cancelled = (await admin.post(`/api/v1/admin/orders/${draft.id}/cancel`, { note: 'customer changed mind' }).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    expect(await level(t, variant)).toMatchObject({ onHand: 1, reserved: 0 });
  });
});
