/// <reference lib="dom" />
/**
 * API keys in a real browser against the real server: an admin makes a key, copies its secret from
 * the one dialog that shows it, an integration uses it, and revoking it on the screen stops it.
 */
import type { Browser as Chromium } from 'playwright-core';
import { createUser } from '../support/browser';
import { launchChromium, screenshot } from '../support/chromium';
import { listenWithRealtime } from '../support/realtime-server';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let server: Awaited<ReturnType<typeof listenWithRealtime>>;
let browser: Chromium;
beforeAll(async () => {
  t = await createTestApp();
  server = await listenWithRealtime(t);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

it('an admin creates a key, copies it once, an integration uses it, and revoking it on the screen stops it', async () => {
  const admin = await createUser(t, { role: 'admin', name: 'Ada Admin' });
  const context = await browser.newContext({ baseURL: server.url, permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const page = await context.newPage();
    await page.goto('/login?next=%2Fadmin%2Fapi-keys');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    await form.getByLabel(/^Name/).fill('Order export');
    await form.getByRole('checkbox', { name: 'orders:read' }).check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new key: Order export' });
    const secret = (await shown.getByLabel('New API key').textContent())!.trim();
    expect(secret).toMatch(/^bzk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, 'admin-api-key-created');
    await shown.getByRole('button', { name: 'Done' }).click();

    const headers = { Authorization: `Bearer ${secret}` };
    expect((await fetch(`${server.url}/api/v1/admin/orders`, { headers })).status).toBe(200);

    const row = page.getByRole('row').filter({ hasText: 'Order export' });
    await row.getByText(secret.slice(0, 12)).waitFor();
    await row.getByRole('button', { name: 'Revoke Order export' }).click();
    await page.getByRole('dialog', { name: 'Revoke Order export?' }).getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('revoked').waitFor();
    expect((await fetch(`${server.url}/api/v1/admin/orders`, { headers })).status).toBe(401);
  } finally {
    await context.close();
  }
}, 60_000);
