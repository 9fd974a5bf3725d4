import { createLogger } from '../../../src/lib/logger';
import { seedDemoCatalog } from '../../../src/modules/catalog/demo-catalog';
import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoCatalog(t.container.db, createLogger('silent'), { products: 60 });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const HEADER =
  'product_slug,product_title,description,brand,status,tags,categories,sku,variant_title,options,price,compare_at_price,currency,weight_grams,on_hand,low_stock_threshold,allow_backorder';
const importCsv = (csv: string) =>
  admin.agent.post('/api/v1/admin/products/import').set('X-CSRF-Token', admin.csrfToken).set('Content-Type', 'text/csv').send(csv);
const exportCsv = async () =>
  (
    await admin
      .get('/api/v1/admin/products/export')
      .buffer(true)
      .parse((res, cb) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => cb(null, data));
      })
      .expect(200)
  ).body as string;
const snapshot = async () => ({
  variants: await t.container.db.select(
    'SELECT sku, title, options, price_amount, compare_at_amount, weight_grams FROM variants ORDER BY sku',
  ),
  levels: await t.container.db.select(
    'SELECT v.sku, il.on_hand, il.low_stock_threshold, il.allow_backorder FROM inventory_levels il JOIN variants v ON v.id = il.variant_id ORDER BY v.sku',
  ),
  products: await t.container.db.select(
    'SELECT slug, title, description, brand, status, primary_category_id, min_price, gift_card, gift_card_min, gift_card_max FROM products ORDER BY slug',
  ),
  ledger: Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM inventory_ledger'))!.n),
});

