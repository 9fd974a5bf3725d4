import request from 'supertest';
import type { ApiKeyCreated } from '@bazaar/shared';
import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_ENABLED: 'true', API_KEY_RATE_LIMIT: '3' });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const newKey = async (name: string) =>
  ((await admin.post('/api/v1/admin/api-keys', { name, permissions: ['orders:read'] }).expect(201)).body as ApiKeyCreated).secret;

describe('the per-key rate limit (API_KEY_RATE_LIMIT a minute)', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the limit, for that key only', async () => {
    const busy = await newKey('Busy');
    for (let i = 0; i < 3; i++) await request(t.app).get('/api/v1/admin/orders').set('Authorization', `Bearer ${busy}`).expect(200);
    const limited = await request(t.app).get('/api/v1/admin/orders').set('Authorization', `Bearer ${busy}`).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    const other = await newKey('Quiet');
    await request(t.app).get('/api/v1/admin/orders').set('Authorization', `Bearer ${other}`).expect(200);
    // The signed-in admin is not counted against any key.
    await admin.get('/api/v1/admin/orders').expect(200);
  });
});
