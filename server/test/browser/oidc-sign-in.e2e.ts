/// <reference lib="dom" />
/**
 * Sign in with an OpenID provider in a real browser: the storefront's button, the real provider
 * (oidc-provider in a child process) and back, then the account's sign-in methods. Screenshots go to
 * artifacts/screenshots (not committed).
 */
import http from 'node:http';
import type { Browser as Chromium } from 'playwright-core';
import { launchChromium, screenshot } from '../support/chromium';
import { closedPort, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { createTestApp, type TestApp } from '../support/test-app';

const CLIENT = { clientId: 'bazaar-shop', clientSecret: 'bazaar-shop-client-secret-0123456789' };
const SHOPPER = { sub: 'browser-shopper', email: `browser-${Date.now()}@example.com`, email_verified: true, name: 'Bea Browser' };

let t: TestApp;
let provider: TestOidcProvider;
let server: http.Server;
let chromium: Chromium;
let url: string;

beforeAll(async () => {
  // The redirect URI names the shop's address, so the port is chosen before either side starts.
  const port = await closedPort();
  url = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ ...CLIENT, redirectUris: [`${url}/api/v1/auth/oidc/oidc/callback`], defaultAccount: SHOPPER });
  t = await createTestApp({
    PUBLIC_URL: url,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_NAME: 'Test ID',
  });
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
  await provider?.stop();
});

describe('sign in with a provider in a browser', () => {
  it('the button signs a new shopper in through the provider; the account page lists the method and sets a first password', async () => {
    const page = await chromium.newPage({ baseURL: url });
    await page.goto('/login?next=%2Faccount');
    const consent = page.getByRole('region', { name: 'Cookie consent' });
    if (await consent.isVisible().catch(() => false)) await consent.getByRole('button', { name: 'Necessary only' }).click();
    const button = page.getByRole('link', { name: 'Sign in with Test ID' });
    await button.waitFor();
    await screenshot(page, 'oidc-sign-in-page');
    await button.click();

    // Through the provider and back to the page asked for, signed in.
    await page.waitForURL(`${url}/account`);
    await page.getByRole('heading', { name: 'Hello, Bea Browser' }).waitFor();
    await page.getByRole('tab', { name: 'Security' }).click();
    const methods = page.locator('section', { has: page.getByRole('heading', { name: 'Sign-in methods' }) });
    await methods.getByText(`Test ID (${SHOPPER.email})`).waitFor();
    await methods.getByText('Your only way to sign in').waitFor();
    await screenshot(page, 'oidc-sign-in-methods');

    await methods.getByLabel('Set a password (at least 12 characters)').fill('a-first-password-for-bea');
    await methods.getByRole('button', { name: 'Set a password' }).click();
    await methods.getByRole('button', { name: 'Unlink Test ID' }).waitFor();
    await methods.getByText('Password', { exact: true }).waitFor();
    await screenshot(page, 'oidc-sign-in-methods-with-password');
  }, 60_000);

  it('an unverified email at the provider is refused with its reason on the sign-in page', async () => {
    const page = await chromium.newPage({ baseURL: url });
    await page.goto('/login?signInError=email_not_verified');
    await page.getByRole('alert').filter({ hasText: 'Your provider has not verified this email address' }).waitFor();
  });
});
