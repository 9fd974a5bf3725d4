import { DataExport } from '@bazaar/shared';
import { totpAt } from '../../../src/modules/accounts';
import { Browser, createUser, signedInBrowser } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { createProduct, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const clock = new FakeClock();
const email = new CapturingEmail();
beforeAll(async () => {
  t = await createTestApp({}, { clock, email });
  await seedPricing(t);
});
afterAll(() => t.close());

const n = (v: unknown) => Number(v);
const cookieNamed = (res: { headers: Record<string, unknown> }, name: string) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`));

let phones = 0;

interface Shopper {
  user: { id: string; email: string; password: string };
  browser: Browser;
  rememberCookie: string;
  orderId: string;
  productSlug: string;
  visitorId: string;
  street: string;
  phone: string;
}

/**
 * A shopper with a bit of everything: consent and events as a guest and then signed in (same
 * browser), remember-me, MFA, a saved address, a paid order, a review, a wishlist item, a pending
 * password-reset email.
 */
async function richShopper(tag: string): Promise<Shopper> {
  const user = await createUser(t, { email: `${tag}@example.com`, name: `${tag[0]!.toUpperCase()}${tag.slice(1)} Example` });
  const street = `7 ${tag} Lane`;
  const phone = `+1 555 ${String(7000 + ++phones)}`;
  const savedPhone = `+1 555 ${String(8000 + phones)}`;
  const browser = new Browser(t.agent());
  await browser.refreshCsrf();
  const consent = await browser.put('/api/v1/consent', { analytics: true, marketing: true }).expect(200);
  const visitorId = /^bazaar\.vid=([0-9a-f-]{36})/.exec(cookieNamed(consent, 'bazaar.vid')!)![1]!;
  const product = await createProduct(t, { price: 4200, stock: 20 });
  await browser
    .post('/api/v1/analytics/events', {
      events: [
        { type: 'product_view', productId: product.id },
        { type: 'search', query: `${tag} secret search`, resultCount: 1 },
      ],
    })
    .expect(202);

  const login = await browser.login(user.email, user.password, { remember: true });
  expect(login.status).toBe(200);
  const rememberCookie = cookieNamed(login, 'bazaar.rt')!.split(';')[0]!;
  await browser.post('/api/v1/analytics/events', { events: [{ type: 'add_to_cart', productId: product.id, quantity: 1 }] }).expect(202);
  await browser
    .post('/api/v1/me/addresses', {
      name: user.email,
      line1: street,
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
      phone: savedPhone,
    })
    .expect(201);
  const { secret } = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
  await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);

  await browser.post('/api/v1/cart/items', { variantId: product.variants[0]!.id, quantity: 2 }).expect(200);
  const address = { name: `${tag} Example`, line1: street, city: 'New York', region: 'NY', postalCode: '10001', country: 'US', phone };
  const placed = await browser.agent
    .post('/api/v1/checkout')
    .set('X-CSRF-Token', browser.csrfToken)
    .set('Idempotency-Key', `privacy-${tag}`)
    .send({ email: user.email, shippingAddress: address, billingAddress: address, shippingMethodId: STANDARD_SHIPPING })
    .expect(201);
  await browser.post(`/api/v1/payments/${placed.body.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
  await browser
    .post(`/api/v1/products/${product.slug}/reviews`, { rating: 5, title: 'Lovely thing', body: 'Works as described, would buy again.' })
    .expect(201);
  await browser.post('/api/v1/me/wishlist', { productId: product.id }).expect(201);
  const guest = new Browser(t.agent());
  await guest.refreshCsrf();
  await guest.post('/api/v1/auth/password/forgot', { email: user.email }).expect(202);
  return { user, browser, rememberCookie, orderId: placed.body.order.id, productSlug: product.slug, visitorId, street, phone };
}

/** Tables and text columns holding a value, across the whole database (the strongest "is it gone" check). */
async function whereIs(value: string): Promise<string[]> {
  const cols = await t.container.db.select<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = DATABASE() AND data_type IN ('char','varchar','text','mediumtext','longtext','json') AND table_name <> 'schema_migrations'`,
  );
  const found: string[] = [];
  for (const { t: table, c } of cols) {
    const row = await t.container.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE LOWER(\`${c}\`) LIKE ?`, [
      `%${value.toLowerCase()}%`,
    ]);
    if (n(row!.n) > 0) found.push(`${table}.${c}`);
  }
  return found;
}

