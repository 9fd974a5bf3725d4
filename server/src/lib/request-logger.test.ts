import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createLogger } from './logger';
import { requestLogger } from './request-logger';

/** A tiny app with only the request logger, writing to an array of parsed log lines. */
function appLoggingAt(level: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON log lines, read by toMatchObject
  const lines: Record<string, any>[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = express();
  app.use(requestLogger(createLogger(level, capture), { ignore: (req) => req.url === '/healthz' }));
  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.get('/missing', (_req, res) => res.status(404).json({ error: 'no' }));
  app.get('/broken', (_req, res) => res.status(500).json({ error: 'broken' }));
  return { app, lines };
}

describe('requestLogger', () => {
  it('gives every answer an X-Request-Id: the caller’s when it is a safe token, else a fresh UUID', async () => {
    const { app } = appLoggingAt('info');
    expect((await request(app).get('/ok').expect(200)).headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}$/);
    expect((await request(app).get('/ok').set('X-Request-Id', 'trace-abc.123').expect(200)).headers['x-request-id']).toBe('trace-abc.123');
    expect((await request(app).get('/ok').set('X-Request-Id', 'bad id; with spaces').expect(200)).headers['x-request-id']).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect((await request(app).get('/healthz').expect(200)).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('at info writes client errors and failures, with the request (secrets redacted), status and response time, but not successes', async () => {
    const { app, lines } = appLoggingAt('info');
    await request(app).get('/ok').expect(200);
    await request(app)
      .get('/missing?token=sekrit-token-value&page=2')
      .set('Cookie', 'bazaar.sid=sekrit-cookie')
      .set('X-Request-Id', 'req-404')
      .expect(404);
    await request(app).get('/broken').set('Authorization', 'Bearer sekrit-bearer').expect(500);

    expect(lines).toHaveLength(2);
    const [missing, broken] = lines;
    expect(missing).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-404', method: 'GET', url: '/missing?token=[redacted]&page=2', headers: { cookie: '[redacted]' } },
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
    });
    expect(missing!.req.remoteAddress).toEqual(expect.any(String));
    expect(broken).toMatchObject({
      level: 50,
      msg: 'request errored',
      req: { url: '/broken', headers: { authorization: '[redacted]' } },
      res: { statusCode: 500 },
      err: { message: 'failed with status code 500' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/sekrit/);
  });

  it('at debug writes one line per successful request too, except the health check', async () => {
    const { app, lines } = appLoggingAt('debug');
    const res = await request(app).get('/ok').expect(200);
    await request(app).get('/healthz').expect(200);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 20,
        msg: 'request completed',
        req: expect.objectContaining({ id: res.headers['x-request-id'], url: '/ok' }),
        res: expect.objectContaining({ statusCode: 200 }),
      }),
    ]);
  });
});
