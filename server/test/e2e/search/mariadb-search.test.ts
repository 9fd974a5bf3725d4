import { signedInBrowser, type Browser } from '../../support/browser';
import { seedDemoShop } from '../../support/demo-shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoShop(t, 300); // with its reviews, so the rating filters and sort have ratings to work on
  await t.container.search.engine.reindexAll();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const search = async (qs: string, status = 200) => (await t.agent().get(`/api/v1/search?${qs}`).expect(status)).body;
const count = async (sql: string, params: unknown[] = []) => Number((await t.container.db.one<{ n: number }>(sql, params))!.n);
const COLUMNS = 's.title, s.brand, s.tags, s.description, s.title_stems, s.stems';
// "headphone" as a prefix, or its stem `headphon` (which "headphones" has too).
const MATCH = `MATCH(${COLUMNS}) AGAINST ('+(headphone* headphon)' IN BOOLEAN MODE)`;

describe('MariaDB search engine', () => {
  it('finds partial words ("head" → headphones) and says which engine answered', async () => {
    const res = await search('q=head&limit=50');
    expect(res.engine).toBe('mariadb');
    expect(res.total).toBeGreaterThan(0);
    for (const item of res.items) expect(item.highlight.title ?? item.highlight.description).toMatch(/<mark>head/i);
    expect(res.total).toBe(
      await count(
        `SELECT COUNT(*) AS n FROM product_search s JOIN products p ON p.id = s.product_id WHERE MATCH(${COLUMNS}) AGAINST ('+head*' IN BOOLEAN MODE) AND p.status = 'active'`,
      ),
    );
  });

  it('ranks a title match above a description match', async () => {
    const make = (title: string, description: string, sku: string) =>
      admin
        .post('/api/v1/admin/products', {
          title,
          description,
          status: 'active',
          variants: [{ sku, price: { amount: 1000, currency: 'USD' } }],
        })
        .expect(201);
    await make('Plain Lamp', 'A lamp that glows like a zephyrtone at dusk.', 'ZEP-D');
    await make('Zephyrtone Lamp', 'A plain lamp.', 'ZEP-T');
    await t.runJobs();
    const res = await search('q=zephyrtone');
    expect(res.items.map((i: { title: string }) => i.title)).toEqual(['Zephyrtone Lamp', 'Plain Lamp']);
  });

  it('counts facets exactly as SQL does over the matching set', async () => {
    const res = await search('q=headphone');
    const brands = await t.container.db.select<{ brand: string; n: number }>(
      `SELECT p.brand, COUNT(*) AS n FROM product_search s JOIN products p ON p.id = s.product_id WHERE ${MATCH} AND p.status = 'active' GROUP BY p.brand`,
    );
    expect(Object.fromEntries(res.facets.brand.map((b: { value: string; count: number }) => [b.value, b.count]))).toEqual(
      Object.fromEntries(brands.map((b) => [b.brand, Number(b.n)])),
    );
    expect(res.facets.inStock).toBe(
      await count(
        `SELECT COUNT(*) AS n FROM product_search s JOIN products p ON p.id = s.product_id WHERE ${MATCH} AND p.status = 'active' AND p.in_stock = 1`,
      ),
    );
    const under25 = res.facets.price.find((b: { value: string }) => b.value === '0-2500').count;
    expect(under25).toBe(
      await count(
        `SELECT COUNT(*) AS n FROM product_search s JOIN products p ON p.id = s.product_id WHERE ${MATCH} AND p.status = 'active' AND p.min_price < 2500`,
      ),
    );
    expect(res.facets.category.map((c: { value: string; label: string }) => [c.value, c.label])).toContainEqual([
      'audio-headphones',
      'Headphones',
    ]);
    expect(res.facets.price.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(res.total);
  });

  it('combines filters', async () => {
    const res = await search('q=headphone&in_stock=true&price_min=1000&price_max=30000&rating=2&limit=100&sort=price_asc');
    expect(res.total).toBe(
      await count(
        `SELECT COUNT(*) AS n FROM product_search s JOIN products p ON p.id = s.product_id WHERE ${MATCH} AND p.status = 'active' AND p.in_stock = 1 AND p.min_price BETWEEN 1000 AND 30000 AND p.rating_avg >= 2`,
      ),
    );
    const prices = res.items.map((i: { price: { amount: number } }) => i.price.amount);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const byCategory = await search('q=headphone&category=electronics');
    expect(byCategory.total).toBe((await search('q=headphone')).total);
    expect((await search('q=headphone&category=home')).total).toBe(0);
  });

  it('follows product edits once the index job has run, and never finds a draft', async () => {
    const created = (
      await admin
        .post('/api/v1/admin/products', {
          title: 'Quokka Kettle',
          status: 'active',
          variants: [{ sku: 'QK-1', price: { amount: 1000, currency: 'USD' } }],
        })
        .expect(201)
    ).body;
    expect((await search('q=quokka')).total).toBe(0);
    await t.runJobs();
    expect((await search('q=quokka')).items.map((i: { id: string }) => i.id)).toEqual([created.id]);
    await admin.patch(`/api/v1/admin/products/${created.id}`, { title: 'Wombat Kettle' }).expect(200);
    await t.runJobs();
    expect((await search('q=quokka')).total).toBe(0);
    expect((await search('q=wombat')).total).toBe(1);
    await admin.patch(`/api/v1/admin/products/${created.id}`, { status: 'draft' }).expect(200);
    expect((await search('q=wombat')).total).toBe(0); // even before the job: status is read live
    const draft = (await t.container.db.one<{ title: string }>("SELECT title FROM products WHERE status = 'draft' LIMIT 1"))!;
    const hits = (await search(`q=${encodeURIComponent(draft.title)}&limit=100`)).items.map((i: { title: string }) => i.title);
    expect(hits).not.toContain(draft.title);
  });

  const product = (title: string, sku: string, extra: Record<string, unknown> = {}) =>
    admin
      .post('/api/v1/admin/products', { title, status: 'active', variants: [{ sku, price: { amount: 1000, currency: 'USD' } }], ...extra })
      .expect(201);

  it('matches plurals and inflections through stems: a plural query finds the singular title first', async () => {
    await product('Brackenford Sofa', 'BRK-1');
    await product('Plain Bench', 'BRK-2', { description: 'Sits well beside brackenfords of every size.' });
    await product('Zorbling Kettle', 'ZRB-1');
    await t.runJobs();
    const plural = await search('q=brackenfords');
    expect(plural.items.map((i: { title: string }) => i.title)).toEqual(['Brackenford Sofa', 'Plain Bench']);
    expect(plural.items[0].highlight.title).toBe('<mark>Brackenford</mark> Sofa');
    expect(plural.correctedQuery).toBeNull();
    expect((await search('q=zorbles')).items.map((i: { title: string }) => i.title)).toEqual(['Zorbling Kettle']);
    const row = await t.container.db.one<{ title_stems: string }>(
      'SELECT s.title_stems FROM product_search s JOIN products p ON p.id = s.product_id WHERE p.title = ?',
      ['Zorbling Kettle'],
    );
    expect(row!.title_stems).toBe('zorbl kettl');
  });

  it('corrects a misspelt word of 5+ letters against the catalog vocabulary, and says so', async () => {
    await product('Quimbleton Nightstand', 'QMB-1');
    await product('Vexalorn Lamp', 'VXL-1', { status: 'draft' });
    await t.runJobs();
    const typo = await search('q=quimbelton%20nightstnd');
    expect(typo.correctedQuery).toBe('quimbleton nightstand');
    expect(typo.items.map((i: { title: string }) => i.title)).toEqual(['Quimbleton Nightstand']);
    expect(typo.items[0].highlight.title).toBe('<mark>Quimbleton</mark> <mark>Nightstand</mark>');
    // The catalog says "Nightstand" only: a misspelt plural is one edit from its stem.
    expect(await search('q=quimbleton%20nighstands')).toMatchObject({ correctedQuery: 'quimbleton nightstand', total: 1 });
    // A known word, a prefix of one, or a short word is searched as typed.
    for (const q of ['quimbleton', 'quimbl']) expect(await search(`q=${q}`)).toMatchObject({ correctedQuery: null, total: 1 });
    expect(await search('q=quimq')).toMatchObject({ correctedQuery: null, total: 0 });
    // A draft's words are not in the vocabulary: nothing to correct to, nothing found.
    expect(await search('q=vexalorm')).toMatchObject({ correctedQuery: null, total: 0 });
  });

  it('refills the stems and the vocabulary on a full reindex', async () => {
    await t.container.db.execute("UPDATE product_search SET title_stems = '', stems = ''");
    await t.container.db.execute('DELETE FROM product_search_words');
    expect((await t.container.search.reindexAll()).indexed).toBe(await count('SELECT COUNT(*) AS n FROM products'));
    expect(await count("SELECT COUNT(*) AS n FROM product_search WHERE title_stems = ''")).toBe(0);
    // Only the products made above without brand, tags or description have no other stems.
    expect(await count("SELECT COUNT(*) AS n FROM product_search WHERE stems = '' AND description <> ''")).toBe(0);
    expect(await count('SELECT COUNT(DISTINCT product_id) AS n FROM product_search_words')).toBe(
      await count('SELECT COUNT(*) AS n FROM products'),
    );
    expect((await search('q=brackenfords')).items[0].title).toBe('Brackenford Sofa');
    expect((await search('q=nightstnd%20quimbleton')).correctedQuery).toBe('nightstand quimbleton');
  });

  it('treats queries as text: engine syntax cannot break or widen the search', async () => {
    const plain = await search('q=headphone');
    for (const nasty of [
      '+headphone* -"x" (y) ~z',
      'headphone*',
      '"headphone"',
      '{"query":{"match_all":{}}}headphone',
      'headphone) OR 1=1 --',
    ]) {
      const res = await search(`q=${encodeURIComponent(nasty)}`);
      expect(res.total).toBeLessThanOrEqual(plain.total);
    }
    expect((await search(`q=${encodeURIComponent('{"query":{"match_all":{}}}')}`)).total).toBe(0);
  });

  it.each([
    ['q=', 'query.q'],
    [`q=${'a'.repeat(201)}`, 'query.q'],
    ['q=lamp&sort=cheapest', 'query.sort'],
    ['q=lamp&price_min=500&price_max=100', 'query.price_min'],
    ['q=%2B%2B%2B', 'query.q'],
  ])('answers %s with 400', async (qs, path) => {
    const res = await search(qs, 400);
    expect(res.error.code).toBe('VALIDATION_FAILED');
    expect(res.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('suggests categories and products as the shopper types', async () => {
    const res = (await t.agent().get('/api/v1/search/suggest?q=headph').expect(200)).body;
    expect(res.items.length).toBeGreaterThan(1);
    expect(res.items.length).toBeLessThanOrEqual(8);
    expect(res.items[0]).toEqual({ type: 'category', label: 'Headphones', slug: 'audio-headphones' });
    expect(res.items.slice(1).every((s: { type: string; label: string }) => s.type === 'product' && /headph/i.test(s.label))).toBe(true);
    await t.agent().get('/api/v1/search/suggest?q=').expect(400);
  });
});
