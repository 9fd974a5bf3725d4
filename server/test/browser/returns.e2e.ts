/// <reference lib="dom" />
/**
 * A return in a real browser (Debian's chromium + playwright-core) against the real server and
 * MariaDB: a shopper buys and pays, staff ship and deliver the order, the shopper asks to return
 * it from the order page, staff approve, receive (restocking) and refund it to store credit, and
 * the shopper spends that credit on their next order. Screenshots go to artifacts/screenshots
 * (not committed).
 */
import { type Browser as Chromium, type BrowserContext, type Page } from 'playwright-core';
import { createUser } from '../support/browser';
import { launchChromium, screenshot as shot } from '../support/chromium';
import { listenWithRealtime } from '../support/realtime-server';
import { createProduct, level, seedPricing } from '../support/shop';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let server: Awaited<ReturnType<typeof listenWithRealtime>>;
let browser: Chromium;

beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t);
  server = await listenWithRealtime(t);
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

/**
 * A new browser signed in through the storefront's form, on `next`. From then on it records script
 * errors and console errors (signed out, the storefront's own /me answers 401 by design).
 */
async function signedIn(user: { email: string; password: string }, next: string) {
  const context = await browser.newContext({ baseURL: server.url });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === next);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  return { page, problems };
}

/** From the product page to the checkout form, through the cart drawer. */
async function addToCartAndCheckout(page: Page, slug: string, title: string) {
  await page.goto(`/p/${slug}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const drawer = page.getByRole('dialog', { name: 'Your cart' });
  await drawer.getByText(title).waitFor();
  await drawer.getByRole('link', { name: 'Checkout' }).click();
  await page.getByRole('group', { name: 'Checkout' }).waitFor();
  for (const [label, value] of [
    ['Email', 'rita@example.com'],
    ['Full name', 'Rita Returner'],
    ['Address', '1 Main St'],
    ['City', 'New York'],
    ['State / region', 'NY'],
    ['Postal code', '10001'],
  ] as const)
    await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('radio', { name: /Standard/ }).check();
}

const orderIdFromUrl = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;

describe('a return in a browser', () => {
  it('a shopper returns a delivered item, staff refund it to store credit, and the credit pays the next order', async () => {
    // 50.00 + 5.99 shipping + 4 % NY tax; the unit comes back as 52.00 (price and its tax) of store credit.
    const lamp = await createProduct(t, { price: 5000, stock: 10, title: 'Brass Desk Lamp' });
    // 40.00 + 5.99 + 4 % = 47.83: the credit covers it, leaving 4.17.
    const shade = await createProduct(t, { price: 4000, stock: 10, title: 'Linen Lamp Shade' });
    const shopper = await createUser(t, { name: 'Rita Returner' });
    const admin = await createUser(t, { role: 'admin', name: 'Otto Operator' });
    const lampVariant = lamp.variants[0]!;

    // 1. The shopper buys the lamp and pays with the test payment.
    const { page: shop, problems: shopProblems } = await signedIn(shopper, '/account');
    await addToCartAndCheckout(shop, lamp.slug, lamp.title);
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByRole('button', { name: 'Pay $58.23' }).click();
    await shop.getByTestId('order-status').filter({ hasText: 'Confirmed' }).waitFor();
    const orderId = orderIdFromUrl(shop);
    const orderNumber = (await shop.getByRole('heading', { level: 1 }).textContent())!.replace('Order ', '');
    const returns = shop.getByRole('region', { name: 'Returns' });
    await returns.getByText('Items can be returned once the order is delivered.').waitFor();
    const stockAfterSale = (await level(t, lampVariant.id)).onHand;

    // 2. Staff ship it and mark it delivered from the order's page.
    const { page: desk, problems: deskProblems } = await signedIn(admin, `/admin/orders/${orderId}`);
    await desk.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
    await desk.getByRole('button', { name: 'Mark fulfilled' }).click();
    const ship = desk.getByRole('dialog', { name: `Ship order ${orderNumber}` });
    await ship.getByLabel('Carrier').fill('UPS');
    await ship.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await ship.getByRole('button', { name: 'Mark fulfilled' }).click();
    await desk.getByTestId('tracking').filter({ hasText: 'UPS 1Z999AA10123456784' }).waitFor();
    await desk.getByRole('button', { name: 'Mark delivered' }).click();
    const deliver = desk.getByRole('dialog', { name: `Order ${orderNumber} delivered?` });
    await deliver.getByRole('button', { name: 'Mark delivered' }).click();
    await deliver.waitFor({ state: 'hidden' });
    await desk.getByRole('status').filter({ hasText: 'Marked delivered' }).waitFor();

    // 3. The shopper's page follows without a reload: delivered, and now the lamp may come back.
    await shop.getByTestId('order-status').filter({ hasText: 'Delivered' }).waitFor({ timeout: 10_000 });
    const form = returns.getByRole('form', { name: 'Return or report a problem' });
    await form.getByText('Up to 1').waitFor({ timeout: 10_000 });
    await returns.getByText(/^Return window: until /).waitFor();
    await form.getByRole('radio', { name: 'Return items' }).check();
    await form.getByLabel(lamp.title).fill('1');
    await form.getByLabel('Reason', { exact: true }).selectOption('Does not fit');
    await form.getByLabel('Note (optional)').fill('Too tall for my desk.');
    await form.getByRole('button', { name: 'Ask to return' }).click();
    const sent = (await returns
      .getByRole('status')
      .filter({ hasText: /^Request .+ sent\./ })
      .textContent())!;
    const returnNumber = sent.replace(/^Request (\S+) sent\..*$/, '$1');
    const mine = returns.getByRole('listitem', { name: `Return ${returnNumber}` });
    await mine.getByTestId('return-status').filter({ hasText: 'Waiting for the shop' }).waitFor();
    await mine.getByText('Reason: Does not fit — Too tall for my desk.').waitFor();
    // The only unit is asked for: nothing is left to return.
    await returns.getByText('Nothing on this order can be returned now.').waitFor();

    // 4. Staff find it in the returns queue, approve it, record it arrived (restocked) and refund it to store credit.
    await desk.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Returns', exact: true }).click();
    await desk.getByRole('table', { name: 'Returns' }).getByRole('link', { name: returnNumber }).click();
    await desk.getByRole('heading', { name: `Return ${returnNumber}` }).waitFor();
    await desk.getByText('Too tall for my desk.', { exact: true }).waitFor();

    await desk.getByRole('button', { name: 'Approve' }).click();
    const approve = desk.getByRole('dialog', { name: `Approve ${returnNumber}?` });
    await approve.getByLabel('Note for the customer (optional, sent in the email)').fill('Please send it back in its box.');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await approve.waitFor({ state: 'hidden' });

    await desk.getByRole('button', { name: 'Receive items' }).click();
    const receive = desk.getByRole('dialog', { name: `Receive ${returnNumber}` });
    expect(await receive.getByLabel(`Received of ${lampVariant.sku}`).inputValue()).toBe('1');
    const restock = receive.getByRole('checkbox', { name: `Restock ${lampVariant.sku}` });
    expect(await restock.isChecked()).toBe(true);
    await receive.getByRole('button', { name: 'Record receipt' }).click();
    await receive.waitFor({ state: 'hidden' });
    await desk.getByRole('table', { name: 'Return lines' }).getByText('1 (restocked)').waitFor();
    expect((await level(t, lampVariant.id)).onHand).toBe(stockAfterSale + 1);

    await desk.getByRole('button', { name: 'Refund' }).click();
    const refund = desk.getByRole('dialog', { name: `Refund ${returnNumber}` });
    await refund.getByText('Paid for the received units: $52.00').waitFor();
    await refund.getByRole('radio', { name: 'Store credit' }).check();
    await refund.getByTestId('customer-gets').filter({ hasText: 'Customer gets $52.00: $52.00 as store credit' }).waitFor();
    await refund.getByRole('button', { name: 'Refund $52.00' }).click();
    await refund.waitFor({ state: 'hidden' });
    const summary = desk.getByTestId('return-refund');
    await summary.waitFor();
    expect(await summary.locator('dt, dd').allTextContents()).toEqual([
      'To the original payment',
      '$0.00',
      'To store credit',
      '$52.00',
      'Return shipping fee kept',
      '$0.00',
      'Restocking fee kept',
      '$0.00',
    ]);
    // The status badge beside the heading.
    await desk
      .getByRole('heading', { name: `Return ${returnNumber}` })
      .locator('..')
      .getByText('refunded', { exact: true })
      .waitFor();
    const history = desk.getByTestId('return-history');
    for (const step of ['return requested', 'return approved', 'return received', 'return refunded'])
      await history.getByText(step, { exact: true }).waitFor();
    expect(await desk.getByRole('button', { name: /^(Approve|Receive items|Refund|Reject|Cancel return)$/ }).count()).toBe(0);
    await shot(desk, 'admin-return-detail');

    // 5. The shopper's page shows the refund without a reload; the account shows the credit.
    await mine.getByTestId('return-status').filter({ hasText: 'Refunded' }).waitFor({ timeout: 10_000 });
    await mine.getByTestId('return-refund').filter({ hasText: 'Refunded: $52.00 as store credit.' }).waitFor();
    await mine.getByText('From the shop: Please send it back in its box.').waitFor();
    await shot(shop, 'order-returned');
    await shop.getByRole('link', { name: 'Rita Returner' }).click();
    await shop.getByText('Store credit: $52.00').waitFor();

    // 6. The next order spends the credit: it covers all of it, so there is nothing to pay by card.
    await addToCartAndCheckout(shop, shade.slug, shade.title);
    await shop.getByRole('checkbox', { name: 'Use my store credit (balance $52.00)' }).check();
    // An estimate on the cart's total; shipping and tax come when the order is placed.
    await shop.getByTestId('tender-estimate').filter({ hasText: '−$40.00' }).waitFor();
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByRole('heading', { name: 'Order placed' }).waitFor();
    await shop
      .getByRole('status')
      .filter({ hasText: /— \$47\.83\. Paid in full with your gift card and store credit\./ })
      .waitFor();
    await shop.getByRole('link', { name: 'See your order' }).click();
    await shop.getByTestId('order-status').filter({ hasText: 'Confirmed' }).waitFor();
    await shop.getByTestId('paid-with-balance').filter({ hasText: 'Paid with gift cards and store credit: $47.83' }).waitFor();
    await shop.getByRole('link', { name: 'Rita Returner' }).click();
    await shop.getByText('Store credit: $4.17').waitFor();
    // And the cart the credit paid for is empty.
    await shop.getByRole('link', { name: /^Cart, 0 items/ }).waitFor();

    // The first order was paid by the test payment and given back in store credit; the second by the credit alone.
    const orders = await t.container.db.select<{
      number: string;
      status: string;
      payment_status: string;
      refunded: number;
      balance: number;
    }>(
      `SELECT number, status, payment_status, refunded_amount AS refunded, balance_amount AS balance
         FROM orders WHERE user_id = ? ORDER BY created_at`,
      [shopper.id],
    );
    expect(orders.map((o) => ({ ...o, refunded: Number(o.refunded), balance: Number(o.balance) }))).toEqual([
      // A delivered order stays delivered; its payment shows the refund.
      { number: orderNumber, status: 'delivered', payment_status: 'partially_refunded', refunded: 5200, balance: 0 },
      { number: expect.any(String), status: 'paid', payment_status: 'paid', refunded: 0, balance: 4783 },
    ]);

    expect(shopProblems).toEqual([]);
    expect(deskProblems).toEqual([]);
  }, 120_000);
});
