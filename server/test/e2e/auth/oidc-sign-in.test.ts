import { totpAt } from '../../../src/modules/accounts';
import { Browser, createUser, guestBrowser, signedInBrowser, TEST_PASSWORD } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { startOidcProvider, type ProviderAccount, type TestOidcProvider } from '../../support/oidc-provider';
import { createTestApp, type TestApp } from '../../support/test-app';

const PUBLIC_URL = 'http://shop.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/auth/oidc/oidc/callback`;
const CLIENT = { clientId: 'bazaar-shop', clientSecret: 'bazaar-shop-client-secret-0123456789' };

/** The provider's fixture accounts; the tests add more, each with its own email, as they go. */
const FIXTURE_ACCOUNTS = {
  'unverified-fixture': { email: 'unverified-fixture@example.com', email_verified: false, name: 'Una Verified' },
};

let t: TestApp;
let provider: TestOidcProvider;
const clock = new FakeClock();
const email = new CapturingEmail();
let n = 0;
/** A provider account nobody has used yet, with a verified email unless told otherwise. */
const account = (extra: Partial<ProviderAccount> = {}): ProviderAccount => {
  n += 1;
  return { sub: `subject-${n}-${Date.now()}`, email: `provider-${n}-${Date.now()}@example.com`, emailVerified: true, ...extra };
};

beforeAll(async () => {
  provider = await startOidcProvider({ ...CLIENT, redirectUris: [REDIRECT_URI], accounts: FIXTURE_ACCOUNTS });
  t = await createTestApp(
    {
      PUBLIC_URL,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_NAME: 'Test ID',
      // An endpoint on loopback listens for customer.created (nothing is delivered in these tests).
      WEBHOOK_ALLOW_PRIVATE: 'true',
    },
    { clock, email },
  );
}, 30_000);
afterAll(async () => {
  await t?.close();
  await provider?.stop();
});

/** Our start route's 302 to the provider. */
async function start(browser: Browser, returnTo?: string): Promise<string> {
  const res = await browser.get(`/api/v1/auth/oidc/oidc/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`).expect(302);
  expect(res.headers.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
  return res.headers.location as string;
}

/** The provider's redirect back to us, as the browser follows it. */
const callback = (browser: Browser, back: URL) => browser.get(`${back.pathname}${back.search}`);

/** The whole round trip: start, the provider's login and consent, and our callback's answer. */
async function providerSignIn(browser: Browser, who: ProviderAccount, returnTo?: string) {
  const back = await provider.signIn(await start(browser, returnTo), who);
  expect(back.href.startsWith(REDIRECT_URI)).toBe(true);
  return callback(browser, back).expect(302);
}

const userByEmail = (address: string) =>
  t.container.db.one<{ id: string; password_hash: string | null; email_verified_at: Date | null; role_id: string }>(
    'SELECT id, password_hash, email_verified_at, role_id FROM users WHERE email = ?',
    [address],
  );
const identitiesOf = (userId: string) =>
  t.container.db.select<{ provider: string; subject: string }>('SELECT provider, subject FROM user_identities WHERE user_id = ?', [userId]);
const auditEvents = async (userId: string) =>
  (await t.container.db.select<{ event: string }>('SELECT event FROM audit_logs WHERE target_user_id = ? ORDER BY id', [userId])).map(
    (r) => r.event,
  );

/** Overwrites a field of the browser's stored session (what an attacker with a different flow would hold). */
type StoredSession = { cartId?: string; oidcFlow: { nonce: string } };
async function tamperSession(browser: Browser, change: (data: StoredSession) => void) {
  const store = t.container.sessionStore;
  const sid = browser.sessionId;
  const data = await new Promise<StoredSession>((resolve, reject) =>
    store.get(sid, (err, d) => (err ? reject(err) : resolve(d as unknown as StoredSession))),
  );
  change(data);
  await new Promise<void>((resolve, reject) => store.set(sid, data as never, (err) => (err ? reject(err) : resolve())));
}

describe('the configured providers', () => {
  it('lists the generic provider under its configured name', async () => {
    const res = await (await guestBrowser(t)).get('/api/v1/auth/providers').expect(200);
    expect(res.body).toEqual({ items: [{ id: 'oidc', name: 'Test ID' }] });
  });

  it('answers 404 for a provider that is not configured, and refuses a returnTo off this site', async () => {
    const browser = await guestBrowser(t);
    await browser.get('/api/v1/auth/oidc/google/start').expect(404);
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'account'])
      await browser.get(`/api/v1/auth/oidc/oidc/start?returnTo=${encodeURIComponent(returnTo)}`).expect(400);
  });

  it('sends PKCE (S256), state and nonce to the provider', async () => {
    const url = new URL(await start(await guestBrowser(t)));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
  });
});

