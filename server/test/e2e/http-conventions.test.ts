import { z } from 'zod';
import { createTestApp, type TestApp } from '../support/test-app';
import { guestBrowser, type Browser } from '../support/browser';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp();
  // Routes that exist only in this test, to drive the error handler through the real stack.
  t.registry.route({
    method: 'post',
    path: '/__test/items',
    summary: 'test',
    tags: ['test'],
    request: {
      body: z
        .object({ name: z.string().min(1), items: z.array(z.object({ quantity: z.number().int().min(1, 'Must be at least 1') })) })
        .strict(),
    },
    handler: ({ body }) => ({ received: body.items.length }),
  });
  t.registry.route({
    method: 'get',
    path: '/__test/boom',
    summary: 'test',
    tags: ['test'],
    handler: () => {
      throw new Error('connection to 10.1.2.3 failed: password=hunter2 at /srv/secret.ts:42');
    },
  });
  browser = await guestBrowser(t);
});
afterAll(() => t.close());

describe('the error envelope', () => {
  it('answers unknown paths with 404 NOT_FOUND and a request id matching the header', async () => {
    const res = await t.agent().get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String), requestId: res.headers['x-request-id'] },
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a caller-supplied request id', async () => {
    const res = await t.agent().get('/api/v1/nope').set('X-Request-Id', 'trace-abc.123').expect(404);
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    expect(res.body.error.requestId).toBe('trace-abc.123');
  });

  it('reports a 400 VALIDATION_FAILED with per-field details', async () => {
    const res = await browser.post('/api/v1/__test/items', { name: '', items: [{ quantity: 0 }], role: 'admin' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'items.0.quantity', '']));
    expect(res.body.error.details).toContainEqual({ path: 'items.0.quantity', message: 'Must be at least 1' });
    // Unknown fields are refused, not silently stored.
    expect(JSON.stringify(res.body.error.details)).toContain('role');
  });

  it('accepts a valid body', async () => {
    const res = await browser.post('/api/v1/__test/items', { name: 'x', items: [{ quantity: 2 }] }).expect(201);
    expect(res.body).toEqual({ received: 1 });
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await t.agent().post('/api/v1/__test/items').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
  });

  it('answers an unsupported body type with 415', async () => {
    const res = await t.agent().post('/api/v1/__test/items').set('Content-Type', 'text/plain').send('name=x').expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an oversized body with 413', async () => {
    const res = await t
      .agent()
      .post('/api/v1/__test/items')
      .send({ name: 'x'.repeat(1_100_000), items: [] })
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides internals behind a 500 INTERNAL', async () => {
    const res = await t.agent().get('/api/v1/__test/boom').expect(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    const text = JSON.stringify(res.body);
    for (const leak of ['10.1.2.3', 'hunter2', '/srv/secret.ts', 'stack', 'Error:']) expect(text).not.toContain(leak);
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and no X-Powered-By', async () => {
    const res = await t.agent().get('/healthz').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('health and docs', () => {
  it('answers /healthz and /readyz with everything applied', async () => {
    await t.agent().get('/healthz').expect(200, { status: 'ok' });
    const res = await t.agent().get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'up', migrations: 'applied' } });
  });

  it('serves an OpenAPI 3.1 document listing every registered route', async () => {
    const res = await t.agent().get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of t.registry.routes) {
      const path = route.fullPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(res.body.paths[path]?.[route.method]).toBeDefined();
    }
    expect(res.body.components.schemas.Error).toBeDefined();
  });

  it('serves the human API page and its assets without a CDN', async () => {
    const page = await t.agent().get('/api/docs/').expect(200);
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    await t.agent().get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    await t.agent().get('/api/docs/init.js').expect(200);
  });
});
