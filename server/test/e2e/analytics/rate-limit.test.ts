import { guestBrowser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_ENABLED: 'true', ANALYTICS_RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(() => t.close());

it('rate-limits event batches per IP with 429 RATE_LIMITED and Retry-After (counted in MariaDB)', async () => {
  const guest = await guestBrowser(t);
  await guest.put('/api/v1/consent', { analytics: true, marketing: false }).expect(200);
  const send = () => guest.post('/api/v1/analytics/events', { events: [{ type: 'page_view', path: '/' }] });
  for (let i = 0; i < 3; i++) await send().expect(202);
  const limited = await send().expect(429);
  expect(limited.body.error.code).toBe('RATE_LIMITED');
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM analytics_events'))!.n)).toBe(3);
  const [counter] = await t.container.db.select<{ hits: number }>("SELECT hits FROM rate_limits WHERE `key` LIKE 'analytics:%'");
  expect(Number(counter!.hits)).toBe(4);
});
