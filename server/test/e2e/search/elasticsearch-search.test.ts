import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { createLogger } from '../../../src/lib/logger';
import { seedDemoCatalog } from '../../../src/modules/catalog/demo-catalog';
import { ElasticsearchEngine, ES_ALIAS, ES_INDEX_BODY } from '../../../src/modules/search';
import { createTestApp, type TestApp } from '../../support/test-app';

const mock = new Mock();
let t: TestApp;
let productIds: string[];
const sent: { method: string; path: string; body: unknown }[] = [];
const record = (params: { method: string; path: string; body: unknown }) =>
  sent.push({ method: params.method, path: params.path, body: params.body });

beforeAll(async () => {
  const client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() });
  t = await createTestApp({}, { elasticsearch: client });
  await seedDemoCatalog(t.container.db, createLogger('silent'), { products: 30 });
  productIds = (await t.container.db.select<{ id: string }>("SELECT id FROM products WHERE status = 'active' ORDER BY id LIMIT 3")).map(
    (r) => r.id,
  );
});
afterAll(() => t.close());
beforeEach(() => {
  mock.clearAll();
  sent.length = 0;
});

describe('Elasticsearch engine', () => {
  it('reindexes into a new index with the explicit mappings, then swaps the alias atomically and drops the old index', async () => {
    mock.add({ method: 'PUT', path: '/:index' }, (p) => (record(p as never), { acknowledged: true }));
    mock.add({ method: 'POST', path: '/_bulk' }, (p) => (record(p as never), { errors: false, items: [] }));
    mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, () => ({ _shards: {} }));
    mock.add({ method: 'GET', path: '/_alias/:name' }, () => ({ 'bazaar-products-1': { aliases: { [ES_ALIAS]: {} } } }));
    mock.add({ method: 'POST', path: '/_aliases' }, (p) => (record(p as never), { acknowledged: true }));
    mock.add({ method: 'DELETE', path: '/:index' }, (p) => (record(p as never), { acknowledged: true }));

    expect(t.container.search.engine.name).toBe('elasticsearch');
    const { indexed } = await t.container.search.reindexAll();
    const active = Number((await t.container.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM products WHERE status = 'active'"))!.n);
    expect(indexed).toBe(active);

    const create = sent.find((s) => s.method === 'PUT')!;
    expect(create.path).toMatch(new RegExp(`^/${ES_ALIAS}-\\d+$`));
    expect(create.body).toEqual(JSON.parse(JSON.stringify({ settings: ES_INDEX_BODY.settings, mappings: ES_INDEX_BODY.mappings })));
    const newIndex = create.path.slice(1);
    const bulk = sent.find((s) => s.path === '/_bulk')!.body as Record<string, { _index?: string }>[];
    expect(bulk).toHaveLength(active * 2);
    expect(bulk[0]!.index!._index).toBe(newIndex);
    expect(sent.find((s) => s.path === '/_aliases')!.body).toEqual({
      actions: [{ remove: { index: 'bazaar-products-1', alias: ES_ALIAS } }, { add: { index: newIndex, alias: ES_ALIAS } }],
    });
    expect(sent.find((s) => s.method === 'DELETE')!.path).toBe('/bazaar-products-1');
  });

  it('sends the query, filters and aggregations as structured JSON and maps the answer to our DTOs', async () => {
    mock.add({ method: 'POST', path: `/${ES_ALIAS}/_search` }, (p) => {
      record(p as never);
      return {
        hits: {
          total: { value: 42, relation: 'eq' },
          hits: productIds.map((id) => ({ _id: id, _score: 1, highlight: { title: ['<mark>Head</mark>phone'] } })),
        },
        aggregations: {
          category: { buckets: [] },
          brand: { buckets: [{ key: 'Acme', doc_count: 7 }] },
          price: { buckets: { '0-2500': { doc_count: 3 }, '2500-5000': { doc_count: 5 } } },
          rating: { buckets: { '4': { doc_count: 2 }, '3': { doc_count: 9 } } },
          in_stock: { doc_count: 40 },
        },
      };
    });
    const res = (
      await t
        .agent()
        .get('/api/v1/search?q=Head%2Bphone*%20"(x)&brand=Acme&in_stock=true&price_max=5000&sort=price_asc&limit=10&page=2')
        .expect(200)
    ).body;
    const body = sent[0]!.body as Record<string, unknown>;
    expect(body).toEqual(
      ElasticsearchEngine.searchBody({
        terms: ['head', 'phone', 'x'],
        filters: { brand: 'Acme', inStock: true, priceMax: 5000 },
        sort: 'price_asc',
        page: 2,
        limit: 10,
      }),
    );
    const multi = (body.query as { bool: { must: { multi_match: { query: string; fuzziness: string; fields: string[] } }[] } }).bool
      .must[0]!.multi_match;
    expect(multi).toMatchObject({ query: 'head phone x', fuzziness: 'AUTO' });
    expect(multi.fields[0]).toBe('title^3');
    expect(JSON.stringify(body)).not.toContain('query_string');
    expect(res).toMatchObject({ engine: 'elasticsearch', total: 42, page: 2, limit: 10, correctedQuery: null }); // fuzziness does its correcting
    expect(res.items.map((i: { id: string }) => i.id)).toEqual(productIds);
    expect(res.items[0].highlight).toEqual({ title: '<mark>Head</mark>phone' });
    expect(res.facets).toMatchObject({ brand: [{ value: 'Acme', label: 'Acme', count: 7 }], inStock: 40 });
    expect(res.facets.price.slice(0, 3).map((b: { count: number }) => b.count)).toEqual([3, 5, 0]);
    expect(res.facets.rating.map((b: { count: number }) => b.count)).toEqual([2, 9, 0, 0]);
  });

  it('turns an Elasticsearch failure into a 503 naming the engine', async () => {
    mock.add(
      { method: 'POST', path: `/${ES_ALIAS}/_search` },
      () => new errors.ResponseError({ body: { error: 'boom' }, statusCode: 500 } as never),
    );
    const res = (await t.agent().get('/api/v1/search?q=lamp').expect(503)).body;
    expect(res.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('elasticsearch') });
    const suggest = (await t.agent().get('/api/v1/search/suggest?q=zzz').expect(503)).body;
    expect(suggest.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('indexes one product, and deletes a product that is no longer active', async () => {
    mock.add({ method: 'PUT', path: `/${ES_ALIAS}/_doc/:id` }, (p) => (record(p as never), { result: 'created' }));
    mock.add({ method: 'DELETE', path: `/${ES_ALIAS}/_doc/:id` }, (p) => (record(p as never), { result: 'deleted' }));
    await t.container.search.indexProduct(productIds[0]!);
    expect(sent[0]).toMatchObject({ method: 'PUT', path: `/${ES_ALIAS}/_doc/${productIds[0]}` });
    expect(sent[0]!.body).toMatchObject({
      title: expect.any(String),
      price: expect.any(Number),
      in_stock: expect.any(Boolean),
      category_ids: expect.any(Array),
    });
    await t.container.db.execute("UPDATE products SET status = 'draft' WHERE id = ?", [productIds[0]]);
    await t.container.search.indexProduct(productIds[0]!);
    expect(sent[1]).toMatchObject({ method: 'DELETE', path: `/${ES_ALIAS}/_doc/${productIds[0]}` });
  });
});