describe('a new shopper', () => {
  it('gets a customer account from a verified email: signed in, already verified, no password, no verification email', async () => {
    const { browser: staff } = await signedInBrowser(t, 'admin');
    await staff.post('/api/v1/admin/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['customer.created'] }).expect(201);
    const who = account({ name: 'Nina Provider' });
    const browser = await guestBrowser(t);
    const res = await providerSignIn(browser, who, '/account?tab=orders');
    expect(res.headers.location).toBe('/account?tab=orders');

    const me = await browser.get('/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ email: who.email, name: 'Nina Provider', role: 'customer', emailVerified: true, mfaEnabled: false });
    const user = (await userByEmail(who.email!))!;
    expect(user.password_hash).toBeNull();
    expect(await identitiesOf(user.id)).toEqual([{ provider: 'oidc', subject: who.sub }]);
    await t.runJobs();
    expect(email.sent.filter((m) => m.to === who.email)).toHaveLength(0);
    expect(await auditEvents(user.id)).toEqual(expect.arrayContaining(['user_registered', 'identity_linked', 'login_succeeded']));
    // Like a registration, the new account is announced to webhook receivers, in its transaction.
    const announced = await t.container.db.select<{ body: string }>("SELECT body FROM webhook_events WHERE type = 'customer.created'");
    expect(announced.map((e) => JSON.parse(e.body).data.customer.email)).toEqual([who.email]);
    // The data export names the linked provider account.
    expect((await browser.get('/api/v1/me/data-export').expect(200)).body.signInMethods).toEqual({
      identities: [{ provider: 'oidc', providerName: expect.any(String), email: who.email, linkedAt: expect.any(String) }],
      passkeys: [],
    });

    // The same provider account signs the same account in again, from another browser.
    const again = await guestBrowser(t);
    expect((await providerSignIn(again, who)).headers.location).toBe('/');
    expect((await again.get('/api/v1/me').expect(200)).body.id).toBe(user.id);
  });

  it('joins the guest cart to the new account, as a password sign-in does', async () => {
    const browser = await guestBrowser(t);
    const merged: Array<[string, string | undefined]> = [];
    const original = t.container.carts.mergeGuestCart.bind(t.container.carts);
    const spy = jest.spyOn(t.container.carts, 'mergeGuestCart').mockImplementation(async (cartId, userId) => {
      merged.push([userId, cartId]);
      return original(cartId, userId);
    });
    try {
      await tamperSession(browser, (s) => (s.cartId = '00000000-0000-4000-8000-000000000001'));
      await providerSignIn(browser, account());
    } finally {
      spy.mockRestore();
    }
    expect(merged).toHaveLength(1);
    expect(merged[0]![1]).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('is refused once staff lock the account, like a password sign-in', async () => {
    const who = account();
    await providerSignIn(await guestBrowser(t), who);
    await t.container.db.execute('UPDATE users SET disabled_at = UTC_TIMESTAMP(3) WHERE email = ?', [who.email]);
    const browser = await guestBrowser(t);
    expect((await providerSignIn(browser, who)).headers.location).toBe('/login?signInError=account_locked');
    await browser.get('/api/v1/me').expect(401);
  });

  it('is refused when the provider has not verified the email: no account, nothing linked', async () => {
    const who: ProviderAccount = { sub: 'unverified-fixture' };
    const browser = await guestBrowser(t);
    const res = await providerSignIn(browser, who);
    expect(res.headers.location).toBe('/login?signInError=email_not_verified');
    await browser.get('/api/v1/me').expect(401);
    expect(await userByEmail(FIXTURE_ACCOUNTS['unverified-fixture'].email)).toBeUndefined();
    expect(await t.container.db.select('SELECT id FROM user_identities WHERE subject = ?', [who.sub])).toHaveLength(0);

    // The same refusal for an account the provider makes up on the spot with an unverified email.
    const fresh = account({ emailVerified: false });
    expect((await providerSignIn(await guestBrowser(t), fresh)).headers.location).toBe('/login?signInError=email_not_verified');
    expect(await userByEmail(fresh.email!)).toBeUndefined();
  });
});

describe('the callback refuses what this session did not start', () => {
  it('a wrong state', async () => {
    const who = account();
    const browser = await guestBrowser(t);
    const back = await provider.signIn(await start(browser), who);
    back.searchParams.set('state', 'not-the-state-this-session-sent');
    const res = await callback(browser, back).expect(302);
    expect(res.headers.location).toBe('/login?signInError=sign_in_expired');
    await browser.get('/api/v1/me').expect(401);
    expect(await userByEmail(who.email!)).toBeUndefined();
  });

  it("a replayed code: the same callback twice, and the code again under another session's state", async () => {
    const who = account();
    const first = await guestBrowser(t);
    const back = await provider.signIn(await start(first), who);
    await callback(first, back).expect(302);
    await first.get('/api/v1/me').expect(200);

    // The flow is spent: the same callback again finds nothing to match.
    const replay = await callback(first, back).expect(302);
    expect(replay.headers.location).toBe('/login?signInError=sign_in_expired');

    // Another browser with a fresh flow of its own: the old code under its state is refused by the provider.
    const other = await guestBrowser(t);
    const otherState = new URL(await start(other)).searchParams.get('state')!;
    const stolen = new URL(back);
    stolen.searchParams.set('state', otherState);
    const res = await callback(other, stolen).expect(302);
    expect(res.headers.location).toBe('/login?signInError=provider_refused');
    await other.get('/api/v1/me').expect(401);
  });

  it('a wrong nonce (the ID token was issued for another authorization request)', async () => {
    const who = account();
    const browser = await guestBrowser(t);
    const back = await provider.signIn(await start(browser), who);
    await tamperSession(browser, (s) => (s.oidcFlow.nonce = 'a-nonce-this-id-token-was-not-issued-for'));
    const res = await callback(browser, back).expect(302);
    expect(res.headers.location).toBe('/login?signInError=provider_refused');
    await browser.get('/api/v1/me').expect(401);
    expect(await userByEmail(who.email!)).toBeUndefined();
  });

  it('a callback without any flow, and an error from the provider', async () => {
    const browser = await guestBrowser(t);
    expect((await browser.get('/api/v1/auth/oidc/oidc/callback?code=x&state=y').expect(302)).headers.location).toBe(
      '/login?signInError=sign_in_expired',
    );
    const state = new URL(await start(browser)).searchParams.get('state')!;
    const res = await browser.get(`/api/v1/auth/oidc/oidc/callback?error=access_denied&state=${state}`).expect(302);
    expect(res.headers.location).toBe('/login?signInError=provider_refused');
  });
});

describe('an existing account with the same email', () => {
  it('links only after the password: nothing is linked or signed in before it, a wrong password changes nothing', async () => {
    const user = await createUser(t, { email: `linker-${Date.now()}@example.com` });
    const who = account({ email: user.email });
    const browser = await guestBrowser(t);
    const res = await providerSignIn(browser, who, '/account');
    expect(res.headers.location).toBe('/login?step=link&next=%2Faccount');
    await browser.get('/api/v1/me').expect(401);
    expect(await identitiesOf(user.id)).toHaveLength(0);

    const pending = await browser.get('/api/v1/auth/oidc/link').expect(200);
    expect(pending.body).toEqual({ provider: 'oidc', providerName: 'Test ID', email: user.email });

    await browser.post('/api/v1/auth/oidc/link', { password: 'not-the-password-at-all' }).expect(401);
    expect(await identitiesOf(user.id)).toHaveLength(0);
    await browser.get('/api/v1/me').expect(401);

    const linked = await browser.post('/api/v1/auth/oidc/link', { password: user.password }).expect(200);
    expect(linked.body).toMatchObject({ status: 'ok', user: { id: user.id } });
    expect(await identitiesOf(user.id)).toEqual([{ provider: 'oidc', subject: who.sub }]);
    expect(await auditEvents(user.id)).toContain('identity_linked');

    // From now on the provider signs this account in directly.
    const later = await guestBrowser(t);
    expect((await providerSignIn(later, who)).headers.location).toBe('/');
    expect((await later.get('/api/v1/me').expect(200)).body.id).toBe(user.id);
  });

  it('without a pending provider sign-in there is nothing to link', async () => {
    const user = await createUser(t);
    const browser = await guestBrowser(t);
    await browser.get('/api/v1/auth/oidc/link').expect(404);
    await browser.post('/api/v1/auth/oidc/link', { password: user.password }).expect(401);
    await browser.post('/api/v1/auth/oidc/link/email').expect(401);
  });

  it('links by the emailed link: signed, expiring, single-use, sent to the account only', async () => {
    const user = await createUser(t, { email: `emailed-${Date.now()}@example.com` });
    const who = account({ email: user.email });
    const browser = await guestBrowser(t);
    await providerSignIn(browser, who);
    await browser.post('/api/v1/auth/oidc/link/email').expect(202);
    await t.runJobs();
    const token = email.tokenFor(user.email, /Link Test ID to your account/);
    expect(await identitiesOf(user.id)).toHaveLength(0);

    // A token that was tampered with, or one that expired, links nothing.
    const elsewhere = await guestBrowser(t);
    const forged = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await elsewhere.post('/api/v1/auth/oidc/link/confirm', { token: forged }).expect(400);
    clock.advance(31 * 60_000);
    await elsewhere.post('/api/v1/auth/oidc/link/confirm', { token }).expect(400);
    clock.advance(-31 * 60_000);
    expect(await identitiesOf(user.id)).toHaveLength(0);

    const confirmed = await elsewhere.post('/api/v1/auth/oidc/link/confirm', { token }).expect(200);
    expect(confirmed.body).toEqual({ providerName: 'Test ID', email: user.email });
    expect(await identitiesOf(user.id)).toEqual([{ provider: 'oidc', subject: who.sub }]);
    // Following the link links; it does not sign anyone in.
    await elsewhere.get('/api/v1/me').expect(401);
    // It works once: the same link again is refused (before, it could re-link within its 30 minutes).
    await elsewhere.post('/api/v1/auth/oidc/link/confirm', { token }).expect(400);

    const later = await guestBrowser(t);
    await providerSignIn(later, who);
    expect((await later.get('/api/v1/me').expect(200)).body.id).toBe(user.id);
  });

  it('is never linked when it is a staff account', async () => {
    const staff = await createUser(t, { role: 'support', email: `staff-${Date.now()}@example.com` });
    const browser = await guestBrowser(t);
    const res = await providerSignIn(browser, account({ email: staff.email }));
    expect(res.headers.location).toBe('/login?signInError=staff_account');
    await browser.get('/api/v1/auth/oidc/link').expect(404);
    expect(await identitiesOf(staff.id)).toHaveLength(0);
  });
});

describe('MFA still applies', () => {
  it('a user with TOTP signing in with the provider must still pass the MFA step', async () => {
    const user = await createUser(t, { email: `mfa-${Date.now()}@example.com` });
    const owner = new Browser(t.agent());
    await owner.login(user.email, user.password);
    const { secret } = (await owner.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
    await owner.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
    const who = account({ email: user.email });

    // Linking with the password still leaves the second factor to do.
    const linking = await guestBrowser(t);
    await providerSignIn(linking, who);
    const linked = await linking.post('/api/v1/auth/oidc/link', { password: user.password }).expect(200);
    expect(linked.body.status).toBe('mfa_required');
    expect((await linking.get('/api/v1/me').expect(401)).body.error.code).toBe('MFA_REQUIRED');
    expect(await identitiesOf(user.id)).toHaveLength(1);

    // A later provider sign-in stops at the MFA step too, until the code is given.
    const browser = await guestBrowser(t);
    const res = await providerSignIn(browser, who, '/account');
    expect(res.headers.location).toBe('/login?step=mfa&methods=totp&next=%2Faccount');
    expect((await browser.get('/api/v1/me').expect(401)).body.error.code).toBe('MFA_REQUIRED');
    await browser.refreshCsrf();
    clock.advance(60_000);
    await browser.post('/api/v1/auth/mfa/verify', { code: '000000' }).expect(401);
    const done = await browser.post('/api/v1/auth/mfa/verify', { code: totpAt(secret, clock.now()) }).expect(200);
    expect(done.body).toMatchObject({ status: 'ok', user: { id: user.id, mfaEnabled: true } });
    await browser.get('/api/v1/me').expect(200);
  });
});

describe('sign-in methods on the account', () => {
  it('refuses to unlink the last way in, sets a first password without a current one, then unlinks', async () => {
    const who = account();
    const browser = await guestBrowser(t);
    await providerSignIn(browser, who);
    await browser.refreshCsrf();
    const list = await browser.get('/api/v1/me/identities').expect(200);
    expect(list.body).toMatchObject({
      hasPassword: false,
      items: [{ provider: 'oidc', providerName: 'Test ID', email: who.email, canUnlink: false }],
    });
    const identityId: string = list.body.items[0].id;

    const refused = await browser.delete(`/api/v1/me/identities/${identityId}`).expect(409);
    expect(refused.body.error.message).toMatch(/only way to sign in/);
    expect(await identitiesOf((await userByEmail(who.email!))!.id)).toHaveLength(1);

    await browser.post('/api/v1/me/password', { newPassword: 'password' }).expect(400);
    await browser.post('/api/v1/me/password', { newPassword: TEST_PASSWORD }).expect(204);
    const after = await browser.get('/api/v1/me/identities').expect(200);
    expect(after.body).toMatchObject({ hasPassword: true, items: [{ canUnlink: true }] });
    // Now that there is a password, changing it needs the current one.
    await browser.post('/api/v1/me/password', { newPassword: 'another-long-secret-31' }).expect(400);

    await browser.delete(`/api/v1/me/identities/${identityId}`).expect(204);
    await browser.delete(`/api/v1/me/identities/${identityId}`).expect(404);
    const userId = (await userByEmail(who.email!))!.id;
    expect(await identitiesOf(userId)).toHaveLength(0);
    expect(await auditEvents(userId)).toEqual(expect.arrayContaining(['password_set', 'identity_unlinked']));
    expect((await (await guestBrowser(t)).login(who.email!, TEST_PASSWORD)).status).toBe(200);
  });

  it("cannot unlink another account's identity", async () => {
    const owner = await guestBrowser(t);
    await providerSignIn(owner, account());
    await owner.refreshCsrf();
    const id: string = (await owner.get('/api/v1/me/identities').expect(200)).body.items[0].id;
    const { browser: stranger } = await (async () => {
      const u = await createUser(t);
      const b = new Browser(t.agent());
      await b.login(u.email, u.password);
      return { browser: b };
    })();
    await stranger.delete(`/api/v1/me/identities/${id}`).expect(404);
  });

  it('a password sign-in to an account without a password is refused like a wrong password', async () => {
    const who = account();
    await providerSignIn(await guestBrowser(t), who);
    expect((await (await guestBrowser(t)).login(who.email!, TEST_PASSWORD)).status).toBe(401);
  });
});

describe('erasure', () => {
  it("erasing the account deletes its linked identities (the provider's email and subject go with it)", async () => {
    const who = account();
    const browser = await guestBrowser(t);
    await providerSignIn(browser, who);
    await browser.refreshCsrf();
    const userId = (await userByEmail(who.email!))!.id;
    await browser.post('/api/v1/me/password', { newPassword: TEST_PASSWORD }).expect(204);
    await browser.post('/api/v1/me/erase', { password: TEST_PASSWORD }).expect(200);
    expect(await identitiesOf(userId)).toHaveLength(0);
  });
});

describe('the provider goes down', () => {
  it('after discovery: the callback cannot reach it and says so', async () => {
    const browser = await guestBrowser(t);
    const back = await provider.signIn(await start(browser), account());
    await provider.stop();
    const res = await callback(browser, back).expect(302);
    expect(res.headers.location).toBe('/login?signInError=provider_unavailable');
    await browser.get('/api/v1/me').expect(401);
  });
});
