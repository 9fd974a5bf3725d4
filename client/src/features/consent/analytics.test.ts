import type { UnknownAction } from '@reduxjs/toolkit';
import { configureStore } from '@reduxjs/toolkit';
import { api } from '../../api/apiSlice';
import { consentApi } from './consent.api';
import { createTracker, eventFor, pageEvents } from './analytics';

const done = (endpointName: string, originalArgs: unknown, payload: unknown) =>
  ({
    type: `api/executeQuery/fulfilled`,
    payload,
    meta: { arg: { endpointName, originalArgs }, requestStatus: 'fulfilled' },
  }) as unknown as UnknownAction;
const productInCache = {
  api: { queries: { 'product("lamp")': { endpointName: 'product', data: { id: 'p-1', variants: [{ id: 'v-1' }, { id: 'v-2' }] } } } },
};

describe('analytics events from the api cache', () => {
  it('turns answers into shopper events', () => {
    expect(eventFor(done('product', 'lamp', { id: 'p-1' }), productInCache)).toEqual({ type: 'product_view', productId: 'p-1' });
    expect(eventFor(done('addToCart', { variantId: 'v-2', quantity: 3 }, {}), productInCache)).toEqual({
      type: 'add_to_cart',
      productId: 'p-1',
      variantId: 'v-2',
      quantity: 3,
    });
    expect(eventFor(done('search', { q: ' lamp ' }, { total: 0 }), productInCache)).toEqual({
      type: 'search',
      query: 'lamp',
      resultCount: 0,
    });
    expect(eventFor(done('confirmPayment', {}, { id: 'o-1', status: 'paid' }), productInCache)).toEqual({
      type: 'purchase',
      orderId: 'o-1',
    });
    expect(eventFor(done('confirmPayment', {}, { id: 'o-1', status: 'pending_payment' }), productInCache)).toBeUndefined();
    expect(eventFor(done('cart', undefined, {}), productInCache)).toBeUndefined();
    expect(pageEvents('/checkout')).toEqual([{ type: 'page_view', path: '/checkout' }, { type: 'checkout_started' }]);
  });
});

describe('the tracker', () => {
  function storeWith(consent: boolean | undefined) {
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = input instanceof Request ? input : new Request(String(input), init);
        const path = new URL(req.url).pathname;
        if (path === '/api/v1/auth/csrf') return Response.json({ csrfToken: 't' });
        if (path === '/api/v1/consent')
          return Response.json({
            necessary: true,
            analytics: consent,
            marketing: false,
            policyVersion: '1',
            decided: true,
            decidedAt: null,
          });
        sent.push(await req.json());
        return Response.json({ accepted: 1 }, { status: 202 });
      }),
    );
    const tracker = createTracker(10);
    const store = configureStore({ reducer: { api: api.reducer }, middleware: (d) => d().concat(api.middleware, tracker.middleware) });
    tracker.attach(store);
    return { store, tracker, sent };
  }

  it('holds events until consent is known, then sends them in one batch with analytics consent', async () => {
    const { store, tracker, sent } = storeWith(true);
    tracker.page('/');
    tracker.page('/c/lamps');
    expect(sent).toEqual([]);
    await store.dispatch(consentApi.endpoints.consent.initiate());
    await vi.waitFor(() =>
      expect(sent).toEqual([
        {
          events: [
            { type: 'page_view', path: '/' },
            { type: 'page_view', path: '/c/lamps' },
          ],
        },
      ]),
    );
  });

  it('keeps and sends nothing without analytics consent', async () => {
    const { store, tracker, sent } = storeWith(false);
    tracker.page('/');
    await store.dispatch(consentApi.endpoints.consent.initiate());
    tracker.page('/p/lamp');
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([]);
    expect(tracker.pending()).toBe(0);
  });
});
