/// <reference lib="dom" />
/**
 * Passkeys in a real browser: Debian's chromium (playwright-core) with its virtual authenticator
 * (CDP `WebAuthn` domain: a CTAP2 platform authenticator with resident keys and user verification),
 * against the real server and MariaDB. WebAuthn needs a secure context and an RP id that is the
 * page's host: the shop is reached as http://localhost:<port> and its relying party is `localhost`.
 * Screenshots go to artifacts/screenshots (not committed).
 */
import net from 'node:net';
import type { Browser as Chromium, BrowserContext, CDPSession, Page } from 'playwright-core';
import { createUser } from '../support/browser';
import { launchChromium, screenshot as shot } from '../support/chromium';
import { listenWithRealtime } from '../support/realtime-server';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let server: Awaited<ReturnType<typeof listenWithRealtime>>;
let browser: Chromium;
let origin: string;

/** A port free right now, so the app can be configured with its own public URL before it listens. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const port = await freePort();
  origin = `http://localhost:${port}`;
  t = await createTestApp({ PUBLIC_URL: origin });
  server = await listenWithRealtime(t, port);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  privateKey: string;
  userHandle: string;
  signCount: number;
}

/** A page on the shop with a virtual platform authenticator attached (it verifies the user, like a fingerprint reader). */
async function pageWithAuthenticator(): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext({ baseURL: origin });
  contexts.push(context);
  // The virtual authenticator answers the email field's autofill request at once (no one to pick
  // a passkey from the list): it is allowed only where a test asks for it with `autofill=on`.
  await context.addInitScript(() => {
    if (!location.search.includes('autofill=on')) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { page, cdp, authenticatorId };
}

async function credentialsOf(cdp: CDPSession, authenticatorId: string): Promise<VirtualCredential[]> {
  return ((await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as { credentials: VirtualCredential[] }).credentials;
}

async function signOut(page: Page) {
  await page.goto('/account');
  const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout') && r.status() === 204);
  await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
  await loggedOut;
  await page.waitForURL((url) => url.pathname === '/');
  await shot(page, 'passkeys-signed-out');
}

/** The sign-in page, with the passkey button pressed: no email typed. */
async function signInWithPasskey(page: Page) {
  await page.goto('/login?next=/account');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
}

describe('passkeys in a browser', () => {
  it('registers a passkey on the account page, signs in with it alone, and refuses a clone with a stale counter', async () => {
    const user = await createUser(t, { name: 'Pat Passkey' });
    const { page, cdp, authenticatorId } = await pageWithAuthenticator();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));

    // Signed in with the password, the shopper adds a passkey in Account → Security.
    await page.goto('/login?next=/account');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByLabel('Name for a new passkey').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('status').filter({ hasText: 'Passkey “Test laptop” added.' }).waitFor();
    await page.getByRole('list', { name: 'Your passkeys' }).getByText('Test laptop', { exact: true }).waitFor();
    await shot(page, 'passkeys-account');
    const [created] = await credentialsOf(cdp, authenticatorId);
    expect(created).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    const stored = await t.container.db.one<{ user_id: string; credential_id: string }>(
      'SELECT user_id, credential_id FROM passkeys WHERE user_id = ?',
      [user.id],
    );
    expect(stored!.credential_id).toBe(Buffer.from(created!.credentialId, 'base64').toString('base64url'));

    // Signed out, the passkey alone signs back in: no email, no password.
    await signOut(page);
    await signInWithPasskey(page);
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { name: 'Hello, Pat Passkey' }).waitFor();
    const session = await t.container.db.one<{ data: string }>(
      'SELECT data FROM sessions WHERE user_id = ? ORDER BY expires DESC LIMIT 1',
      [user.id],
    );
    expect(JSON.parse(session!.data)).toMatchObject({ userId: user.id, mfa: true });

    // Where the browser offers passkeys in the email field's autofill, picking one signs in too.
    await signOut(page);
    await page.goto('/login?next=/account&autofill=on');
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { name: 'Hello, Pat Passkey' }).waitFor();
    const uses = await t.container.db.select<{ event: string }>(
      "SELECT event FROM audit_logs WHERE target_user_id = ? AND event = 'login_succeeded' AND JSON_VALUE(details, '$.method') = 'passkey'",
      [user.id],
    );
    expect(uses).toHaveLength(2);

    // A copy of the credential as it is now, then one more sign-in moves the counter past it.
    const [copy] = await credentialsOf(cdp, authenticatorId);
    expect(copy!.signCount).toBeGreaterThan(0);
    await signOut(page);
    await signInWithPasskey(page);
    await page.waitForURL((url) => url.pathname === '/account');
    await signOut(page);

    // The authenticator now holds the copy with its old counter: the shop refuses it as a clone.
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: copy!.credentialId });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: copy! });
    await signInWithPasskey(page);
    await page.getByRole('alert').filter({ hasText: 'That passkey could not be used to sign in here.' }).waitFor();
    await shot(page, 'passkeys-clone-refused');
    expect(new URL(page.url()).pathname).toBe('/login');
    const refused = await t.container.db.select<{ event: string }>(
      "SELECT event FROM audit_logs WHERE target_user_id = ? AND event = 'passkey_refused'",
      [user.id],
    );
    expect(refused).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 120_000);

  it('asks a passkey holder for the second step after the password, and a passkey answers it', async () => {
    const user = await createUser(t, { name: 'Sam Second' });
    const { page } = await pageWithAuthenticator();
    const passwordStep = async () => {
      await page.goto('/login?next=/account');
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    await passwordStep();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByLabel('Name for a new passkey').fill('Phone');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('status').filter({ hasText: 'Passkey “Phone” added.' }).waitFor();
    await signOut(page);

    await passwordStep();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    // No authenticator app on this account: the passkey is the only second factor offered.
    expect(await page.getByLabel('Code from your authenticator app').count()).toBe(0);
    await shot(page, 'passkeys-second-step');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { name: 'Hello, Sam Second' }).waitFor();
  }, 120_000);
});
