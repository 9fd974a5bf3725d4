import { Browser, createUser, guestBrowser, TEST_PASSWORD } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const clock = new FakeClock();
const email = new CapturingEmail();
/** Emails leave through the job queue: run it, then read what was sent. */
const tokenFor = async (to: string, subject: RegExp) => {
  await t.runJobs();
  return email.tokenFor(to, subject);
};

beforeAll(async () => {
  t = await createTestApp({}, { clock, email });
});
afterAll(() => t.close());

describe('registration', () => {
  it('registers, signs in, and verifies the email with a single-use token', async () => {
    const browser = await guestBrowser(t);
    const res = await browser
      .post('/api/v1/auth/register', { email: '  New.Shopper@Example.COM ', password: 'sunlit-meadow-harbor-7', name: 'New Shopper' })
      .expect(201);
    expect(res.body.user).toMatchObject({ email: 'new.shopper@example.com', role: 'customer', emailVerified: false });
    browser.csrfToken = res.body.csrfToken;
    await browser.get('/api/v1/me').expect(200);

    const token = await tokenFor('new.shopper@example.com', /Confirm your email/);
    await browser.post('/api/v1/auth/verify-email', { token }).expect(204);
    expect((await browser.get('/api/v1/me')).body.emailVerified).toBe(true);
    const again = await browser.post('/api/v1/auth/verify-email', { token }).expect(400);
    expect(again.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('normalises emails so the same address cannot register twice', async () => {
    const browser = await guestBrowser(t);
    await browser.post('/api/v1/auth/register', { email: 'twice@example.com', password: 'sunlit-meadow-harbor-7', name: 'A' }).expect(201);
    const other = await guestBrowser(t);
    const res = await other
      .post('/api/v1/auth/register', { email: 'TWICE@example.com', password: 'sunlit-meadow-harbor-7', name: 'B' })
      .expect(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it.each([
    ['too short', 'short-pass1'],
    ['too long', 'x'.repeat(129)],
    ['common', 'password1234'],
    ['contains the email', 'policy-tester-is-me-2024'],
  ])('refuses a password that is %s, writing nothing', async (_why, password) => {
    const browser = await guestBrowser(t);
    const res = await browser.post('/api/v1/auth/register', { email: 'policy-tester@example.com', password, name: 'P' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details[0].path).toBe('password');
    expect(await t.container.db.one('SELECT id FROM users WHERE email = ?', ['policy-tester@example.com'])).toBeUndefined();
  });

  it('refuses fields a shopper may not set (mass assignment)', async () => {
    const browser = await guestBrowser(t);
    const res = await browser
      .post('/api/v1/auth/register', { email: 'sneaky@example.com', password: 'sunlit-meadow-harbor-7', name: 'S', role: 'admin' })
      .expect(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ message: expect.stringContaining('role') }));
    const { browser: user } = await (async () => {
      const u = await createUser(t);
      const b = new Browser(t.agent());
      await b.login(u.email, u.password);
      return { browser: b };
    })();
    await user.patch('/api/v1/me', { name: 'Renamed', role: 'admin' }).expect(400);
    await user.patch('/api/v1/me', { emailVerified: true }).expect(400);
    const ok = await user.patch('/api/v1/me', { name: 'Renamed' }).expect(200);
    expect(ok.body).toMatchObject({ name: 'Renamed', role: 'customer', permissions: [] });
  });
});

describe('login and lockout', () => {
  it('answers an unknown email and a wrong password identically', async () => {
    const user = await createUser(t);
    const a = await (await guestBrowser(t)).login('nobody@example.com', 'wrong-password-123');
    const b = await (await guestBrowser(t)).login(user.email, 'wrong-password-123');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const strip = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: undefined });
    expect(strip(a.body)).toEqual(strip(b.body));
  });

  it('locks after five failures: the sixth attempt and the right password are refused until the lock passes', async () => {
    const user = await createUser(t);
    const browser = await guestBrowser(t);
    for (let i = 1; i <= 5; i++) expect((await browser.login(user.email, `wrong-${i}-password`)).status).toBe(401);
    const sixth = await browser.login(user.email, 'wrong-6-password');
    expect(sixth.status).toBe(423);
    expect(sixth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(14 * 60);

    const right = await browser.login(user.email, user.password);
    expect(right.status).toBe(423);

    clock.advance(15 * 60_000 + 1000);
    const after = await browser.login(user.email, user.password);
    expect(after.status).toBe(200);
    const audit = await t.container.db.select<{ event: string }>('SELECT event FROM audit_logs WHERE target_user_id = ? ORDER BY id', [
      user.id,
    ]);
    expect(audit.map((a) => a.event)).toEqual(expect.arrayContaining(['login_failed', 'account_locked', 'login_succeeded']));
  });

  it('doubles the lock on each further lockout, and a success resets the count', async () => {
    const user = await createUser(t);
    const browser = await guestBrowser(t);
    const lockOut = async () => {
      for (let i = 0; i < 5; i++) await browser.login(user.email, 'not-the-password');
    };
    await lockOut();
    clock.advance(15 * 60_000 + 1000);
    await lockOut(); // second lockout: 30 minutes
    clock.advance(16 * 60_000);
    expect((await browser.login(user.email, user.password)).status).toBe(423);
    clock.advance(15 * 60_000);
    expect((await browser.login(user.email, user.password)).status).toBe(200);
    const row = await t.container.db.one<{ lockout_count: number; failed_login_count: number }>(
      'SELECT lockout_count, failed_login_count FROM users WHERE id = ?',
      [user.id],
    );
    expect(row).toEqual({ lockout_count: 0, failed_login_count: 0 });
  });

  it('rate-limits the sign-in routes per IP with 429 and Retry-After', async () => {
    const limited = await createTestApp({ RATE_LIMIT_ENABLED: 'true', AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const browser = await guestBrowser(limited);
      for (let i = 0; i < 3; i++) expect((await browser.login('x@example.com', 'whatever-password')).status).toBe(401);
      const res = await browser.login('x@example.com', 'whatever-password');
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('keeps the first admin from ADMIN_EMAIL/ADMIN_PASSWORD', async () => {
    const withAdmin = await createTestApp({ ADMIN_EMAIL: 'Owner@Shop.test', ADMIN_PASSWORD: TEST_PASSWORD });
    try {
      await withAdmin.sequelize.query("DELETE FROM users WHERE role_id = 'admin'");
      await withAdmin.container.auth.ensureFirstAdmin(false);
      await withAdmin.container.auth.ensureFirstAdmin(false); // idempotent
      const admins = await withAdmin.container.db.select<{ email: string }>("SELECT email FROM users WHERE role_id = 'admin'");
      expect(admins).toEqual([{ email: 'owner@shop.test' }]);
      const browser = new Browser(withAdmin.agent());
      expect((await browser.login('owner@shop.test', TEST_PASSWORD)).body.user.permissions).toContain('users:manage');
    } finally {
      await withAdmin.close();
    }
  });
});
