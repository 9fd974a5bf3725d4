import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Provider } from 'react-redux';
import { MemoryRouter } from 'react-router';
import { makeStore } from '../../app/store';
import { Toasts } from '../../app/Toasts';
import { QUEUED_OFFLINE_HEADER } from '../../pwa/protocol';
import CartPage from './CartPage';

vi.mock('../../api/socket', () => ({ getSocket: () => ({ on: vi.fn(), off: vi.fn(), emit: vi.fn() }), reconnectSocket: vi.fn() }));

const money = (amount: number) => ({ amount, currency: 'USD' });
const cart = (quantity: number, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  itemCount: quantity,
  items: [
    {
      id: 'i1',
      variantId: 'v1',
      productSlug: 'lamp',
      title: 'Lamp',
      variantTitle: 'Red',
      sku: 'L-1',
      quantity,
      unitPrice: money(1500),
      lineTotal: money(1500 * quantity),
      warnings: [{ code: 'PRICE_CHANGED', message: 'The price changed from 12.00 to 15.00.' }],
    },
  ],
  totals: { subtotal: money(1500 * quantity), discount: money(0), shipping: money(0), tax: money(0), total: money(1500 * quantity) },
  warnings: [],
  ...extra,
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('CartPage', () => {
  it('shows lines, warnings and totals, and changing a quantity sends the CSRF token and shows the server’s new cart', async () => {
    const calls: { url: string; method: string; csrf: string | null; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = input instanceof Request ? input : new Request(String(input), init);
        const url = new URL(req.url, 'http://localhost').pathname;
        calls.push({
          url,
          method: req.method,
          csrf: req.headers.get('x-csrf-token'),
          body:
            req.method === 'GET'
              ? undefined
              : await req
                  .clone()
                  .json()
                  .catch(() => undefined),
        });
        if (url === '/api/v1/auth/csrf') return json(200, { csrfToken: 'tok-1' });
        if (url === '/api/v1/cart') return json(200, cart(1));
        if (url === '/api/v1/cart/items/i1') return json(200, cart(3));
        return json(404, { error: { code: 'NOT_FOUND', message: 'no', requestId: 'r' } });
      }),
    );
    render(
      <Provider store={makeStore()}>
        <MemoryRouter>
          <CartPage />
        </MemoryRouter>
      </Provider>,
    );
    expect(await screen.findByText('Lamp')).toBeInTheDocument();
    expect(screen.getByText(/price changed/i)).toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$15.00');
    await userEvent.selectOptions(screen.getByLabelText('Quantity'), '3');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('$45.00'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch).toMatchObject({ url: '/api/v1/cart/items/i1', csrf: 'tok-1', body: { quantity: 3 } });
  });

  it('shows a coupon error inline in the server’s words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = input instanceof Request ? input : new Request(String(input), init);
        const url = new URL(req.url, 'http://localhost').pathname;
        if (url === '/api/v1/auth/csrf') return json(200, { csrfToken: 'tok' });
        if (url === '/api/v1/cart') return json(200, cart(1));
        return json(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'This coupon has expired.',
            details: [{ path: 'code', message: 'This coupon has expired.' }],
            requestId: 'r',
          },
        });
      }),
    );
    render(
      <Provider store={makeStore()}>
        <MemoryRouter>
          <CartPage />
        </MemoryRouter>
      </Provider>,
    );
    await userEvent.type(await screen.findByLabelText('Coupon code'), 'OLD');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This coupon has expired.');
  });

  it('shows a change the service worker queued offline at once, announced as saved rather than as an error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = input instanceof Request ? input : new Request(String(input), init);
        const url = new URL(req.url, 'http://localhost').pathname;
        if (url === '/api/v1/auth/csrf') return json(200, { csrfToken: 'tok' });
        if (url === '/api/v1/cart') return json(200, cart(1));
        // What src/sw.ts answers when the network is down: queued, not applied.
        return new Response(JSON.stringify({ queued: true, pending: 1 }), {
          status: 202,
          headers: { 'content-type': 'application/json', [QUEUED_OFFLINE_HEADER]: '1' },
        });
      }),
    );
    render(
      <Provider store={makeStore()}>
        <MemoryRouter>
          <CartPage />
          <Toasts />
        </MemoryRouter>
      </Provider>,
    );
    await userEvent.selectOptions(await screen.findByLabelText('Quantity'), '4');
    await waitFor(() => expect(screen.getByText(/we saved this cart change/)).toHaveAttribute('role', 'status'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Quantity')).toHaveValue('4');
    expect(screen.getByText('$60.00')).toBeInTheDocument(); // the line, until the server's cart replaces it
  });
});
