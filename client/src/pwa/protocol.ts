/**
 * What the page and the service worker (src/sw.ts) say to each other about cart changes made
 * offline. Imported by both builds, so it holds only types and plain values.
 */

/** Set on the service worker's stand-in answer to a cart change it queued instead of sending. */
export const QUEUED_OFFLINE_HEADER = 'X-Bazaar-Queued-Offline';

/** Cart writes that are queued when the network is down (one queue, so they replay in order). */
export const QUEUED_CART_PATH = /^\/api\/v1\/cart\//;
export const QUEUED_CART_METHODS = ['POST', 'PATCH', 'DELETE'] as const;

export type PageToWorker =
  /** Sent on the window's `online` event and at start-up: replay now rather than wait for Background Sync. */
  | { type: 'replay-cart-changes' }
  /** Asks for a `cart-changes` answer (how many are waiting), e.g. after a reload. */
  | { type: 'count-cart-changes' };

export type WorkerToPage =
  /** How many cart changes wait in the queue; `replayed` counts those just sent to the server. */
  { type: 'cart-changes'; pending: number; replayed: number };
