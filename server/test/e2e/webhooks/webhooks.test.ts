import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { WEBHOOK_EVENT_TYPES, WebhookEventData, WebhookPayload, type WebhookEventType } from '@bazaar/shared';
import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { address, checkout, createProduct, seedPricing, STANDARD_SHIPPING } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

/** The verification code of the README's "Outgoing webhooks" section, run as a receiver would. */
function readmeVerifier(): (rawBody: string, header: string, secret: string, now?: number) => boolean {
  const readme = readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Outgoing webhooks'));
  const code = /```js\n([\s\S]*?)```/.exec(section.slice(section.indexOf('Verifying a signature')))![1]!;
  return vm.runInNewContext(`${code}\nverifyBazaarSignature`, { require, Buffer });
}

let t: TestApp;
let admin: Browser;
let adminPassword: string;
let adminEmail: string;
const email = new CapturingEmail();
const clock = new FakeClock();
const receiver = new WebhookReceiver();
const HOUR = 3_600_000;

beforeAll(async () => {
  await receiver.start();
  t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '1000' }, { email, clock });
  await seedPricing(t);
  const signedIn = await signedInBrowser(t, 'admin');
  admin = signedIn.browser;
  adminEmail = signedIn.user.email;
  adminPassword = signedIn.user.password;
});
afterAll(async () => {
  await t.close();
  await receiver.stop();
});

/** Subscribing is a sensitive action and the test clock moves days on: the admin proves the password again first. */
const reauth = () => admin.post('/api/v1/auth/reauth', { password: adminPassword }).expect(204);

async function subscribe(pathName: string, events: readonly WebhookEventType[]) {
  await reauth();
  const res = await admin.post('/api/v1/admin/webhooks', { url: receiver.url(pathName), events, description: pathName }).expect(201);
  expect(res.body.secret).toMatch(/^whsec_/);
  return res.body as { id: string; secret: string; secretHint: string };
}

const bodies = (pathName: string) => receiver.at(pathName).map((r) => JSON.parse(r.body) as WebhookPayload);
const log = async (endpointId: string) => (await admin.get(`/api/v1/admin/webhooks/${endpointId}/deliveries?limit=100`).expect(200)).body;

/** A product update through the staff API: one `product.updated`. */
const touchProduct = (id: string, title: string) => admin.patch(`/api/v1/admin/products/${id}`, { title }).expect(200);

