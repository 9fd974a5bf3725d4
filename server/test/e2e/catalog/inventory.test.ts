import { ProductListQuery } from '@bazaar/shared';
import { LIVE_STOCK_TTL_SECONDS } from '../../../src/modules/catalog/catalog.cache';
import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';
import { connectToServer } from '../../../src/db/database-target';

let t: TestApp;
let admin: Browser;

beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

async function createProduct(stock: number, extra: Record<string, unknown> = {}) {
  const res = await admin
    .post('/api/v1/admin/products', {
      title: `Stocked thing ${Math.random().toString(36).slice(2, 8)}`,
      status: 'active',
      variants: [
        {
          sku: `SKU-${Math.random().toString(36).slice(2, 10)}`,
          price: { amount: 1000, currency: 'USD' },
          stock: { onHand: stock, ...extra },
        },
      ],
    })
    .expect(201);
  return { product: res.body, variantId: res.body.variants[0].id as string };
}

/** The ledger invariant: for each variant, the deltas add up to the level. */
async function ledgerAgrees(variantId: string) {
  const sums = await t.container.db.one<{ d: number; r: number }>(
    'SELECT COALESCE(SUM(delta),0) AS d, COALESCE(SUM(reserved_delta),0) AS r FROM inventory_ledger WHERE variant_id = ?',
    [variantId],
  );
  const level = await t.container.db.one<{ on_hand: number; reserved: number }>(
    'SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = ?',
    [variantId],
  );
  return {
    ledgerOnHand: Number(sums!.d),
    onHand: Number(level!.on_hand),
    ledgerReserved: Number(sums!.r),
    reserved: Number(level!.reserved),
  };
}

