/**
 * One shopper over real HTTP (Node's fetch, keep-alive): the session cookie and the CSRF token
 * of its current session, sent the way the storefront sends them.
 */
const SESSION_COOKIE = 'bazaar.sid';
const API = '/api/v1';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export class Shopper {
  cookie = '';
  csrfToken = '';
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.baseUrl}${API}${path}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken }),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (session) this.cookie = session.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Signs in through the real routes (CSRF token, then login), keeping the new session. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request<{ csrfToken: string }>('GET', '/auth/csrf');
    this.csrfToken = csrf.body.csrfToken;
    const res = await this.request<{ csrfToken?: string }>('POST', '/auth/login', { email, password });
    if (res.status !== 200 || !res.body.csrfToken) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
  }

  addToCart(variantId: string, quantity = 1) {
    return this.request('POST', '/cart/items', { variantId, quantity });
  }

  /**
   * Checkout with the manual provider, then pay: `paid` when the order reached it, otherwise what
   * stopped it (`insufficient_stock` is the expected refusal when stock ran out).
   */
  async checkoutAndPay(idempotencyKey: string, email: string, shippingMethodId: string, address: object): Promise<PurchaseOutcome> {
    const t0 = performance.now();
    let stage = 'checkout';
    try {
      const placed = await this.request<{ order?: { id: string }; payment?: { id: string }; error?: { code: string } }>(
        'POST',
        '/checkout',
        { email, shippingAddress: address, shippingMethodId },
        { 'idempotency-key': idempotencyKey },
      );
      const checkoutMs = performance.now() - t0;
      if (placed.status !== 201) {
        const code = placed.body.error?.code ?? '';
        return { outcome: code === 'INSUFFICIENT_STOCK' ? 'insufficient_stock' : `checkout ${placed.status} ${code}`, checkoutMs };
      }
      stage = 'pay';
      const t1 = performance.now();
      const paid = await this.request<{ status?: string; error?: { code: string } }>(
        'POST',
        `/payments/${placed.body.payment!.id}/confirm`,
        { outcome: 'succeeded' },
      );
      const payMs = performance.now() - t1;
      if (paid.status === 200 && paid.body.status === 'paid') return { outcome: 'paid', orderId: placed.body.order!.id, checkoutMs, payMs };
      return { outcome: `pay ${paid.status} ${paid.body.error?.code ?? paid.body.status ?? ''}`, checkoutMs, payMs };
    } catch (err) {
      return { outcome: `${stage} network ${(err as Error).message}` };
    }
  }
}

export interface PurchaseOutcome {
  outcome: 'paid' | 'insufficient_stock' | string;
  orderId?: string;
  checkoutMs?: number;
  payMs?: number;
}

/** Runs `fn` over every item with at most `concurrency` at once (set-up work: sign-ins, carts). */
export async function eachLimited<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