describe('outgoing webhooks', () => {
  it('each event type is emitted by the real action, with a payload of its schema, signed as the README verifies', async () => {
    const all = await subscribe('/all', WEBHOOK_EVENT_TYPES);
    // The secret is shown once: the endpoint answers only its hint afterwards.
    const shown = (await admin.get(`/api/v1/admin/webhooks/${all.id}`).expect(200)).body;
    expect(shown.secret).toBeUndefined();
    expect(all.secret.endsWith(shown.secretHint)).toBe(true);

    // customer.created
    const guest = await guestBrowser(t);
    await guest
      .post('/api/v1/auth/register', { email: 'new-customer@example.com', password: 'plum-orchard-velvet-42', name: 'New Customer' })
      .expect(201);
    // product.created, product.updated, product.deleted
    const doomed = await createProduct(t, { title: 'Short-lived' });
    await touchProduct(doomed.id, 'Short-lived, renamed');
    await admin.delete(`/api/v1/admin/products/${doomed.id}`).expect(204);
    // order.created, order.paid, order.fulfilled, return.requested, return.updated, refund.created
    const { browser: shopper } = await signedInBrowser(t);
    const product = await createProduct(t, { price: 2000, stock: 10 });
    await shopper.post('/api/v1/cart/items', { variantId: product.variants[0]!.id, quantity: 2 }).expect(200);
    const placed = (await checkout(shopper, 'wh-order-1').expect(201)).body;
    await shopper.post(`/api/v1/payments/${placed.payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/fulfil`, { carrier: 'UPS', trackingNumber: '1Z9' }).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/deliver`, {}).expect(200);
    const requested = (
      await shopper
        .post(`/api/v1/orders/${placed.order.id}/returns`, {
          reason: 'Does not fit',
          lines: [{ itemId: placed.order.items[0].id, quantity: 1 }],
        })
        .expect(201)
    ).body;
    await admin.post(`/api/v1/admin/returns/${requested.id}/approve`, {}).expect(200);
    await admin.post(`/api/v1/admin/orders/${placed.order.id}/refunds`, { amount: 100, reason: 'goodwill' }).expect(200);
    // order.cancelled
    await shopper.post('/api/v1/cart/items', { variantId: product.variants[0]!.id, quantity: 1 }).expect(200);
    const second = (await checkout(shopper, 'wh-order-2').expect(201)).body;
    await admin.post(`/api/v1/admin/orders/${second.order.id}/cancel`, {}).expect(200);
    // inventory.low: a variant at its threshold, found by the hourly run.
    const low = await createProduct(t, { stock: 3 });
    await admin.patch(`/api/v1/admin/variants/${low.variants[0]!.id}`, { lowStockThreshold: 5 }).expect(200);
    expect(await t.container.lowStockAlerts.run()).toBeGreaterThanOrEqual(1);

    await t.runJobs();
    const got = bodies('/all');
    expect(new Set(got.map((b) => b.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    for (const body of got) {
      WebhookPayload.parse(body);
      expect(body.apiVersion).toBe('2026-12-01');
      WebhookEventData[body.type].parse(body.data);
    }
    const of = <T = Record<string, unknown>>(type: WebhookEventType) => got.filter((b) => b.type === type).map((b) => b.data as T);
    expect(of('customer.created')[0]).toMatchObject({ customer: { email: 'new-customer@example.com', name: 'New Customer' } });
    expect(of('product.deleted')).toContainEqual({ product: { id: doomed.id } });
    expect(of<{ product: { title: string } }>('product.updated').some((d) => d.product.title === 'Short-lived, renamed')).toBe(true);
    const orderEvents = got.filter(
      (b) => b.type.startsWith('order.') && (b.data as { order: { id: string } }).order.id === placed.order.id,
    );
    expect(orderEvents.map((b) => [b.type, (b.data as { order: { status: string } }).order.status])).toEqual([
      ['order.created', 'pending_payment'],
      ['order.paid', 'paid'],
      ['order.fulfilled', 'fulfilled'],
    ]);
    expect(of('order.fulfilled')[0]).toMatchObject({ shipment: { carrier: 'UPS', trackingNumber: '1Z9' } });
    expect(of('order.cancelled')).toContainEqual(
      expect.objectContaining({ order: expect.objectContaining({ id: second.order.id, status: 'cancelled' }) }),
    );
    expect(of('refund.created')[0]).toMatchObject({
      refund: { amount: { amount: 100 }, reason: 'goodwill' },
      order: { id: placed.order.id },
    });
    expect(of('return.requested')[0]).toMatchObject({ return: { id: requested.id, status: 'requested' } });
    expect(of('return.updated')[0]).toMatchObject({ return: { id: requested.id, status: 'approved' }, action: 'approve' });
    expect(of<{ items: { variantId: string }[] }>('inventory.low').flatMap((d) => d.items.map((i) => i.variantId))).toContain(
      low.variants[0]!.id,
    );

    // Every request: the headers, and a signature the README's code accepts (and refuses when tampered with).
    const verify = readmeVerifier();
    const now = clock.now().getTime();
    for (const request of receiver.at('/all')) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['bazaar-event-id']).toBe(JSON.parse(request.body).id);
      const header = request.headers['bazaar-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(request.body, header, all.secret, now)).toBe(true);
      expect(verify(`${request.body} `, header, all.secret, now)).toBe(false);
      expect(verify(request.body, header, 'whsec_wrong', now)).toBe(false);
      // Older than the 5-minute tolerance: refused.
      expect(verify(request.body, header, all.secret, now + 6 * 60_000)).toBe(false);
    }
    // Event ids are unique.
    expect(new Set(got.map((b) => b.id)).size).toBe(got.length);

    // Done with this endpoint: later tests count their own.
    await admin.patch(`/api/v1/admin/webhooks/${all.id}`, { enabled: false }).expect(200);
  });

  it('a draft order is announced as created when its invoice is sent, or when it is paid offline without one', async () => {
    const endpoint = await subscribe('/drafts', ['order.created', 'order.paid']);
    const p = await createProduct(t, { price: 1800, stock: 5 });
    const draftBody = {
      email: 'phone.order@example.com',
      lines: [{ variantId: p.variants[0]!.id, quantity: 1 }],
      shippingAddress: address,
      shippingMethodId: STANDARD_SHIPPING,
    };
    const invoiced = (await admin.post('/api/v1/admin/draft-orders', draftBody).expect(201)).body;
    const paidOffline = (await admin.post('/api/v1/admin/draft-orders', draftBody).expect(201)).body;
    await t.runJobs();
    // Drafts are staff's work in progress: nothing is announced yet.
    expect(bodies('/drafts')).toEqual([]);
    await admin.post(`/api/v1/admin/orders/${invoiced.id}/send-invoice`, {}).expect(200);
    await admin.post(`/api/v1/admin/orders/${paidOffline.id}/mark-paid`, { note: 'cash at the counter' }).expect(200);
    await t.runJobs();
    expect(bodies('/drafts').map((b) => [b.type, (b.data as { order: { id: string } }).order.id])).toEqual([
      ['order.created', invoiced.id],
      ['order.created', paidOffline.id],
      ['order.paid', paidOffline.id],
    ]);
    await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { enabled: false }).expect(200);
  });

  it('a CSV import announces the products it creates and changes, and nothing for a row it leaves as it was', async () => {
    const endpoint = await subscribe('/csv', ['product.created', 'product.updated']);
    const header =
      'product_slug,product_title,description,brand,status,tags,categories,sku,variant_title,options,price,compare_at_price,currency,weight_grams,on_hand,low_stock_threshold,allow_backorder';
    const importCsv = (csv: string) =>
      admin.agent
        .post('/api/v1/admin/products/import')
        .set('X-CSRF-Token', admin.csrfToken)
        .set('Content-Type', 'text/csv')
        .send(`${header}\n${csv}\n`)
        .expect(200);
    const row = (title: string) => `csv-hook,${title},Words,Acme,active,,,CSVHOOK-1,,,1500,,USD,,3,0,false`;
    await importCsv(row('Hooked lamp'));
    await importCsv(row('Hooked lamp'));
    await importCsv(row('Hooked brass lamp'));
    await t.runJobs();
    expect(bodies('/csv').map((b) => [b.type, (b.data as { product: { title: string } }).product.title])).toEqual([
      ['product.created', 'Hooked lamp'],
      ['product.updated', 'Hooked brass lamp'],
    ]);
    await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { enabled: false }).expect(200);
  });

  it('retries after a 500 and after a timeout, with the same event id; a redelivery is the same event again', async () => {
    const endpoint = await subscribe('/flaky', ['product.updated']);
    const product = await createProduct(t);
    receiver.script('/flaky', { status: 500, body: 'boom' }, { status: 200, delayMs: 4000 }, { status: 204 });
    await touchProduct(product.id, 'Flaky one');
    await t.runJobs();
    expect(receiver.at('/flaky')).toHaveLength(1);
    let [delivery] = (await log(endpoint.id)).items;
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: [{ attempt: 1, responseStatus: 500, responseBody: 'boom', error: 'HTTP 500' }],
    });
    // The retry waits its backoff (30 s ± 20 %): nothing is sent before it.
    clock.advance(20_000);
    await t.runJobs();
    expect(receiver.at('/flaky')).toHaveLength(1);
    clock.advance(20_000);
    await t.runJobs();
    expect(receiver.at('/flaky')).toHaveLength(2);
    [delivery] = (await log(endpoint.id)).items;
    expect(delivery.attempts[1]).toMatchObject({ attempt: 2, responseStatus: null, error: 'Timed out after 1000 ms' });
    expect(delivery.attempts[1].durationMs).toBeGreaterThanOrEqual(990);
    clock.advance(2 * 60_000);
    await t.runJobs();
    [delivery] = (await log(endpoint.id)).items;
    expect(delivery).toMatchObject({ status: 'delivered', nextAttemptAt: null });
    expect(delivery.attempts.map((a: { responseStatus: number | null }) => a.responseStatus)).toEqual([500, null, 204]);
    expect(delivery.attempts[0].requestBody).toBe(receiver.at('/flaky')[0]!.body);

    // Every attempt carried the same event id: a receiver dedupes by it.
    const ids = receiver.at('/flaky').map((r) => r.headers['bazaar-event-id']);
    expect(new Set(ids)).toEqual(new Set([delivery.eventId]));

    const again = (await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`, {}).expect(202)).body;
    expect(again).toMatchObject({ eventId: delivery.eventId, status: 'pending' });
    await t.runJobs();
    const last = receiver.at('/flaky').at(-1)!;
    expect(last.headers['bazaar-event-id']).toBe(delivery.eventId);
    expect(last.body).toBe(receiver.at('/flaky')[0]!.body);
    const seen = new Set<string>();
    const processed = receiver.at('/flaky').filter((r) => {
      const id = JSON.parse(r.body).id as string;
      return seen.has(id) ? false : (seen.add(id), true);
    });
    expect(processed).toHaveLength(1);
    await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { enabled: false }).expect(200);
  });

  it('delivers an endpoint’s events in the order they were written, the later ones waiting behind a retried one', async () => {
    const endpoint = await subscribe('/ordered', ['product.updated']);
    const product = await createProduct(t);
    receiver.script('/ordered', { status: 500 }, { status: 503 });
    for (const n of [1, 2, 3]) await touchProduct(product.id, `Ordered ${n}`);
    await t.runJobs();
    clock.advance(45_000);
    await t.runJobs();
    clock.advance(90_000);
    await t.runJobs();
    const titles = bodies('/ordered').map((b) => (b.data as { product: { title: string } }).product.title);
    // The first event's two failures and its success, then the others in order: none overtook it.
    expect(titles).toEqual(['Ordered 1', 'Ordered 1', 'Ordered 1', 'Ordered 2', 'Ordered 3']);
    expect((await log(endpoint.id)).items.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { enabled: false }).expect(200);
  });

  it('gives a delivery whose job was lost a job again (the sweep)', async () => {
    await subscribe('/swept', ['product.deleted']);
    const product = await createProduct(t);
    await admin.delete(`/api/v1/admin/products/${product.id}`).expect(204);
    await t.container.db.execute("DELETE FROM jobs WHERE name = 'webhooks.deliver' AND status = 'queued'");
    await t.runJobs();
    expect(receiver.at('/swept')).toHaveLength(0);
    expect(await t.container.webhooks.sweep()).toBeGreaterThanOrEqual(1);
    await t.runJobs();
    expect(bodies('/swept').map((b) => b.data)).toEqual([{ product: { id: product.id } }]);
  });

  it('sends nothing for a change that rolled back after publishing', async () => {
    await subscribe('/rollback', ['customer.created']);
    const customer = {
      id: '00000000-0000-4000-8000-00000000abcd',
      email: 'ghost@example.com',
      name: 'Ghost',
      createdAt: clock.now().toISOString(),
    };
    await expect(
      t.container.db.transaction(async (tx) => {
        await t.container.webhookEvents.publish('customer.created', { customer }, tx);
        throw new Error('the change failed after publishing');
      }),
    ).rejects.toThrow('the change failed after publishing');
    const ghosts = await t.container.db.select<{ n: number }>(
      "SELECT COUNT(*) AS n FROM webhook_events WHERE body LIKE '%ghost@example.com%'",
    );
    expect(Number(ghosts[0]!.n)).toBe(0);
    // The same publish committed is delivered.
    await t.container.db.transaction((tx) =>
      t.container.webhookEvents.publish('customer.created', { customer: { ...customer, email: 'real@example.com' } }, tx),
    );
    await t.runJobs();
    expect(bodies('/rollback').map((b) => (b.data as { customer: { email: string } }).customer.email)).toEqual(['real@example.com']);
  });

  it('sends a ping, rotates the secret (both secrets sign for a day), edits events and deletes', async () => {
    const endpoint = await subscribe('/admin', ['order.paid']);
    await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/ping`, {}).expect(202);
    await t.runJobs();
    const [ping] = receiver.at('/admin');
    expect(JSON.parse(ping!.body)).toMatchObject({ type: 'ping', data: { message: expect.any(String) } });
    const verify = readmeVerifier();
    expect(verify(ping!.body, ping!.headers['bazaar-signature'] as string, endpoint.secret, clock.now().getTime())).toBe(true);

    const rotated = (await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/rotate-secret`, {}).expect(200)).body;
    expect(rotated.secret).not.toBe(endpoint.secret);
    await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/ping`, {}).expect(202);
    await t.runJobs();
    const after = receiver.at('/admin')[1]!;
    const header = after.headers['bazaar-signature'] as string;
    expect(header.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(verify(after.body, header, rotated.secret, clock.now().getTime())).toBe(true);
    expect(verify(after.body, header, endpoint.secret, clock.now().getTime())).toBe(true);

    const changed = (await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { events: ['order.cancelled', 'order.paid'] }).expect(200))
      .body;
    expect(changed.events).toEqual(['order.cancelled', 'order.paid']);
    await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { events: [] }).expect(400);
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.get('/api/v1/admin/webhooks').expect(403);
    await admin.delete(`/api/v1/admin/webhooks/${endpoint.id}`).expect(204);
    await admin.get(`/api/v1/admin/webhooks/${endpoint.id}`).expect(404);
  });

  it('disables an endpoint after 24 h of failures and emails the admins', async () => {
    const endpoint = await subscribe('/down', ['customer.created']);
    receiver.answerAlways('/down', { status: 503 });
    const guest = await guestBrowser(t);
    await guest
      .post('/api/v1/auth/register', { email: 'while-down@example.com', password: 'plum-orchard-velvet-42', name: 'Down' })
      .expect(201);
    await t.runJobs();
    for (let hours = 0; hours < 23; hours++) {
      clock.advance(HOUR);
      await t.runJobs();
    }
    expect((await admin.get(`/api/v1/admin/webhooks/${endpoint.id}`).expect(200)).body).toMatchObject({
      enabled: true,
      failingSince: expect.any(String),
    });
    for (let hours = 0; hours < 2; hours++) {
      clock.advance(HOUR);
      await t.runJobs();
    }
    expect((await admin.get(`/api/v1/admin/webhooks/${endpoint.id}`).expect(200)).body).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
    });
    const [delivery] = (await log(endpoint.id)).items;
    expect(delivery.status).toBe('failed');
    // Retried all day (this clock moves an hour at a time, so about one attempt an hour), not thousands of times.
    expect(delivery.attempts.length).toBeGreaterThan(15);
    expect(delivery.attempts.length).toBeLessThan(40);
    const told = email.sent.filter((m) => m.subject === 'A webhook endpoint was disabled');
    expect(told.map((m) => m.to)).toContain(adminEmail);
    expect(told[0]!.text).toContain(receiver.url('/down'));
    // Disabled: nothing more is sent, and a redelivery is refused until staff enable it again.
    const count = receiver.at('/down').length;
    clock.advance(2 * HOUR);
    await t.runJobs();
    expect(receiver.at('/down')).toHaveLength(count);
    await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`, {}).expect(409);
    await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/ping`, {}).expect(409);
    receiver.answerAlways('/down', undefined);
    await reauth();
    expect((await admin.patch(`/api/v1/admin/webhooks/${endpoint.id}`, { enabled: true }).expect(200)).body).toMatchObject({
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
    await admin.post(`/api/v1/admin/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`, {}).expect(202);
    await t.runJobs();
    expect((await log(endpoint.id)).items[0].status).toBe('delivered');
  });

  it('keeps events and their delivery logs for 30 days', async () => {
    const count = async (table: string) => Number((await t.container.db.select<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
    expect(await count('webhook_events')).toBeGreaterThan(0);
    expect(await t.container.webhooks.prune()).toBe(0);
    clock.advance(31 * 24 * HOUR);
    expect(await t.container.webhooks.prune()).toBeGreaterThan(0);
    expect(await count('webhook_events')).toBe(0);
    expect(await count('webhook_deliveries')).toBe(0);
    expect(await count('webhook_delivery_attempts')).toBe(0);
  });
});
