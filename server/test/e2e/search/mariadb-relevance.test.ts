import { measureRelevance, seedRelevanceCatalog } from '../../support/relevance-catalog';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedRelevanceCatalog(t);
});
afterAll(() => t.close());

describe('MariaDB engine relevance over the hand-written catalog', () => {
  it('puts the expected product first for most queries and in the first five for nearly all', async () => {
    const report = await measureRelevance(t, 'MariaDB engine');
    expect(report.top5).toBeGreaterThanOrEqual(0.9);
    expect(report.top1).toBeGreaterThanOrEqual(0.8);
  });
});
