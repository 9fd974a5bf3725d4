import { totpAt } from '../../../src/modules/accounts';
import { Browser, createUser, guestBrowser } from '../../support/browser';
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

async function signIn(user: { email: string; password: string }, extra: Record<string, unknown> = {}) {
  const browser = new Browser(t.agent());
  const res = await browser.login(user.email, user.password, extra);
  return { browser, res };
}

const rtCookie = (res: { headers: Record<string, unknown> }) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[]) ?? [])
    .find((c) => c.startsWith('bazaar.rt=') && !c.startsWith('bazaar.rt=;'));

describe('password change and reset', () => {
  it('changing the password needs the current one and ends every other session at once', async () => {
    const user = await createUser(t);
    const { browser: here } = await signIn(user);
    const { browser: elsewhere } = await signIn(user);
    await elsewhere.get('/api/v1/me').expect(200);

    const wrong = await here
      .post('/api/v1/me/password', { currentPassword: 'not-it-at-all', newPassword: 'brand-new-secret-77' })
      .expect(400);
    expect(wrong.body.error.details[0].path).toBe('currentPassword');

    await here.post('/api/v1/me/password', { currentPassword: user.password, newPassword: 'brand-new-secret-77' }).expect(204);
    await elsewhere.get('/api/v1/me').expect(401);
    await here.get('/api/v1/me').expect(200);
    expect((await (await guestBrowser(t)).login(user.email, user.password)).status).toBe(401);
    expect((await (await guestBrowser(t)).login(user.email, 'brand-new-secret-77')).status).toBe(200);
  });

  it('forgot-password answers 202 for anyone; the emailed token resets once and ends all sessions', async () => {
    const user = await createUser(t);
    const { browser: signedIn } = await signIn(user);
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/auth/password/forgot', { email: 'nobody-here@example.com' }).expect(202);
    await guest.post('/api/v1/auth/password/forgot', { email: user.email.toUpperCase() }).expect(202);
    await t.runJobs();
    expect(email.sent.filter((m) => m.to === 'nobody-here@example.com')).toHaveLength(0);
    const token = await tokenFor(user.email, /Reset your password/);

    await guest.post('/api/v1/auth/password/reset', { token, password: 'reset-to-this-one-9' }).expect(204);
    await signedIn.get('/api/v1/me').expect(401);
    // A reset does not sign anyone in, and the token works once.
    await guest.get('/api/v1/me').expect(401);
    await guest.post('/api/v1/auth/password/reset', { token, password: 'and-again-another-9' }).expect(400);
    expect((await (await guestBrowser(t)).login(user.email, 'reset-to-this-one-9')).status).toBe(200);
  });

  it('reset tokens expire after 30 minutes', async () => {
    const user = await createUser(t);
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/auth/password/forgot', { email: user.email }).expect(202);
    const token = await tokenFor(user.email, /Reset your password/);
    clock.advance(31 * 60_000);
    await guest.post('/api/v1/auth/password/reset', { token, password: 'too-late-for-this-1' }).expect(400);
  });
});

describe('remember me', () => {
  it('exchanges the refresh cookie for a new session and a new token; reusing an old token revokes the family', async () => {
    const user = await createUser(t);
    const { res: login } = await signIn(user, { remember: true });
    const first = rtCookie(login)!;
    expect(first).toMatch(/HttpOnly/);
    expect(first).toMatch(/SameSite=Strict/);

    // A new browser holding only the refresh cookie.
    const device = new Browser(t.agent());
    await device.refreshCsrf();
    const refreshed = await device.agent
      .post('/api/v1/auth/refresh')
      .set('Cookie', first.split(';')[0]!)
      .set('X-CSRF-Token', device.csrfToken)
      .expect(200);
    const second = rtCookie(refreshed)!;
    expect(second).toBeDefined();
    expect(second.split(';')[0]).not.toBe(first.split(';')[0]);
    device.csrfToken = refreshed.body.csrfToken;
    await device.get('/api/v1/me').expect(200);

    // The first token again (stolen copy): refused, and the whole family dies.
    const thief = new Browser(t.agent());
    await thief.refreshCsrf();
    await thief.agent.post('/api/v1/auth/refresh').set('Cookie', first.split(';')[0]!).set('X-CSRF-Token', thief.csrfToken).expect(401);
    const rightful = new Browser(t.agent());
    await rightful.refreshCsrf();
    await rightful.agent
      .post('/api/v1/auth/refresh')
      .set('Cookie', second.split(';')[0]!)
      .set('X-CSRF-Token', rightful.csrfToken)
      .expect(401);
    const events = await t.container.db.select<{ event: string }>(
      "SELECT event FROM audit_logs WHERE target_user_id = ? AND event = 'refresh_token_reuse'",
      [user.id],
    );
    expect(events.length).toBeGreaterThanOrEqual(1);
    const live = await t.container.db.select('SELECT id FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL', [user.id]);
    expect(live).toHaveLength(0);
  });
});

