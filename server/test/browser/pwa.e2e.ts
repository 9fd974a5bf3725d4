/// <reference lib="dom" />
/**
 * The storefront as a PWA in a real browser: cart changes made offline are queued by the service
 * worker and replayed when the connection returns; a page never opened shows the offline page;
 * Chrome finds it installable. Plus the first-load budget, measured on the build `npm run test:e2e`
 * has just made (report in artifacts/bundle-report.json).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createUser } from '../support/browser';
import {
  ARTIFACTS,
  CHROMIUM,
  CHROMIUM_FLAGS,
  shot,
  signInPage,
  startStorefront,
  underServiceWorker,
  type Storefront,
} from '../support/storefront-browser';

const DIST = path.resolve(__dirname, '../../../client/dist');
const FIRST_LOAD_BUDGET_BYTES = 200 * 1024;

let shop: Storefront;

beforeAll(async () => {
  shop = await startStorefront();
}, 60_000);
afterAll(() => shop?.close());

/** The signed-in user's cart lines on the server, by product title. */
async function serverCart(userId: string): Promise<Record<string, number>> {
  const rows = await shop.t.container.db.select<{ title: string; quantity: number }>(
    `SELECT p.title, ci.quantity FROM carts c JOIN cart_items ci ON ci.cart_id = c.id JOIN variants v ON v.id = ci.variant_id JOIN products p ON p.id = v.product_id WHERE c.user_id = ?`,
    [userId],
  );
  return Object.fromEntries(rows.map((r) => [r.title, Number(r.quantity)]));
}

/** Links to the first `count` product cards shown in stock on the current grid. */
async function inStockProductLinks(page: Page, count: number): Promise<string[]> {
  const cards = page.locator('ul[aria-label="Products"] li', { hasText: /In stock|Only a few left/ });
  await cards.first().waitFor();
  const links: string[] = [];
  for (let i = 0; i < count; i++) links.push((await cards.nth(i).locator('a').first().getAttribute('href'))!);
  return links;
}

async function productTitle(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent())!;
}

