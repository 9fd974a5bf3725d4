import http from 'node:http';
import request from 'supertest';
import { totpAt } from '../../../src/modules/accounts';
import { Browser, createUser, TEST_PASSWORD } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { createTestApp, type TestApp } from '../../support/test-app';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const CHROME_LINUX_NEWER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';

let t: TestApp;
const clock = new FakeClock();
const email = new CapturingEmail();

beforeAll(async () => {
  t = await createTestApp({}, { clock, email });
});
afterAll(() => t.close());

/**
 * A browser whose requests come from `peer` (the TCP peer address the app sees, as a proxy-less
 * deployment would). Each request can move it elsewhere with `X-Test-Peer`.
 */
function browserAt(app: TestApp, peer: string, userAgent = CHROME_LINUX): Browser {
  const server = http.createServer((req, res) => {
    const address = (req.headers['x-test-peer'] as string | undefined) ?? peer;
    Object.defineProperty(req.socket, 'remoteAddress', { value: address, configurable: true });
    app.app(req, res);
  });
  const agent = request.agent(server);
  agent.set('User-Agent', userAgent);
  return new Browser(agent);
}

async function signedInAt(peer: string, userAgent = CHROME_LINUX, app = t) {
  const user = await createUser(app);
  const browser = browserAt(app, peer, userAgent);
  const res = await browser.login(user.email, user.password);
  expect(res.status).toBe(200);
  return { browser, user };
}

/** A sensitive action any signed-in user may repeat: starting MFA enrolment. */
const sensitive = (browser: Browser) => browser.post('/api/v1/me/mfa/setup');

describe('what a session keeps of its origin', () => {
  it('lists an IPv4 session with its /24 network and browser family, and keeps neither the full address nor the user agent', async () => {
    const { browser, user } = await signedInAt('203.0.113.77');
    const list = await browser.get('/api/v1/me/sessions').expect(200);
    expect(list.body.items).toEqual([
      {
        id: expect.any(String),
        current: true,
        network: '203.0.113.0/24',
        device: 'Chrome on Linux',
        changed: null,
        createdAt: clock.now().toISOString(),
        lastSeenAt: clock.now().toISOString(),
      },
    ]);
    const [row] = await t.container.db.select<{ data: string }>('SELECT data FROM sessions WHERE user_id = ?', [user.id]);
    expect(row!.data).not.toContain('203.0.113.77');
    expect(row!.data).not.toContain('Chrome/120');
  });

  it('lists an IPv6 session with its /48 network (an IPv4-mapped address counts as IPv4)', async () => {
    const { browser } = await signedInAt('2001:db8:1234:5:6:7:8:9', FIREFOX_WINDOWS);
    const [session] = (await browser.get('/api/v1/me/sessions').expect(200)).body.items;
    expect(session).toMatchObject({ network: '2001:db8:1234::/48', device: 'Firefox on Windows' });

    const { browser: mapped } = await signedInAt('::ffff:198.51.100.23');
    expect((await mapped.get('/api/v1/me/sessions').expect(200)).body.items[0].network).toBe('198.51.100.0/24');
  });
  it('replaces the full address and user agent of a session stored before origins were kept, on its next request', async () => {
    const { browser, user } = await signedInAt('203.0.113.50');
    await t.container.db.execute(
      `UPDATE sessions SET data = JSON_SET(JSON_REMOVE(data, '$.network', '$.device', '$.userAgentDigest'), '$.ip', ?, '$.userAgent', ?)
        WHERE user_id = ?`,
      ['203.0.113.50', CHROME_LINUX, user.id],
    );
    t.container.sessionStore.invalidate([browser.sessionId]);
    await browser.get('/api/v1/me').expect(200);
    const [row] = await t.container.db.select<{ data: string }>('SELECT data FROM sessions WHERE user_id = ?', [user.id]);
    const data = JSON.parse(row!.data) as Record<string, unknown>;
    expect(data).toMatchObject({ network: '203.0.113.0/24', device: 'Chrome on Linux' });
    expect(data).not.toHaveProperty('ip');
    expect(data).not.toHaveProperty('userAgent');
    await sensitive(browser).expect(200); // the same origin as before: no change
  });
});

