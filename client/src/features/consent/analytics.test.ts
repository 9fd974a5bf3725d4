import type { ConsentState } from '@bazaar/shared';
import type { UnknownAction } from '@reduxjs/toolkit';
import { configureStore } from '@reduxjs/toolkit';
import { api } from '../../api/apiSlice';
import { reply, stubApi } from '../../test/stubApi';
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
  function storeWith(consent: boolean) {
    const calls = stubApi({
      'GET /api/v1/consent': {
        necessary: true,
        analytics: consent,
        marketing: false,
        policyVersion: '1',
        decided: true,
        decidedAt: null,
      } satisfies ConsentState,
      'POST /api/v1/analytics/events': reply(202, { accepted: 1 }),
    });
    // Everything but the consent and CSRF look-ups is something the tracker sent.
    const sent = () => calls.filter((c) => !['/api/v1/consent', '/api/v1/auth/csrf'].includes(c.path)).map((c) => c.body);
    const tracker = createTracker(10);
    const store = configureStore({ reducer: { api: api.reducer }, middleware: (d) => d().concat(api.middleware, tracker.middleware) });
    tracker.attach(store);
    return { store, tracker, sent };
  }

  it('holds events until consent is known, then sends them in one batch with analytics consent', async () => {
    const { store, tracker, sent } = storeWith(true);
    tracker.page('/');
    tracker.page('/c/lamps');
    expect(sent()).toEqual([]);
    await store.dispatch(consentApi.endpoints.consent.initiate());
    await vi.waitFor(() =>
      expect(sent()).toEqual([
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
    expect(sent()).toEqual([]);
    expect(tracker.pending()).toBe(0);
  });
});
