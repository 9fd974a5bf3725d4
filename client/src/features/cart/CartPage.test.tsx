import type { Cart } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { Toasts } from '../../app/Toasts';
import { QUEUED_OFFLINE_HEADER } from '../../pwa/protocol';
import { CSRF_TOKEN, renderWithProviders, reply, replyError, stubApi } from '../../test/renderWithProviders';
import CartPage from './CartPage';

const money = (amount: number) => ({ amount, currency: 'USD' });
const cart = (quantity: number, extra: Partial<Cart> = {}): Cart => ({
  id: 'c1',
  market: 'default',
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

describe('CartPage', () => {
  it('shows lines, warnings and totals, and changing a quantity sends the CSRF token and shows the server’s new cart', async () => {
    const calls = stubApi({ 'GET /api/v1/cart': cart(1), 'PATCH /api/v1/cart/items/i1': cart(3) });
    const { user } = renderWithProviders(<CartPage />, { route: '/cart' });
    expect(await screen.findByText('Lamp')).toBeInTheDocument();
    expect(screen.getByText(/price changed/i)).toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$15.00');
    await user.selectOptions(screen.getByLabelText('Quantity'), '3');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('$45.00'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch).toMatchObject({ path: '/api/v1/cart/items/i1', csrf: CSRF_TOKEN, body: { quantity: 3 } });
  });

  it('says who each gift card is for, and on which day it is emailed', async () => {
    const base = cart(1).items[0]!;
    stubApi({
      'GET /api/v1/cart': cart(1, {
        items: [
          { ...base, id: 'g1', title: 'Gift card', warnings: [], giftCard: { recipientEmail: 'ana@example.com', sendDate: '2026-12-24' } },
          { ...base, id: 'g2', title: 'Gift card', warnings: [], giftCard: { recipientEmail: 'bo@example.com' } },
          { ...base, warnings: [] },
        ],
      }),
    });
    renderWithProviders(<CartPage />, { route: '/cart' });
    expect(await screen.findByText('Gift card for ana@example.com, emailed on Dec 24, 2026')).toBeInTheDocument();
    expect(screen.getByText('Gift card for bo@example.com')).toBeInTheDocument();
    expect(screen.getAllByText(/^Gift card for/)).toHaveLength(2);
  });

  it('shows a coupon error inline in the server’s words', async () => {
    stubApi({
      'GET /api/v1/cart': cart(1),
      'POST /api/v1/cart/coupon': replyError(400, {
        code: 'VALIDATION_FAILED',
        message: 'This coupon has expired.',
        details: [{ path: 'code', message: 'This coupon has expired.' }],
      }),
    });
    const { user } = renderWithProviders(<CartPage />, { route: '/cart' });
    await user.type(await screen.findByLabelText('Coupon code'), 'OLD');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This coupon has expired.');
  });

  it('shows a change the service worker queued offline at once, announced as saved rather than as an error', async () => {
    stubApi({
      'GET /api/v1/cart': cart(1),
      // What src/sw.ts answers when the network is down: queued, not applied.
      'PATCH /api/v1/cart/items/i1': reply(202, { queued: true, pending: 1 }, { [QUEUED_OFFLINE_HEADER]: '1' }),
    });
    const { user } = renderWithProviders(
      <>
        <CartPage />
        <Toasts />
      </>,
      { route: '/cart' },
    );
    await user.selectOptions(await screen.findByLabelText('Quantity'), '4');
    await waitFor(() => expect(screen.getByText(/we saved this cart change/)).toHaveAttribute('role', 'status'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Quantity')).toHaveValue('4');
    expect(screen.getByText('$60.00')).toBeInTheDocument(); // the line, until the server's cart replaces it
  });
});
