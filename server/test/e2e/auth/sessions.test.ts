import { FakeClock } from '../../support/fakes';
import { Browser, createUser, guestBrowser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const clock = new FakeClock();

beforeAll(async () => {
  t = await createTestApp(
    { SESSION_IDLE_TIMEOUT_SECONDS: '3600', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '14400', SESSION_TOUCH_INTERVAL_SECONDS: '60' },
    { clock },
  );
});
afterAll(() => t.close());

const countSessions = async (userId?: string) => {
  const [row] = await t.container.db.select<{ n: number }>(
    userId ? 'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?' : 'SELECT COUNT(*) AS n FROM sessions',
    userId ? [userId] : [],
  );
  return Number(row!.n);
};
const sidOf = (setCookie: string[] | string | undefined) => {
  const header = ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith('bazaar.sid='));
  return header ? decodeURIComponent(header.split(';')[0]!.slice('bazaar.sid='.length)) : undefined;
};

describe('sessions in MariaDB', () => {
  it('gives a guest no session row for browsing, one only when a CSRF token is asked for', async () => {
    const before = await countSessions();
    const res = await t.agent().get('/api/v1/no-such-route');
    expect(res.headers['set-cookie']).toBeUndefined();
    await t.agent().get('/healthz');
    expect(await countSessions()).toBe(before);
    await guestBrowser(t);
    expect(await countSessions()).toBe(before + 1);
  });

  it('stores the session at login, changes its id (fixation), and removes it at logout', async () => {
    const user = await createUser(t);
    const browser = new Browser(t.agent());
    const csrf = await browser.agent.get('/api/v1/auth/csrf').expect(200);
    browser.csrfToken = csrf.body.csrfToken;
    const preLoginSid = sidOf(csrf.headers['set-cookie'])!.slice(2).split('.')[0]!; // "s:<id>.<signature>"
    expect(await t.container.db.one('SELECT 1 AS x FROM sessions WHERE session_id = ?', [preLoginSid])).toBeDefined();

    const login = await browser.login(user.email, user.password);
    expect(login.status).toBe(200);
    const signedSid = sidOf(login.headers['set-cookie']);
    expect(signedSid).toBeDefined();
    expect(await countSessions(user.id)).toBe(1);
    const [row] = await t.container.db.select<{ session_id: string }>('SELECT session_id FROM sessions WHERE user_id = ?', [user.id]);
    expect(row!.session_id).not.toBe(preLoginSid);
    // The id carries at least 128 bits: express-session's uid-safe(24) = 32 base64url characters (192 bits).
    expect(row!.session_id).toMatch(/^[A-Za-z0-9_-]{32,}$/);

    // The pre-login id is dead: presenting it is a guest request.
    const attacker = t.agent();
    const cookie = `bazaar.sid=${encodeURIComponent(sidOf(csrf.headers['set-cookie'])!)}`;
    await attacker.get('/api/v1/me').set('Cookie', cookie).expect(401);
    expect(await t.container.db.one('SELECT 1 AS x FROM sessions WHERE session_id = ?', [preLoginSid])).toBeUndefined();

    await browser.get('/api/v1/me').expect(200);
    await browser.post('/api/v1/auth/logout').expect(204);
    expect(await countSessions(user.id)).toBe(0);
    await browser.get('/api/v1/me').expect(401);
  });

  it('ends a session after the idle timeout, measured on the clock', async () => {
    const user = await createUser(t);
    const browser = new Browser(t.agent());
    await browser.login(user.email, user.password);
    clock.advance(50 * 60_000);
    await browser.get('/api/v1/me').expect(200); // activity keeps it alive
    clock.advance(50 * 60_000);
    await browser.get('/api/v1/me').expect(200);
    clock.advance(61 * 60_000);
    const res = await browser.get('/api/v1/me').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('ends a session after the absolute lifetime even when it is busy', async () => {
    const user = await createUser(t);
    const browser = new Browser(t.agent());
    await browser.login(user.email, user.password);
    for (let i = 0; i < 7; i++) {
      clock.advance(30 * 60_000);
      await browser.get('/api/v1/me').expect(200);
    }
    clock.advance(31 * 60_000); // 4 h 1 min since login
    await browser.get('/api/v1/me').expect(401);
  });

  it('writes last-seen at most once per touch interval, not on every request', async () => {
    const user = await createUser(t);
    const browser = new Browser(t.agent());
    await browser.login(user.email, user.password);
    const read = async () =>
      (await t.container.db.select<{ data: string }>('SELECT data FROM sessions WHERE user_id = ?', [user.id]))[0]!.data;
    const first = await read();
    await browser.get('/api/v1/me').expect(200);
    await browser.get('/api/v1/me').expect(200);
    expect(await read()).toBe(first);
    clock.advance(61_000);
    await browser.get('/api/v1/me').expect(200);
    expect(JSON.parse(await read()).lastSeenAt).toBe(clock.now().getTime());
  });

  it('lists own sessions and revokes one at once (the cache does not keep it alive)', async () => {
    const user = await createUser(t);
    const laptop = new Browser(t.agent());
    const phone = new Browser(t.agent());
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password, {});
    await phone.get('/api/v1/me').expect(200); // now cached in this process

    const list = await laptop.get('/api/v1/me/sessions').expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    // The listing never shows the real session ids (they are bearer secrets).
    const rawIds = await t.container.db.select<{ session_id: string }>('SELECT session_id FROM sessions WHERE user_id = ?', [user.id]);
    for (const { session_id } of rawIds) expect(JSON.stringify(list.body)).not.toContain(session_id);

    await laptop.delete(`/api/v1/me/sessions/${other.id}`).expect(204);
    await phone.get('/api/v1/me').expect(401);
    await laptop.get('/api/v1/me').expect(200);
  });

  it('rejects a session presented by another user agent when binding is on', async () => {
    const bound = await createTestApp({ SESSION_BIND_USER_AGENT: 'true' }, { clock });
    try {
      const user = await createUser(bound);
      const browser = new Browser(bound.agent());
      browser.agent.set('User-Agent', 'Firefox/1');
      await browser.login(user.email, user.password);
      await browser.get('/api/v1/me').expect(200);
      await browser.get('/api/v1/me').set('User-Agent', 'curl/8').expect(401);
    } finally {
      await bound.close();
    }
  });
});