describe('stock adjustments and the ledger', () => {
  it('writes a ledger row for initial stock and every adjustment; the sum of deltas equals on_hand', async () => {
    const { variantId } = await createProduct(12);
    const up = await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: 8, reason: 'restock', note: 'PO-77' }).expect(200);
    expect(up.body).toMatchObject({ onHand: 20, reserved: 0, available: 20 });
    await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: -3, reason: 'adjustment', note: 'damaged' }).expect(200);

    const ledger = (await admin.get(`/api/v1/admin/variants/${variantId}/ledger`).expect(200)).body;
    expect(ledger.total).toBe(3);
    expect(ledger.items.map((e: { delta: number; reason: string }) => [e.delta, e.reason])).toEqual([
      [-3, 'adjustment'],
      [8, 'restock'],
      [12, 'restock'],
    ]);
    expect(ledger.items[0]).toMatchObject({ onHandBefore: 20, onHandAfter: 17, note: 'damaged', actorUserId: expect.any(String) });
    const agree = await ledgerAgrees(variantId);
    expect(agree.ledgerOnHand).toBe(agree.onHand);
    expect(agree.onHand).toBe(17);
  });

  it('refuses to take available below zero, writing nothing', async () => {
    const { variantId } = await createProduct(2);
    const res = await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: -3, reason: 'adjustment' }).expect(409);
    expect(res.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect((await admin.get(`/api/v1/admin/variants/${variantId}/ledger`)).body.total).toBe(1);
    expect((await ledgerAgrees(variantId)).onHand).toBe(2);
  });

  it('50 parallel −1 adjustments on a stock of 20 sell exactly 20 and never go below zero', async () => {
    const { variantId } = await createProduct(20);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.container.inventory.apply([{ variantId, delta: -1, reason: 'adjustment' }], { note: 'race' }).then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? 'error',
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(20);
    expect(results.filter((r) => r === 'INSUFFICIENT_STOCK')).toHaveLength(30);
    const agree = await ledgerAgrees(variantId);
    expect(agree).toEqual({ ledgerOnHand: 0, onHand: 0, ledgerReserved: 0, reserved: 0 });
  });

  it('the same race over HTTP gives 409s in the error format and a consistent ledger', async () => {
    const { variantId } = await createProduct(5);
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: -1, reason: 'adjustment' }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await ledgerAgrees(variantId)).toMatchObject({ ledgerOnHand: 0, onHand: 0 });
  });

  it('reservations, releases and sales move reserved and on_hand with their own ledger rows', async () => {
    const { variantId } = await createProduct(10);
    const inv = t.container.inventory;
    await inv.apply([{ variantId, delta: 0, reservedDelta: 4, reason: 'reservation' }], { referenceType: 'order', referenceId: 'o-1' });
    await expect(
      inv.apply([{ variantId, delta: 0, reservedDelta: 7, reason: 'reservation' }], { referenceType: 'order', referenceId: 'o-2' }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    await inv.apply([{ variantId, delta: -3, reservedDelta: -3, reason: 'sale' }], { referenceType: 'order', referenceId: 'o-1' });
    await inv.apply([{ variantId, delta: 0, reservedDelta: -1, reason: 'release' }], { referenceType: 'order', referenceId: 'o-1' });
    expect(await ledgerAgrees(variantId)).toEqual({ ledgerOnHand: 7, onHand: 7, ledgerReserved: 0, reserved: 0 });
  });

  it('a database CHECK backs the rule up even for a stray UPDATE', async () => {
    const { variantId } = await createProduct(1);
    await expect(t.container.db.execute('UPDATE inventory_levels SET reserved = 5 WHERE variant_id = ?', [variantId])).rejects.toThrow();
  });

  it('backorderable variants may go below zero available and stay in stock', async () => {
    const { variantId, product } = await createProduct(1, { allowBackorder: true });
    await t.container.inventory.apply([{ variantId, delta: 0, reservedDelta: 3, reason: 'reservation' }], {});
    const detail = (await t.agent().get(`/api/v1/products/${product.slug}`).expect(200)).body;
    expect(detail.variants[0].availability).toBe('in_stock');
  });

  it('availability levels follow stock: low at the threshold, out at zero, flipping the in-stock filter', async () => {
    const { variantId, product } = await createProduct(6, { lowStockThreshold: 5 });
    const availability = async () => (await t.agent().get(`/api/v1/products/${product.slug}`).expect(200)).body.variants[0].availability;
    const inStockList = async () =>
      (await t.agent().get('/api/v1/products?in_stock=true&limit=100').expect(200)).body.items.map((p: { id: string }) => p.id);
    // Lists and details keep stock in a short-lived cache; changing stock in this process drops it at once.
    const listed = async () =>
      (await t.agent().get('/api/v1/products?limit=100').expect(200)).body.items.find((p: { id: string }) => p.id === product.id)
        .availability;
    expect(await availability()).toBe('in_stock');
    expect(await listed()).toBe('in_stock');
    await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: -1, reason: 'adjustment' }).expect(200);
    expect(await availability()).toBe('low_stock');
    expect(await listed()).toBe('low_stock');
    expect(await inStockList()).toContain(product.id);
    await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: -5, reason: 'adjustment' }).expect(200);
    expect(await availability()).toBe('out_of_stock');
    expect(await listed()).toBe('out_of_stock');
    expect(await inStockList()).not.toContain(product.id);
  });

  it('rewrites the product in-stock flag only when a variant starts or stops being sellable (no products row lock per sale)', async () => {
    const { variantId, product } = await createProduct(10);
    const execute = jest.spyOn(t.container.db, 'execute');
    const productWrites = () => execute.mock.calls.filter(([sql]) => /UPDATE products/.test(sql)).length;
    try {
      await t.container.inventory.apply([{ variantId, delta: 0, reservedDelta: 3, reason: 'reservation' }], {});
      await t.container.inventory.apply([{ variantId, delta: -3, reservedDelta: -3, reason: 'sale' }], {});
      expect(productWrites()).toBe(0);
      await t.container.inventory.apply([{ variantId, delta: -7, reason: 'adjustment' }], {});
      expect(productWrites()).toBe(1);
    } finally {
      execute.mockRestore();
    }
    const row = await t.container.db.one<{ in_stock: number }>('SELECT in_stock FROM products WHERE id = ?', [product.id]);
    expect(Number(row!.in_stock)).toBe(0);
    expect(await ledgerAgrees(variantId)).toEqual({ onHand: 0, ledgerOnHand: 0, reserved: 0, ledgerReserved: 0 });
  });

  it('a stock change locks the level row but not the variant row, and reads the level, product and SKU in one statement', async () => {
    const { variantId, product } = await createProduct(10);
    const other = await connectToServer(t.target);
    const select = jest.spyOn(t.container.db, 'select');
    try {
      await other.query(`USE \`${t.target.database}\``);
      await other.query('SET SESSION innodb_lock_wait_timeout = 1');
      await t.container.db.transaction(async (tx) => {
        const [level] = await t.container.inventory.apply([{ variantId, delta: 0, reservedDelta: 2, reason: 'reservation' }], {}, tx);
        expect(level).toMatchObject({
          variantId,
          productId: product.id,
          sku: product.variants[0].sku,
          onHand: 10,
          reserved: 2,
          available: 8,
        });
        expect(select).toHaveBeenCalledTimes(1);
        // Checkouts S-lock variants rows (order_items' foreign key) while others change stock: an
        // X-lock on the variant here would deadlock them.
        await other.query('START TRANSACTION');
        expect(await other.query('SELECT id FROM variants WHERE id = ? LOCK IN SHARE MODE', [variantId])).toHaveLength(1);
        await expect(
          other.query('SELECT variant_id FROM inventory_levels WHERE variant_id = ? LOCK IN SHARE MODE', [variantId]),
        ).rejects.toMatchObject({ code: 'ER_LOCK_WAIT_TIMEOUT' });
        await other.query('ROLLBACK');
      });
    } finally {
      select.mockRestore();
      await other.end();
    }
  });

  it('validates adjustments and 404s unknown variants', async () => {
    const { variantId } = await createProduct(1);
    expect(
      (await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: 0, reason: 'restock' }).expect(400)).body.error.details[0]
        .path,
    ).toBe('delta');
    await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: 1, reason: 'sale' }).expect(400);
    await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: 1.5, reason: 'restock' }).expect(400);
    await admin.post('/api/v1/admin/variants/00000000-0000-4000-8000-000000000000/stock', { delta: 1, reason: 'restock' }).expect(404);
    await admin.get('/api/v1/admin/variants/00000000-0000-4000-8000-000000000000/ledger').expect(404);
  });
});

