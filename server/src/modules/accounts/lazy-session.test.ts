import express, { type RequestHandler } from 'express';
import session from 'express-session';
import request from 'supertest';
import { existingSession, lazySession } from './session';

declare module 'express-session' {
  interface SessionData {
    visits?: number;
  }
}

/** express-session over its memory store, counting how often it runs, behind lazySession. */
function appWithLazySession() {
  const real = session({
    name: 'test.sid',
    secret: 'lazy-session-test-secret',
    resave: false,
    saveUninitialized: false,
    store: new session.MemoryStore(),
  });
  const runs = { count: 0 };
  const counted: RequestHandler = (req, res, next) => {
    runs.count++;
    real(req, res, next);
  };
  const app = express();
  app.use(lazySession(counted, 'test.sid'));
  app.get('/peek', (req, res) => res.json({ started: existingSession(req) !== undefined }));
  app.get('/read', (req, res) => res.json({ visits: req.session.visits ?? 0, hasId: typeof req.sessionID === 'string' }));
  app.get('/count', (req, res) => {
    req.session.visits = (req.session.visits ?? 0) + 1;
    res.json({ visits: req.session.visits, id: req.sessionID });
  });
  return { app, runs };
}

describe('lazySession', () => {
  it('does not run express-session for a cookie-less request that never uses its session', async () => {
    const { app, runs } = appWithLazySession();
    const res = await request(app).get('/peek').expect(200);
    expect(res.body).toEqual({ started: false });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(runs.count).toBe(0);
  });

  it('starts the same session on first use: an unmodified one is not saved, a modified one is, and the cookie brings it back', async () => {
    const { app, runs } = appWithLazySession();
    const read = await request(app).get('/read').expect(200);
    expect(read.body).toEqual({ visits: 0, hasId: true });
    expect(read.headers['set-cookie']).toBeUndefined();
    expect(runs.count).toBe(1);

    const agent = request.agent(app);
    const first = await agent.get('/count').expect(200);
    expect(first.headers['set-cookie']?.[0]).toMatch(/^test\.sid=s%3A/);
    const second = await agent.get('/count').expect(200);
    expect(second.body).toEqual({ visits: 2, id: first.body.id });
    expect((await agent.get('/peek').expect(200)).body).toEqual({ started: true });
  });
});
