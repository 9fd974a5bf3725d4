import { guestBrowser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_ENABLED: 'true' });
});
afterAll(() => t.close());

it('gift card code look-ups are rate-limited per IP: guessing codes stops after 10 a minute', async () => {
  const shopper = await guestBrowser(t);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await shopper.post('/api/v1/gift-cards/lookup', { code: `NOPE${i}` })).status);
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
  expect(statuses.slice(10)).toEqual([429, 429]);
});
