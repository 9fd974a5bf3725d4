import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { LocalEsIndex } from '../../support/es-local-scorer';
import { measureRelevance, seedRelevanceCatalog } from '../../support/relevance-catalog';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  const mock = new Mock();
  new LocalEsIndex().attach(mock);
  t = await createTestApp({}, { elasticsearch: new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() }) });
  await seedRelevanceCatalog(t);
});
afterAll(() => t.close());

// The engine's query evaluated by a local scorer behind the mock (see es-local-scorer.ts), not by a cluster.
describe('Elasticsearch engine relevance over the hand-written catalog (local scorer behind the mock)', () => {
  it('puts the expected product first for most queries and in the first five for nearly all', async () => {
    const report = await measureRelevance(t, 'Elasticsearch engine (mock + local scorer)');
    expect(report.top5).toBeGreaterThanOrEqual(0.9);
    expect(report.top1).toBeGreaterThanOrEqual(0.8);
  });
});