describe('CSV export and import', () => {
  it('exports every variant; importing the export changes nothing', async () => {
    const csv = await exportCsv();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(`${HEADER},gift_card,gift_card_min,gift_card_max`);
    const variants = Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM variants'))!.n);
    const before = await snapshot();

    const report = (await importCsv(csv).expect(200)).body;
    expect(report).toEqual({ created: 0, updated: 0, unchanged: variants, errors: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('creates, updates and restocks through the ledger; bad rows are reported by line and good rows kept', async () => {
    const csv = [
      HEADER,
      'new-lantern,Camp Lantern,"Bright, ""warm"" light",Acme,active,camping|new,audio-headphones,LANT-1,Small,color=Red|size=S,1999,2499,USD,300,12,3,false',
      'new-lantern,Camp Lantern,"Bright, ""warm"" light",Acme,active,camping|new,audio-headphones,LANT-2,Large,color=Red|size=L,2999,,USD,,0,3,false',
      'bad-price,Bad,,Acme,active,,,BAD-1,,,19.99,,USD,,1,3,false',
      'bad-cat,Bad Cat,,Acme,active,,no-such-category,BAD-2,,,100,,USD,,1,3,false',
      'bad-status,Bad Status,,Acme,for-sale,,,BAD-3,,,100,,USD,,1,3,maybe',
    ].join('\n');
    const report = (await importCsv(csv).expect(200)).body;
    expect(report.created).toBe(2);
    expect(report.errors.map((e: { row: number; sku: string }) => [e.row, e.sku])).toEqual([
      [4, 'BAD-1'],
      [5, 'BAD-2'],
      [6, 'BAD-3'],
    ]);
    expect(report.errors[0].messages.join(' ')).toMatch(/price must be a whole number/);
    expect(report.errors[2].messages.length).toBe(2);
    expect(await t.container.db.one("SELECT id FROM variants WHERE sku LIKE 'BAD-%'")).toBeUndefined();

    const lantern = (await t.agent().get('/api/v1/products/new-lantern').expect(200)).body;
    expect(lantern.description).toBe('Bright, "warm" light');
    expect(lantern.price).toEqual({ amount: 1999, currency: 'USD' });
    expect(lantern.variants.map((v: { sku: string; availability: string }) => [v.sku, v.availability])).toEqual([
      ['LANT-1', 'in_stock'],
      ['LANT-2', 'out_of_stock'],
    ]);

    const update = [
      HEADER,
      'new-lantern,Camp Lantern,"Bright, ""warm"" light",Acme,active,camping|new,audio-headphones,LANT-1,Small,color=Red|size=S,1799,2499,USD,300,20,3,false',
    ].join('\n');
    expect((await importCsv(update).expect(200)).body).toMatchObject({ created: 0, updated: 1, errors: [] });
    const ledger = await t.container.db.select<{ delta: number; reason: string }>(
      "SELECT l.delta, l.reason FROM inventory_ledger l JOIN variants v ON v.id = l.variant_id WHERE v.sku = 'LANT-1' ORDER BY l.id",
    );
    expect(ledger.map((l) => [Number(l.delta), l.reason])).toEqual([
      [12, 'import'],
      [8, 'import'],
    ]);
    expect((await t.agent().get('/api/v1/products/new-lantern').expect(200)).body.price.amount).toBe(1799);
  });

  it('reads slugs by the shared rule (a double hyphen is one) and gives an empty low_stock_threshold its default', async () => {
    const category = await admin.post('/api/v1/admin/categories', { name: 'Storage and tables', slug: 'storage--tables' }).expect(201);
    expect(category.body.slug).toBe('storage-tables');
    await t.agent().get('/api/v1/categories/storage--tables').expect(200);

    const csv = [
      HEADER,
      'Oak--Side-Table,Oak Side Table,,Acme,active,,storage--tables,OAK-1,,,9900,,USD,,4,,false',
      'oak-side-table,Oak Side Table,,Acme,active,,Storage--Tables,OAK-2,,,9900,,USD,,4,7,false',
      '---,No Slug,,Acme,active,,,NOSLUG-1,,,100,,USD,,1,,false',
    ].join('\n');
    const report = (await importCsv(csv).expect(200)).body;
    expect(report).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      errors: [{ row: 4, sku: 'NOSLUG-1', messages: ['product_slug must contain a letter or a digit'] }],
    });
    const rows = await t.container.db.select<{ slug: string; category: string; sku: string; low_stock_threshold: number }>(
      `SELECT p.slug, c.slug AS category, v.sku, il.low_stock_threshold FROM variants v JOIN products p ON p.id = v.product_id
         JOIN categories c ON c.id = p.primary_category_id JOIN inventory_levels il ON il.variant_id = v.id
        WHERE v.sku LIKE 'OAK-%' ORDER BY v.sku`,
    );
    expect(rows.map((r) => [r.slug, r.category, r.sku, Number(r.low_stock_threshold)])).toEqual([
      ['oak-side-table', 'storage-tables', 'OAK-1', 5],
      ['oak-side-table', 'storage-tables', 'OAK-2', 7],
    ]);
  });

  it('sets gift cards, fixed or at a chosen amount (their variants take backorders), and exports them as it imports them', async () => {
    const GIFT = `${HEADER},gift_card,gift_card_min,gift_card_max`;
    const csv = [
      GIFT,
      'csv-gift,CSV gift card,,Bazaar,active,,,CSVGC-25,25,amount=25,2500,,USD,,0,0,false,true,,',
      'csv-gift,CSV gift card,,Bazaar,active,,,CSVGC-50,50,amount=50,5000,,USD,,0,0,false,true,,',
      'csv-any,CSV any amount,,Bazaar,active,,,CSVGA-1,,,1000,,USD,,0,0,true,true,1000,50000',
      'csv-half,Half range,,Bazaar,active,,,CSVH-1,,,1000,,USD,,0,0,true,true,1000,',
      'csv-plain,Plain range,,Bazaar,active,,,CSVP-1,,,1000,,USD,,0,0,true,false,100,200',
      'csv-upside,Upside down,,Bazaar,active,,,CSVU-1,,,1000,,USD,,0,0,true,true,5000,100',
      'csv-maybe,Maybe,,Bazaar,active,,,CSVM-1,,,1000,,USD,,0,0,true,maybe,,',
    ].join('\n');
    const report = (await importCsv(csv).expect(200)).body;
    expect(report).toMatchObject({ created: 3, updated: 0 });
    expect(report.errors).toEqual([
      { row: 5, sku: 'CSVH-1', messages: ['gift_card_min and gift_card_max go together'] },
      { row: 6, sku: 'CSVP-1', messages: ['gift_card_min and gift_card_max are for gift cards (gift_card=true)'] },
      { row: 7, sku: 'CSVU-1', messages: ['gift_card_max: At least the minimum'] },
      { row: 8, sku: 'CSVM-1', messages: ['gift_card must be true or false'] },
    ]);
    const products = await t.container.db.select<{
      slug: string;
      gift_card: number;
      gift_card_min: number | null;
      gift_card_max: number | null;
    }>("SELECT slug, gift_card, gift_card_min, gift_card_max FROM products WHERE slug IN ('csv-gift', 'csv-any') ORDER BY slug");
    expect(
      products.map((p) => [
        p.slug,
        Number(p.gift_card),
        p.gift_card_min && Number(p.gift_card_min),
        p.gift_card_max && Number(p.gift_card_max),
      ]),
    ).toEqual([
      ['csv-any', 1, 1000, 50000],
      ['csv-gift', 1, null, null],
    ]);
    // A gift card is always in stock, whatever the row's allow_backorder said.
    const levels = await t.container.db.select<{ allow_backorder: number }>(
      "SELECT il.allow_backorder FROM inventory_levels il JOIN variants v ON v.id = il.variant_id WHERE v.sku LIKE 'CSVG%'",
    );
    expect(levels.map((l) => Number(l.allow_backorder))).toEqual([1, 1, 1]);
    const shown = (await t.agent().get('/api/v1/products/csv-any').expect(200)).body;
    expect(shown).toMatchObject({ giftCard: true, chosenAmount: { min: { amount: 1000 }, max: { amount: 50000 } } });

    const exported = (await exportCsv()).split('\n');
    expect(exported.find((l) => l.startsWith('csv-any,'))).toMatch(/,true,true,1000,50000$/);
    expect(exported.find((l) => l.startsWith('csv-gift,') && l.includes('CSVGC-25'))).toMatch(/,true,true,,$/);
    // The range changes through the CSV too, and goes when the product stops being a gift card.
    const changed = (
      await importCsv(
        [
          GIFT,
          'csv-any,CSV any amount,,Bazaar,active,,,CSVGA-1,,,1000,,USD,,0,0,true,true,2000,40000',
          'csv-gift,CSV gift card,,Bazaar,active,,,CSVGC-25,25,amount=25,2500,,USD,,0,0,true,false,,',
        ].join('\n'),
      ).expect(200)
    ).body;
    expect(changed).toMatchObject({ updated: 2, errors: [] });
    expect((await t.agent().get('/api/v1/products/csv-any').expect(200)).body.chosenAmount.min.amount).toBe(2000);
    expect((await t.agent().get('/api/v1/products/csv-gift').expect(200)).body.giftCard).toBeUndefined();
    // A file from before the gift-card columns leaves them as they are.
    const older = (await importCsv(`${HEADER}\ncsv-any,CSV any amount,New words,Bazaar,active,,,CSVGA-1,,,1000,,USD,,0,0,true`).expect(200))
      .body;
    expect(older).toMatchObject({ updated: 1, errors: [] });
    expect((await t.agent().get('/api/v1/products/csv-any').expect(200)).body).toMatchObject({
      description: 'New words',
      giftCard: true,
      chosenAmount: { min: { amount: 2000 }, max: { amount: 40000 } },
    });
  });

  it('accepts the file as multipart too, and refuses other bodies', async () => {
    const csv = `${HEADER}\nmp-item,MP Item,,Acme,draft,,,MP-1,,,500,,USD,,0,1,false\n`;
    const res = await admin.agent
      .post('/api/v1/admin/products/import')
      .set('X-CSRF-Token', admin.csrfToken)
      .attach('file', Buffer.from(csv), 'catalog.csv')
      .expect(200);
    expect(res.body.created).toBe(1);
    await admin.post('/api/v1/admin/products/import', { rows: [] }).expect(415);
    const noHeader = await importCsv('sku,price\nX,1\n').expect(400);
    expect(noHeader.body.error.message).toMatch(/header lacks/);
  });
});
