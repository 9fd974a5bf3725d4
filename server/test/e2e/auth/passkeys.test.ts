import type { PasskeyCreationOptions, PasskeyRequestOptions } from '@bazaar/shared';
import { totpAt } from '../../../src/modules/accounts';
import { Browser, createUser, guestBrowser, signedInBrowser } from '../../support/browser';
import { FakeClock } from '../../support/fakes';
import { createProduct } from '../../support/shop';
import { SoftwareAuthenticator } from '../../support/software-authenticator';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const clock = new FakeClock();

beforeAll(async () => {
  t = await createTestApp({}, { clock });
});
afterAll(() => t.close());

/** Registers a passkey for the signed-in browser with `authenticator`; returns the stored passkey's id and credential id. */
async function addPasskey(browser: Browser, authenticator: SoftwareAuthenticator, name = 'Laptop') {
  const options = (await browser.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;
  const response = authenticator.register(options);
  const created = await browser.post('/api/v1/me/passkeys', { name, response }).expect(201);
  return { id: created.body.id as string, credentialId: response.id };
}

/** A signed-in customer with one passkey on a software authenticator. */
async function customerWithPasskey() {
  const { browser, user } = await signedInBrowser(t);
  const authenticator = new SoftwareAuthenticator();
  const passkey = await addPasskey(browser, authenticator);
  return { browser, user, authenticator, passkey };
}

/** A passkey-alone sign-in in a fresh browser: options, then the assertion `sign` makes from them. */
async function passkeySignIn(
  sign: (options: PasskeyRequestOptions) => unknown,
  browser?: Browser,
  extra: Record<string, unknown> = {},
): Promise<{ browser: Browser; res: Awaited<ReturnType<Browser['post']>> }> {
  const b = browser ?? (await guestBrowser(t));
  const options = (await b.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
  const res = await b.post('/api/v1/auth/passkey/verify', { response: sign(options), ...extra });
  if (res.body?.csrfToken) b.csrfToken = res.body.csrfToken as string;
  return { browser: b, res };
}

const events = async (userId: string) =>
  (
    await t.container.db.select<{ event: string; details: string | null }>(
      'SELECT event, details FROM audit_logs WHERE target_user_id = ? ORDER BY id',
      [userId],
    )
  ).map((e) => ({ event: e.event, details: typeof e.details === 'string' ? JSON.parse(e.details) : e.details }));

/** What the server keeps in a browser's session. */
const sessionOf = async (browser: Browser) => {
  const row = await t.container.db.one<{ data: string }>('SELECT data FROM sessions WHERE session_id = ?', [browser.sessionId]);
  return JSON.parse(row!.data) as { userId?: string; mfa?: boolean; passkeyChallenges?: unknown[] };
};

describe('registering passkeys on the account', () => {
  it('asks for a discoverable credential with user verification, stores it, lists it and never offers the same authenticator twice', async () => {
    const { browser, user } = await signedInBrowser(t);
    const options = (await browser.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Bazaar' },
      user: { name: user.email, displayName: 'Test User' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: [],
    });
    const authenticator = new SoftwareAuthenticator();
    const response = authenticator.register(options);
    const created = await browser.post('/api/v1/me/passkeys', { name: '  Work laptop ', response }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Work laptop',
      deviceType: 'singleDevice',
      backedUp: false,
      transports: ['internal'],
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    const stored = await t.container.db.one<{ credential_id: string; counter: number; user_id: string }>(
      'SELECT credential_id, counter, user_id FROM passkeys WHERE id = ?',
      [created.body.id],
    );
    expect(stored).toEqual({ credential_id: response.id, counter: 0, user_id: user.id });
    expect((await browser.get('/api/v1/me/passkeys').expect(200)).body.items).toEqual([created.body]);

    const again = (await browser.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;
    expect(again.excludeCredentials).toEqual([{ id: response.id, type: 'public-key', transports: ['internal'] }]);
    expect(again.challenge).not.toBe(options.challenge);
    expect((await events(user.id)).filter((e) => e.event === 'passkey_registered')).toEqual([
      { event: 'passkey_registered', details: { passkey: created.body.id, name: 'Work laptop', deviceType: 'singleDevice' } },
    ]);
  });

  it('refuses a wrong challenge, a challenge answered twice, an expired one, a foreign origin and a credential made without user verification', async () => {
    const { browser } = await signedInBrowser(t);
    const authenticator = new SoftwareAuthenticator();
    const options = async () => (await browser.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;

    const wrong = await browser
      .post('/api/v1/me/passkeys', {
        name: 'X',
        response: authenticator.register(await options(), { challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' }),
      })
      .expect(400);
    expect(wrong.body.error.message).toMatch(/expired or was already used/);

    // A failed answer uses its challenge up: the same options cannot be answered again.
    const once = await options();
    await browser
      .post('/api/v1/me/passkeys', { name: 'X', response: authenticator.register(once, { origin: 'http://evil.example' }) })
      .expect(400);
    const reused = await browser.post('/api/v1/me/passkeys', { name: 'X', response: authenticator.register(once) }).expect(400);
    expect(reused.body.error.message).toMatch(/expired or was already used/);

    const late = await options();
    clock.advance(5 * 60_000 + 1);
    await browser.post('/api/v1/me/passkeys', { name: 'X', response: authenticator.register(late) }).expect(400);

    await browser
      .post('/api/v1/me/passkeys', { name: 'X', response: authenticator.register(await options(), { userVerified: false }) })
      .expect(400);
    // A name is required; nothing was stored by any of these.
    await browser.post('/api/v1/me/passkeys', { name: ' ', response: authenticator.register(await options()) }).expect(400);
    expect((await browser.get('/api/v1/me/passkeys').expect(200)).body.items).toEqual([]);
  });

  it("refuses a credential id another account already registered (409), and answers 404 for another account's passkey", async () => {
    const alice = await customerWithPasskey();
    const { browser: bob } = await signedInBrowser(t);
    const options = (await bob.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;
    const copy = new SoftwareAuthenticator().register(options, { credentialId: Buffer.from(alice.passkey.credentialId, 'base64url') });
    await bob.post('/api/v1/me/passkeys', { name: 'Copied', response: copy }).expect(409);

    await bob.patch(`/api/v1/me/passkeys/${alice.passkey.id}`, { name: 'Mine now' }).expect(404);
    await bob.delete(`/api/v1/me/passkeys/${alice.passkey.id}`).expect(404);
    expect((await alice.browser.get('/api/v1/me/passkeys').expect(200)).body.items).toEqual([
      expect.objectContaining({ id: alice.passkey.id, name: 'Laptop' }),
    ]);
  });

  it('renames and removes own passkeys (removal audited); the guest and the half-signed-in get nothing', async () => {
    const { browser, user, authenticator, passkey } = await customerWithPasskey();
    const second = await addPasskey(browser, authenticator, 'Phone');
    const renamed = await browser.patch(`/api/v1/me/passkeys/${passkey.id}`, { name: 'Old laptop' }).expect(200);
    expect(renamed.body).toMatchObject({ id: passkey.id, name: 'Old laptop' });
    await browser.patch(`/api/v1/me/passkeys/${passkey.id}`, { name: 'x'.repeat(61) }).expect(400);
    await browser.patch(`/api/v1/me/passkeys/${passkey.id}`, { name: 'Old laptop' }).expect(200); // the same name again

    await browser.delete(`/api/v1/me/passkeys/${second.id}`).expect(204);
    await browser.delete(`/api/v1/me/passkeys/${passkey.id}`).expect(204);
    expect((await browser.get('/api/v1/me/passkeys').expect(200)).body.items).toEqual([]);
    expect((await events(user.id)).filter((e) => e.event === 'passkey_removed').map((e) => e.details.name)).toEqual([
      'Phone',
      'Old laptop',
    ]);
    // The removed passkey signs no one in.
    const { res } = await passkeySignIn((o) => authenticator.assert(o, { credentialId: passkey.credentialId }));
    expect(res.status).toBe(401);

    const guest = await guestBrowser(t);
    await guest.get('/api/v1/me/passkeys').expect(401);
    await guest.post('/api/v1/me/passkeys/options').expect(401);
  });

  it('keeps the last passkey of an account with no password: it is the only way in', async () => {
    const { browser, user, passkey } = await customerWithPasskey();
    await t.container.db.execute("UPDATE users SET password_hash = '' WHERE id = ?", [user.id]);
    const refused = await browser.delete(`/api/v1/me/passkeys/${passkey.id}`).expect(409);
    expect(refused.body.error.message).toMatch(/only way to sign in/);
    expect((await browser.get('/api/v1/me/passkeys').expect(200)).body.items).toHaveLength(1);
  });
});

describe('signing in with a passkey alone', () => {
  it('needs no email: empty allowCredentials, user verification required; the session is signed in with MFA and the guest cart joins', async () => {
    const { user, authenticator, passkey } = await customerWithPasskey();
    const product = await createProduct(t);
    const guest = await guestBrowser(t);
    await guest.post('/api/v1/cart/items', { variantId: product.variants[0]!.id, quantity: 2 }).expect(200);

    const options = (await guest.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    expect(options).toMatchObject({ rpId: 'localhost', allowCredentials: [], userVerification: 'required' });
    const before = guest.sessionId;
    const res = await guest.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(options) }).expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      user: expect.objectContaining({ id: user.id, email: user.email }),
      csrfToken: expect.any(String),
    });
    guest.csrfToken = res.body.csrfToken;
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('bazaar.sid='))!;
    guest.cookie = cookie.split(';')[0]!;
    expect(guest.sessionId).not.toBe(before); // a new session id: no fixation
    expect(await sessionOf(guest)).toMatchObject({ userId: user.id, mfa: true });
    expect((await guest.get('/api/v1/me').expect(200)).body.id).toBe(user.id);
    const cart = (await guest.get('/api/v1/cart').expect(200)).body;
    expect(cart.items).toEqual([expect.objectContaining({ variantId: product.variants[0]!.id, quantity: 2 })]);

    const stored = await t.container.db.one<{ counter: number; last_used_at: Date | null }>(
      'SELECT counter, last_used_at FROM passkeys WHERE id = ?',
      [passkey.id],
    );
    expect(stored?.counter).toBe(1);
    expect(stored?.last_used_at).toBeInstanceOf(Date);
    expect((await events(user.id)).at(-1)).toEqual({ event: 'login_succeeded', details: { method: 'passkey', mfa: true } });
  });

  it('lets the autofill request and a click overlap: each challenge is answered once, in any order', async () => {
    const { authenticator } = await customerWithPasskey();
    const browser = await guestBrowser(t);
    const autofill = (await browser.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    const click = (await browser.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    const late = await browser.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(autofill) }).expect(200);
    expect(late.body.status).toBe('ok');
    const other = await guestBrowser(t);
    // The other challenge belongs to the first browser's (old) session, not to anyone else's.
    await other.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(click) }).expect(401);
  });

  it('refuses a stale counter (a cloned credential) and audits it', async () => {
    const { user, authenticator } = await customerWithPasskey();
    expect((await passkeySignIn((o) => authenticator.assert(o, { counter: 5 }))).res.status).toBe(200);
    // The clone still says 5 (or less): refused, however good its signature.
    for (const counter of [5, 3, 0]) {
      const { res } = await passkeySignIn((o) => authenticator.assert(o, { counter }));
      expect(res.status).toBe(401);
    }
    expect((await passkeySignIn((o) => authenticator.assert(o, { counter: 6 }))).res.status).toBe(200);
    const refused = (await events(user.id)).filter((e) => e.event === 'passkey_refused');
    expect(refused).toHaveLength(3);
    expect(refused[0]!.details).toMatchObject({ reason: 'stale_counter', storedCounter: 5 });
  });

  it('allows an authenticator that keeps no counter (always 0)', async () => {
    const { authenticator } = await customerWithPasskey();
    for (let i = 0; i < 2; i++) expect((await passkeySignIn((o) => authenticator.assert(o, { counter: 0 }))).res.status).toBe(200);
  });

  it('refuses a wrong challenge, an answered challenge, an expired one, another origin, no user verification and a foreign user handle', async () => {
    const { authenticator, user } = await customerWithPasskey();
    const refusedWith = async (sign: Parameters<typeof passkeySignIn>[0]) => (await passkeySignIn(sign)).res.status;
    expect(await refusedWith((o) => authenticator.assert(o, { challenge: 'c29tZS1vdGhlci1jaGFsbGVuZ2U' }))).toBe(401);
    expect(await refusedWith((o) => authenticator.assert(o, { origin: 'http://localhost:4000' }))).toBe(401);
    expect(await refusedWith((o) => authenticator.assert(o, { userVerified: false }))).toBe(401);
    expect(await refusedWith((o) => authenticator.assert(o, { userHandle: Buffer.from('someone-else').toString('base64url') }))).toBe(401);

    // One challenge, one answer: a replay of a good assertion is refused even with a newer counter.
    const browser = await guestBrowser(t);
    const options = (await browser.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    const first = await browser.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(options) }).expect(200);
    const replayer = await guestBrowser(t);
    await replayer.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(options) }).expect(401);
    expect(first.body.status).toBe('ok');

    const late = await guestBrowser(t);
    const lateOptions = (await late.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    clock.advance(5 * 60_000 + 1);
    await late.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(lateOptions) }).expect(401);
    expect((await sessionOf(late)).passkeyChallenges).toEqual([]);

    const reasons = (await events(user.id)).filter((e) => e.event === 'login_failed').map((e) => e.details.reason);
    // A wrong challenge matches none the session handed out: refused before any credential is looked at.
    expect(reasons).toEqual(['invalid_assertion', 'invalid_assertion', 'user_handle_mismatch']);
  });

  it('refuses an unknown credential and a locked account', async () => {
    const { user, authenticator } = await customerWithPasskey();
    const stranger = new SoftwareAuthenticator();
    stranger.register({ ...(await fakeCreationOptions()), user: { id: 'eA', name: 'x', displayName: 'x' } });
    expect((await passkeySignIn((o) => stranger.assert(o))).res.status).toBe(401);

    await t.container.db.execute('UPDATE users SET disabled_at = UTC_TIMESTAMP(3) WHERE id = ?', [user.id]);
    expect((await passkeySignIn((o) => authenticator.assert(o))).res.status).toBe(423);
  });

  it('keeps remember-me when asked; the remembered sign-in comes back with MFA', async () => {
    const { authenticator } = await customerWithPasskey();
    const { res } = await passkeySignIn((o) => authenticator.assert(o), undefined, { remember: true });
    expect(res.status).toBe(200);
    const rt = ([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]).find((c) => /^bazaar\.rt=[^;]+/.test(c))!;
    const device = await guestBrowser(t);
    const refreshed = await device.agent
      .post('/api/v1/auth/refresh')
      .set('Cookie', rt.split(';')[0]!)
      .set('X-CSRF-Token', device.csrfToken)
      .expect(200);
    device.cookie = ([] as string[])
      .concat(refreshed.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('bazaar.sid='))!
      .split(';')[0]!;
    expect(await sessionOf(device)).toMatchObject({ mfa: true });
  });

  it("the account's data export names its passkeys, and holds no key material", async () => {
    const { browser } = await customerWithPasskey();
    const exported = (await browser.get('/api/v1/me/data-export').expect(200)).body;
    expect(exported.signInMethods).toEqual({
      identities: [],
      passkeys: [{ name: 'Laptop', deviceType: 'singleDevice', createdAt: expect.any(String), lastUsedAt: null }],
    });
    expect(JSON.stringify(exported.signInMethods)).not.toMatch(/publicKey|credentialId/i);
  });

  it('erasing the account deletes its passkeys', async () => {
    const { browser, user, authenticator } = await customerWithPasskey();
    await browser.post('/api/v1/me/erase', { password: user.password }).expect(200);
    expect(await t.container.db.one('SELECT id FROM passkeys WHERE user_id = ?', [user.id])).toBeUndefined();
    expect((await passkeySignIn((o) => authenticator.assert(o))).res.status).toBe(401);
  });
});

