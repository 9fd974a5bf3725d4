/// <reference lib="dom" />
/**
 * Markets and languages in a real browser: the header switcher moves the shopper (and the cart) to
 * the European market and into German, prices come in EUR written the German way, the address
 * names the language, and the choice is there again on the next visit. Run with `npm run test:e2e`.
 */
import { signedInBrowser } from '../support/browser';
import { shot, startStorefront, type Storefront } from '../support/storefront-browser';
import { openMarket } from '../support/markets';

let shop: Storefront;

beforeAll(async () => {
  shop = await startStorefront();
  const { browser: admin } = await signedInBrowser(shop.t, 'admin');
  await openMarket(admin, '0.92', {
    code: 'eu',
    name: 'Europe',
    currency: 'EUR',
    defaultLanguage: 'de',
    languages: ['de', 'en'],
    countries: ['DE', 'AT', 'FR'],
    rounding: 'x99',
  });
}, 60_000);
afterAll(() => shop?.close());

/** Money as the German storefront writes it: "18,99 €". */
const EURO_IN_GERMAN = /^\d{1,3}(\.\d{3})*,\d{2}\s€$/;
const EURO_IN_ENGLISH = /^€\d{1,3}(,\d{3})*\.\d{2}$/;

describe('markets and languages in a browser', () => {
  it('switches to the European market and to German: EUR prices, German texts, the language in the address, remembered next time', async () => {
    const context = await shop.browser.newContext({ baseURL: shop.url, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Necessary only' }).click();
    await page.getByRole('heading', { name: 'Popular now' }).waitFor();
    const prices = page
      .getByRole('list', { name: /^(Products|Produkte)$/ })
      .first()
      .locator('li span.font-semibold');
    await prices.first().waitFor();
    expect(await prices.first().textContent()).toMatch(/^\$/);

    // The market: the cart moves first (PUT /cart/market), then the catalog is read in EUR.
    const moved = page.waitForResponse((r) => r.url().endsWith('/api/v1/cart/market') && r.request().method() === 'PUT');
    await page.getByRole('combobox', { name: 'Market' }).selectOption('eu');
    expect((await moved).status()).toBe(200);
    await page.waitForFunction(() => document.querySelector('ul li span.font-semibold')?.textContent?.startsWith('€'));
    expect(await prices.first().textContent()).toMatch(EURO_IN_ENGLISH);

    // The language: German texts, <html lang>, ?lang=de, and the euro written the German way.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.getByRole('heading', { name: 'Gerade beliebt' }).waitFor();
    await page.waitForURL(/[?&]lang=de\b/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.waitForFunction(() => /,\d{2}\s€$/.test(document.querySelector('ul li span.font-semibold')?.textContent ?? ''));
    expect(await prices.first().textContent()).toMatch(EURO_IN_GERMAN);
    await shot(page, 'home-de-eur');

    // A product from there keeps the language; into the cart, which says its market.
    await page
      .getByRole('list', { name: 'Produkte' })
      .first()
      .locator('li', { hasText: /Auf Lager|Nur noch wenige/ })
      .first()
      .locator('a')
      .click();
    await page.waitForURL(/\/p\/[^?]+\?lang=de$/);
    const add = page.getByRole('button', { name: 'In den Warenkorb' });
    await add.waitFor();
    const title = (await page.getByRole('heading', { level: 1 }).textContent())!;
    await add.click();
    await page
      .getByRole('status')
      .filter({ hasText: `${title} liegt jetzt in Ihrem Warenkorb` })
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: /^Warenkorb, 1 Artikel/ }).click();
    await page.getByRole('heading', { name: 'Ihr Warenkorb' }).waitFor();
    expect(await page.getByTestId('cart-market').textContent()).toBe('Preise in EUR (Europe)');
    expect(await page.getByTestId('cart-total').textContent()).toMatch(EURO_IN_GERMAN);
    await shot(page, 'cart-de-eur');

    // Next visit, plain address: the same market and language, from what was remembered.
    const again = await context.newPage();
    await again.goto('/');
    await again.getByRole('heading', { name: 'Gerade beliebt' }).waitFor();
    expect(await again.getByRole('combobox', { name: 'Markt' }).inputValue()).toBe('eu');
    await again.waitForURL(/[?&]lang=de\b/);
    await context.close();
  }, 60_000);

  it('opens a shared ?lang=de link in German for a first-time visitor', async () => {
    const context = await shop.browser.newContext({ baseURL: shop.url, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/search?q=lamp&lang=de');
    await page.getByRole('heading', { name: /Ergebnisse? für „lamp“/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await context.close();
  }, 60_000);
});
