import { guestBrowser } from '../support/browser';
import { checkout, createProduct, seedPricing } from '../support/shop';
import { createTestApp, type TestApp } from '../support/test-app';

const TOKEN = 'metrics-token-for-tests-123';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: TOKEN });
  await seedPricing(t);
});
afterAll(() => t.close());

const scrape = async () => (await t.agent().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

describe('GET /metrics', () => {
  it('refuses anonymous and wrong-token access in the error format', async () => {
    const anonymous = await t.agent().get('/metrics').expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    await t.agent().get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token').expect(401);
  });

  it('exposes the named series, with route patterns (not raw URLs) and order/revenue counters', async () => {
    const p = await createProduct(t, { price: 2500 });
    await t.agent().get(`/api/v1/products/${p.slug}`).expect(200);
    const shopper = await guestBrowser(t);
    await shopper.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: 2 }).expect(200);
    const { payment, order } = (await checkout(shopper, 'metrics-1').expect(201)).body;
    await shopper.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);

    const text = await scrape();
    for (const series of [
      'bazaar_http_request_duration_seconds_bucket',
      'bazaar_cache_hits_total',
      'bazaar_cache_misses_total',
      'bazaar_job_queue_jobs',
      'bazaar_sessions_active',
      'bazaar_db_pool_connections',
      'bazaar_socket_connections',
      'bazaar_process_resident_memory_bytes',
    ]) {
      expect(text).toContain(series);
    }
    expect(text).toMatch(/bazaar_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/products\/:slug",status="200"\} 1/);
    expect(text).not.toContain(`route="/api/v1/products/${p.slug}"`);
    expect(text).toContain('bazaar_orders_paid_total 1');
    expect(text).toContain(`bazaar_revenue_minor_units_total{currency="USD"} ${order.totals.total.amount}`);
    expect(text).toMatch(/bazaar_payment_events_total\{provider="manual",outcome="applied"\} 1/);
    expect(text).toMatch(/bazaar_job_queue_jobs\{queue="email",status="queued"\} 1/);
    expect(text).toMatch(/bazaar_cache_hits_total\{cache="details"\} \d+/);
  });
});