describe('MFA (TOTP)', () => {
  it('enrols, enables, requires the code at login, refuses a replayed code, and accepts a recovery code once', async () => {
    const user = await createUser(t);
    const { browser } = await signIn(user);

    const setup = await browser.post('/api/v1/me/mfa/setup').expect(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret: string = setup.body.secret;
    const stored = await t.container.db.one<{ mfa_pending_secret_enc: string; mfa_enabled_at: Date | null }>(
      'SELECT mfa_pending_secret_enc, mfa_enabled_at FROM users WHERE id = ?',
      [user.id],
    );
    expect(stored!.mfa_pending_secret_enc).toMatch(/^v1:/);
    expect(stored!.mfa_pending_secret_enc).not.toContain(secret);
    expect(stored!.mfa_enabled_at).toBeNull();

    await browser.post('/api/v1/me/mfa/enable', { code: '000000' }).expect(400);
    const enabled = await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
    const recoveryCodes: string[] = enabled.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    // Password alone now leaves the session pending: nothing but /auth/mfa/verify works.
    clock.advance(60_000);
    const pending = new Browser(t.agent());
    const login = await pending.login(user.email, user.password);
    expect(login.body).toEqual({ status: 'mfa_required', csrfToken: expect.any(String), methods: ['totp'] });
    const blocked = await pending.get('/api/v1/me').expect(401);
    expect(blocked.body.error.code).toBe('MFA_REQUIRED');

    const code = totpAt(secret, clock.now());
    const verified = await pending.post('/api/v1/auth/mfa/verify', { code }).expect(200);
    pending.csrfToken = verified.body.csrfToken;
    await pending.get('/api/v1/me').expect(200);

    // The same code (same time step) a second time: refused.
    const replay = new Browser(t.agent());
    await replay.login(user.email, user.password);
    await replay.post('/api/v1/auth/mfa/verify', { code }).expect(401);

    // A recovery code works, once.
    const viaRecovery = new Browser(t.agent());
    await viaRecovery.login(user.email, user.password);
    await viaRecovery.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[0]!.toLowerCase() }).expect(200);
    const reuse = new Browser(t.agent());
    await reuse.login(user.email, user.password);
    await reuse.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[0] }).expect(401);

    const events = (await t.container.db.select<{ event: string }>('SELECT event FROM audit_logs WHERE target_user_id = ?', [user.id])).map(
      (e) => e.event,
    );
    expect(events).toEqual(expect.arrayContaining(['mfa_enabled', 'mfa_verified', 'mfa_recovery_code_used', 'mfa_failed']));
  });

  it('throttles wrong codes like passwords, and disabling needs the password and a code', async () => {
    const user = await createUser(t);
    const { browser } = await signIn(user);
    const { secret } = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
    await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
    clock.advance(60_000);

    const attacker = new Browser(t.agent());
    await attacker.login(user.email, user.password);
    for (let i = 0; i < 5; i++) await attacker.post('/api/v1/auth/mfa/verify', { code: '123456' });
    const locked = await attacker.post('/api/v1/auth/mfa/verify', { code: totpAt(secret, clock.now()) });
    expect(locked.status).toBe(423);
    clock.advance(16 * 60_000);
    // Past the recent-sign-in window (15 minutes): the password and a code again first.
    const stale = await browser.post('/api/v1/me/mfa/disable', { password: user.password, code: totpAt(secret, clock.now()) }).expect(403);
    expect(stale.body.error.code).toBe('REAUTH_REQUIRED');
    await browser.post('/api/v1/auth/reauth', { password: user.password, code: totpAt(secret, clock.now()) }).expect(204);
    clock.advance(60_000);

    await browser.post('/api/v1/me/mfa/disable', { password: 'wrong-password-x', code: totpAt(secret, clock.now()) }).expect(400);
    await browser.post('/api/v1/me/mfa/disable', { password: user.password, code: totpAt(secret, clock.now()) }).expect(204);
    const plain = new Browser(t.agent());
    expect((await plain.login(user.email, user.password)).body.status).toBe('ok');
  });

  it('a password reset never bypasses MFA', async () => {
    const user = await createUser(t);
    const { browser } = await signIn(user);
    const { secret } = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
    await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/auth/password/forgot', { email: user.email }).expect(202);
    await guest
      .post('/api/v1/auth/password/reset', { token: await tokenFor(user.email, /Reset/), password: 'after-reset-pass-5' })
      .expect(204);
    const again = new Browser(t.agent());
    expect((await again.login(user.email, 'after-reset-pass-5')).body.status).toBe('mfa_required');
  });
});

describe('REQUIRE_ADMIN_MFA', () => {
  it('keeps staff without a second factor out of admin routes until they sign in with one', async () => {
    const strict = await createTestApp({ REQUIRE_ADMIN_MFA: 'true' }, { clock });
    try {
      const admin = await createUser(strict, { role: 'admin' });
      const browser = new Browser(strict.agent());
      await browser.login(admin.email, admin.password);
      const refused = await browser.get('/api/v1/admin/users').expect(403);
      expect(refused.body.error.message).toMatch(/two-factor/);
      await browser.get('/api/v1/me').expect(200); // their own account (and MFA set-up) still works
      const { secret } = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
      await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
      await browser.get('/api/v1/admin/users').expect(200);
      clock.advance(60_000);
      const fresh = new Browser(strict.agent());
      await fresh.login(admin.email, admin.password);
      await fresh.post('/api/v1/auth/mfa/verify', { code: totpAt(secret, clock.now()) }).expect(200);
      await fresh.get('/api/v1/admin/users').expect(200);
    } finally {
      await strict.close();
    }
  });
});