/** Registration options of a throwaway account, for an authenticator that is never registered here. */
async function fakeCreationOptions(): Promise<PasskeyCreationOptions> {
  const { browser } = await signedInBrowser(t);
  return (await browser.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;
}

describe('a passkey as the step after the password', () => {
  it('asks a passkey holder for the second step and accepts one of their passkeys instead of a code', async () => {
    const { user, authenticator, passkey } = await customerWithPasskey();
    const browser = new Browser(t.agent());
    const login = await browser.login(user.email, user.password, { remember: true });
    expect(login.body).toEqual({ status: 'mfa_required', csrfToken: expect.any(String), methods: ['passkey'] });
    await browser.get('/api/v1/me').expect(401);

    const options = (await browser.post('/api/v1/auth/mfa/passkey/options').expect(200)).body as PasskeyRequestOptions;
    expect(options.allowCredentials).toEqual([{ id: passkey.credentialId, type: 'public-key', transports: ['internal'] }]);
    expect(options.userVerification).toBe('preferred');
    // User verification is not needed here: the password was the other factor.
    const res = await browser.post('/api/v1/auth/mfa/passkey/verify', { response: authenticator.assert(options, { userVerified: false }) });
    expect(res.status).toBe(200);
    browser.csrfToken = res.body.csrfToken;
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]);
    browser.cookie = cookie.find((c) => c.startsWith('bazaar.sid='))!.split(';')[0]!;
    expect(cookie.some((c) => /^bazaar\.rt=[^;]+/.test(c))).toBe(true); // remember-me asked for at the password step
    expect(await sessionOf(browser)).toMatchObject({ userId: user.id, mfa: true });
    await browser.get('/api/v1/me').expect(200);
  });

  it("refuses another account's passkey, and counts failures like wrong codes", async () => {
    const alice = await customerWithPasskey();
    const mallory = await customerWithPasskey();
    const browser = new Browser(t.agent());
    await browser.login(alice.user.email, alice.user.password);
    for (let i = 0; i < 5; i++) {
      const options = (await browser.post('/api/v1/auth/mfa/passkey/options').expect(200)).body as PasskeyRequestOptions;
      await browser.post('/api/v1/auth/mfa/passkey/verify', { response: mallory.authenticator.assert(options) }).expect(401);
    }
    const options = (await browser.post('/api/v1/auth/mfa/passkey/options').expect(200)).body as PasskeyRequestOptions;
    await browser.post('/api/v1/auth/mfa/passkey/verify', { response: alice.authenticator.assert(options) }).expect(423);
    expect((await events(alice.user.id)).filter((e) => e.event === 'account_locked')).toHaveLength(1);
    clock.advance(16 * 60_000);
  });

  it('offers both a code and a passkey to an account with TOTP and a passkey; without the password step there is nothing to answer', async () => {
    const { browser, user, authenticator } = await customerWithPasskey();
    const { secret } = (await browser.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
    await browser.post('/api/v1/me/mfa/enable', { code: totpAt(secret, clock.now()) }).expect(200);
    const pending = new Browser(t.agent());
    expect((await pending.login(user.email, user.password)).body.methods).toEqual(['totp', 'passkey']);

    const guest = await guestBrowser(t);
    await guest.post('/api/v1/auth/mfa/passkey/options').expect(401);
    await guest.post('/api/v1/auth/mfa/passkey/verify', { response: authenticator.assert({ challenge: 'eA' }) }).expect(401);
  });

  it('an account without passkeys or TOTP signs in with the password alone', async () => {
    const user = await createUser(t);
    expect((await new Browser(t.agent()).login(user.email, user.password)).body.status).toBe('ok');
  });
});

