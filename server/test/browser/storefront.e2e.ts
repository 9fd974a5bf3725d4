/// <reference lib="dom" />
/**
 * The storefront in a real browser (Debian's chromium driven by playwright-core) against the real
 * server and MariaDB. Run with `npm run test:e2e` (it builds the client first). Screenshots of the
 * key pages go to artifacts/screenshots (not committed).
 */
import { createUser } from '../support/browser';
import { addFirstInStock, shot, signInPage, startStorefront, underServiceWorker, type Storefront } from '../support/storefront-browser';

let shop: Storefront;

beforeAll(async () => {
  shop = await startStorefront();
}, 60_000);
afterAll(() => shop?.close());

describe('storefront in a browser', () => {
  it('a guest browses, searches (whole and partial words), adds two products, applies a coupon, checks out and sees the order confirmed', async () => {
    const page = await shop.browser.newPage({ baseURL: shop.url });
    await page.goto('/');
    // The consent banner asks first; this shopper lets the shop count the visit.
    const consent = page.getByRole('region', { name: 'Cookie consent' });
    await shot(page, 'home');
    await consent.getByRole('button', { name: 'Accept all' }).click();
    await consent.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Electronics' }).click();
    await page.getByText(/\d+ products/).waitFor();
    await shot(page, 'category');
    // Filters live in the URL: pick a brand and every card is of that brand.
    const brandSelect = page.getByLabel('Brand');
    const brand = (await brandSelect.locator('option').nth(1).getAttribute('value'))!;
    await brandSelect.selectOption(brand);
    await page.waitForURL(new RegExp(`brand=${encodeURIComponent(brand)}`));
    await page.waitForFunction(
      (b) =>
        Array.from(document.querySelectorAll('ul[aria-label="Products"] li p.text-xs:first-of-type')).every((el) => el.textContent === b),
      brand,
    );
    await brandSelect.selectOption('');
    await addFirstInStock(page);

    // Search: a whole word, then a partial one with suggestions.
    const box = page.getByRole('combobox', { name: 'Search products' });
    await box.fill('keyboard');
    await box.press('Enter');
    await page.getByRole('heading', { name: /results? for “keyboard”/ }).waitFor();
    expect(await page.locator('ul[aria-label="Products"] li mark').count()).toBeGreaterThan(0);
    await box.fill('lam');
    await page.getByRole('listbox').waitFor();
    await box.press('Enter');
    await page.getByRole('heading', { name: /results? for “lam”/ }).waitFor();
    await shot(page, 'search');
    await addFirstInStock(page);

    await page.getByRole('link', { name: /^Cart, 2 items/ }).click();
    await page.getByTestId('cart-line').nth(1).waitFor();
    const before = await page.getByTestId('cart-total').textContent();
    await page.getByLabel('Coupon code').fill('WELCOME10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('WELCOME10').waitFor();
    expect(await page.getByTestId('cart-total').textContent()).not.toBe(before);
    await shot(page, 'cart');

    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByLabel('Email').fill('guest@example.com');
    await page.getByLabel('Full name').fill('Gus Guest');
    await page.getByLabel('Address', { exact: true }).fill('1 Main St');
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('State / region').fill('NY');
    await page.getByLabel('Postal code').fill('10001');
    await page.getByRole('radio', { name: /Standard/ }).check();
    await shot(page, 'checkout');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByTestId('order-status').filter({ hasText: 'Confirmed' }).waitFor();
    await shot(page, 'order');
    const number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Order ', '');
    const order = await shop.t.container.db.one<{ status: string; coupon_code: string }>(
      'SELECT status, coupon_code FROM orders WHERE number = ?',
      [number],
    );
    expect(order).toEqual({ status: 'paid', coupon_code: 'WELCOME10' });

    // With analytics consent the journey was counted: pages, a product view, cart adds, searches, checkout, the purchase.
    const counted = async () => {
      const rows = await shop.t.container.db.select<{ type: string }>('SELECT DISTINCT type FROM analytics_events');
      return rows.map((r) => r.type).sort();
    };
    // Batches leave every few seconds.
    for (let i = 0; i < 60 && (await counted()).length < 6; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await counted()).toEqual(['add_to_cart', 'checkout_started', 'page_view', 'product_view', 'purchase', 'search']);
    await page.close();
  }, 90_000);

  it('a signed-in shopper’s cart changes in a second browser without a reload', async () => {
    const user = await createUser(shop.t);
    const laptop = await signInPage(shop, user);
    const phone = await signInPage(shop, user);
    await phone.goto('/cart');
    await phone.getByRole('heading', { name: 'Your cart is empty' }).waitFor();

    await laptop.goto('/c/home');
    await laptop.getByText(/\d+ products/).waitFor();
    await addFirstInStock(laptop);
    // The phone never reloads: the cart arrives over socket.io.
    await phone.getByTestId('cart-line').waitFor({ timeout: 10_000 });
    await phone.getByRole('link', { name: /^Cart, 1 item\b/ }).waitFor();
    await laptop.context().close();
    await phone.context().close();
  }, 60_000);

  it('the service worker serves the catalog offline', async () => {
    const context = await shop.browser.newContext({ baseURL: shop.url });
    const page = await context.newPage();
    await underServiceWorker(page, '/c/electronics');
    await page.getByText(/\d+ products/).waitFor();
    const online = await page.locator('ul[aria-label="Products"] li').count();
    expect(online).toBeGreaterThan(0);

    await context.setOffline(true);
    await page.reload();
    await page.getByText(/\d+ products/).waitFor();
    expect(await page.locator('ul[aria-label="Products"] li').count()).toBe(online);
    await page.getByText('You are offline').waitFor();
    await shot(page, 'offline-category');
    await context.close();
  }, 60_000);
});