describe('sensitive actions on a session used from elsewhere', () => {
  it('asks for the password again when the browser family changes, and succeeds after /auth/reauth', async () => {
    const { browser } = await signedInAt('203.0.113.10');
    await sensitive(browser).expect(200);

    browser.agent.set('User-Agent', FIREFOX_WINDOWS);
    const refused = await sensitive(browser).expect(403);
    expect(refused.body.error.code).toBe('REAUTH_REQUIRED');
    // Ordinary requests carry on; the session is marked.
    await browser.get('/api/v1/me').expect(200);
    const [marked] = (await browser.get('/api/v1/me/sessions').expect(200)).body.items;
    expect(marked.changed).toEqual({ network: '203.0.113.0/24', device: 'Firefox on Windows', at: clock.now().toISOString() });
    expect(marked.device).toBe('Chrome on Linux');

    await browser.post('/api/v1/auth/reauth', { password: TEST_PASSWORD }).expect(204);
    await sensitive(browser).expect(200);
    const [rebased] = (await browser.get('/api/v1/me/sessions').expect(200)).body.items;
    expect(rebased).toMatchObject({ device: 'Firefox on Windows', changed: null });
    const events = await t.container.db.select<{ event: string }>('SELECT event FROM audit_logs WHERE actor_user_id = ?', [
      (await browser.get('/api/v1/me')).body.id,
    ]);
    expect(events.map((e) => e.event)).toContain('reauthenticated');
  });

  it('does not count a new browser version of the same family as a change', async () => {
    const { browser } = await signedInAt('203.0.113.11');
    browser.agent.set('User-Agent', CHROME_LINUX_NEWER);
    await sensitive(browser).expect(200);
  });

  it('asks again from another /24, and not from another host of the same /24', async () => {
    const { browser } = await signedInAt('192.0.2.10');
    await sensitive(browser).set('X-Test-Peer', '192.0.2.200').expect(200);
    const refused = await sensitive(browser).set('X-Test-Peer', '192.0.3.10').expect(403);
    expect(refused.body.error.code).toBe('REAUTH_REQUIRED');
    // The same rule for the password change itself.
    const password = await browser
      .post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'river-lantern-copper-88' })
      .set('X-Test-Peer', '192.0.3.10')
      .expect(403);
    expect(password.body.error.code).toBe('REAUTH_REQUIRED');
  });

  it('asks for the password when the last one was proved longer ago than the window, whatever the origin', async () => {
    const { browser } = await signedInAt('203.0.113.12');
    clock.advance(14 * 60_000);
    await sensitive(browser).expect(200);
    clock.advance(2 * 60_000);
    expect((await sensitive(browser).expect(403)).body.error.code).toBe('REAUTH_REQUIRED');
    await browser.post('/api/v1/auth/reauth', { password: TEST_PASSWORD }).expect(204);
    await sensitive(browser).expect(200);
  });

  it('refuses a wrong password at /auth/reauth with 401, and keeps refusing the action', async () => {
    const { browser } = await signedInAt('203.0.113.13');
    browser.agent.set('User-Agent', FIREFOX_WINDOWS);
    const wrong = await browser.post('/api/v1/auth/reauth', { password: 'not-the-password' }).expect(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    await sensitive(browser).expect(403);
  });

  it('needs the TOTP code as well when the account has MFA on', async () => {
    const { browser, user } = await signedInAt('203.0.113.14');
    const { secret } = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
    await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
    clock.advance(60_000); // the next time step: a code is never accepted twice
    browser.agent.set('User-Agent', FIREFOX_WINDOWS);
    const disable = { password: user.password, code: totpAt(secret, clock.now()) };
    await browser.post('/api/v1/me/mfa/disable', disable).expect(403);

    const noCode = await browser.post('/api/v1/auth/reauth', { password: TEST_PASSWORD }).expect(401);
    expect(noCode.body.error.code).toBe('MFA_REQUIRED');
    await browser.post('/api/v1/auth/reauth', { password: TEST_PASSWORD, code: '000000' }).expect(401);
    await browser.post('/api/v1/auth/reauth', { password: TEST_PASSWORD, code: totpAt(secret, clock.now()) }).expect(204);
    clock.advance(60_000);
    await browser.post('/api/v1/me/mfa/disable', { ...disable, code: totpAt(secret, clock.now()) }).expect(204);
  });

  it('guards the staff settings that move money and the role changes', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const staff = browserAt(t, '203.0.113.16');
    await staff.login(admin.email, admin.password);
    const before = await staff.put('/api/v1/admin/exchange-rates/SEK', { rate: '11.5' });
    expect(before.status).toBe(200);
    staff.agent.set('User-Agent', FIREFOX_WINDOWS);
    for (const res of [
      await staff.put('/api/v1/admin/exchange-rates/SEK', { rate: '11.5' }),
      await staff.patch(`/api/v1/admin/users/${admin.id}`, { role: 'support' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('REAUTH_REQUIRED');
    }
    // Reading stays open.
    await staff.get('/api/v1/admin/exchange-rates').expect(200);
  });

  it('guards making API keys and webhook endpoints; a request with a key is not asked to re-authenticate', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const staff = browserAt(t, '203.0.113.17');
    await staff.login(admin.email, admin.password);
    const made = await staff.post('/api/v1/admin/api-keys', { name: 'rates feed', permissions: ['settings:write'] }).expect(201);
    staff.agent.set('User-Agent', FIREFOX_WINDOWS);
    for (const res of [
      await staff.post('/api/v1/admin/api-keys', { name: 'second', permissions: ['orders:read'] }),
      await staff.post(`/api/v1/admin/api-keys/${made.body.key.id}/revoke`),
      await staff.post('/api/v1/admin/webhooks', { url: 'https://example.com/hooks', events: ['order.paid'] }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('REAUTH_REQUIRED');
    }
    // The key proves its secret on every request: no session, no origin to change.
    await request(t.app)
      .put('/api/v1/admin/exchange-rates/NOK')
      .set('Authorization', `Bearer ${made.body.secret}`)
      .send({ rate: '11.2' })
      .expect(200);
    await staff.post('/api/v1/auth/reauth', { password: admin.password }).expect(204);
    await staff.post(`/api/v1/admin/api-keys/${made.body.key.id}/revoke`).expect(200);
  });

  it('counts wrong passwords at /auth/reauth towards the account lockout', async () => {
    const { browser, user } = await signedInAt('203.0.113.23');
    for (let i = 0; i < 5; i++) await browser.post('/api/v1/auth/reauth', { password: `wrong-${i}` }).expect(401);
    expect((await browser.post('/api/v1/auth/reauth', { password: user.password }).expect(423)).body.error.code).toBe('ACCOUNT_LOCKED');
  });

  it('asks a session signed in by a remember-me token for the password before a sensitive action', async () => {
    const user = await createUser(t);
    const laptop = browserAt(t, '203.0.113.17');
    await laptop.login(user.email, user.password, { remember: true });
    const refreshed = await laptop.post('/api/v1/auth/refresh').expect(200);
    laptop.csrfToken = refreshed.body.csrfToken;
    expect((await sensitive(laptop).expect(403)).body.error.code).toBe('REAUTH_REQUIRED');
    await laptop.post('/api/v1/auth/reauth', { password: TEST_PASSWORD }).expect(204);
    await sensitive(laptop).expect(200);
  });
});

describe('the new-device email', () => {
  const newSignIns = async (to: string) => {
    await t.runJobs();
    return email.sent.filter((m) => m.to === to && m.subject === 'New sign-in to your account');
  };

  it('is sent once per new browser family and network, never for a known one, and not for the first sign-in', async () => {
    const user = await createUser(t);
    await browserAt(t, '203.0.113.30').login(user.email, user.password);
    await browserAt(t, '203.0.113.99').login(user.email, user.password); // same /24, same family: known
    expect(await newSignIns(user.email)).toHaveLength(0);

    await browserAt(t, '203.0.113.30', FIREFOX_WINDOWS).login(user.email, user.password);
    const [message, ...more] = await newSignIns(user.email);
    expect(more).toHaveLength(0);
    expect(message!.text).toContain('Browser: Firefox on Windows');
    expect(message!.text).toContain('Network: 203.0.113.0/24');
    expect(message!.text).toContain('UTC');
    expect(message!.text).toMatch(/Review your sessions: http:\/\/[^\s]+\/account/);
    expect(message!.text).not.toContain('203.0.113.30');

    await browserAt(t, '203.0.113.31', FIREFOX_WINDOWS).login(user.email, user.password);
    expect(await newSignIns(user.email)).toHaveLength(1);
    await browserAt(t, '198.51.100.7', FIREFOX_WINDOWS).login(user.email, user.password); // another network
    expect(await newSignIns(user.email)).toHaveLength(2);
  });

  it('is not sent for the sign-in that registration makes, nor for the next one from the same device', async () => {
    const browser = browserAt(t, '203.0.113.40');
    await browser.refreshCsrf();
    const registered = await browser
      .post('/api/v1/auth/register', { email: 'new-device@example.com', password: 'sunlit-meadow-harbor-7', name: 'N' })
      .expect(201);
    browser.csrfToken = registered.body.csrfToken;
    await browser.post('/api/v1/auth/logout').expect(204);
    browser.csrfToken = '';
    await browser.login('new-device@example.com', 'sunlit-meadow-harbor-7');
    expect(await newSignIns('new-device@example.com')).toHaveLength(0);
  });
});

describe('which routes are sensitive', () => {
  it('are the credential, MFA, role and money-settings routes, as the README lists them', () => {
    const sensitiveRoutes = t.registry.routes.filter((r) => r.recentAuth).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(sensitiveRoutes.sort()).toEqual(
      [
        'POST /me/password',
        'POST /me/mfa/setup',
        'POST /me/mfa/enable',
        'POST /me/mfa/disable',
        'PATCH /admin/users/:id',
        'POST /admin/markets',
        'PATCH /admin/markets/:id',
        'DELETE /admin/markets/:id',
        'PUT /admin/exchange-rates/:currency',
        'DELETE /admin/exchange-rates/:currency',
        'POST /admin/api-keys',
        'POST /admin/api-keys/:id/revoke',
        'POST /admin/webhooks',
        'PATCH /admin/webhooks/:id',
        'POST /admin/webhooks/:id/rotate-secret',
        'POST /me/passkeys/options',
        'DELETE /me/passkeys/:id',
      ].sort(),
    );
  });
});

// Last: each of these builds a second app over the same database, and models follow the newest one.
describe('the rule switched off, and the rate limit', () => {
  it('lets a changed browser family through with SESSION_REAUTH_ON_CHANGE=false (the age window still applies)', async () => {
    const lenient = await createTestApp({ SESSION_REAUTH_ON_CHANGE: 'false' }, { clock });
    try {
      const { browser } = await signedInAt('203.0.113.20', CHROME_LINUX, lenient);
      browser.agent.set('User-Agent', FIREFOX_WINDOWS);
      await sensitive(browser).set('X-Test-Peer', '198.51.100.1').expect(200);
      clock.advance(16 * 60_000);
      expect((await sensitive(browser).expect(403)).body.error.code).toBe('REAUTH_REQUIRED');
    } finally {
      await lenient.close();
    }
  });

  it('needs no recent password with SESSION_REAUTH_MAX_AGE_MINUTES=0', async () => {
    const noWindow = await createTestApp({ SESSION_REAUTH_MAX_AGE_MINUTES: '0' }, { clock });
    try {
      const { browser } = await signedInAt('203.0.113.21', CHROME_LINUX, noWindow);
      clock.advance(120 * 60_000);
      await sensitive(browser).expect(200);
    } finally {
      await noWindow.close();
    }
  });

  it('rate-limits /auth/reauth like sign-in, in the same counter', async () => {
    const limited = await createTestApp(
      { RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_SECONDS: '60' },
      { clock },
    );
    try {
      const { browser } = await signedInAt('203.0.113.22', CHROME_LINUX, limited); // the login is hit 1
      await browser.post('/api/v1/auth/reauth', { password: 'wrong-one' }).expect(401);
      await browser.post('/api/v1/auth/reauth', { password: 'wrong-two' }).expect(401);
      const limitedRes = await browser.post('/api/v1/auth/reauth', { password: TEST_PASSWORD }).expect(429);
      expect(limitedRes.body.error.code).toBe('RATE_LIMITED');
      expect(limitedRes.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
