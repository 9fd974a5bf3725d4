import type { Cart, CheckoutResponse, Order, OrderStatus, ShippingMethodList, StorefrontConfig } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import CheckoutPage from './CheckoutPage';

// Stripe's libraries are a vendor's code that talks to Stripe: they are replaced here by stand-ins
// that record what the checkout hands them. Everything of ours (store, api slice, page) is real.
const stripe = vi.hoisted(() => ({ loadStripe: vi.fn(), confirmPayment: vi.fn(), elementsOptions: [] as unknown[] }));
vi.mock('@stripe/stripe-js/pure', () => ({ loadStripe: stripe.loadStripe }));
vi.mock('@stripe/react-stripe-js', () => ({
  Elements: ({ children, options }: { children: ReactNode; options: unknown }) => {
    stripe.elementsOptions.push(options);
    return <div data-testid="stripe-elements">{children}</div>;
  },
  PaymentElement: () => <div data-testid="payment-element">card fields</div>,
  useStripe: () => ({ confirmPayment: stripe.confirmPayment }),
  useElements: () => ({ id: 'elements' }),
}));

const money = (amount: number) => ({ amount, currency: 'USD' });
const SHIPPING_ID = '6f1c3d2a-0000-4000-8000-000000000001';
const address = { name: 'Sam', line1: '1 Main St', city: 'NYC', region: 'NY', postalCode: '10001', country: 'US' };
const order = (status: OrderStatus): Order => ({
  id: 'o1',
  number: 'B-1001',
  status,
  paymentStatus: status === 'paid' ? 'paid' : 'pending',
  customerId: null,
  email: 'sam@example.com',
  items: [],
  totals: { subtotal: money(2000), discount: money(0), shipping: money(500), tax: money(0), total: money(2500) },
  refunded: money(0),
  paidWithBalance: money(0),
  amountDue: money(0),
  allowedActions: [],
  shippingMethod: { id: SHIPPING_ID, name: 'Standard' },
  shippingAddress: address,
  reservationExpiresAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});
/** The API as the server answers it, with the payment provider and config under test. */
function serve(payments: StorefrontConfig['payments'], clientSecret?: string) {
  const cart: Cart = { id: 'c1', itemCount: 0, items: [], totals: order('paid').totals, warnings: [] };
  const shippingMethods: ShippingMethodList = { items: [{ id: SHIPPING_ID, name: 'Standard', price: money(500) }] };
  const placed: CheckoutResponse = {
    order: order('pending_payment'),
    payment: {
      id: 'p1',
      provider: payments.provider,
      status: 'requires_payment',
      amount: money(2500),
      refunded: money(0),
      ...(clientSecret ? { clientSecret } : {}),
    },
    accessToken: 'guest-token',
  };
  const calls = stubApi({
    'GET /api/v1/config': { currency: 'USD', payments } satisfies StorefrontConfig,
    'GET /api/v1/cart': cart,
    'GET /api/v1/shipping-methods': shippingMethods,
    'POST /api/v1/checkout': placed,
    'POST /api/v1/payments/p1/confirm': order('paid'),
  });
  return { has: (method: string, path: string) => calls.some((c) => c.method === method && c.path === path), calls };
}

function OrderPageStandIn() {
  const location = useLocation();
  return <p data-testid="order-page">{location.pathname + location.search}</p>;
}

async function placeOrder() {
  const { user } = renderWithProviders(<CheckoutPage />, {
    route: '/checkout',
    path: '/checkout',
    routes: { '/orders/:id': <OrderPageStandIn /> },
  });
  await user.type(screen.getByLabelText('Email'), 'sam@example.com');
  await user.type(screen.getByLabelText('Full name'), address.name);
  await user.type(screen.getByLabelText('Address'), address.line1);
  await user.type(screen.getByLabelText('City'), address.city);
  await user.type(screen.getByLabelText('State / region'), address.region);
  await user.type(screen.getByLabelText('Postal code'), address.postalCode);
  await user.click(await screen.findByRole('radio', { name: /Standard/ }));
  await user.click(screen.getByRole('button', { name: 'Place order' }));
  await screen.findByRole('heading', { name: 'Payment' });
  return user;
}

beforeEach(() => {
  stripe.loadStripe.mockReset().mockResolvedValue({ id: 'stripe-instance' });
  stripe.confirmPayment.mockReset();
  stripe.elementsOptions.length = 0;
});

describe('CheckoutPage payment step', () => {
  it('with the manual provider: shows the test-payment buttons, never loads Stripe, and a payment opens the order page', async () => {
    const api = serve({ provider: 'manual' });
    const user = await placeOrder();
    expect(screen.getByText(/no card is charged/)).toBeInTheDocument();
    expect(screen.queryByTestId('payment-element')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pay $25.00' }));
    expect(await screen.findByTestId('order-page')).toHaveTextContent('/orders/o1?token=guest-token');
    expect(api.has('POST', '/api/v1/payments/p1/confirm')).toBe(true);
    expect(stripe.loadStripe).not.toHaveBeenCalled();
  });

  it('with Stripe configured: loads Stripe.js with the publishable key, mounts the Payment Element on the intent, and confirms back to the order page', async () => {
    const api = serve({ provider: 'stripe', stripePublishableKey: 'pk_test_123' }, 'pi_1_secret_2');
    stripe.confirmPayment.mockResolvedValue({ paymentIntent: { id: 'pi_1', status: 'succeeded' } });
    const user = await placeOrder();
    expect(await screen.findByTestId('payment-element')).toBeInTheDocument();
    expect(screen.queryByText(/no card is charged/)).not.toBeInTheDocument();
    expect(stripe.loadStripe).toHaveBeenCalledWith('pk_test_123');
    expect(stripe.elementsOptions.at(-1)).toMatchObject({ clientSecret: 'pi_1_secret_2' });

    await user.click(screen.getByRole('button', { name: 'Pay $25.00' }));
    expect(await screen.findByTestId('order-page')).toHaveTextContent('/orders/o1?token=guest-token');
    expect(stripe.confirmPayment).toHaveBeenCalledWith({
      elements: { id: 'elements' },
      confirmParams: { return_url: `${window.location.origin}/orders/o1?token=guest-token` },
      redirect: 'if_required',
    });
    // Stripe's webhook, not the browser, marks the order paid: the manual confirm is never called.
    expect(api.calls.some((c) => c.path.includes('/confirm'))).toBe(false);
  });

  it('with Stripe configured: a declined card shows Stripe’s message and stays on the payment step', async () => {
    serve({ provider: 'stripe', stripePublishableKey: 'pk_test_123' }, 'pi_1_secret_2');
    stripe.confirmPayment.mockResolvedValue({ error: { type: 'card_error', message: 'Your card was declined.' } });
    const user = await placeOrder();
    await user.click(await screen.findByRole('button', { name: 'Pay $25.00' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your card was declined.');
    expect(screen.queryByTestId('order-page')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pay $25.00' })).toBeEnabled());
  });

  it('with a Stripe provider but no publishable key: says card payments are unavailable instead of a broken form', async () => {
    serve({ provider: 'stripe' }, 'pi_1_secret_2');
    await placeOrder();
    expect(await screen.findByRole('alert')).toHaveTextContent('Card payments are not available');
    expect(screen.queryByTestId('payment-element')).not.toBeInTheDocument();
    expect(stripe.loadStripe).not.toHaveBeenCalled();
  });
});
