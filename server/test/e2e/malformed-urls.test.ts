import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { guestBrowser } from '../support/browser';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let server: http.Server;
let port: number;
let sessionCookie: string;

beforeAll(async () => {
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-client-'));
  fs.writeFileSync(
    path.join(clientDir, 'index.html'),
    '<!doctype html><html><head><title>Bazaar</title></head><body><div id="root"></div></body></html>',
  );
  fs.mkdirSync(path.join(clientDir, 'assets', 'nested'), { recursive: true });
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log(1)');
  t = await createTestApp({ CLIENT_DIR: clientDir });
  // A directory under the uploads root, as stored images create them.
  fs.mkdirSync(path.join(t.config.dataDir, 'uploads', 'products'), { recursive: true });
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  sessionCookie = (await guestBrowser(t)).cookie;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/**
 * A request with the path exactly as written: supertest, fetch and the URL parser would turn `\`
 * into `/` and resolve `%2e%2e`, which is precisely what must be tested here.
 */
function rawGet(rawPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: rawPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const MALFORMED = ['%ZZ', '%E0%A4%A', '%', 'a%2'];

describe('a malformed percent-escape in the path', () => {
  const apiPaths = (bad: string) => [
    `/api/v1/products/${bad}`,
    `/api/v1/orders/${bad}`,
    `/api/v1/categories/${bad}`,
    `/api/v1/admin/products/${bad}`,
    `/api/v1/cart/items/${bad}`,
  ];

  it.each(MALFORMED)('is 400 BAD_REQUEST in the error envelope on API routes, with and without a session (%s)', async (bad) => {
    for (const p of apiPaths(bad)) {
      for (const headers of [{}, { Cookie: sessionCookie }] as Record<string, string>[]) {
        const res = await rawGet(p, headers);
        expect({ path: p, status: res.status }).toEqual({ path: p, status: 400 });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const body = JSON.parse(res.body);
        expect(body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String), requestId: res.headers['x-request-id'] } });
      }
    }
  });

  it.each(MALFORMED)('is the 400 page on HTML routes (%s)', async (bad) => {
    for (const p of [`/p/${bad}`, `/c/${bad}`, `/account/${bad}`]) {
      const res = await rawGet(p, { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect({ path: p, status: res.status }).toEqual({ path: p, status: 400 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<title>Bad request');
      expect(res.body).not.toContain(bad);
    }
  });

  it.each(MALFORMED)('is 400 on uploads and static assets, never a 500 (%s)', async (bad) => {
    for (const p of [
      `/uploads/${bad}`,
      `/uploads/products/${bad}`,
      `/assets/${bad}`,
      `/assets/nested/${bad}.js`,
      `/api/docs/assets/${bad}`,
    ]) {
      const res = await rawGet(p, { Accept: 'image/avif,image/webp,*/*' });
      expect({ path: p, status: res.status }).toEqual({ path: p, status: 400 });
      expect(JSON.parse(res.body).error.code).toBe('BAD_REQUEST');
    }
  });
});

describe('redirects', () => {
  const TRICKS = [
    '/\\evil.example/%2e%2e',
    '/%5Cevil.example/%2e%2e',
    '//evil.example/%2e%2e',
    '/\\/evil.example/%2e%2e',
    '/uploads/\\evil.example/%2e%2e',
    '/uploads//evil.example/%2e%2e',
    '/uploads/products',
    '/assets/\\evil.example/%2e%2e',
    '/assets/nested',
    '/assets',
    '/api/docs/assets/\\evil.example/%2e%2e',
    '/api/docs/assets',
  ];

  it.each(TRICKS)('never point off-site, and directories are not redirected at all (%s)', async (trick) => {
    for (const accept of ['text/html', '*/*']) {
      const res = await rawGet(trick, { Accept: accept });
      expect(res.status).toBeLessThan(500);
      if (res.headers.location !== undefined) expect(res.headers.location).toMatch(/^\/[^/\\]/);
      expect({ trick, redirected: res.status >= 300 && res.status < 400 }).toEqual({ trick, redirected: false });
    }
  });
});
