/**
 * The storefront's service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js).
 *
 * - The app shell and every route chunk are precached.
 * - Pages: network first (fresh HTML with the server's SEO tags). Offline, a page opened before is
 *   answered with the precached shell (its catalog data is in the caches below); any other page gets
 *   the precached offline page, which retries — never the browser's error page.
 * - Catalog API (with the markets it is priced in) and images: stale-while-revalidate. The cart:
 *   network first, so it can be shown offline.
 * - Cart changes made offline are queued in IndexedDB (one Workbox queue, so they replay in order)
 *   and answered at once with a 202 the page recognises as "queued". They are replayed by Background
 *   Sync where the browser has it, and also whenever the page asks (on `online`, at start-up, with
 *   back-off while changes wait): Firefox and Safari have no Background Sync, and Chromium retries a
 *   failed sync attempt only minutes later (see client/README.md).
 */
import { Queue } from 'workbox-background-sync';
import { clientsClaim } from 'workbox-core';
import { CacheExpiration, ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { QUEUED_CART_METHODS, QUEUED_CART_PATH, QUEUED_OFFLINE_HEADER, type PageToWorker, type WorkerToPage } from './pwa/protocol';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// A new version takes over at once (the page's chunks are content-hashed and precached together).
self.skipWaiting();
clientsClaim();
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const DAY = 24 * 3600;

// ---- Pages -------------------------------------------------------------------------------------
const NOT_PAGES = [
  /^\/api\//,
  /^\/uploads\//,
  /^\/socket\.io\//,
  /^\/sitemap\.xml$/,
  /^\/robots\.txt$/,
  /^\/metrics$/,
  /^\/healthz$/,
  /^\/readyz$/,
];
/** Pages opened online, by URL: only a marker is kept — offline they are drawn by the current shell. */
const VISITED = 'visited-pages';
const visitedExpiry = new CacheExpiration(VISITED, { maxEntries: 300, maxAgeSeconds: 30 * DAY });
const appShell = createHandlerBoundToURL('/index.html');

/** A page's key among those visited: the language (`?lang=`, which the app adds itself) is the shell's to draw. */
function visitedKey(url: URL): string {
  const key = new URL(url.href);
  key.searchParams.delete('lang');
  return key.href;
}

async function rememberVisit(url: URL) {
  const cache = await caches.open(VISITED);
  await cache.put(visitedKey(url), new Response(null, { status: 204 }));
  await visitedExpiry.updateTimestamp(visitedKey(url));
  await visitedExpiry.expireEntries();
}

registerRoute(
  new NavigationRoute(
    async (options) => {
      const { request, url, event } = options;
      try {
        const response = await fetch(request);
        if (response.ok) (event as ExtendableEvent).waitUntil(rememberVisit(url));
        return response;
      } catch {
        if (await (await caches.open(VISITED)).match(visitedKey(url))) return appShell(options);
        return (await matchPrecache('/offline.html')) ?? Response.error();
      }
    },
    { denylist: NOT_PAGES },
  ),
);

// ---- Reads -------------------------------------------------------------------------------------
registerRoute(
  ({ url, request }) => request.method === 'GET' && /^\/api\/v1\/(categories|products|brands|search|markets)/.test(url.pathname),
  new StaleWhileRevalidate({ cacheName: 'catalog-api', plugins: [new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 7 * DAY })] }),
);
registerRoute(
  ({ url }) => url.pathname.startsWith('/uploads/'),
  new StaleWhileRevalidate({ cacheName: 'images', plugins: [new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 30 * DAY })] }),
);
// The last cart seen, for offline; online it is always the server's (prices and stock are live).
const CART_CACHE = 'cart';
registerRoute(
  ({ url }) => url.pathname === '/api/v1/cart',
  new NetworkFirst({ cacheName: CART_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 1 })] }),
);
// Signing in or out changes whose cart this is: the saved copy must not outlive the session.
registerRoute(
  ({ url }) => /^\/api\/v1\/auth\/(login|logout|register|mfa\/verify)$/.test(url.pathname),
  async ({ request }) => {
    const response = await fetch(request);
    await caches.delete(CART_CACHE);
    return response;
  },
  'POST',
);

// ---- Cart changes made offline -------------------------------------------------------------------
let replaying: Promise<void> | undefined;

async function tell(message: WorkerToPage) {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}

/**
 * Sends the queued changes in order, one replay at a time. A network failure or a 5xx/429 puts the
 * change back and stops (the server may be mid-deploy; the next trigger tries again); any other
 * answer — a 4xx such as "out of stock" — is final, and the page refetches the cart to show the
 * server's view.
 */
function replayCartChanges(queue: Queue): Promise<void> {
  replaying ??= (async () => {
    let replayed = 0;
    try {
      for (let entry = await queue.shiftRequest(); entry; entry = await queue.shiftRequest()) {
        try {
          const response = await fetch(entry.request.clone());
          if (response.status >= 500 || response.status === 429) throw new Error(`the server answered ${response.status}`);
          replayed++;
        } catch (err) {
          await queue.unshiftRequest(entry);
          throw err;
        }
      }
    } finally {
      replaying = undefined;
      await tell({ type: 'cart-changes', pending: await queue.size(), replayed });
    }
  })();
  return replaying;
}

// Kept for a day (Workbox counts minutes). Where the browser has Background Sync, Workbox calls
// onSync from the `sync` event; without it (Firefox, Safari), once when the worker starts — from
// inside this constructor, hence the queue passed in rather than read from the constant.
const cartChanges = new Queue('cart-changes', { maxRetentionTime: 24 * 60, onSync: ({ queue }) => replayCartChanges(queue) });

async function queueWhenOffline({ request }: { request: Request }): Promise<Response> {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch {
    await cartChanges.pushRequest({ request: copy });
    const pending = await cartChanges.size();
    await tell({ type: 'cart-changes', pending, replayed: 0 });
    return new Response(JSON.stringify({ queued: true, pending }), {
      status: 202,
      headers: { 'Content-Type': 'application/json', [QUEUED_OFFLINE_HEADER]: '1' },
    });
  }
}
for (const method of QUEUED_CART_METHODS) registerRoute(({ url }) => QUEUED_CART_PATH.test(url.pathname), queueWhenOffline, method);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as PageToWorker | undefined;
  if (message?.type === 'replay-cart-changes') event.waitUntil(replayCartChanges(cartChanges).catch(() => undefined));
  if (message?.type === 'count-cart-changes')
    event.waitUntil(cartChanges.size().then((pending) => tell({ type: 'cart-changes', pending, replayed: 0 })));
});