async function personalRowCounts(userId: string, visitorId: string) {
  const db = t.container.db;
  const count = async (sql: string, params: unknown[]) => n((await db.one<{ n: number }>(sql, params))!.n);
  return {
    addresses: await count('SELECT COUNT(*) AS n FROM addresses WHERE user_id = ?', [userId]),
    sessions: await count('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', [userId]),
    refreshTokens: await count('SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ?', [userId]),
    userTokens: await count('SELECT COUNT(*) AS n FROM user_tokens WHERE user_id = ?', [userId]),
    recoveryCodes: await count('SELECT COUNT(*) AS n FROM mfa_recovery_codes WHERE user_id = ?', [userId]),
    wishlist: await count('SELECT COUNT(*) AS n FROM wishlist_items WHERE user_id = ?', [userId]),
    consents: await count('SELECT COUNT(*) AS n FROM consents WHERE user_id = ? OR visitor_id = ?', [userId, visitorId]),
    analyticsEvents: await count('SELECT COUNT(*) AS n FROM analytics_events WHERE user_id = ? OR visitor_id = ?', [userId, visitorId]),
    idempotencyKeys: await count('SELECT COUNT(*) AS n FROM idempotency_keys WHERE scope = ?', [`user:${userId}`]),
  };
}

/** What must survive an erasure unchanged: the money side of the order. */
async function orderBooks(orderId: string) {
  const db = t.container.db;
  return {
    order: await db.one(
      'SELECT number, status, payment_status, currency, subtotal, discount, shipping, tax, total, refunded_amount, paid_at, user_id FROM orders WHERE id = ?',
      [orderId],
    ),
    items: await db.select(
      'SELECT sku, title, variant_title, quantity, refunded_quantity, unit_price, discount, tax, line_total FROM order_items WHERE order_id = ? ORDER BY position',
      [orderId],
    ),
    payments: await db.select('SELECT provider, provider_ref, amount, currency, status, refunded_amount FROM payments WHERE order_id = ?', [
      orderId,
    ]),
  };
}