describe('the inventory list', () => {
  it('lists stock per variant, finds by SKU, and with low=true keeps only variants at or under their threshold', async () => {
    const low = await createProduct(2, { lowStockThreshold: 5 });
    const plenty = await createProduct(50, { lowStockThreshold: 5 });
    const lowSku = low.product.variants[0].sku as string;
    const plentySku = plenty.product.variants[0].sku as string;

    const found = (await admin.get(`/api/v1/admin/inventory?q=${lowSku}`).expect(200)).body;
    expect(found.items).toEqual([
      expect.objectContaining({
        variantId: low.variantId,
        productId: low.product.id,
        sku: lowSku,
        onHand: 2,
        reserved: 0,
        available: 2,
        lowStockThreshold: 5,
        low: true,
      }),
    ]);
    const lowOnly = (await admin.get('/api/v1/admin/inventory?low=true&limit=100').expect(200)).body;
    const skus = lowOnly.items.map((i: { sku: string }) => i.sku);
    expect(skus).toContain(lowSku);
    expect(skus).not.toContain(plentySku);
    expect(lowOnly.items.every((i: { available: number; lowStockThreshold: number }) => i.available <= i.lowStockThreshold)).toBe(true);
    expect((await admin.get(`/api/v1/admin/inventory?q=${plentySku}`).expect(200)).body.items[0]).toMatchObject({
      available: 50,
      low: false,
    });
    await admin.get('/api/v1/admin/inventory?low=maybe').expect(400);
  });
});

