import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { fixedHeaders } from './fixed-headers';

const helmetOptions = (hsts: boolean) => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { 'default-src': ["'self'"], 'script-src': ["'self'", 'https://js.stripe.com'], 'frame-ancestors': ["'none'"] },
  },
  strictTransportSecurity: hsts,
});

async function headersWith(middleware: RequestHandler) {
  const app = express();
  app.use(middleware);
  app.get('/x', (_req, res) => res.json({ ok: true }));
  const { headers } = await request(app).get('/x').expect(200);
  const { date: _date, etag: _etag, ...rest } = headers;
  return rest;
}

describe('fixedHeaders', () => {
  it.each([true, false])('sets exactly the headers helmet sets, X-Powered-By removed (HSTS %s)', async (hsts) => {
    const direct = await headersWith(helmet(helmetOptions(hsts)));
    const fixed = await headersWith(fixedHeaders(helmet(helmetOptions(hsts))));
    expect(fixed).toEqual(direct);
    expect(fixed['content-security-policy']).toBe("default-src 'self';script-src 'self' https://js.stripe.com;frame-ancestors 'none'");
    expect(fixed['x-powered-by']).toBeUndefined();
    expect('strict-transport-security' in fixed).toBe(hsts);
  });

  it('refuses a middleware whose headers depend on the request, or that does not finish at once', () => {
    expect(() =>
      fixedHeaders((req, res, next) => {
        res.setHeader('X-Path', req.url ?? '');
        next();
      }),
    ).toThrow(/read the request/);
    expect(() => fixedHeaders((_req, _res, next) => void setTimeout(next, 0))).toThrow(/synchronously/);
  });
});