describe('a passkey to confirm it is you before a sensitive action', () => {
  it('answers REAUTH_REQUIRED with a passkey, refusing another account’s, and counts failures towards the lockout like wrong codes', async () => {
    const { browser, user, authenticator } = await customerWithPasskey();
    const other = await customerWithPasskey();
    clock.advance(20 * 60_000); // past the 15 minutes since the sign-in proved the account
    expect((await browser.post('/api/v1/me/mfa/setup').expect(403)).body.error.code).toBe('REAUTH_REQUIRED');

    const foreign = (await browser.post('/api/v1/auth/reauth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    expect(foreign.userVerification).toBe('required');
    await browser.post('/api/v1/auth/reauth/passkey/verify', { response: other.authenticator.assert(foreign) }).expect(401);
    await browser.post('/api/v1/me/mfa/setup').expect(403);

    const options = (await browser.post('/api/v1/auth/reauth/passkey/options').expect(200)).body as PasskeyRequestOptions;
    await browser.post('/api/v1/auth/reauth/passkey/verify', { response: authenticator.assert(options) }).expect(204);
    // The challenge was answered: the same answer again is refused.
    await browser.post('/api/v1/auth/reauth/passkey/verify', { response: authenticator.assert(options) }).expect(401);
    await browser.post('/api/v1/me/mfa/setup').expect(200);
    expect((await events(user.id)).map((e) => e.event)).toEqual(expect.arrayContaining(['mfa_failed', 'reauthenticated', 'mfa_failed']));
    // Without a passkey there is nothing to answer with.
    const { browser: plain } = await signedInBrowser(t);
    await plain.post('/api/v1/auth/reauth/passkey/options').expect(409);
  });
});

describe('staff who must use two factors (REQUIRE_ADMIN_MFA)', () => {
  it('reach the admin routes after a passkey sign-in, alone or as the second step, and not with the password alone', async () => {
    const strict = await createTestApp({ REQUIRE_ADMIN_MFA: 'true' }, { clock });
    try {
      const admin = await createUser(strict, { role: 'admin' });
      const browser = new Browser(strict.agent());
      await browser.login(admin.email, admin.password);
      await browser.get('/api/v1/admin/users').expect(403);
      const authenticator = new SoftwareAuthenticator();
      const options = (await browser.post('/api/v1/me/passkeys/options').expect(200)).body as PasskeyCreationOptions;
      await browser.post('/api/v1/me/passkeys', { name: 'Office key', response: authenticator.register(options) }).expect(201);

      const alone = new Browser(strict.agent());
      await alone.refreshCsrf();
      const signIn = (await alone.post('/api/v1/auth/passkey/options').expect(200)).body as PasskeyRequestOptions;
      alone.csrfToken = (
        await alone.post('/api/v1/auth/passkey/verify', { response: authenticator.assert(signIn) }).expect(200)
      ).body.csrfToken;
      await alone.get('/api/v1/admin/users').expect(200);

      const twoStep = new Browser(strict.agent());
      expect((await twoStep.login(admin.email, admin.password)).body.methods).toEqual(['passkey']);
      const second = (await twoStep.post('/api/v1/auth/mfa/passkey/options').expect(200)).body as PasskeyRequestOptions;
      twoStep.csrfToken = (
        await twoStep.post('/api/v1/auth/mfa/passkey/verify', { response: authenticator.assert(second) }).expect(200)
      ).body.csrfToken;
      await twoStep.get('/api/v1/admin/users').expect(200);
    } finally {
      await strict.close();
    }
  });
});