const etagOf = (body: string) => (t.app.get('etag fn') as (b: string, e: string) => string)(body, 'utf8');

describe('serialised catalog bodies for guests', () => {
  it('send exactly what the service builds, with the ETag Express would give it, and 304 to a matching If-None-Match', async () => {
    const { product } = await createProduct(5);
    const query = ProductListQuery.parse({ limit: '100' });

    const list = await t.agent().get('/api/v1/products?limit=100').expect(200);
    expect(list.text).toBe(JSON.stringify(await t.container.catalog.listProducts(query)));
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(list.headers.etag).toBe(etagOf(list.text));
    await t.agent().get('/api/v1/products?limit=100').set('If-None-Match', list.headers.etag!).expect(304);

    const detail = await t.agent().get(`/api/v1/products/${product.slug}`).expect(200);
    expect(detail.text).toBe(JSON.stringify(await t.container.catalog.productDetail(product.slug)));
    expect(detail.headers.etag).toBe(etagOf(detail.text));
    await t.agent().get(`/api/v1/products/${product.slug}`).set('If-None-Match', detail.headers.etag!).expect(304);
  });

  it('reuse one answer object (so one serialised body) while nothing changed, and a new one once stock changes', async () => {
    const { product, variantId } = await createProduct(5);
    const query = ProductListQuery.parse({ limit: '100' });
    const { catalog } = t.container;

    // An answer is kept from the second request for the same value on (see ValueMemo).
    await catalog.listProducts(query);
    const list = await catalog.listProducts(query);
    expect(await catalog.listProducts(query)).toBe(list);
    await catalog.productDetail(product.slug);
    const detail = await catalog.productDetail(product.slug);
    expect(await catalog.productDetail(product.slug)).toBe(detail);

    await admin.post(`/api/v1/admin/variants/${variantId}/stock`, { delta: -5, reason: 'adjustment' }).expect(200);
    const listAfter = await catalog.listProducts(query);
    const detailAfter = await catalog.productDetail(product.slug);
    expect(listAfter).not.toBe(list);
    expect(detailAfter).not.toBe(detail);
    const listed = listAfter.items.find((p) => p.id === product.id);
    expect(listed?.availability).toBe('out_of_stock');
    expect(detailAfter.variants[0]!.availability).toBe('out_of_stock');
  });

  it('show another process’s stock change to guests within the live stock time, with nothing read in between', async () => {
    const { product, variantId } = await createProduct(5);
    const query = ProductListQuery.parse({ limit: '100' });
    const { catalog } = t.container;
    const availabilityIn = async () => (await catalog.listProducts(query)).items.find((p) => p.id === product.id)?.availability;
    expect(await availabilityIn()).toBe('low_stock');
    expect(await availabilityIn()).toBe('low_stock');
    // As another process would: in the database only, this process's caches untouched.
    await t.container.db.execute('UPDATE inventory_levels SET on_hand = 0 WHERE variant_id = ?', [variantId]);
    expect(await availabilityIn()).toBe('low_stock');
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'clearImmediate',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      jest.setSystemTime(Date.now() + (LIVE_STOCK_TTL_SECONDS + 1) * 1000);
      expect(await availabilityIn()).toBe('out_of_stock');
    } finally {
      jest.useRealTimers();
    }
  });

  it('build a signed-in shopper’s page each time, with wishlist flags', async () => {
    const { product } = await createProduct(5);
    const { browser } = await signedInBrowser(t);
    await browser.post('/api/v1/me/wishlist', { productId: product.id }).expect(201);
    const listed = (await browser.get('/api/v1/products?limit=100').expect(200)).body.items.find(
      (p: { id: string }) => p.id === product.id,
    );
    expect(listed.wished).toBe(true);
    expect((await browser.get(`/api/v1/products/${product.slug}`).expect(200)).body.wished).toBe(true);
    expect((await t.agent().get(`/api/v1/products/${product.slug}`).expect(200)).body.wished).toBeUndefined();
  });
});
