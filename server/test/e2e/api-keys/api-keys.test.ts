import request from 'supertest';
import type { ApiKey, ApiKeyCreated } from '@bazaar/shared';
import { createUser, signedInBrowser, type Browser } from '../../support/browser';
import { FakeClock } from '../../support/fakes';
import { address, createProduct, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

const clock = new FakeClock(Date.parse('2026-12-05T09:00:00.000Z'));
let t: TestApp;
let admin: Browser;
let adminId: string;
let adminPassword: string;
beforeAll(async () => {
  t = await createTestApp({}, { clock });
  await seedPricing(t);
  const signedIn = await signedInBrowser(t, 'admin');
  admin = signedIn.browser;
  adminId = signedIn.user.id;
  adminPassword = signedIn.user.password;
});
afterAll(() => t.close());

async function createKey(body: Record<string, unknown>, as: Browser = admin): Promise<ApiKeyCreated> {
  // Making a key is a sensitive action and the test clock moves hours on: the admin proves the password again.
  if (as === admin) await admin.post('/api/v1/auth/reauth', { password: adminPassword }).expect(204);
  return (await as.post('/api/v1/admin/api-keys', { name: 'Integration', ...body }).expect(201)).body as ApiKeyCreated;
}
const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const sessionCount = async () => Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM sessions'))!.n);
const listed = async (id: string) =>
  ((await admin.get('/api/v1/admin/api-keys?limit=100').expect(200)).body.items as ApiKey[]).find((k) => k.id === id)!;

describe('creating and listing keys', () => {
  it('shows the secret once, with the prefix the list shows; the list never shows a secret or its hash', async () => {
    const created = await createKey({ name: 'ERP sync', permissions: ['orders:read', 'orders:read', 'catalog:write'] });
    expect(created.secret).toMatch(/^bzk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.secret.startsWith(`${created.key.prefix}_`)).toBe(true);
    expect(created.key).toMatchObject({
      name: 'ERP sync',
      permissions: ['orders:read', 'catalog:write'],
      createdBy: { id: adminId },
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      status: 'active',
    });

    const list = await admin.get('/api/v1/admin/api-keys').expect(200);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(created.secret.slice(created.key.prefix.length + 1));
    expect(text).not.toMatch(/secret|hash/i);
    const row = (list.body.items as ApiKey[]).find((k) => k.id === created.key.id);
    expect(row).toMatchObject({ prefix: created.key.prefix, name: 'ERP sync', createdBy: { id: adminId } });
    const stored = await t.container.db.one<{ secret_hash: string }>('SELECT secret_hash FROM api_keys WHERE id = ?', [created.key.id]);
    expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toContain(stored!.secret_hash);
  });

  it('audits the creation with the key and its permissions', async () => {
    const created = await createKey({ name: 'Audited', permissions: ['reports:read'] });
    const logs = await admin.get('/api/v1/admin/audit-logs?event=api_key_created').expect(200);
    const entry = logs.body.items.find((e: { details: { apiKeyId: string } }) => e.details.apiKeyId === created.key.id);
    expect(entry).toMatchObject({
      actorUserId: adminId,
      details: { prefix: created.key.prefix, name: 'Audited', permissions: ['reports:read'] },
    });
  });

  it('refuses bad input with 400: no permissions, an unknown one, an expiry in the past, unknown fields', async () => {
    for (const body of [
      { permissions: [] },
      { permissions: ['orders:destroy'] },
      { permissions: ['orders:read'], expiresAt: new Date(clock.now().getTime() - 1000).toISOString() },
      { permissions: ['orders:read'], secret: 'mine' },
      { name: '', permissions: ['orders:read'] },
    ]) {
      const res = await admin.post('/api/v1/admin/api-keys', { name: 'x', ...body }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('grants only permissions the creator has: 403 otherwise, and staff without settings:write make none', async () => {
    // Only admins hold settings:write today and they hold everything, so the rule is shown on the service.
    const support = await createUser(t, { role: 'support' });
    await expect(
      t.container.apiKeys.create({ id: support.id, role: 'support' }, { name: 'x', permissions: ['orders:read', 'orders:refund'] }, {}),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/orders:refund/) });
    const { browser } = await signedInBrowser(t, 'support');
    const res = await browser.post('/api/v1/admin/api-keys', { name: 'x', permissions: ['orders:read'] }).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    await browser.get('/api/v1/admin/api-keys').expect(403);
  });
});

describe('a bearer request', () => {
  let reader: ApiKeyCreated;
  beforeAll(async () => {
    reader = await createKey({ name: 'Reader', permissions: ['orders:read'] });
  });

  it('works on an admin route its permission allows, with no session and no cookie', async () => {
    const before = await sessionCount();
    const res = await request(t.app).get('/api/v1/admin/orders').set(bearer(reader.secret)).expect(200);
    expect(res.body).toHaveProperty('items');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  it('is 403 on an admin route needing a permission the key lacks', async () => {
    const res = await request(t.app).put('/api/v1/admin/exchange-rates/EUR').set(bearer(reader.secret)).send({ rate: '0.9' }).expect(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/settings:write/) });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('changes things without a CSRF token, and the audit log names the key next to its creator', async () => {
    const writer = await createKey({ name: 'Rates feed', permissions: ['settings:write'] });
    const before = await sessionCount();
    const res = await request(t.app).put('/api/v1/admin/exchange-rates/EUR').set(bearer(writer.secret)).send({ rate: '0.91' }).expect(200);
    expect(res.body).toMatchObject({ currency: 'EUR', rate: '0.91' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount()).toBe(before);

    const logs = await admin.get(`/api/v1/admin/audit-logs?api_key_id=${writer.key.id}`).expect(200);
    expect(logs.body.items).toEqual([
      expect.objectContaining({ event: 'exchange_rate_changed', actorUserId: adminId, actorApiKeyId: writer.key.id }),
    ]);
    // The same action by the signed-in admin names no key.
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '0.92' }).expect(200);
    const all = await admin.get('/api/v1/admin/audit-logs?event=exchange_rate_changed').expect(200);
    expect(all.body.items[0]).toMatchObject({ actorUserId: adminId, actorApiKeyId: null });
  });

  it('is refused (403) on routes that are not the admin API: the storefront, the account, the cart, key management', async () => {
    const key = await createKey({ name: 'Everything', permissions: ['settings:write', 'orders:read', 'catalog:write'] });
    const before = await sessionCount();
    for (const [method, path] of [
      ['get', '/api/v1/cart'],
      ['get', '/api/v1/me'],
      ['get', '/api/v1/products'],
      ['post', '/api/v1/cart/items'],
      ['post', '/api/v1/auth/login'],
      ['get', '/api/v1/admin/api-keys'],
      ['post', '/api/v1/admin/api-keys'],
    ] as const) {
      const res = await request(t.app)[method](path).set(bearer(key.secret)).send({});
      expect([method, path, res.status, res.body.error?.code]).toEqual([method, path, 403, 'FORBIDDEN']);
      expect(res.body.error.message).toMatch(/admin API/);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(await sessionCount()).toBe(before);
  });

  it('is 401 in the error envelope with a wrong, unknown or malformed key', async () => {
    const wrongSecret = `${reader.key.prefix}_${'A'.repeat(43)}`;
    const unknownPrefix = `bzk_aaaaaaaa_${reader.secret.slice(-43)}`;
    for (const presented of [wrongSecret, unknownPrefix, 'not-a-key', reader.secret.slice(0, -1), '']) {
      const res = await request(t.app).get('/api/v1/admin/orders').set('Authorization', `Bearer ${presented}`).expect(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', requestId: res.headers['x-request-id'] });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('is 401 once the key has expired (on the shop clock)', async () => {
    const key = await createKey({
      name: 'Short',
      permissions: ['orders:read'],
      expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    });
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(200);
    clock.advance(3_600_000);
    const res = await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(401);
    expect(res.body.error.message).toMatch(/expired/);
    expect((await listed(key.key.id)).status).toBe('expired');
  });

  it('records the last use (time and IP) at most once a minute', async () => {
    const key = await createKey({ name: 'Busy', permissions: ['orders:read'] });
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(200);
    const first = await listed(key.key.id);
    expect(first.lastUsedAt).toBe(clock.now().toISOString());
    expect(first.lastUsedIp).toMatch(/127\.0\.0\.1|::1/);

    clock.advance(30_000);
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(200);
    expect((await listed(key.key.id)).lastUsedAt).toBe(first.lastUsedAt);

    clock.advance(31_000);
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(200);
    expect((await listed(key.key.id)).lastUsedAt).toBe(clock.now().toISOString());
  });

  it('is revoked at once (401), the revocation is audited, and revoking again changes nothing', async () => {
    const key = await createKey({ name: 'Doomed', permissions: ['orders:read'] });
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(200);
    const revoked = await admin.post(`/api/v1/admin/api-keys/${key.key.id}/revoke`).expect(200);
    expect(revoked.body).toMatchObject({ id: key.key.id, status: 'revoked', revokedAt: clock.now().toISOString() });
    const res = await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(401);
    expect(res.body.error.message).toMatch(/revoked/);
    await admin.post(`/api/v1/admin/api-keys/${key.key.id}/revoke`).expect(200);
    const logs = await admin.get('/api/v1/admin/audit-logs?event=api_key_revoked').expect(200);
    const entries = logs.body.items.filter((e: { details: { apiKeyId: string } }) => e.details.apiKeyId === key.key.id);
    expect(entries).toEqual([
      expect.objectContaining({ actorUserId: adminId, details: { apiKeyId: key.key.id, prefix: key.key.prefix, name: 'Doomed' } }),
    ]);
    await admin.post('/api/v1/admin/api-keys/6f1c3d2a-0000-4000-8000-00000000dead/revoke').expect(404);
  });

  it("keeps within its creator's current permissions, and stops when the creator is disabled", async () => {
    const creator = await signedInBrowser(t, 'admin');
    const key = await createKey({ name: 'Creator changes', permissions: ['orders:read', 'settings:write'] }, creator.browser);
    await request(t.app).put('/api/v1/admin/exchange-rates/EUR').set(bearer(key.secret)).send({ rate: '0.93' }).expect(200);
    await t.container.db.execute("UPDATE users SET role_id = 'support' WHERE id = ?", [creator.user.id]);
    await request(t.app).put('/api/v1/admin/exchange-rates/EUR').set(bearer(key.secret)).send({ rate: '0.94' }).expect(403);
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(200);
    await t.container.db.execute('UPDATE users SET disabled_at = UTC_TIMESTAMP(3) WHERE id = ?', [creator.user.id]);
    await request(t.app).get('/api/v1/admin/orders').set(bearer(key.secret)).expect(401);
  });
});

describe("the key's permissions inside an action", () => {
  it('hold where a route asks for more than its own permission: custom draft prices, the actions an order offers', async () => {
    const p = await createProduct(t, { price: 3000, stock: 5 });
    const variantId = p.variants[0]!.id;
    const draft = (unitPrice?: number) => ({
      email: 'phone.customer@example.com',
      lines: [{ variantId, quantity: 1, ...(unitPrice === undefined ? {} : { unitPrice }) }],
      shippingAddress: address,
      shippingMethodId: STANDARD_SHIPPING,
    });
    const writer = await createKey({ name: 'Drafts', permissions: ['orders:write', 'orders:read'] });
    const refused = await request(t.app).post('/api/v1/admin/draft-orders').set(bearer(writer.secret)).send(draft(1234)).expect(403);
    expect(refused.body.error.message).toMatch(/orders:price-override/);
    const order = (await request(t.app).post('/api/v1/admin/draft-orders').set(bearer(writer.secret)).send(draft()).expect(201)).body;

    const reader = await createKey({ name: 'Read only', permissions: ['orders:read'] });
    const asKey = (await request(t.app).get(`/api/v1/admin/orders/${order.id}`).set(bearer(reader.secret)).expect(200)).body;
    const asAdmin = (await admin.get(`/api/v1/admin/orders/${order.id}`).expect(200)).body;
    expect(asAdmin.allowedActions.length).toBeGreaterThan(0);
    expect(asKey.allowedActions).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('declares the bearer scheme on the admin routes only', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body;
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/admin/orders'].get.security).toEqual([{ session: [] }, { apiKey: [] }]);
    expect(doc.paths['/api/v1/cart'].get.security).toBeUndefined();
  });
});
