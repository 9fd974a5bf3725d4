import { StorefrontConfig } from '@bazaar/shared';
import { createTestApp, type TestApp } from '../support/test-app';

const STRIPE_ORIGINS = ['https://js.stripe.com', 'https://api.stripe.com', 'https://hooks.stripe.com'];

/** The policy as directive → sources, so each assertion names the directive it is about. */
function policy(header: string): Record<string, string[]> {
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('without Stripe keys (the manual test provider)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('tells the storefront to show the manual payment form, with no Stripe key', async () => {
    const res = await t.agent().get('/api/v1/config').expect(200);
    expect(StorefrontConfig.parse(res.body)).toEqual({ currency: 'USD', payments: { provider: 'manual' } });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
  });

  it('keeps every Stripe origin out of the Content-Security-Policy', async () => {
    for (const path of ['/healthz', '/api/v1/config']) {
      const csp = (await t.agent().get(path).expect(200)).headers['content-security-policy'] as string;
      for (const origin of STRIPE_ORIGINS) expect(csp).not.toContain(origin);
      const directives = policy(csp);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['connect-src']).toEqual(["'self'"]);
      expect(directives['frame-src']).toBeUndefined(); // frames fall back to default-src 'self'
    }
  });
});

describe('with Stripe keys (Stripe Elements)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_dummy', STRIPE_PUBLISHABLE_KEY: 'pk_test_bazaar123' });
  });
  afterAll(() => t.close());

  it('hands the storefront the publishable key (and never the secret one)', async () => {
    const res = await t.agent().get('/api/v1/config').expect(200);
    expect(res.body).toEqual({ currency: 'USD', payments: { provider: 'stripe', stripePublishableKey: 'pk_test_bazaar123' } });
    expect(JSON.stringify(res.body)).not.toContain('sk_test');
  });

  it('allows Stripe.js scripts and frames from js.stripe.com and its API calls to api.stripe.com, nothing wider', async () => {
    const directives = policy((await t.agent().get('/healthz').expect(200)).headers['content-security-policy'] as string);
    expect(directives['script-src']).toEqual(["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com']);
    expect(directives['frame-src']).toEqual(["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com']);
    expect(directives['connect-src']).toEqual(["'self'", 'https://api.stripe.com']);
    // The rest of the policy stays as strict as without Stripe.
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('with only a publishable key (no Stripe provider on the server)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ STRIPE_PUBLISHABLE_KEY: 'pk_test_bazaar123' });
  });
  afterAll(() => t.close());

  it('stays on the manual provider: no key handed out and no Stripe origins allowed', async () => {
    const res = await t.agent().get('/api/v1/config').expect(200);
    expect(res.body.payments).toEqual({ provider: 'manual' });
    const csp = res.headers['content-security-policy'] as string;
    for (const origin of STRIPE_ORIGINS) expect(csp).not.toContain(origin);
  });
});