describe('data export', () => {
  it("gives the shopper everything held about them as a JSON download, and nobody else's", async () => {
    const erin = await richShopper('erin');
    const other = await richShopper('oscar');
    const res = await erin.browser.get('/api/v1/me/data-export').expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="bazaar-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = DataExport.parse(res.body);
    expect(data.profile).toMatchObject({ id: erin.user.id, email: erin.user.email, name: 'Erin Example', mfaEnabled: true });
    expect(data.addresses.map((a) => a.line1)).toEqual([erin.street]);
    expect(data.orders.map((o) => [o.id, o.shippingAddress.line1, o.status])).toEqual([[erin.orderId, erin.street, 'paid']]);
    expect(data.orders[0]!.payments).toHaveLength(1);
    expect(data.reviews.map((r) => [r.productSlug, r.title])).toEqual([[erin.productSlug, 'Lovely thing']]);
    expect(data.wishlist.map((w) => w.productSlug)).toEqual([erin.productSlug]);
    expect(data.consent.map((c) => [c.analytics, c.marketing])).toEqual([[true, true]]);
    // Events from before sign-in (same browser) and after.
    expect(data.analyticsEvents.map((e) => e.event.type)).toEqual(['product_view', 'search', 'add_to_cart']);
    expect(data.analyticsEvents[1]!.event).toEqual({ type: 'search', query: 'erin secret search', resultCount: 1 });
    // The extras stored as JSON (properties) come back as they were sent.
    expect(data.analyticsEvents[2]!.event).toMatchObject({ type: 'add_to_cart', quantity: 1 });
    expect(data.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(data.securityEvents.map((e) => e.event)).toEqual(
      expect.arrayContaining(['login_succeeded', 'mfa_enabled', 'password_reset_requested']),
    );
    expect(JSON.stringify(data)).not.toContain(other.user.email);
    expect(JSON.stringify(data)).not.toContain(other.street);
    expect(JSON.stringify(data)).not.toContain('oscar secret search');
    const [audit] = await t.container.db.select<{ actor_user_id: string }>(
      "SELECT actor_user_id FROM audit_logs WHERE event = 'data_exported' AND target_user_id = ?",
      [erin.user.id],
    );
    expect(audit!.actor_user_id).toBe(erin.user.id);
    await t.agent().get('/api/v1/me/data-export').expect(401);
  });
});

describe('delete my data', () => {
  it('needs the current password: a wrong one is 400 and changes nothing', async () => {
    const fay = await richShopper('fay');
    const before = await personalRowCounts(fay.user.id, fay.visitorId);
    const res = await fay.browser.post('/api/v1/me/erase', { password: 'not-my-password-at-all' }).expect(400);
    expect(res.body.error.details).toEqual([{ path: 'password', message: 'Not your current password' }]);
    await fay.browser.post('/api/v1/me/erase', {}).expect(400);
    expect(await personalRowCounts(fay.user.id, fay.visitorId)).toEqual(before);
    await fay.browser.get('/api/v1/me').expect(200);
  });

  it('removes personal data everywhere and keeps the order totals, lines and payments (checked in the database)', async () => {
    const gil = await richShopper('gil');
    const control = await richShopper('hana');
    const controlCounts = await personalRowCounts(control.user.id, control.visitorId);
    const books = await orderBooks(gil.orderId);
    expect(books.items).toHaveLength(1);
    expect(await whereIs('gil@example.com')).toEqual(expect.arrayContaining(['users.email', 'orders.email']));

    const res = await gil.browser.post('/api/v1/me/erase', { password: gil.user.password }).expect(200);
    expect(res.body).toEqual({
      userId: gil.user.id,
      erasedAt: clock.now().toISOString(),
      ordersAnonymised: 1,
      reviewsAnonymised: 1,
      analyticsEventsDeleted: 3,
    });
    expect(cookieNamed(res, 'bazaar.sid')).toMatch(/^bazaar\.sid=;/);
    expect(cookieNamed(res, 'bazaar.rt')).toMatch(/^bazaar\.rt=;/);
    expect(cookieNamed(res, 'bazaar.vid')).toMatch(/^bazaar\.vid=;/);

    // Nothing personal is left in any table.
    expect(await personalRowCounts(gil.user.id, gil.visitorId)).toEqual({
      addresses: 0,
      sessions: 0,
      refreshTokens: 0,
      userTokens: 0,
      recoveryCodes: 0,
      wishlist: 0,
      consents: 0,
      analyticsEvents: 0,
      idempotencyKeys: 0,
    });
    for (const value of ['gil@example.com', gil.street, 'Gil Example', 'gil secret search', gil.phone, gil.phone.replace('555 7', '555 8')])
      expect({ value, where: await whereIs(value) }).toEqual({ value, where: [] });

    const user = await t.container.db.one<Record<string, unknown>>('SELECT * FROM users WHERE id = ?', [gil.user.id]);
    expect(user).toMatchObject({
      email: `erased-${gil.user.id}@erased.invalid`,
      name: '',
      password_hash: '!erased',
      email_verified_at: null,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      mfa_enabled_at: null,
    });
    expect(user!.erased_at).not.toBeNull();
    expect(user!.disabled_at).not.toBeNull();

    // The order is still there for the books, anonymised: same totals, lines and payment.
    expect(await orderBooks(gil.orderId)).toEqual(books);
    const order = await t.container.db.one<{
      email: string;
      shipping_address: string | object;
      billing_address: string | object;
      tracking_number: string | null;
    }>('SELECT email, shipping_address, billing_address, tracking_number FROM orders WHERE id = ?', [gil.orderId]);
    const parse = (v: string | object) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(order!.email).toBe(`erased-${gil.user.id}@erased.invalid`);
    expect(parse(order!.shipping_address)).toEqual({ name: '', line1: '', city: '', postalCode: '', country: 'US', region: 'NY' });
    expect(parse(order!.billing_address)).toEqual({ name: '', line1: '', city: '', postalCode: '', country: 'US', region: 'NY' });

    // The review stays (rating and text), without a name.
    const reviews = (await t.agent().get(`/api/v1/products/${gil.productSlug}/reviews`).expect(200)).body;
    expect(reviews.items.map((r: { author: string; rating: number }) => [r.author, r.rating])).toEqual([['A shopper', 5]]);

    // Signed out everywhere, and no way back in.
    await gil.browser.get('/api/v1/me').expect(401);
    expect((await new Browser(t.agent()).login('gil@example.com', gil.user.password)).status).toBe(401);
    expect((await new Browser(t.agent()).login(`erased-${gil.user.id}@erased.invalid`, gil.user.password)).status).toBe(423);
    const device = new Browser(t.agent());
    await device.refreshCsrf();
    await device.agent.post('/api/v1/auth/refresh').set('Cookie', gil.rememberCookie).set('X-CSRF-Token', device.csrfToken).expect(401);

    // Audited, without personal data in the entry.
    const [audit] = await t.container.db.select<{ actor_user_id: string; details: string | object }>(
      "SELECT actor_user_id, details FROM audit_logs WHERE event = 'account_erased' AND target_user_id = ?",
      [gil.user.id],
    );
    expect(audit!.actor_user_id).toBe(gil.user.id);
    expect(typeof audit!.details === 'string' ? JSON.parse(audit!.details) : audit!.details).toMatchObject({
      ordersAnonymised: 1,
      byStaff: false,
    });

    // Another shopper is untouched.
    expect(await personalRowCounts(control.user.id, control.visitorId)).toEqual(controlCounts);
    expect((await control.browser.get('/api/v1/me').expect(200)).body.email).toBe('hana@example.com');
  });

  it("clears the order's history too: the tracking number and what staff wrote in notes and refund reasons", async () => {
    const kit = await richShopper('kit');
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const tracking = '1Z999AA10123456784';
    const order = `/api/v1/admin/orders/${kit.orderId}`;
    await admin.post(`${order}/refunds`, { amount: 500, reason: `Kit Example phoned from ${kit.phone}` }).expect(200);
    await admin.post(`${order}/fulfil`, { carrier: 'UPS', trackingNumber: tracking, note: `leave at ${kit.street}` }).expect(200);
    await admin.post(`${order}/deliver`, { note: 'signed for by Kit Example' }).expect(200);
    const before = (await admin.get(order).expect(200)).body;
    expect(JSON.stringify(before)).toContain(tracking);

    await kit.browser.post('/api/v1/me/erase', { password: kit.user.password }).expect(200);

    const personal = [tracking, 'Kit Example', kit.phone, kit.street];
    const detail = JSON.stringify((await admin.get(order).expect(200)).body);
    const events = JSON.stringify(await t.container.db.select('SELECT * FROM order_events WHERE order_id = ?', [kit.orderId]));
    for (const value of personal) {
      expect({ value, detail: detail.includes(value), events: events.includes(value), where: await whereIs(value) }).toEqual({
        value,
        detail: false,
        events: false,
        where: [],
      });
    }
    // The history itself stays: what happened, when, with the carrier and the refunded amount.
    const history = await t.container.db.select<{ type: string; note: string | null }>(
      'SELECT type, note FROM order_events WHERE order_id = ? ORDER BY id',
      [kit.orderId],
    );
    expect(history.filter((e) => ['refund_requested', 'fulfilled', 'delivered'].includes(e.type))).toEqual([
      { type: 'refund_requested', note: '500' },
      { type: 'fulfilled', note: 'UPS' },
      { type: 'delivered', note: null },
    ]);
    expect(history.map((e) => e.type)).toEqual(before.events.map((e: { type: string }) => e.type));
  });

  it('is one transaction: a failure part-way leaves everything as it was', async () => {
    const ida = await richShopper('ida');
    const before = await personalRowCounts(ida.user.id, ida.visitorId);
    const privacyRepo = t.container.privacy['d'].privacy;
    const original = privacyRepo.anonymiseUser.bind(privacyRepo);
    privacyRepo.anonymiseUser = async () => {
      throw new Error('disk full (injected)');
    };
    try {
      await ida.browser.post('/api/v1/me/erase', { password: ida.user.password }).expect(500);
    } finally {
      privacyRepo.anonymiseUser = original;
    }
    expect(await personalRowCounts(ida.user.id, ida.visitorId)).toEqual(before);
    expect((await t.container.db.one<{ email: string }>('SELECT email FROM orders WHERE id = ?', [ida.orderId]))!.email).toBe(
      'ida@example.com',
    );
    await ida.browser.get('/api/v1/me').expect(200);
  });
});

describe('staff export and erase (users:manage)', () => {
  it('lets an admin export and erase with the email as confirmation; support cannot; staff accounts and repeats are refused', async () => {
    const jon = await richShopper('jon');
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.get(`/api/v1/admin/users/${jon.user.id}/export`).expect(403);
    await support.post(`/api/v1/admin/users/${jon.user.id}/erase`, { confirm: jon.user.email }).expect(403);

    const { browser: admin, user: adminUser } = await signedInBrowser(t, 'admin');
    const exported = await admin.get(`/api/v1/admin/users/${jon.user.id}/export`).expect(200);
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="bazaar-user-${jon.user.id}.json"`);
    expect(DataExport.parse(exported.body).orders.map((o) => o.id)).toEqual([jon.orderId]);
    expect(exported.body.sessions.every((s: { current: boolean }) => !s.current)).toBe(true);
    await admin.get('/api/v1/admin/users/00000000-0000-4000-8000-000000000000/export').expect(404);

    const wrong = await admin.post(`/api/v1/admin/users/${jon.user.id}/erase`, { confirm: 'someone-else@example.com' }).expect(400);
    expect(wrong.body.error.details[0].path).toBe('confirm');
    await admin.post(`/api/v1/admin/users/${jon.user.id}/erase`, {}).expect(400);
    const erased = await admin.post(`/api/v1/admin/users/${jon.user.id}/erase`, { confirm: ' JON@example.com ' }).expect(200);
    expect(erased.body).toMatchObject({ userId: jon.user.id, ordersAnonymised: 1 });
    await jon.browser.get('/api/v1/me').expect(401);
    expect(await whereIs('jon@example.com')).toEqual([]);
    // Staff see that the account was erased (the admin screen offers nothing more for it).
    expect((await admin.get(`/api/v1/admin/users/${jon.user.id}`).expect(200)).body).toMatchObject({
      erasedAt: erased.body.erasedAt,
      name: '',
      disabled: true,
    });
    const [audit] = await t.container.db.select<{ actor_user_id: string }>(
      "SELECT actor_user_id FROM audit_logs WHERE event = 'account_erased' AND target_user_id = ?",
      [jon.user.id],
    );
    expect(audit!.actor_user_id).toBe(adminUser.id);

    // Already erased; and an erased account cannot be unlocked back into use.
    const again = await admin
      .post(`/api/v1/admin/users/${jon.user.id}/erase`, { confirm: `erased-${jon.user.id}@erased.invalid` })
      .expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
    await admin.patch(`/api/v1/admin/users/${jon.user.id}`, { locked: false }).expect(409);
    const staff = await createUser(t, { role: 'support' });
    expect((await admin.post(`/api/v1/admin/users/${staff.id}/erase`, { confirm: staff.email }).expect(409)).body.error.message).toMatch(
      /Staff/,
    );
  });
});

// Last in the file: it moves the clock on by days.
describe('gift cards bought', () => {
  it('are in the buyer’s export without their codes; erasure scrubs who they were for, and a waiting card is still sent, then forgets its recipient', async () => {
    const user = await createUser(t, { email: 'ivy@example.com', name: 'Ivy Example' });
    const browser = new Browser(t.agent());
    await browser.login(user.email, user.password);
    const card = await createProduct(t, { price: 2500, giftCard: true });
    const variantId = card.variants[0]!.id;
    const later = new Date(clock.now().getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    await browser
      .post('/api/v1/cart/items', {
        variantId,
        quantity: 1,
        giftCard: { recipientEmail: 'ana.gift@example.com', recipientName: 'Ana Recipient', message: 'Happy birthday from Ivy' },
      })
      .expect(200);
    await browser
      .post('/api/v1/cart/items', {
        variantId,
        quantity: 1,
        giftCard: { recipientEmail: 'bo.gift@example.com', message: 'See you soon', sendDate: later },
      })
      .expect(200);
    const address = { name: 'Ivy Giver', line1: '9 Gift Row', city: 'New York', region: 'NY', postalCode: '10001', country: 'US' };
    const placed = await browser.agent
      .post('/api/v1/checkout')
      .set('X-CSRF-Token', browser.csrfToken)
      .set('Idempotency-Key', 'privacy-gift')
      .send({ email: user.email, shippingAddress: address, shippingMethodId: STANDARD_SHIPPING })
      .expect(201);
    await browser.post(`/api/v1/payments/${placed.body.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    await t.runJobs();
    const toAna = email.sent.find((m) => m.to === 'ana.gift@example.com')!;
    expect(toAna.subject).toBe('Ivy Giver sent you a $25.00 gift card');
    const code = /Your gift card code: ([A-Z2-9-]{24})/.exec(toAna.text)![1]!;

    const data = DataExport.parse((await browser.get('/api/v1/me/data-export').expect(200)).body);
    expect(data.giftCardsBought).toEqual([
      {
        orderId: placed.body.order.id,
        orderNumber: placed.body.order.number,
        recipientEmail: 'ana.gift@example.com',
        recipientName: 'Ana Recipient',
        message: 'Happy birthday from Ivy',
        value: { amount: 2500, currency: 'USD' },
        sendAt: expect.any(String),
        status: 'sent',
      },
      {
        orderId: placed.body.order.id,
        orderNumber: placed.body.order.number,
        recipientEmail: 'bo.gift@example.com',
        recipientName: null,
        message: 'See you soon',
        value: { amount: 2500, currency: 'USD' },
        sendAt: `${later}T00:00:00.000Z`,
        status: 'waiting',
      },
    ]);
    // Never the code, nor any part of it.
    expect(JSON.stringify(data)).not.toContain(code);
    expect(JSON.stringify(data)).not.toContain(code.replace(/-/g, '').slice(-4));

    await browser.post('/api/v1/me/erase', { password: user.password }).expect(200);
    for (const value of ['ana.gift@example.com', 'Ana Recipient', 'Happy birthday from Ivy', 'See you soon', 'Ivy Giver'])
      expect({ value, where: await whereIs(value) }).toEqual({ value, where: [] });
    // The waiting card keeps its recipient's address until its day, and only there.
    expect(await whereIs('bo.gift@example.com')).toEqual(['balance_accounts.recipient_email']);
    const lines = await t.container.db.select<{ gift_card: string | object }>(
      'SELECT gift_card FROM order_items WHERE order_id = ? ORDER BY position',
      [placed.body.order.id],
    );
    expect(lines.map((l) => (typeof l.gift_card === 'string' ? JSON.parse(l.gift_card) : l.gift_card))).toEqual([
      { recipientEmail: '' },
      { recipientEmail: '', sendDate: later },
    ]);
    const issued = (await t.container.orders.adminGet(placed.body.order.id)).events!.find((e) => e.type === 'gift_cards_issued')!;
    expect(issued.note).toBe('2 gift cards');

    clock.advance(5 * 86_400_000);
    await t.runJobs();
    const toBo = email.sent.find((m) => m.to === 'bo.gift@example.com')!;
    expect(toBo.subject).toBe('A Bazaar shopper sent you a $25.00 gift card');
    expect(toBo.text).not.toContain('See you soon');
    expect(toBo.text).toMatch(/Your gift card code: [A-Z2-9-]{24}/);
    const cards = await t.container.db.select<{ recipient_email: string | null }>(
      'SELECT recipient_email FROM balance_accounts WHERE order_id = ?',
      [placed.body.order.id],
    );
    expect(cards.map((c) => c.recipient_email)).toEqual([null, null]);
  });
});
