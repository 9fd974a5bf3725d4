import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { checkout, createProduct, seedPricing } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t);
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

async function groupWith(name: string, email: string) {
  const group = (await admin.post('/api/v1/admin/customer-groups', { name }).expect(201)).body;
  const members = (await admin.post(`/api/v1/admin/customer-groups/${group.id}/members`, { email }).expect(200)).body.items;
  expect(members.map((m: { email: string }) => m.email)).toEqual([email]);
  return group as { id: string };
}

describe('customer groups and price lists', () => {
  it('a member sees and pays the lowest applicable price, with the market price as compare-at; nobody else ever sees it', async () => {
    const p = await createProduct(t, { price: 5000, variants: 2 });
    const [a, b] = p.variants;
    const { browser: member, user } = await signedInBrowser(t);
    const group = await groupWith('Wholesale', user.email);
    const list = (await admin.post('/api/v1/admin/price-lists', { name: 'Wholesale 20 %', groupId: group.id, percentOff: 20 }).expect(201))
      .body;
    // An explicit price beats the percent when lower; a second list's lower percent does not apply over it.
    await admin
      .put(`/api/v1/admin/price-lists/${list.id}/prices`, { items: [{ variantId: a!.id, currency: 'USD', amount: 3500 }] })
      .expect(200);
    await admin.post('/api/v1/admin/price-lists', { name: 'Wholesale 10 %', groupId: group.id, percentOff: 10 }).expect(201);

    const detail = (await member.get(`/api/v1/products/${p.slug}`).expect(200)).body;
    const variant = (id: string) => detail.variants.find((v: { id: string }) => v.id === id);
    expect(variant(a!.id)).toMatchObject({ price: { amount: 3500 }, compareAtPrice: { amount: 5000 } });
    expect(variant(b!.id)).toMatchObject({ price: { amount: 4000 }, compareAtPrice: { amount: 5000 } });
    expect(detail.price.amount).toBe(3500);
    const listed = (await member.get('/api/v1/products?limit=100').expect(200)).body.items.find((s: { id: string }) => s.id === p.id);
    expect(listed).toMatchObject({ price: { amount: 3500 }, compareAtPrice: { amount: 5000 } });

    await member.post('/api/v1/cart/items', { variantId: b!.id, quantity: 2 }).expect(200);
    const cart = (await member.get('/api/v1/cart').expect(200)).body;
    expect(cart.items[0].unitPrice.amount).toBe(4000);
    const { order } = (await checkout(member, 'member-1', { email: user.email }).expect(201)).body;
    expect(order.totals.subtotal.amount).toBe(8000);

    // Everyone else: the regular price, whatever the caches hold after the member's reads.
    const { browser: other } = await signedInBrowser(t);
    const guest = await guestBrowser(t);
    for (const shopper of [other, guest]) {
      const seen = (await shopper.get(`/api/v1/products/${p.slug}`).expect(200)).body;
      expect(seen.variants.map((v: { price: { amount: number } }) => v.price.amount)).toEqual([5000, 5000]);
      expect(seen.variants.every((v: { compareAtPrice?: unknown }) => v.compareAtPrice === undefined)).toBe(true);
      const page = (await shopper.get('/api/v1/products?limit=100').expect(200)).body.items.find((s: { id: string }) => s.id === p.id);
      expect(page.price.amount).toBe(5000);
    }
    await guest.post('/api/v1/cart/items', { variantId: b!.id, quantity: 1 }).expect(200);
    expect((await guest.get('/api/v1/cart').expect(200)).body.items[0].unitPrice.amount).toBe(5000);

    // A guest presenting the member's ETag gets the guest body, not a 304 of the member's.
    const memberEtag = (await member.get(`/api/v1/products/${p.slug}`).expect(200)).headers.etag as string;
    const server = t.app.listen(0);
    try {
      const port = (server.address() as AddressInfo).port;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get({ port, path: `/api/v1/products/${p.slug}`, headers: { 'If-None-Match': memberEtag } }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          })
          .on('error', reject);
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).variants[0].price.amount).toBe(5000);
    } finally {
      server.close();
    }

    // Out of the group: the regular price again (every process within two seconds; this one at once).
    await admin.delete(`/api/v1/admin/customer-groups/${group.id}/members/${user.id}`).expect(204);
    const after = (await member.get(`/api/v1/products/${p.slug}`).expect(200)).body;
    expect(after.variants.map((v: { price: { amount: number } }) => v.price.amount)).toEqual([5000, 5000]);
  });

  it('a list for one market, a date window, and staff validation', async () => {
    const p = await createProduct(t, { price: 2000 });
    const { browser: member, user } = await signedInBrowser(t);
    const group = await groupWith('Staff', user.email);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await admin.post('/api/v1/admin/price-lists', { name: 'Not yet', groupId: group.id, percentOff: 50, startsAt: later }).expect(201);
    await admin.post('/api/v1/admin/price-lists', { name: 'Elsewhere', groupId: group.id, percentOff: 50, market: 'eu' }).expect(201);
    const seen = (await member.get(`/api/v1/products/${p.slug}`).expect(200)).body;
    expect(seen.variants[0].price.amount).toBe(2000);

    await admin.post('/api/v1/admin/price-lists', { name: 'Bad', groupId: group.id, percentOff: 150 }).expect(400);
    await admin
      .post('/api/v1/admin/price-lists', { name: 'No group', groupId: '00000000-0000-4000-8000-000000000000', percentOff: 5 })
      .expect(400);
    const list = (await admin.post('/api/v1/admin/price-lists', { name: 'Explicit', groupId: group.id }).expect(201)).body;
    await admin
      .put(`/api/v1/admin/price-lists/${list.id}/prices`, {
        items: [{ variantId: '00000000-0000-4000-8000-000000000000', currency: 'USD', amount: 1 }],
      })
      .expect(400);
    await admin.post('/api/v1/admin/customer-groups', { name: 'Staff' }).expect(409);
    await admin.post(`/api/v1/admin/customer-groups/${group.id}/members`, { email: 'nobody@example.com' }).expect(400);
    const { browser: customer } = await signedInBrowser(t);
    await customer.get('/api/v1/admin/customer-groups').expect(403);
    await customer.get('/api/v1/admin/price-lists').expect(403);
  });

  it('a promotion for a customer group applies to its members only', async () => {
    const p = await createProduct(t, { price: 3000 });
    const { browser: member, user } = await signedInBrowser(t);
    const group = await groupWith('VIP', user.email);
    await admin
      .post('/api/v1/admin/promotions', {
        name: 'VIP 10',
        automatic: true,
        conditions: { productIds: [p.id], customerGroupIds: [group.id] },
        action: { type: 'order', off: { kind: 'percent', value: 10 } },
      })
      .expect(201);
    await member.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    expect((await member.get('/api/v1/cart').expect(200)).body.totals.discount.amount).toBe(300);
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 1 }).expect(200);
    expect((await guest.get('/api/v1/cart').expect(200)).body.totals.discount.amount).toBe(0);
  });
});
