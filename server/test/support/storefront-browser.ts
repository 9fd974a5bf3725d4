/// <reference lib="dom" />
/**
 * The storefront in a real browser (Debian's chromium driven by playwright-core) against the real
 * server and MariaDB, for the browser e2e files. Screenshots go to artifacts/screenshots (not committed).
 */
import { type Browser as Chromium, type Page } from 'playwright-core';
import { createLogger } from '../../src/lib/logger';
import { seedDemoCatalog } from '../../src/modules/catalog/demo-catalog';
import { launchChromium, screenshot } from './chromium';
import { listenWithRealtime } from './realtime-server';
import { createCoupon, seedPricing } from './shop';
import { createTestApp, type TestApp } from './test-app';

export { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS } from './chromium';

export interface Storefront {
  t: TestApp;
  url: string;
  browser: Chromium;
  close(): Promise<void>;
}

/** A demo shop (90 products, pricing, coupon WELCOME10) served with socket.io, and a chromium. */
export async function startStorefront(): Promise<Storefront> {
  const t = await createTestApp();
  await seedDemoCatalog(t.container.db, createLogger('silent'), { products: 90 });
  await t.container.search.reindexAll();
  await seedPricing(t);
  await createCoupon(t, 'WELCOME10', { value: 10 });
  const server = await listenWithRealtime(t);
  const browser = await launchChromium();
  return {
    t,
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await t.close();
    },
  };
}

export const shot = screenshot;

/** Opens a product from a grid whose card shows it in stock, and adds its first buyable variant. Returns its title. */
export async function addFirstInStock(page: Page): Promise<string> {
  await page
    .locator('ul[aria-label="Products"] li', { hasText: /In stock|Only a few left/ })
    .first()
    .locator('a')
    .click();
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!;
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `${title} added to your cart` })
    .waitFor();
  // The cart drawer opens with the item in it, takes focus, and closes on Escape.
  const drawer = page.getByRole('dialog', { name: 'Your cart' });
  await drawer.getByText(title).waitFor();
  expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  return title;
}

/** A new browser context (its own cookies and service worker) signed in through the sign-in page. */
export async function signInPage(shop: Storefront, user: { email: string; password: string }): Promise<Page> {
  const context = await shop.browser.newContext({ baseURL: shop.url });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('link', { name: 'Test User' }).waitFor();
  return page;
}

/** Loads a page, waits for the service worker to control it, and reloads so this load fills its caches. */
export async function underServiceWorker(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}
