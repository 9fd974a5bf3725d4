import { createUser, guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { ledgerAgrees } from '../../support/balances';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { address, checkout, createProduct, level, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

/** Shoppers buy gift cards: a gift-card product, a recipient per cart line, cards issued on payment and emailed on the day chosen. */
let t: TestApp;
let admin: Browser;
const email = new CapturingEmail();
const clock = new FakeClock(Date.parse('2026-12-03T15:00:00.000Z'));
const DAY = 86_400_000;
const day = (offset: number) => new Date(clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp({}, { email, clock });
  await seedPricing(t);
});
// The clock moves by days here: a staff session signed in per test.
beforeEach(async () => {
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

/** A gift-card product made by staff through the admin API: its variants are the amounts, with no stock at all. */
async function giftCardProduct(amounts = [2500, 5000, 10000]) {
  const n = Math.random().toString(36).slice(2, 8);
  const res = await admin
    .post('/api/v1/admin/products', {
      title: `Gift card ${n}`,
      status: 'active',
      giftCard: true,
      variants: amounts.map((amount) => ({
        sku: `GC-${n}-${amount}`,
        options: { amount: String(amount / 100) },
        price: { amount, currency: 'USD' },
      })),
    })
    .expect(201);
  return res.body as { id: string; slug: string; title: string; giftCard: boolean; variants: { id: string; price: { amount: number } }[] };
}

const addCard = (shopper: Browser, variantId: string, giftCard?: Record<string, unknown>, quantity = 1) =>
  shopper.post('/api/v1/cart/items', { variantId, quantity, ...(giftCard ? { giftCard } : {}) });

const cardsOf = (orderId: string) =>
  t.container.db.select<{
    id: string;
    balance: number;
    currency: string;
    recipient_email: string;
    code_hash: string | null;
    send_at: Date;
  }>(
    'SELECT id, balance, currency, recipient_email, code_hash, send_at FROM balance_accounts WHERE order_id = ? ORDER BY recipient_email, balance',
    [orderId],
  );

const mailTo = (to: string) => email.sent.filter((m) => m.to === to);
const codeIn = (text: string) => /Your gift card code: ([A-Z2-9-]{24})/.exec(text)?.[1];

describe('gift-card products', () => {
  it('are always buyable: staff mark them, the shop says so, and their variants take backorders', async () => {
    const product = await giftCardProduct();
    expect(product.giftCard).toBe(true);
    const detail = (await (await guestBrowser(t)).get(`/api/v1/products/${product.slug}`).expect(200)).body;
    expect(detail.giftCard).toBe(true);
    expect(detail.variants.map((v: { availability: string }) => v.availability)).toEqual(['in_stock', 'in_stock', 'in_stock']);
    // Taking backorders away from one of its variants does not stick.
    await admin.patch(`/api/v1/admin/variants/${product.variants[0]!.id}`, { allowBackorder: false }).expect(200);
    const after = (await admin.get(`/api/v1/admin/products/${product.id}`).expect(200)).body;
    expect(after.variants[0].allowBackorder).toBe(true);
    // A plain product says nothing of gift cards.
    const plain = await createProduct(t);
    expect((await admin.get(`/api/v1/admin/products/${plain.id}`).expect(200)).body.giftCard).toBe(false);
    expect((await (await guestBrowser(t)).get(`/api/v1/products/${plain.slug}`).expect(200)).body.giftCard).toBeUndefined();
  });
});

/** A chosen-amount gift card: one variant, and the shopper types the card's value within the range. */
async function chosenAmountProduct(min = 1000, max = 50000) {
  const n = Math.random().toString(36).slice(2, 8);
  const res = await admin
    .post('/api/v1/admin/products', {
      title: `Any-amount gift card ${n}`,
      status: 'active',
      giftCard: true,
      chosenAmount: { min, max },
      variants: [{ sku: `GCA-${n}`, options: {}, price: { amount: min, currency: 'USD' } }],
    })
    .expect(201);
  return res.body as { id: string; slug: string; title: string; chosenAmount: { min: number; max: number }; variants: { id: string }[] };
}

describe('gift cards at a chosen amount', () => {
  it('staff set the range; the shop shows it; only a gift card can have one, and it goes when the product stops being one', async () => {
    const product = await chosenAmountProduct(1000, 50000);
    expect(product.chosenAmount).toEqual({ min: 1000, max: 50000 });
    const detail = (await (await guestBrowser(t)).get(`/api/v1/products/${product.slug}`).expect(200)).body;
    expect(detail.chosenAmount).toEqual({ min: { amount: 1000, currency: 'USD' }, max: { amount: 50000, currency: 'USD' } });
    const widened = (await admin.patch(`/api/v1/admin/products/${product.id}`, { chosenAmount: { min: 500, max: 100000 } }).expect(200))
      .body;
    expect(widened.chosenAmount).toEqual({ min: 500, max: 100000 });
    const reversed = await admin.patch(`/api/v1/admin/products/${product.id}`, { chosenAmount: { min: 5000, max: 100 } }).expect(400);
    expect(reversed.body.error.details[0]).toMatchObject({ path: 'chosenAmount.max', message: 'At least the minimum' });
    const plain = await createProduct(t);
    const refused = await admin.patch(`/api/v1/admin/products/${plain.id}`, { chosenAmount: { min: 100, max: 200 } }).expect(400);
    expect(refused.body.error).toMatchObject({ message: 'Only a gift card has a chosen amount.', details: [{ path: 'chosenAmount' }] });
    // Fixed amounts again, then not a gift card at all: the range goes with it.
    expect((await admin.patch(`/api/v1/admin/products/${product.id}`, { chosenAmount: null }).expect(200)).body.chosenAmount).toBeNull();
    await admin.patch(`/api/v1/admin/products/${product.id}`, { chosenAmount: { min: 500, max: 900 } }).expect(200);
    const notACard = (await admin.patch(`/api/v1/admin/products/${product.id}`, { giftCard: false }).expect(200)).body;
    expect(notACard).toMatchObject({ giftCard: false, chosenAmount: null });
  });

  it('the shopper’s amount is the line’s price (different amounts stay apart), and the card is issued for what was paid', async () => {
    const product = await chosenAmountProduct(1000, 50000);
    const variantId = product.variants[0]!.id;
    const shopper = await guestBrowser(t);
    await addCard(shopper, variantId, { recipientEmail: 'kim@example.com', amount: 1234 }).expect(200);
    await addCard(shopper, variantId, { recipientEmail: 'kim@example.com', amount: 1234 }).expect(200);
    const cart = (await addCard(shopper, variantId, { recipientEmail: 'kim@example.com', amount: 7500 }).expect(200)).body;
    expect(
      cart.items.map((i: { quantity: number; unitPrice: { amount: number }; warnings: unknown[] }) => [
        i.quantity,
        i.unitPrice.amount,
        i.warnings,
      ]),
    ).toEqual([
      [2, 1234, []],
      [1, 7500, []],
    ]);
    expect(cart.totals.subtotal.amount).toBe(2 * 1234 + 7500);

    const placed = (await checkout(shopper, 'gc-chosen').expect(201)).body;
    expect(placed.order.items.map((i: { unitPrice: { amount: number } }) => i.unitPrice.amount)).toEqual([1234, 7500]);
    expect(placed.order.totals.total.amount).toBe(9968);
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    expect((await cardsOf(placed.order.id)).map((c) => Number(c.balance))).toEqual([1234, 1234, 7500]);
    await t.runJobs();
    expect(
      mailTo('kim@example.com')
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      'Sam Shopper sent you a $12.34 gift card',
      'Sam Shopper sent you a $12.34 gift card',
      'Sam Shopper sent you a $75.00 gift card',
    ]);
    expect(await ledgerAgrees(t)).toBe(true);
  });

  it('refuses an amount outside the range, none for a chosen-amount card and one for a fixed-amount card, with the reason', async () => {
    const product = await chosenAmountProduct(1000, 50000);
    const variantId = product.variants[0]!.id;
    const shopper = await guestBrowser(t);
    const refused = async (variant: string, giftCard: Record<string, unknown>, message: string) => {
      const res = await addCard(shopper, variant, giftCard).expect(400);
      expect(res.body.error.details).toEqual([{ path: 'giftCard.amount', message }]);
      return res.body.error.message as string;
    };
    expect(await refused(variantId, { recipientEmail: 'a@example.com', amount: 999 }, 'At least $10.00')).toMatch(/^At least \$10\.00/);
    await refused(variantId, { recipientEmail: 'a@example.com', amount: 50001 }, 'At most $500.00');
    await refused(variantId, { recipientEmail: 'a@example.com' }, 'Enter an amount');
    const fixed = await giftCardProduct([2500]);
    await refused(fixed.variants[0]!.id, { recipientEmail: 'a@example.com', amount: 2500 }, 'This gift card comes in fixed amounts');
    // A fractional amount is refused by the schema before it reaches the cart.
    await addCard(shopper, variantId, { recipientEmail: 'a@example.com', amount: 12.5 }).expect(400);
    expect((await shopper.get('/api/v1/cart').expect(200)).body.items).toEqual([]);
    // The bounds themselves are fine.
    await addCard(shopper, variantId, { recipientEmail: 'a@example.com', amount: 1000 }).expect(200);
    await addCard(shopper, variantId, { recipientEmail: 'a@example.com', amount: 50000 }).expect(200);

    // Staff narrow the range: an amount in the cart that it no longer offers is refused at checkout.
    await admin.patch(`/api/v1/admin/products/${product.id}`, { chosenAmount: { min: 2000, max: 40000 } }).expect(200);
    const stale = await checkout(shopper, 'gc-chosen-stale').expect(409);
    expect(stale.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      `${product.title} needs an amount the shop offers`,
      `${product.title} needs an amount the shop offers`,
    ]);
  });
});

describe('buying gift cards', () => {
  it('a guest pays by the manual provider: one card per unit, emailed on the chosen day, and the codes then pay an order', async () => {
    const product = await giftCardProduct();
    const [twentyFive, fifty] = product.variants;
    const shopper = await guestBrowser(t);
    const later = day(10);
    await addCard(
      shopper,
      twentyFive!.id,
      { recipientEmail: 'Ana@Example.com', recipientName: 'Ana', message: 'Happy birthday!', sendDate: later },
      2,
    ).expect(200);
    // The same variant for someone else is a line of its own; the same recipient again adds up.
    await addCard(shopper, twentyFive!.id, { recipientEmail: 'bo@example.com' }).expect(200);
    const cart = (await addCard(shopper, fifty!.id, { recipientEmail: 'bo@example.com', recipientName: '', message: '  ' }).expect(200))
      .body;
    expect(cart.items.map((i: { quantity: number; giftCard: unknown }) => [i.quantity, i.giftCard])).toEqual([
      [2, { recipientEmail: 'ana@example.com', recipientName: 'Ana', message: 'Happy birthday!', sendDate: later }],
      [1, { recipientEmail: 'bo@example.com' }],
      [1, { recipientEmail: 'bo@example.com' }],
    ]);

    const placed = (await checkout(shopper, 'gc-buy').expect(201)).body;
    // Gift cards ship nothing and are not taxed: the total is what the cards are worth.
    expect(placed.order.totals).toMatchObject({
      subtotal: { amount: 12500 },
      shipping: { amount: 0 },
      tax: { amount: 0 },
      total: { amount: 12500 },
    });
    expect(placed.order.items[0].giftCard).toMatchObject({ recipientEmail: 'ana@example.com', sendDate: later });
    expect(await cardsOf(placed.order.id)).toEqual([]);
    // Gift cards are not stock: nothing was reserved.
    expect(await level(t, twentyFive!.id)).toMatchObject({ onHand: 0, reserved: 0 });

    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    const cards = await cardsOf(placed.order.id);
    expect(cards.map((c) => [c.recipient_email, Number(c.balance), c.currency])).toEqual([
      ['ana@example.com', 2500, 'USD'],
      ['ana@example.com', 2500, 'USD'],
      ['bo@example.com', 2500, 'USD'],
      ['bo@example.com', 5000, 'USD'],
    ]);
    // No code exists before the card is sent.
    expect(cards.every((c) => c.code_hash === null)).toBe(true);
    expect(await level(t, twentyFive!.id)).toMatchObject({ onHand: 0, reserved: 0, ledgerOnHand: 0 });
    expect(await ledgerAgrees(t)).toBe(true);

    // The admin list tells bought cards from staff ones, and which still wait for their day.
    const listed = (await admin.get('/api/v1/admin/gift-cards').expect(200)).body.items.filter(
      (c: { orderId: string | null }) => c.orderId === placed.order.id,
    );
    expect(listed).toHaveLength(4);
    expect(listed.filter((c: { scheduledFor: string | null }) => c.scheduledFor === `${later}T00:00:00.000Z`)).toHaveLength(2);

    // Bo's cards go at once; Ana's wait for her day. The buyer's confirmation says when each goes.
    await t.runJobs();
    const confirmation = mailTo('sam@example.com').find((m) => m.subject === `Order ${placed.order.number} confirmed`)!;
    expect(confirmation.text).toContain(`The 2 gift cards (${product.title}`);
    expect(confirmation.text).toContain('will be emailed to ana@example.com on December 13, 2026.');
    expect(confirmation.text).toContain('will be emailed to bo@example.com on December 3, 2026.');
    const toBo = mailTo('bo@example.com');
    expect(toBo).toHaveLength(2);
    expect(toBo.map((m) => m.subject).sort()).toEqual([
      'Sam Shopper sent you a $25.00 gift card',
      'Sam Shopper sent you a $50.00 gift card',
    ]);
    expect(toBo[0]!.text).toMatch(/enter the code at checkout/);
    expect(mailTo('ana@example.com')).toHaveLength(0);

    clock.advance(9 * DAY);
    await t.runJobs();
    expect(mailTo('ana@example.com')).toHaveLength(0);
    clock.advance(DAY);
    await t.runJobs();
    const toAna = mailTo('ana@example.com');
    expect(toAna).toHaveLength(2);
    expect(toAna[0]!.text).toContain('Hello Ana,');
    expect(toAna[0]!.text).toContain('Their message: “Happy birthday!”');
    const [codeA, codeB] = toAna.map((m) => codeIn(m.text)!);
    expect(codeA).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    expect(codeB).not.toBe(codeA);
    // Running the queue again sends nothing twice.
    await t.runJobs();
    expect(mailTo('ana@example.com')).toHaveLength(2);

    const recipient = await guestBrowser(t);
    expect((await recipient.post('/api/v1/gift-cards/lookup', { code: codeA }).expect(200)).body.balance).toEqual({
      amount: 2500,
      currency: 'USD',
    });
    const item = await createProduct(t, { price: 2000 });
    await recipient.post('/api/v1/cart/items', { variantId: item.variants[0]!.id, quantity: 1 }).expect(200);
    const paid = (await checkout(recipient, 'gc-spend', { email: 'ana@example.com', giftCardCodes: [codeA] }).expect(201)).body;
    // 2000 + 599 shipping + 4% NY tax = 2703: the card pays 2500 of it.
    expect(paid.order.paidWithBalance.amount).toBe(2500);
    expect(paid.payment.amount.amount).toBe(paid.order.totals.total.amount - 2500);
    expect((await recipient.post('/api/v1/gift-cards/lookup', { code: codeA }).expect(200)).body.balance.amount).toBe(0);
    expect(await ledgerAgrees(t)).toBe(true);
  });

  it('refuses a bad recipient: a wrong email, a past or too far day, a long message, none for a gift card, one for anything else', async () => {
    const product = await giftCardProduct([2500]);
    const variantId = product.variants[0]!.id;
    const shopper = await guestBrowser(t);
    const refused = async (giftCard: Record<string, unknown> | undefined, path: string) => {
      const res = await addCard(shopper, variantId, giftCard).expect(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await refused({ recipientEmail: 'not-an-email' }, 'giftCard.recipientEmail');
    await refused({ recipientEmail: 'a@example.com', sendDate: day(-3) }, 'giftCard.sendDate');
    await refused({ recipientEmail: 'a@example.com', sendDate: day(367) }, 'giftCard.sendDate');
    await refused({ recipientEmail: 'a@example.com', sendDate: '2026-02-30' }, 'giftCard.sendDate');
    await refused({ recipientEmail: 'a@example.com', message: 'x'.repeat(501) }, 'giftCard.message');
    await refused(undefined, 'giftCard.recipientEmail');
    const plain = await createProduct(t);
    const res = await addCard(shopper, plain.variants[0]!.id, { recipientEmail: 'a@example.com' }).expect(400);
    expect(res.body.error.details[0].path).toBe('giftCard');
    expect((await shopper.get('/api/v1/cart').expect(200)).body.items).toEqual([]);
    // Today and a year ahead are fine.
    await addCard(shopper, variantId, { recipientEmail: 'a@example.com', sendDate: day(0) }).expect(200);
    await addCard(shopper, variantId, { recipientEmail: 'a@example.com', sendDate: day(365) }).expect(200);
  });

  it('keeps each recipient at sign-in: the guest’s gift-card lines join the account’s cart, apart from its own', async () => {
    const product = await giftCardProduct([2500]);
    const variantId = product.variants[0]!.id;
    const user = await createUser(t);
    const laptop = await guestBrowser(t);
    await laptop.login(user.email, user.password);
    await addCard(laptop, variantId, { recipientEmail: 'ana@example.com' }).expect(200);
    const phone = await guestBrowser(t);
    await addCard(phone, variantId, { recipientEmail: 'ana@example.com' }).expect(200);
    await addCard(phone, variantId, { recipientEmail: 'bo@example.com', message: 'Enjoy' }).expect(200);
    await phone.login(user.email, user.password);
    const merged = (await phone.get('/api/v1/cart').expect(200)).body;
    expect(merged.items.map((i: { quantity: number; giftCard: unknown }) => [i.quantity, i.giftCard])).toEqual([
      [2, { recipientEmail: 'ana@example.com' }],
      [1, { recipientEmail: 'bo@example.com', message: 'Enjoy' }],
    ]);
  });

  it('gift cards are not returnable, and staff cannot put one in a draft order or an order edit (only the shop asks for the recipient)', async () => {
    const product = await giftCardProduct([2500]);
    const draft = await admin
      .post('/api/v1/admin/draft-orders', {
        email: 'phone.customer@example.com',
        lines: [{ variantId: product.variants[0]!.id, quantity: 1 }],
        shippingAddress: address,
        shippingMethodId: STANDARD_SHIPPING,
      })
      .expect(400);
    expect(draft.body.error.details[0]).toMatchObject({ path: 'lines.0.variantId', message: 'Gift cards are bought in the shop' });

    const { browser: buyer } = await signedInBrowser(t);
    await addCard(buyer, product.variants[0]!.id, { recipientEmail: 'return@example.com' }).expect(200);
    const placed = (await checkout(buyer, 'gc-return').expect(201)).body;
    await buyer.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    // Its cards are issued: an edit may not change how many, nor add gift cards to an order.
    const line = placed.order.items[0].id;
    const more = await admin.post(`/api/v1/admin/orders/${placed.order.id}/edit`, { lines: [{ itemId: line, quantity: 2 }] }).expect(400);
    expect(more.body.error.details[0]).toMatchObject({ path: 'lines.0.quantity', message: 'Its gift cards are issued already' });
    const added = await admin
      .post(`/api/v1/admin/orders/${placed.order.id}/edit`, { add: [{ variantId: product.variants[0]!.id, quantity: 1 }] })
      .expect(400);
    expect(added.body.error.details[0]).toMatchObject({ path: 'add.0.variantId', message: 'Gift cards are bought in the shop' });
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/fulfil`, { carrier: 'Email', trackingNumber: 'n/a' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/deliver`, {}).expect(200);
    const offer = (await buyer.get(`/api/v1/orders/${placed.order.id}/returns`).expect(200)).body;
    expect(offer.lines[0]).toMatchObject({ returnable: 0, finalSale: true });
  });

  it('a declined payment issues nothing, and nothing is sent', async () => {
    const product = await giftCardProduct([5000]);
    const shopper = await guestBrowser(t);
    await addCard(shopper, product.variants[0]!.id, { recipientEmail: 'declined@example.com' }, 3).expect(200);
    const placed = (await checkout(shopper, 'gc-declined').expect(201)).body;
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'declined' }).expect(200);
    await t.runJobs();
    expect(await cardsOf(placed.order.id)).toEqual([]);
    expect(mailTo('declined@example.com')).toEqual([]);
  });

  it('refunding a gift-card line takes its cards back (a spent one is refused, 409); a refund by amount never reaches their money', async () => {
    const product = await giftCardProduct([2500]);
    const shirt = await createProduct(t, { price: 2000 });
    const { browser: buyer } = await signedInBrowser(t);
    await addCard(buyer, product.variants[0]!.id, { recipientEmail: 'now@example.com' }, 2).expect(200);
    await addCard(buyer, product.variants[0]!.id, { recipientEmail: 'later@example.com', sendDate: day(30) }).expect(200);
    await buyer.post('/api/v1/cart/items', { variantId: shirt.variants[0]!.id, quantity: 1 }).expect(200);
    const placed = (await checkout(buyer, 'gc-refund').expect(201)).body;
    await buyer.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    await t.runJobs();
    const [now, later, goods] = placed.order.items as { id: string }[];
    // 7500 of gift cards + 2000 shirt + 599 shipping + 4% on shirt and shipping (104).
    expect(placed.order.totals.total.amount).toBe(10203);
    const [usedCode, unusedCode] = mailTo('now@example.com').map((m) => codeIn(m.text)!);
    // One of the sent cards pays part of another order.
    const spender = await guestBrowser(t);
    const item = await createProduct(t, { price: 1000 });
    await spender.post('/api/v1/cart/items', { variantId: item.variants[0]!.id, quantity: 1 }).expect(200);
    const spent = (await checkout(spender, 'gc-refund-spend', { giftCardCodes: [usedCode] }).expect(201)).body.order.paidWithBalance.amount;
    expect(spent).toBe(1000 + 599 + 64);
    const refunds = (body: Record<string, unknown>) => admin.post(`/api/v1/admin/orders/${placed.order.id}/refunds`, body);
    const ledgerRows = async () => Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM balance_ledger'))!.n);

    // By amount: at most what the goods and shipping were paid; the gift cards' money is not for refunding so.
    const tooMuch = (await refunds({ amount: 2704 }).expect(409)).body.error;
    expect(tooMuch.message).toBe(
      '$75.00 of what is left paid for gift cards that can still be spent: refund those gift-card lines by line (their cards are taken back), or at most $27.03 otherwise.',
    );
    // The shipping and its tax, say.
    await refunds({ amount: 623 }).expect(200);

    // Both cards of the line: one has been spent from, so neither is taken back and nothing is refunded.
    const before = await ledgerRows();
    const refused = (await refunds({ lines: [{ itemId: now!.id, quantity: 2 }] }).expect(409)).body.error;
    expect(refused.message).toBe(
      `The gift card for now@example.com has been used ($${((2500 - spent) / 100).toFixed(2)} of $25.00 is left on it): a spent gift card cannot be refunded.`,
    );
    expect(refused.details).toEqual([{ path: 'lines.0.quantity', message: expect.stringContaining('has been used') }]);
    expect(await ledgerRows()).toBe(before);
    expect((await admin.get(`/api/v1/admin/orders/${placed.order.id}`).expect(200)).body.refunded.amount).toBe(623);
    // A full refund would have to take the spent card back too.
    await refunds({ full: true }).expect(409);

    // One card of the line: the unspent one is taken back, emptied by a refund movement.
    const one = (await refunds({ lines: [{ itemId: now!.id, quantity: 1 }] }).expect(200)).body;
    expect(one.refunded.amount).toBe(623 + 2500);
    expect(one.events.find((e: { type: string }) => e.type === 'gift_cards_revoked').note).toBe('1 gift card taken back (refunded)');
    const recipient = await guestBrowser(t);
    expect((await recipient.post('/api/v1/gift-cards/lookup', { code: unusedCode }).expect(200)).body.balance.amount).toBe(0);
    const takenBack = await t.container.db.select<{ delta: number; reference_type: string }>(
      `SELECT l.delta, l.reference_type FROM balance_ledger l JOIN balance_accounts a ON a.id = l.account_id
        WHERE a.order_item_id = ? AND l.reason = 'refund'`,
      [now!.id],
    );
    expect(takenBack.map((m) => [Number(m.delta), m.reference_type])).toEqual([[-2500, 'purchase']]);
    // The other is the spent one: refused again, and the card keeps what is left on it.
    await refunds({ lines: [{ itemId: now!.id, quantity: 1 }] }).expect(409);
    expect((await recipient.post('/api/v1/gift-cards/lookup', { code: usedCode }).expect(200)).body.balance.amount).toBe(2500 - spent);

    // The card waiting for its day is taken back and never sent; the goods line refunds as usual.
    const rest = (
      await refunds({
        lines: [
          { itemId: later!.id, quantity: 1 },
          { itemId: goods!.id, quantity: 1 },
        ],
      }).expect(200)
    ).body;
    expect(rest.refunded.amount).toBe(623 + 2500 + 2500 + 2080);
    const cards = await cardsOf(placed.order.id);
    expect(cards.map((c) => [c.recipient_email, Number(c.balance)])).toEqual([
      ['later@example.com', 0],
      ['now@example.com', 0],
      ['now@example.com', 2500 - spent],
    ]);
    expect(await ledgerAgrees(t)).toBe(true);
    clock.advance(31 * DAY);
    await t.runJobs();
    expect(mailTo('later@example.com')).toEqual([]);
  });

  it('a full refund, and cancelling a paid order, take every card back with the money; a spent card stops both', async () => {
    const product = await giftCardProduct([5000]);
    const { browser: buyer } = await signedInBrowser(t);
    await addCard(buyer, product.variants[0]!.id, { recipientEmail: 'full@example.com' }, 2).expect(200);
    const placed = (await checkout(buyer, 'gc-full').expect(201)).body;
    await buyer.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    const full = (await admin.post(`/api/v1/admin/orders/${placed.order.id}/refunds`, { full: true }).expect(200)).body;
    expect(full).toMatchObject({ status: 'refunded', refunded: { amount: 10000 } });
    expect((await cardsOf(placed.order.id)).map((c) => Number(c.balance))).toEqual([0, 0]);
    await t.runJobs();
    expect(mailTo('full@example.com')).toEqual([]);

    // Cancelling: the refund goes with the cancellation, or neither happens.
    await addCard(buyer, product.variants[0]!.id, { recipientEmail: 'cancel@example.com' }).expect(200);
    const second = (await checkout(buyer, 'gc-cancel').expect(201)).body;
    await buyer.post(`/api/v1/payments/${second.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    await t.runJobs();
    const code = codeIn(mailTo('cancel@example.com')[0]!.text)!;
    const spender = await guestBrowser(t);
    const item = await createProduct(t, { price: 100 });
    await spender.post('/api/v1/cart/items', { variantId: item.variants[0]!.id, quantity: 1 }).expect(200);
    await checkout(spender, 'gc-cancel-spend', { giftCardCodes: [code] }).expect(201);
    const refused = (await admin.post(`/api/v1/admin/orders/${second.order.id}/cancel`, {}).expect(409)).body.error;
    expect(refused.message).toMatch(/^The gift card for cancel@example.com has been used/);
    expect((await admin.get(`/api/v1/admin/orders/${second.order.id}`).expect(200)).body).toMatchObject({
      status: 'paid',
      refunded: { amount: 0 },
    });
    expect(await ledgerAgrees(t)).toBe(true);
  });
});
