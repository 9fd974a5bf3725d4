import { guestBrowser } from '../../support/browser';
import { closedPort } from '../../support/oidc-provider';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;

beforeAll(async () => {
  // Nothing listens there: discovery fails the way it does when the provider is down.
  t = await createTestApp({
    OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}`,
    OIDC_CLIENT_ID: 'bazaar-shop',
    OIDC_CLIENT_SECRET: 'bazaar-shop-client-secret-0123456789',
  });
});
afterAll(() => t.close());

describe('a provider that cannot be reached', () => {
  it('is still listed, but starting a sign-in with it answers 503 (not 500) and leaves no flow behind', async () => {
    const browser = await guestBrowser(t);
    expect((await browser.get('/api/v1/auth/providers').expect(200)).body.items).toEqual([{ id: 'oidc', name: 'OpenID Connect' }]);
    for (let attempt = 0; attempt < 2; attempt++) {
      // A failed discovery is not kept: the second attempt tries again, and fails again the same way.
      const res = await browser.get('/api/v1/auth/oidc/oidc/start?returnTo=%2Faccount').expect(503);
      expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('30');
    }
    const state = await new Promise<Record<string, unknown> | null | undefined>((resolve, reject) =>
      t.container.sessionStore.get(browser.sessionId, (err, data) => (err ? reject(err) : resolve(data as never))),
    );
    expect(state?.oidcFlow).toBeUndefined();
  });
});
