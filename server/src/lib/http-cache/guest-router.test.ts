import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import compression from 'compression';
import express, { type Express } from 'express';
import { z } from 'zod';
import { ApiRegistry, API_PREFIX } from '../api-registry';
import { errorHandler } from '../error-handler';
import { createLogger } from '../logger';
import { guestRouter } from './guest-router';
import { SerializedJson } from './serialized-json';

/**
 * The guest fast path against an app shaped like ours: what it answers must be what the full
 * path (compression, a session stand-in, the API router) answers, and it must step aside
 * whenever the full path would do something different.
 */
const big = {
  items: Array.from({ length: 60 }, (_, i) => ({ id: i, title: `Product number ${i}`, price: { amount: 1000 + i, currency: 'USD' } })),
};
const handled: string[] = [];
let server: http.Server;
let base: string;
let matched: (string | undefined)[] = [];
const inputs: unknown[] = [];

function buildApp(): Express {
  const app = express();
  const registry = new ApiRegistry();
  registry.route({ method: 'get', path: '/products/featured', summary: 'static', tags: [], handler: () => ({ featured: true }) });
  registry.route({
    method: 'get',
    path: '/products/:slug',
    summary: 'detail',
    tags: [],
    guestFastPath: true,
    request: { params: z.object({ slug: z.string().regex(/^[a-z0-9-]+$/) }) },
    handler: ({ params }) => {
      if (params.slug === 'missing') throw Object.assign(new Error('nope'), { status: 404 });
      return { slug: params.slug, ...big };
    },
  });
  registry.route({
    method: 'get',
    path: '/products',
    summary: 'list',
    tags: [],
    guestFastPath: true,
    request: { query: z.object({ page: z.coerce.number().int().min(1).default(1) }).strict() },
    handler: ({ query }) => {
      inputs.push(query);
      return { page: query.page, small: true };
    },
  });
  app.use((req, res, next) => {
    res.on('finish', () => matched.push(req.matchedRoute));
    next();
  });
  app.use(
    API_PREFIX,
    guestRouter(registry, (req) => !req.headers.cookie?.includes('sid=')),
  );
  app.use(compression());
  // Stands in for everything after the fast path (sessions, body parsers): marks the slow way.
  app.use(
    API_PREFIX,
    (_req, res, next) => {
      handled.push('router');
      res.setHeader('X-Full-Path', '1');
      next();
    },
    express.json(),
    registry.apiRouter,
  );
  app.use(errorHandler(createLogger('silent'), false));
  return app;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const decoded = (r: RawResponse) =>
  r.headers['content-encoding'] === 'br'
    ? zlib.brotliDecompressSync(r.body)
    : r.headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(r.body)
      : r.body;

beforeAll(async () => {
  server = buildApp().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  handled.length = 0;
  matched = [];
});

describe('guest fast path', () => {
  it('answers a guest exactly as the full path answers a request with a session cookie', async () => {
    for (const encoding of [undefined, 'gzip', 'br', 'gzip, deflate, br']) {
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
      const fast = await get('/api/v1/products/blue-lamp', headers);
      expect(handled).toEqual([]);
      const slow = await get('/api/v1/products/blue-lamp', { ...headers, cookie: 'sid=abc' });
      expect(handled).toEqual(['router']);
      handled.length = 0;
      expect(fast.status).toBe(200);
      expect(decoded(fast).toString()).toBe(decoded(slow).toString());
      expect(JSON.parse(decoded(fast).toString())).toMatchObject({ slug: 'blue-lamp' });
      for (const h of ['content-type', 'etag', 'vary']) expect([h, fast.headers[h]]).toEqual([h, slow.headers[h]]);
      // Compressed whenever the full path compresses (it prefers brotli; we take the client's first choice).
      expect(Boolean(fast.headers['content-encoding'])).toBe(Boolean(slow.headers['content-encoding']));
      expect(Number(fast.headers['content-length'])).toBe(fast.body.length);
    }
  });

  it('serialises one answer object once, however often it is sent', () => {
    const answer = { ...big };
    expect(SerializedJson.of(answer)).toBe(SerializedJson.of(answer));
    expect(SerializedJson.of({ ...big })).not.toBe(SerializedJson.of(answer));
    expect(SerializedJson.of(answer).json).toBe(JSON.stringify(big));
  });

  it('compresses a body once and reuses the compressed bytes', async () => {
    const body = new SerializedJson(big);
    const first = body.encodedAs('br');
    expect(body.encodedAs('br')).toBe(first);
    expect(zlib.brotliDecompressSync(await first).toString()).toBe(body.json);
    expect(zlib.gunzipSync(await body.encodedAs('gzip')).toString()).toBe(body.json);
  });

  it('sends bodies under 1 KB uncompressed, as compression does, and labels the route for metrics', async () => {
    const fast = await get('/api/v1/products?page=2', { 'accept-encoding': 'gzip' });
    expect(fast.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(fast.body.toString())).toEqual({ page: 2, small: true });
    expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(handled).toEqual([]);
    expect(matched).toEqual(['/api/v1/products']);
  });

  it('validates a URL once and hands the handler the same input object for it again', async () => {
    inputs.length = 0;
    await get('/api/v1/products?page=3');
    await get('/api/v1/products?page=3');
    await get('/api/v1/products?page=4');
    expect(inputs).toHaveLength(3);
    expect(inputs[1]).toBe(inputs[0]);
    expect(inputs[2]).not.toBe(inputs[0]);
    expect(inputs.map((q) => (q as { page: number }).page)).toEqual([3, 3, 4]);
  });

  it('answers If-None-Match with 304 and HEAD without a body', async () => {
    const first = await get('/api/v1/products/blue-lamp');
    const again = await get('/api/v1/products/blue-lamp', { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await get('/api/v1/products/blue-lamp', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers.etag).toBe(first.headers.etag);
    expect(handled).toEqual([]);
  });

  it('reports invalid input and handler errors through the error handler, in the error envelope', async () => {
    const invalid = await get('/api/v1/products?page=0');
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body.toString()).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'query.page' })],
    });
    const badSlug = await get('/api/v1/products/NOT_A_SLUG');
    expect(badSlug.status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('steps aside for a session cookie, a request body, another method, and a route Express would match first', async () => {
    expect((await get('/api/v1/products/blue-lamp', { cookie: 'theme=dark; sid=abc' })).headers['x-full-path']).toBe('1');
    const withBody = await get(
      '/api/v1/products/blue-lamp',
      { 'content-type': 'application/json', 'content-length': '7' },
      'GET',
      '{"x":1}',
    );
    expect(withBody.headers['x-full-path']).toBe('1');
    expect((await get('/api/v1/products/blue-lamp', {}, 'DELETE')).headers['x-full-path']).toBe('1');
    // /products/featured is registered before /products/:slug, so Express answers it with that route.
    const featured = await get('/api/v1/products/featured');
    expect(featured.headers['x-full-path']).toBe('1');
    expect(JSON.parse(featured.body.toString())).toEqual({ featured: true });
    expect((await get('/api/v1/products/FEATURED')).headers['x-full-path']).toBe('1');
    // Paths it does not own are untouched.
    expect((await get('/api/v1/products/blue-lamp/reviews')).status).toBe(404);
    expect(handled.length).toBe(6);
    // A guest without cookies of ours still takes the fast path.
    expect((await get('/api/v1/products/blue-lamp', { cookie: 'theme=dark' })).headers['x-full-path']).toBeUndefined();
  });

  it('refuses to register a guest fast path on a route that needs more than a public GET', () => {
    const registry = new ApiRegistry();
    expect(() => registry.route({ method: 'post', path: '/x', summary: '', tags: [], guestFastPath: true, handler: () => ({}) })).toThrow(
      /only for public GETs/,
    );
    expect(() =>
      registry.route({ method: 'get', path: '/y', summary: '', tags: [], auth: 'user', guestFastPath: true, handler: () => ({}) }),
    ).toThrow(/only for public GETs/);
  });
});
