/// <reference lib="dom" />
/**
 * A promotion in another market, in a real browser: the shopper switches to the European market
 * and to German, puts three of a product under a buy-two-get-one-free promotion into the cart,
 * sees the promotion on its line in euros, checks out to a German address and pays in EUR. Run
 * with `npm run test:e2e`.
 */
import { signedInBrowser } from '../support/browser';
import { createProduct } from '../support/shop';
import { shot, startStorefront, type Storefront } from '../support/storefront-browser';
import { openMarket } from '../support/markets';

let shop: Storefront;
let product: Awaited<ReturnType<typeof createProduct>>;

beforeAll(async () => {
  shop = await startStorefront();
  const { browser: admin } = await signedInBrowser(shop.t, 'admin');
  await openMarket(admin, '0.9', {
    code: 'eu',
    name: 'Europe',
    currency: 'EUR',
    defaultLanguage: 'de',
    languages: ['de', 'en'],
    countries: ['DE', 'AT', 'FR'],
    rounding: 'exact',
  });
  product = await createProduct(shop.t, { price: 2000, stock: 50, title: 'Promo mug' });
  await admin
    .post('/api/v1/admin/promotions', {
      name: 'Drei für zwei',
      automatic: true,
      conditions: { productIds: [product.id] },
      action: { type: 'buy_x_get_y', buy: 2, get: 1, percent: 100 },
    })
    .expect(201);
}, 60_000);
afterAll(() => shop?.close());

describe('a promotion in another market and language', () => {
  it('switches to EUR and German, gets the third mug free in the cart, and pays the order in EUR', async () => {
    const context = await shop.browser.newContext({ baseURL: shop.url, locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto('/');
    await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Necessary only' }).click();
    const moved = page.waitForResponse((r) => r.url().endsWith('/api/v1/cart/market') && r.request().method() === 'PUT');
    await page.getByRole('combobox', { name: 'Market' }).selectOption('eu');
    expect((await moved).status()).toBe(200);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.waitForURL(/[?&]lang=de\b/);

    await page.goto(`/p/${product.slug}?lang=de`);
    const add = page.getByRole('button', { name: 'In den Warenkorb' });
    await add.waitFor();
    // 20.00 USD at 0.9: 18,00 €.
    await page.getByText('18,00 €').first().waitFor();
    await add.click();
    await page.keyboard.press('Escape');
    await page.goto('/cart?lang=de');
    await page.getByRole('heading', { name: 'Ihr Warenkorb' }).waitFor();
    await page.getByLabel('Menge').selectOption('3');
    const promotions = page.getByRole('region', { name: 'Aktionen' });
    await promotions.getByText('Drei für zwei').waitFor();
    expect(await promotions.textContent()).toMatch(/−18,00\s€/);
    expect(await page.getByTestId('cart-total').textContent()).toMatch(/^36,00\s€$/);
    await shot(page, 'cart-promotion-de-eur');

    await page.goto('/checkout?lang=de');
    await page.getByLabel('E-Mail').fill('kunde@example.com');
    await page.getByLabel('Vollständiger Name').fill('Kim Kunde');
    await page.getByLabel('Adresse', { exact: true }).fill('Unter den Linden 1');
    await page.getByLabel('Stadt').fill('Berlin');
    await page.getByLabel('Bundesland / Region').fill('BE');
    await page.getByLabel('Postleitzahl').fill('10117');
    await page.getByLabel('Land', { exact: true }).selectOption('DE');
    await page.getByRole('radio', { name: /Standard/ }).check();
    await page.getByRole('button', { name: 'Zahlungspflichtig bestellen' }).click();
    await page.getByRole('button', { name: /bezahlen$/ }).click();
    await page.getByTestId('order-status').waitFor();
    const order = await shop.t.container.db.one<{ id: string; currency: string; discount: number; exchange_rate: string; status: string }>(
      "SELECT id, currency, discount, exchange_rate, status FROM orders WHERE email = 'kunde@example.com'",
    );
    expect(order!.currency).toBe('EUR');
    expect(Number(order!.exchange_rate)).toBe(0.9);
    expect(Number(order!.discount)).toBe(1800);
    const paid = async () =>
      (await shop.t.container.db.one<{ status: string }>('SELECT status FROM orders WHERE id = ?', [order!.id]))!.status;
    for (let i = 0; i < 50 && (await paid()) !== 'paid'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await paid()).toBe('paid');
    const use = await shop.t.container.db.one<{ amount: number; currency: string; base_amount: number }>(
      'SELECT amount, currency, base_amount FROM promotion_uses WHERE order_id = ?',
      [order!.id],
    );
    expect(use).toMatchObject({ currency: 'EUR' });
    expect([Number(use!.amount), Number(use!.base_amount)]).toEqual([1800, 2000]);
    await shot(page, 'order-paid-eur');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
