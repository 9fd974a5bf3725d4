import { Browser, createUser, guestBrowser } from '../../support/browser';
import { FakeClock } from '../../support/fakes';
import { createTestApp, type TestApp } from '../../support/test-app';

const POLICY = '2026-11-24';
let t: TestApp;
const clock = new FakeClock(Date.UTC(2026, 10, 24, 9, 15, 30));
beforeAll(async () => {
  t = await createTestApp({ CONSENT_POLICY_VERSION: POLICY }, { clock });
});
afterAll(() => t.close());

const PRODUCT = '11111111-1111-4111-8111-111111111111';
const ORDER = '22222222-2222-4222-8222-222222222222';
const visitorCookieOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('bazaar.vid='));
const eventRows = () => t.container.db.select<Record<string, unknown>>('SELECT * FROM analytics_events ORDER BY id');

describe('cookie consent', () => {
  it('is undecided for a new guest (only necessary on), and reading it sets no cookie', async () => {
    const res = await t.agent().get('/api/v1/consent').expect(200);
    expect(res.body).toEqual({
      necessary: true,
      analytics: false,
      marketing: false,
      policyVersion: POLICY,
      decided: false,
      decidedAt: null,
    });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('lets a guest choose (with CSRF), remembers it in an httpOnly visitor cookie and MariaDB, and keeps each choice', async () => {
    const guest = await guestBrowser(t);
    await guest.agent.put('/api/v1/consent').send({ analytics: true, marketing: false }).expect(403);
    const res = await guest.put('/api/v1/consent', { necessary: true, analytics: true, marketing: false }).expect(200);
    expect(res.body).toEqual({
      necessary: true,
      analytics: true,
      marketing: false,
      policyVersion: POLICY,
      decided: true,
      decidedAt: clock.now().toISOString(),
    });
    const cookie = visitorCookieOf(res)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const visitorId = /^bazaar\.vid=([0-9a-f-]{36});/.exec(cookie)![1];

    clock.advance(60_000);
    await guest.put('/api/v1/consent', { analytics: false, marketing: true }).expect(200);
    expect((await guest.get('/api/v1/consent').expect(200)).body).toMatchObject({ analytics: false, marketing: true, decided: true });
    const rows = await t.container.db.select<Record<string, unknown>>('SELECT * FROM consents WHERE visitor_id = ? ORDER BY id', [
      visitorId,
    ]);
    expect(rows.map((r) => [Number(r.analytics), Number(r.marketing), r.user_id, r.policy_version])).toEqual([
      [1, 0, null, POLICY],
      [0, 1, null, POLICY],
    ]);
  });

  it('refuses a missing or non-boolean choice, and "necessary" cannot be switched off', async () => {
    const guest = await guestBrowser(t);
    const count = async () => Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM consents'))!.n);
    const before = await count();
    for (const body of [
      { analytics: true },
      { analytics: 'yes', marketing: false },
      { necessary: false, analytics: true, marketing: true },
      { analytics: true, marketing: true, extra: 1 },
    ]) {
      const res = await guest.put('/api/v1/consent', body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await count()).toBe(before);
  });

  it('asks again after the policy version changes: an older choice no longer allows analytics', async () => {
    const guest = await guestBrowser(t);
    await guest.put('/api/v1/consent', { analytics: true, marketing: true }).expect(200);
    await t.container.db.execute("UPDATE consents SET policy_version = '2025-01-01'");
    expect((await guest.get('/api/v1/consent').expect(200)).body).toMatchObject({
      analytics: false,
      marketing: false,
      decided: false,
      policyVersion: POLICY,
    });
    const res = await guest.post('/api/v1/analytics/events', { events: [{ type: 'page_view', path: '/' }] }).expect(403);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
  });
});

describe('analytics events', () => {
  it('are refused with 403 CONSENT_REQUIRED (in the error envelope) without analytics consent, and nothing is stored', async () => {
    const before = (await eventRows()).length;
    const guest = await guestBrowser(t);
    const res = await guest.post('/api/v1/analytics/events', { events: [{ type: 'page_view', path: '/' }] }).expect(403);
    expect(res.body).toEqual({
      error: { code: 'CONSENT_REQUIRED', message: expect.stringMatching(/consent/), requestId: res.headers['x-request-id'] },
    });
    await guest.put('/api/v1/consent', { analytics: false, marketing: true }).expect(200);
    await guest.post('/api/v1/analytics/events', { events: [{ type: 'page_view', path: '/' }] }).expect(403);
    expect(await eventRows()).toHaveLength(before);
  });

  it('stores a consented batch of every type with the server clock, a normalised search and a path without its query string', async () => {
    await t.container.db.execute('DELETE FROM analytics_events');
    const guest = await guestBrowser(t);
    const consent = await guest.put('/api/v1/consent', { analytics: true, marketing: false }).expect(200);
    const visitorId = /^bazaar\.vid=([0-9a-f-]{36});/.exec(visitorCookieOf(consent)!)![1];
    const events = [
      { type: 'page_view', path: '/c/shoes?email=someone@example.com#top' },
      { type: 'product_view', productId: PRODUCT },
      { type: 'add_to_cart', productId: PRODUCT, variantId: ORDER, quantity: 2 },
      { type: 'checkout_started' },
      { type: 'purchase', orderId: ORDER },
      { type: 'search', query: '  Red   SHOES ', resultCount: 12 },
      { type: 'search', query: 'unobtainium', resultCount: 0 },
    ];
    const res = await guest.post('/api/v1/analytics/events', { events }).expect(202);
    expect(res.body).toEqual({ accepted: 7 });
    const rows = await eventRows();
    expect(
      rows.map((r) => [r.visitor_id, r.user_id, r.type, r.product_id, r.query, r.result_count === null ? null : Number(r.result_count)]),
    ).toEqual([
      [visitorId, null, 'page_view', null, null, null],
      [visitorId, null, 'product_view', PRODUCT, null, null],
      [visitorId, null, 'add_to_cart', PRODUCT, null, null],
      [visitorId, null, 'checkout_started', null, null, null],
      [visitorId, null, 'purchase', null, null, null],
      [visitorId, null, 'search', null, 'red shoes', 12],
      [visitorId, null, 'search', null, 'unobtainium', 0],
    ]);
    const props = rows.map((r) => (typeof r.properties === 'string' ? JSON.parse(r.properties) : r.properties));
    expect(props).toEqual([{ path: '/c/shoes' }, null, { variantId: ORDER, quantity: 2 }, null, { orderId: ORDER }, null, null]);
    for (const r of rows) expect(new Date(r.occurred_at as Date).toISOString()).toBe(clock.now().toISOString());
  });

  it('refuses empty, oversized and malformed batches (no client timestamps, no unknown types) and stores nothing', async () => {
    const guest = await guestBrowser(t);
    await guest.put('/api/v1/consent', { analytics: true, marketing: false }).expect(200);
    const before = (await eventRows()).length;
    const bad = [
      { events: [] },
      { events: Array.from({ length: 51 }, () => ({ type: 'checkout_started' })) },
      { events: [{ type: 'mouse_move' }] },
      { events: [{ type: 'page_view', path: '/', occurredAt: '2020-01-01T00:00:00Z' }] },
      { events: [{ type: 'search', query: 'x' }] },
      { events: [{ type: 'search', query: 'x', resultCount: -1 }] },
      { events: [{ type: 'product_view', productId: 'not-a-uuid' }] },
      { events: [{ type: 'page_view', path: 'https://elsewhere.example/' }] },
      [{ type: 'page_view', path: '/' }],
    ];
    for (const body of bad) {
      const res = await guest.post('/api/v1/analytics/events', body as object);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(
      (
        await guest
          .post('/api/v1/analytics/events', { events: Array.from({ length: 50 }, () => ({ type: 'checkout_started' })) })
          .expect(202)
      ).body,
    ).toEqual({ accepted: 50 });
    expect(await eventRows()).toHaveLength(before + 50);
  });

  it("follows a signed-in shopper's consent to another device, and records the user id with the events", async () => {
    const user = await createUser(t);
    const laptop = new Browser(t.agent());
    await laptop.login(user.email, user.password);
    await laptop.put('/api/v1/consent', { analytics: true, marketing: false }).expect(200);
    const [row] = await t.container.db.select<{ user_id: string }>('SELECT user_id FROM consents ORDER BY id DESC LIMIT 1');
    expect(row!.user_id).toBe(user.id);

    const phone = new Browser(t.agent());
    await phone.login(user.email, user.password);
    expect((await phone.get('/api/v1/consent').expect(200)).body).toMatchObject({ analytics: true, decided: true });
    const res = await phone.post('/api/v1/analytics/events', { events: [{ type: 'product_view', productId: PRODUCT }] }).expect(202);
    const minted = /^bazaar\.vid=([0-9a-f-]{36});/.exec(visitorCookieOf(res)!)![1];
    const [event] = await t.container.db.select<{ visitor_id: string; user_id: string }>(
      'SELECT visitor_id, user_id FROM analytics_events ORDER BY id DESC LIMIT 1',
    );
    expect(event).toEqual({ visitor_id: minted, user_id: user.id });
    // The next batch reuses that visitor id (no new cookie).
    const again = await phone.post('/api/v1/analytics/events', { events: [{ type: 'checkout_started' }] }).expect(202);
    expect(visitorCookieOf(again)).toBeUndefined();

    // Signed out, the phone is just a visitor without a choice of its own.
    await phone.post('/api/v1/auth/logout').expect(204);
    await phone.refreshCsrf();
    await phone.post('/api/v1/analytics/events', { events: [{ type: 'checkout_started' }] }).expect(403);
  });

  it('never stores a forged visitor cookie: a value that is not a visitor id is replaced by a fresh one', async () => {
    const guest = await guestBrowser(t);
    const res = await guest.agent
      .put('/api/v1/consent')
      .set('X-CSRF-Token', guest.csrfToken)
      .set('Cookie', `${guest.cookie}; bazaar.vid=' OR 1=1 --`)
      .send({ analytics: true, marketing: false })
      .expect(200);
    const minted = /^bazaar\.vid=([0-9a-f-]{36});/.exec(visitorCookieOf(res)!)![1];
    const [row] = await t.container.db.select<{ visitor_id: string }>('SELECT visitor_id FROM consents ORDER BY id DESC LIMIT 1');
    expect(row!.visitor_id).toBe(minted);
  });
});