/** Polls until `check` passes (the service worker replays on its own schedule), failing with its last error. */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('the storefront offline', () => {
  // Chromium replays through Background Sync; the page's own trigger (on `online`, at start-up, and
  // with back-off while changes wait) must deliver them alone too — as in Firefox and Safari, which
  // have no Background Sync, or in Chromium after a failed sync attempt (next one minutes later).
  it.each([
    ['with Background Sync', true],
    ['with Background Sync unavailable (the page’s online trigger alone)', false],
  ])(
    'queues cart changes made offline, shows them as waiting, and the server’s cart has them once the connection returns — %s',
    async (_name, backgroundSync) => {
      const user = await createUser(shop.t);
      const page = await signInPage(shop, user);
      const context = page.context();
      await underServiceWorker(page, '/c/electronics');
      if (!backgroundSync) {
        const [worker] = context.serviceWorkers();
        // Workbox catches the refusal and queues without a sync registration, so no `sync` event ever comes.
        await worker!.evaluate(() => {
          (globalThis as unknown as { SyncManager: { prototype: { register: () => Promise<void> } } }).SyncManager.prototype.register =
            () => Promise.reject(new Error('Background Sync is unavailable'));
        });
      }
      const [first, second] = await inStockProductLinks(page, 2);

      // Online: one product in the cart; a second product page opened (so it is saved for offline); the cart seen.
      await page.goto(first!);
      const firstTitle = await productTitle(page);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('status').filter({ hasText: 'added to your cart' }).waitFor();
      await page.goto(second!);
      const secondTitle = await productTitle(page);
      await page.goto('/cart');
      await page.getByTestId('cart-line').waitFor();
      expect(await serverCart(user.id)).toEqual({ [firstTitle]: 1 });

      await context.setOffline(true);
      await page.getByText('You are offline').waitFor();
      // A quantity change: queued by the service worker, shown at once, announced as saved.
      await page.getByLabel('Quantity').selectOption('3');
      await page.getByRole('status').filter({ hasText: 'we saved this cart change' }).waitFor();
      await page.getByTestId('pending-cart-changes').filter({ hasText: '1 cart change is waiting to be sent' }).waitFor();
      expect(await page.getByLabel('Quantity').inputValue()).toBe('3');

      // A product added offline: its page opens from the service worker's caches (a full page load).
      await page.goto(second!);
      expect(await productTitle(page)).toBe(secondTitle);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      // The queue outlives the page load: the banner counts both changes.
      await page.getByTestId('pending-cart-changes').filter({ hasText: '2 cart changes are waiting to be sent' }).waitFor();
      await shot(page, `offline-cart-queued${backgroundSync ? '' : '-no-background-sync'}`);
      expect(await serverCart(user.id)).toEqual({ [firstTitle]: 1 }); // nothing reached the server

      await context.setOffline(false);
      await eventually(async () => expect(await serverCart(user.id)).toEqual({ [firstTitle]: 3, [secondTitle]: 1 }));
      await page
        .getByRole('status')
        .filter({ hasText: /offline cart changes? (was|were) sent/ })
        .first()
        .waitFor();
      // The page shows the server's cart again (refetched after the replay), and the banner is gone.
      await page.getByRole('link', { name: 'Cart, 4 items' }).waitFor();
      await page.getByTestId('pending-cart-changes').waitFor({ state: 'detached' });
      await context.close();
    },
    90_000,
  );

  it('shows the offline page (not the browser’s error) for a page never opened, and retries when the connection returns', async () => {
    const product = (await shop.t.container.db.one<{ slug: string; title: string }>(
      "SELECT slug, title FROM products WHERE status = 'active' ORDER BY slug DESC LIMIT 1",
    ))!;
    const context = await shop.browser.newContext({ baseURL: shop.url });
    const page = await context.newPage();
    await underServiceWorker(page, '/');

    await context.setOffline(true);
    await page.goto(`/p/${product.slug}`);
    await page.getByRole('heading', { name: 'You are offline' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/p/${product.slug}`); // at the page's own address: reloading is retrying
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('status').filter({ hasText: 'Still offline' }).waitFor();
    await shot(page, 'offline-page');

    // Back online, the offline page retries by itself and the product opens.
    await context.setOffline(false);
    await page.getByRole('heading', { level: 1, name: product.title }).waitFor({ timeout: 15_000 });
    await context.close();
  }, 60_000);
});

describe('installable PWA', () => {
  it('meets Chrome’s installability criteria: manifest fields, 192/512 and maskable icons, a controlling worker that serves start_url offline', async () => {
    // A persistent profile: Chrome never offers to install from an incognito-like context (Playwright's newContext).
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-pwa-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS, baseURL: shop.url });
    const page = await context.newPage();
    await underServiceWorker(page, '/');

    // Chrome's own check (what decides whether it offers "Install").
    const cdp = await context.newCDPSession(page);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    } & Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'Bazaar',
      short_name: 'Bazaar',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#111827',
      background_color: '#ffffff',
    });
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(manifest.theme_color);
    for (const icon of manifest.icons) {
      const png = await (await page.request.get(icon.src)).body();
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes); // IHDR width × height
    }
    const sizes = manifest.icons.map((i) => `${i.sizes}${i.purpose === 'maskable' ? ' maskable' : ''}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']));

    // The worker controls the page and answers fetches: start_url opens with no network.
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${shop.url}/sw.js`);
    await context.setOffline(true);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link').first().waitFor();
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }, 60_000);
});

describe('first-load budget (the production build)', () => {
  interface ManifestChunk {
    file: string;
    src?: string;
    isEntry?: boolean;
    isDynamicEntry?: boolean;
    imports?: string[];
    dynamicImports?: string[];
  }
  const manifest = () => JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  /** The chunks the home page's HTML loads before anything is lazy-loaded: the entry and its static imports. */
  function firstLoadChunks(chunks: Record<string, ManifestChunk>): ManifestChunk[] {
    const seen = new Map<string, ManifestChunk>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.set(key, chunks[key]!);
      for (const next of chunks[key]!.imports ?? []) visit(next);
    };
    visit('index.html');
    return [...seen.values()];
  }

  it('keeps the first load under 200 KB of gzipped JS, with no zod and no Stripe in it', () => {
    const chunks = firstLoadChunks(manifest());
    const files = [...chunks.map((c) => c.file), 'registerSW.js'];
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    for (const file of files) expect(html).toContain(`/${file}`); // what the HTML really loads
    const sizes = Object.fromEntries(files.map((f) => [f, gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length]));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(
      path.join(ARTIFACTS, 'bundle-report.json'),
      JSON.stringify({ firstLoadGzipBytes: total, budgetBytes: FIRST_LOAD_BUDGET_BYTES, files: sizes }, null, 2),
    );
    expect(total).toBeLessThan(FIRST_LOAD_BUDGET_BYTES);

    const sources = chunks.flatMap((c) => {
      const map = path.join(DIST, `${c.file}.map`);
      if (fs.existsSync(map)) return (JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] }).sources;
      expect(sizes[c.file]).toBeLessThan(1024); // only Vite's own tiny helpers (the modulepreload polyfill) come without a map
      return [];
    });
    expect(sources.some((s) => s.includes('react-dom'))).toBe(true); // the maps are read right
    expect(sources.filter((s) => /node_modules\/(zod|@stripe)\//.test(s))).toEqual([]);
  });

  it('splits every routed page into its own lazily loaded chunk', () => {
    const chunks = manifest();
    const router = fs.readFileSync(path.resolve(DIST, '../src/app/router.tsx'), 'utf8');
    // Every dynamic import of a page: the storefront's lazy() routes and the staff screens.
    const lazyModules = [...new Set([...router.matchAll(/\(\) => import\('\.\.\/(features\/[^']+)'\)/g)].map((m) => `src/${m[1]}.tsx`))];
    expect(lazyModules.length).toBeGreaterThanOrEqual(10);
    const firstLoad = new Set(firstLoadChunks(chunks).map((c) => c.src));
    for (const module of lazyModules) {
      expect(chunks[module]).toMatchObject({ isDynamicEntry: true });
      expect(firstLoad.has(module)).toBe(false);
    }
  });
});
