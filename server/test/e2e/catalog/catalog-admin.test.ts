import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;

beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const variant = (sku: string, amount = 2500) => ({ sku, options: { size: 'M' }, price: { amount, currency: 'USD' }, stock: { onHand: 3 } });

describe('admin catalog', () => {
  it('creates a category tree and a product with generated slugs; duplicates get -2', async () => {
    const root = await admin.post('/api/v1/admin/categories', { name: 'Outdoor Gear' }).expect(201);
    expect(root.body).toMatchObject({ slug: 'outdoor-gear', parentId: null });
    const child = await admin.post('/api/v1/admin/categories', { name: 'Tents', parentId: root.body.id }).expect(201);
    const flat = (await admin.get('/api/v1/admin/categories').expect(200)).body.items;
    expect(flat).toEqual(expect.arrayContaining([root.body, child.body]));
    expect(flat.find((c: { id: string }) => c.id === child.body.id).parentId).toBe(root.body.id);

    const body = {
      title: 'Trail Tent 2P',
      brand: 'Acme',
      tags: ['Camping', 'new'],
      status: 'active',
      categoryIds: [child.body.id],
      variants: [variant('TENT-2P-GRN'), variant('TENT-2P-RED', 2700)],
    };
    const first = await admin.post('/api/v1/admin/products', body).expect(201);
    expect(first.body).toMatchObject({ slug: 'trail-tent-2p', tags: ['camping', 'new'], primaryCategoryId: child.body.id });
    expect(first.body.variants.map((v: { onHand: number }) => v.onHand)).toEqual([3, 3]);
    const second = await admin.post('/api/v1/admin/products', { ...body, variants: [variant('TENT-2P-BLU')] }).expect(201);
    expect(second.body.slug).toBe('trail-tent-2p-2');

    const pub = (await t.agent().get('/api/v1/products/trail-tent-2p').expect(200)).body;
    expect(pub.price).toEqual({ amount: 2500, currency: 'USD' });
    expect(pub.categories.map((c: { name: string }) => c.name)).toEqual(['Outdoor Gear', 'Tents']);
    const listed = (await t.agent().get('/api/v1/products?category=outdoor-gear').expect(200)).body;
    expect(listed.total).toBe(2);
  });

  it('answers 409 for a taken slug or SKU, and writes nothing', async () => {
    await admin.post('/api/v1/admin/products', { title: 'Original', slug: 'taken-slug', variants: [variant('UNIQ-1')] }).expect(201);
    const slug = await admin
      .post('/api/v1/admin/products', { title: 'Other', slug: 'taken-slug', variants: [variant('UNIQ-2')] })
      .expect(409);
    expect(slug.body.error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'slug', message: 'Already used' }] });
    const sku = await admin.post('/api/v1/admin/products', { title: 'Another', variants: [variant('UNIQ-1')] }).expect(409);
    expect(sku.body.error.code).toBe('CONFLICT');
    expect(await t.container.db.one("SELECT id FROM products WHERE title = 'Another'")).toBeUndefined();
    expect(await t.container.db.one("SELECT sku FROM variants WHERE sku = 'UNIQ-2'")).toBeUndefined();
  });

  it('validates products with per-field details', async () => {
    const res = await admin
      .post('/api/v1/admin/products', { title: '', variants: [{ sku: 'bad sku!', price: { amount: 9.99, currency: 'USD' } }] })
      .expect(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'variants.0.sku', 'variants.0.price.amount']));
    await admin.post('/api/v1/admin/products', { title: 'No variants', variants: [] }).expect(400);
    const currency = await admin
      .post('/api/v1/admin/products', { title: 'Euro', variants: [{ sku: 'EUR-1', price: { amount: 100, currency: 'EUR' } }] })
      .expect(400);
    expect(currency.body.error.details[0].path).toBe('variants.0.price.currency');
  });

  it('updates variants and keeps the listing price in step; refuses deleting the last variant', async () => {
    const created = (
      await admin
        .post('/api/v1/admin/products', { title: 'Lamp', status: 'active', variants: [variant('LAMP-1', 4000), variant('LAMP-2', 5000)] })
        .expect(201)
    ).body;
    await admin.patch(`/api/v1/admin/variants/${created.variants[0].id}`, { price: { amount: 6000, currency: 'USD' } }).expect(200);
    expect((await t.agent().get(`/api/v1/products/${created.slug}`).expect(200)).body.price.amount).toBe(5000);
    await admin.delete(`/api/v1/admin/variants/${created.variants[1].id}`).expect(204);
    const last = await admin.delete(`/api/v1/admin/variants/${created.variants[0].id}`).expect(409);
    expect(last.body.error.code).toBe('CONFLICT');
    const added = await admin.post(`/api/v1/admin/products/${created.id}/variants`, variant('LAMP-3', 3000)).expect(201);
    expect(added.body.variants).toHaveLength(2);
    expect((await t.agent().get(`/api/v1/products/${created.slug}`).expect(200)).body.price.amount).toBe(3000);
  });

  it('refuses category cycles and deleting a category with children', async () => {
    const a = (await admin.post('/api/v1/admin/categories', { name: 'Cycle A' }).expect(201)).body;
    const b = (await admin.post('/api/v1/admin/categories', { name: 'Cycle B', parentId: a.id }).expect(201)).body;
    await admin.patch(`/api/v1/admin/categories/${a.id}`, { parentId: b.id }).expect(409);
    await admin.patch(`/api/v1/admin/categories/${a.id}`, { parentId: a.id }).expect(409);
    await admin.delete(`/api/v1/admin/categories/${a.id}`).expect(409);
    await admin.delete(`/api/v1/admin/categories/${b.id}`).expect(204);
    await admin.delete(`/api/v1/admin/categories/${a.id}`).expect(204);
  });

  it('lists all statuses for staff and searches by SKU', async () => {
    await admin.post('/api/v1/admin/products', { title: 'Secret Draft', status: 'draft', variants: [variant('FIND-ME-42')] }).expect(201);
    const found = (await admin.get('/api/v1/admin/products?q=FIND-ME').expect(200)).body;
    expect(found.items.map((p: { title: string; status: string }) => [p.title, p.status])).toEqual([['Secret Draft', 'draft']]);
    const drafts = (await admin.get('/api/v1/admin/products?status=draft').expect(200)).body;
    expect(drafts.total).toBeGreaterThanOrEqual(1);
  });

  it('deletes a product', async () => {
    const p = (
      await admin.post('/api/v1/admin/products', { title: 'Short Lived', status: 'active', variants: [variant('GONE-1')] }).expect(201)
    ).body;
    await admin.delete(`/api/v1/admin/products/${p.id}`).expect(204);
    await t.agent().get(`/api/v1/products/${p.slug}`).expect(404);
    await admin.delete(`/api/v1/admin/products/${p.id}`).expect(404);
  });
});
