/// <reference lib="dom" />
/**
 * The admin dashboard in a real browser (Debian's chromium + playwright-core) against the real
 * server and MariaDB: sign-in with MFA, fulfilment seen live by the shopper, a partial refund in
 * the timeline, a support user without refunds, CSV import errors by row. Screenshots of the key
 * staff screens go to artifacts/screenshots (not committed).
 */
import { type Browser as Chromium, type BrowserContext, type Page } from 'playwright-core';
import { totpAt } from '../../src/modules/accounts';
import { Browser, createUser } from '../support/browser';
import { listenWithRealtime } from '../support/realtime-server';
import { checkout, createProduct, seedPricing } from '../support/shop';
import { launchChromium, screenshot } from '../support/chromium';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let server: Awaited<ReturnType<typeof listenWithRealtime>>;
let browser: Chromium;
let admin: { email: string; password: string; secret: string };
/** Another admin without MFA, for the journeys that are not about signing in. */
let clerk: { email: string; password: string };

beforeAll(async () => {
  t = await createTestApp();
  await seedPricing(t);
  server = await listenWithRealtime(t);
  browser = await launchChromium();

  // An admin with two-step sign-in turned on through the API, as they would in their account.
  const user = await createUser(t, { role: 'admin', name: 'Ada Admin' });
  const api = new Browser(t.agent());
  await api.login(user.email, user.password);
  const { secret } = (await api.post('/api/v1/me/mfa/setup').expect(200)).body as { secret: string };
  await api.post('/api/v1/me/mfa/enable', { code: totpAt(secret, new Date()) }).expect(200);
  admin = { ...user, secret };
  clerk = await createUser(t, { role: 'admin', name: 'Carl Clerk' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const shot = screenshot;
const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
async function newPage() {
  const context = await browser.newContext({ baseURL: server.url });
  contexts.push(context);
  return context.newPage();
}

/** Signs in through the storefront's form, then lands on `next`; `code` answers the MFA step when asked. */
async function signIn(page: Page, next: string, email: string, password: string, code?: () => string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (code) {
    await page.getByLabel('Code from your authenticator app').fill(code());
    await page.getByRole('button', { name: /Verify|Sign in|Continue/ }).click();
  }
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

/**
 * The code of the next 30-second step (accepted: ±1 step): the one used to turn MFA on was for
 * the current step, and a step is never accepted twice. Used once per run.
 */
const nextCode = () => totpAt(admin.secret, new Date(Date.now() + 30_000));

/** A shopper with an account and a paid order of two lines (two of the first item). */
async function paidOrderFor() {
  const shopper = await createUser(t, { name: 'Sam Shopper' });
  const api = new Browser(t.agent());
  await api.login(shopper.email, shopper.password);
  for (const [price, qty] of [
    [2000, 2],
    [3500, 1],
  ] as const) {
    const p = await createProduct(t, { price, stock: 10 });
    await api.post('/api/v1/cart/items', { variantId: p.variants[0]!.id, quantity: qty }).expect(200);
  }
  const { order, payment } = (await checkout(api, `admin-e2e-${Math.random()}`).expect(201)).body;
  await api.post(`/api/v1/payments/${payment.id}/confirm`, { outcome: 'succeeded' }).expect(200);
  return { shopper, order: order as { id: string; number: string } };
}

describe('admin dashboard in a browser', () => {
  it('an admin signs in with MFA, finds a paid order, fulfils it with tracking, and the shopper sees “Shipped” live', async () => {
    const { shopper, order } = await paidOrderFor();
    const shopperPage = await newPage();
    await signIn(shopperPage, `/orders/${order.id}`, shopper.email, shopper.password);
    await shopperPage.getByTestId('order-status').filter({ hasText: 'Confirmed' }).waitFor();

    const page = await newPage();
    // Signed out, the admin area sends you to sign in and brings you back.
    await page.goto('/admin/orders');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Forders/);
    await signIn(page, '/admin/orders', admin.email, admin.password, nextCode);
    await page.getByLabel('Status').selectOption('paid');
    await page.getByLabel('Order number').fill(order.number);
    await page.getByLabel('Order number').press('Enter');
    await page.waitForURL(new RegExp(`number=${order.number}`));
    await shot(page, 'admin-orders');
    await page.getByRole('link', { name: order.number }).click();
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();

    await page.getByRole('button', { name: 'Mark fulfilled' }).click();
    const dialog = page.getByRole('dialog', { name: `Ship order ${order.number}` });
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await dialog.getByText('Required').first().waitFor(); // nothing is sent without carrier and number
    await dialog.getByLabel('Carrier').fill('UPS');
    await dialog.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await page.getByTestId('tracking').filter({ hasText: 'UPS 1Z999AA10123456784' }).waitFor();
    await shot(page, 'admin-order-detail');

    // The shopper's page never reloads: the status arrives over socket.io.
    await shopperPage.getByTestId('order-status').filter({ hasText: 'Shipped' }).waitFor({ timeout: 10_000 });
    const row = await t.container.db.one<{ status: string; tracking_number: string }>(
      'SELECT status, tracking_number FROM orders WHERE id = ?',
      [order.id],
    );
    expect(row).toEqual({ status: 'fulfilled', tracking_number: '1Z999AA10123456784' });
  }, 90_000);

  it('the dashboard shows the period’s figures against the previous period, with the sales chart', async () => {
    await paidOrderFor();
    const page = await newPage();
    await signIn(page, '/admin', clerk.email, clerk.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const paidToday = Number(
      (await t.container.db.one<{ n: number }>(
        "SELECT COUNT(*) AS n FROM orders WHERE status IN ('paid','fulfilled','delivered','partially_refunded')",
      ))!.n,
    );
    await page
      .getByTestId('kpi-Orders')
      .filter({ hasText: String(paidToday) })
      .waitFor();
    await page.getByRole('button', { name: '7 days' }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/);
    expect(await page.locator('.recharts-line').count()).toBe(2); // this period and the previous one
    await shot(page, 'admin-dashboard');
  }, 60_000);

  it('every staff screen in the menu opens without a script error', async () => {
    await paidOrderFor();
    const page = await newPage();
    await signIn(page, '/admin/orders', clerk.email, clerk.password);
    // Watched from here: signed out, the storefront's own /me answers 401 by design.
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    const menu = page.getByRole('navigation', { name: 'Admin' });
    await menu.getByRole('link', { name: 'Orders', exact: true }).waitFor();
    const labels = await menu.getByRole('link').allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining([
        'Orders',
        'Products',
        'Categories',
        'Inventory',
        'Coupons, shipping, tax',
        'Customers',
        'Reviews',
        'Jobs',
        'Audit log',
      ]),
    );
    for (const label of labels) {
      await menu.getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('Loading…').waitFor({ state: 'detached' });
      if (label !== 'Dashboard') await shot(page, `admin-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`); // its own test waits for the chart
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it('a new paid order appears in the open orders list without a reload', async () => {
    const page = await newPage();
    await signIn(page, '/admin/orders', clerk.email, clerk.password);
    await page.getByRole('table', { name: 'Orders' }).waitFor();
    const { order } = await paidOrderFor();
    await page
      .getByRole('status')
      .filter({ hasText: `New order ${order.number}` })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: order.number }).waitFor({ timeout: 10_000 });
  }, 60_000);

  it('an admin refunds one unit of a line after a confirmation that says what will happen; the refund shows in the timeline', async () => {
    const { order } = await paidOrderFor();
    const page = await newPage();
    await signIn(page, `/admin/orders/${order.id}`, clerk.email, clerk.password);
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: `Refund order ${order.number}` });
    const firstSku = (await t.container.db.one<{ sku: string }>(
      'SELECT sku FROM order_items WHERE order_id = ? ORDER BY position LIMIT 1',
      [order.id],
    ))!.sku;
    await dialog.getByLabel(`Quantity of ${firstSku} to refund`).fill('1');
    await dialog.getByLabel('Reason (shown in the order timeline)').fill('one arrived broken');
    await dialog.getByRole('button', { name: 'Review refund' }).click();
    // One of two units at 20.00 plus 4 % New York tax.
    await dialog.getByTestId('refund-confirmation').filter({ hasText: '$20.80' }).filter({ hasText: 'partially refunded' }).waitFor();
    await dialog.getByRole('button', { name: 'Refund $20.80' }).click();
    await page.getByTestId('refunded-total').filter({ hasText: '$20.80' }).waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('refund requested').waitFor();
    await timeline.getByText(/one arrived broken/).waitFor();
    await timeline.getByText('refunded', { exact: true }).waitFor();
    const row = await t.container.db.one<{ status: string; refunded_amount: number }>(
      'SELECT status, refunded_amount FROM orders WHERE id = ?',
      [order.id],
    );
    expect({ ...row, refunded_amount: Number(row!.refunded_amount) }).toEqual({ status: 'partially_refunded', refunded_amount: 2080 });
  }, 90_000);

  it('a support user sees the order without a refund button, and the API answers 403 when they try anyway', async () => {
    const { order } = await paidOrderFor();
    const support = await createUser(t, { role: 'support', name: 'Sue Support' });
    const page = await newPage();
    await signIn(page, `/admin/orders/${order.id}`, support.email, support.password);
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Refund' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Mark fulfilled' }).count()).toBe(0);
    // Nor do the screens support may not use appear in the menu.
    const menu = page.getByRole('navigation', { name: 'Admin' });
    await menu.getByRole('link', { name: 'Orders', exact: true }).waitFor();
    expect(await menu.getByRole('link', { name: 'Products' }).count()).toBe(0);

    const answer = await page.evaluate(async (id) => {
      const { csrfToken } = (await (await fetch('/api/v1/auth/csrf')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1/admin/orders/${id}/refunds`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ amount: 100 }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    }, order.id);
    expect(answer).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'FORBIDDEN' }) } });
    expect(Number((await t.container.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM refunds WHERE order_id = ?', [order.id]))!.n)).toBe(
      0,
    );
  }, 60_000);

  it('a CSV import with one bad row reports it by row number and keeps the good rows; the product editor shows what was imported', async () => {
    const page = await newPage();
    await signIn(page, '/admin/products', clerk.email, clerk.password);
    const csv = [
      'product_slug,product_title,description,brand,status,tags,categories,sku,variant_title,options,price,compare_at_price,currency,weight_grams,on_hand,low_stock_threshold,allow_backorder',
      'e2e-lamp,Desk Lamp,A lamp,Acme,active,,,E2E-LAMP-S,Small,size=S,2500,,USD,,4,2,false',
      'e2e-bad,Bad Price,,Acme,active,,,E2E-BAD-1,,,12.50,,USD,,1,2,false',
      'e2e-lamp,Desk Lamp,A lamp,Acme,active,,,E2E-LAMP-L,Large,size=L,3500,,USD,,6,2,false',
    ].join('\n');
    await page
      .getByLabel('CSV file (same columns as the export)')
      .setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.getByTestId('import-report');
    await report.getByText('2 created, 0 updated, 0 unchanged, 1 row with errors.').waitFor();
    await report.getByText(/^Row 3 \(E2E-BAD-1\): .*price/).waitFor();
    await shot(page, 'admin-products-import');

    await page.getByLabel('Search title, slug or SKU').fill('E2E-LAMP');
    await page.getByLabel('Search title, slug or SKU').press('Enter');
    await page.getByRole('link', { name: 'Desk Lamp' }).click();
    await page.getByRole('heading', { name: 'Edit Desk Lamp' }).waitFor();
    await page.getByLabel('Price of Small').waitFor();
    expect(await page.getByLabel('Price of Small').inputValue()).toBe('25.00');
    await shot(page, 'admin-product-editor');
  }, 60_000);
});
