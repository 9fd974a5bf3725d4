import { ANALYTICS_BATCH_MAX, type AnalyticsEvent, type ProductDetail } from '@bazaar/shared';
import { createListenerMiddleware, type UnknownAction } from '@reduxjs/toolkit';
import { consentApi } from './consent.api';

interface FulfilledQuery {
  type: string;
  payload: unknown;
  meta: { arg: { endpointName: string; originalArgs: unknown }; requestStatus: 'fulfilled' };
}
const fulfilled = (a: UnknownAction): a is UnknownAction & FulfilledQuery =>
  (a.meta as FulfilledQuery['meta'] | undefined)?.requestStatus === 'fulfilled' && !!(a.meta as FulfilledQuery['meta']).arg?.endpointName;

type ApiState = { api: { queries: Record<string, { endpointName?: string; data?: unknown } | undefined> } };
/** The product a variant belongs to, from a product page already in the cache. */
const productOfVariant = (state: ApiState, variantId: string) =>
  Object.values(state.api.queries).find(
    (q) => q?.endpointName === 'product' && (q.data as ProductDetail | undefined)?.variants.some((v) => v.id === variantId),
  )?.data as ProductDetail | undefined;

/**
 * Shopper events read off the api cache's own answers (no feature imports), so tracking stays in
 * one place: a product page loaded, an item added, a search answered, a test payment succeeded.
 */
export function eventFor(action: UnknownAction, state: ApiState): AnalyticsEvent | undefined {
  if (!fulfilled(action)) return undefined;
  const { endpointName, originalArgs } = action.meta.arg;
  const payload = action.payload as Record<string, unknown>;
  switch (endpointName) {
    case 'product':
      return { type: 'product_view', productId: String(payload.id) };
    case 'addToCart': {
      const { variantId, quantity } = originalArgs as { variantId: string; quantity: number };
      const product = productOfVariant(state, variantId);
      return product ? { type: 'add_to_cart', productId: product.id, variantId, quantity } : undefined;
    }
    case 'search': {
      const q = String((originalArgs as { q?: string }).q ?? '').trim();
      return q ? { type: 'search', query: q, resultCount: Number(payload.total) } : undefined;
    }
    case 'confirmPayment':
      return payload.status === 'paid' ? { type: 'purchase', orderId: String(payload.id) } : undefined;
    default:
      return undefined;
  }
}

/** Page views, and "checkout started" when the checkout page opens. */
export const pageEvents = (path: string): AnalyticsEvent[] => [
  { type: 'page_view', path },
  ...(path === '/checkout' ? [{ type: 'checkout_started' } as const] : []),
];

/**
 * Queues events and sends them in batches (every few seconds, or at once when the page is hidden),
 * only while the shopper has agreed to analytics; without consent nothing is kept or sent.
 */
export function createTracker(flushMs = 4000) {
  const queue: AnalyticsEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const middleware = createListenerMiddleware();
  let dispatchRef: ((a: unknown) => unknown) | undefined;
  let getStateRef: (() => unknown) | undefined;

  /** true / false once the shopper's consent is known; undefined before the first answer. */
  const allowed = (): boolean | undefined => {
    const state = getStateRef?.() as ApiState | undefined;
    return state ? consentApi.endpoints.consent.select()(state as never)?.data?.analytics : undefined;
  };
  // Events from before the consent answer wait for it (the first page view, typically).
  const undecided: AnalyticsEvent[] = [];
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length && dispatchRef) void dispatchRef(consentApi.endpoints.sendAnalytics.initiate(queue.splice(0, ANALYTICS_BATCH_MAX)));
  };
  const track = (...events: AnalyticsEvent[]) => {
    const consent = allowed();
    if (consent === undefined) {
      undecided.push(...events.slice(0, ANALYTICS_BATCH_MAX - undecided.length));
      return;
    }
    if (!consent) return;
    queue.push(...events);
    if (queue.length >= ANALYTICS_BATCH_MAX) flush();
    else timer ??= setTimeout(flush, flushMs);
  };

  middleware.startListening({
    predicate: (action) => fulfilled(action),
    effect: (action, listenerApi) => {
      dispatchRef = listenerApi.dispatch;
      getStateRef = listenerApi.getState;
      if (
        (action as FulfilledQuery).meta.arg.endpointName === 'consent' ||
        (action as FulfilledQuery).meta.arg.endpointName === 'saveConsent'
      ) {
        const waiting = undecided.splice(0);
        if (allowed()) track(...waiting);
        return;
      }
      const event = eventFor(action, listenerApi.getState() as ApiState);
      if (event) track(event);
    },
  });
  if (typeof document !== 'undefined')
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  return {
    middleware: middleware.middleware,
    /** Wires the store in (page views can come before any api answer). */
    attach(store: { dispatch: (a: unknown) => unknown; getState: () => unknown }) {
      dispatchRef = store.dispatch;
      getStateRef = store.getState;
    },
    page: (path: string) => track(...pageEvents(path)),
    flush,
    pending: () => queue.length,
  };
}

/** The shop's one tracker; its middleware is part of the store. */
export const tracker = createTracker();
