import type { Cart, CheckoutResponse, Order, OrderStatus, ShippingMethodList, StorefrontConfig } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { cartIn, marketList } from '../../test/markets.fixtures';
import { anOrder } from '../../test/orders';
import { renderWithProviders, replyError, stubApi, type StubRoutes } from '../../test/renderWithProviders';
import CheckoutPage from './CheckoutPage';
import { shopper } from '../../test/staff';

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
const order = (status: OrderStatus): Order =>
  anOrder({
    status,
    paymentStatus: status === 'paid' ? 'paid' : 'pending',
    shippingMethod: { id: SHIPPING_ID, name: 'Standard' },
    shippingAddress: address,
  });
interface Served {
  clientSecret?: string;
  /** Overrides of the checkout's answer (the order placed and its payment). */
  placed?: Partial<CheckoutResponse>;
  /** More routes, e.g. the gift card look-up or a signed-in shopper. */
  routes?: StubRoutes;
}
/** The API as the server answers it, with the payment provider and config under test. */
function serve(payments: StorefrontConfig['payments'], { clientSecret, placed: override, routes }: Served = {}) {
  const cart: Cart = { id: 'c1', market: 'default', itemCount: 0, items: [], totals: order('paid').totals, warnings: [] };
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
    ...override,
  };
  const calls = stubApi({
    ...routes,
    'GET /api/v1/config': { currency: 'USD', payments } satisfies StorefrontConfig,
    'GET /api/v1/cart': cart,
    'GET /api/v1/shipping-methods': shippingMethods,
    'POST /api/v1/checkout': placed,
    'POST /api/v1/payments/p1/confirm': order('paid'),
  });
  return {
    has: (method: string, path: string) => calls.some((c) => c.method === method && c.path === path),
    /** The body of the last request to `path`. */
    bodyOf: (path: string) => calls.filter((c) => c.method === 'POST' && c.path === path).at(-1)?.body,
    calls,
  };
}

function OrderPageStandIn() {
  const location = useLocation();
  return <p data-testid="order-page">{location.pathname + location.search}</p>;
}

function openCheckout() {
  return renderWithProviders(<CheckoutPage />, {
    route: '/checkout',
    path: '/checkout',
    routes: { '/orders/:id': <OrderPageStandIn /> },
  }).user;
}

/** Fills in the address, chooses shipping, places the order and waits for the step after it. */
async function placeOrder(user = openCheckout(), nextHeading = 'Payment') {
  await user.type(screen.getByLabelText('Email'), 'sam@example.com');
  await user.type(screen.getByLabelText('Full name'), address.name);
  await user.type(screen.getByLabelText('Address'), address.line1);
  await user.type(screen.getByLabelText('City'), address.city);
  await user.type(screen.getByLabelText('State / region'), address.region);
  await user.type(screen.getByLabelText('Postal code'), address.postalCode);
  await user.click(await screen.findByRole('radio', { name: /Standard/ }));
  await user.click(screen.getByRole('button', { name: 'Place order' }));
  await screen.findByRole('heading', { name: nextHeading });
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
    const api = serve({ provider: 'stripe', stripePublishableKey: 'pk_test_123' }, { clientSecret: 'pi_1_secret_2' });
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
    serve({ provider: 'stripe', stripePublishableKey: 'pk_test_123' }, { clientSecret: 'pi_1_secret_2' });
    stripe.confirmPayment.mockResolvedValue({ error: { type: 'card_error', message: 'Your card was declined.' } });
    const user = await placeOrder();
    await user.click(await screen.findByRole('button', { name: 'Pay $25.00' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your card was declined.');
    expect(screen.queryByTestId('order-page')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pay $25.00' })).toBeEnabled());
  });

  it('with a Stripe provider but no publishable key: says card payments are unavailable instead of a broken form', async () => {
    serve({ provider: 'stripe' }, { clientSecret: 'pi_1_secret_2' });
    await placeOrder();
    expect(await screen.findByRole('alert')).toHaveTextContent('Card payments are not available');
    expect(screen.queryByTestId('payment-element')).not.toBeInTheDocument();
    expect(stripe.loadStripe).not.toHaveBeenCalled();
  });
});

describe('CheckoutPage gift cards and store credit', () => {
  const CODE = 'GIFT-ABCD-WXYZ';
  const lookup: StubRoutes = {
    'POST /api/v1/gift-cards/lookup': (call) =>
      (call.body as { code: string }).code === CODE
        ? { last4: 'WXYZ', balance: money(1000), expiresAt: null }
        : replyError(404, { code: 'NOT_FOUND', message: 'This gift card code was not found.' }),
  };
  const signedIn = (credit: number): StubRoutes => ({
    'GET /api/v1/me': shopper(),
    'GET /api/v1/me/store-credit': { balance: money(credit), entries: [] },
  });
  const partlyPaid: Partial<CheckoutResponse> = {
    order: { ...order('pending_payment'), paidWithBalance: money(1000) },
    payment: { id: 'p1', provider: 'manual', status: 'requires_payment', amount: money(1500), refunded: money(0) },
  };

  it('looks a code up, lists the card with its balance and an estimate, sends its code with the checkout, and asks only for the rest', async () => {
    const api = serve({ provider: 'manual' }, { routes: lookup, placed: partlyPaid });
    const user = openCheckout();
    await user.type(screen.getByLabelText('Gift card code'), CODE);
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    const applied = await screen.findByRole('list', { name: 'Applied gift cards' });
    expect(applied).toHaveTextContent('Gift card ending WXYZ: balance $10.00');
    expect(api.bodyOf('/api/v1/gift-cards/lookup')).toEqual({ code: CODE });
    expect(screen.getByTestId('tender-estimate')).toHaveTextContent('Gift cards and credit:−$10.00');
    expect(screen.getByLabelText('Gift card code')).toHaveValue('');

    await placeOrder(user);
    expect(api.bodyOf('/api/v1/checkout')).toMatchObject({ giftCardCodes: [CODE] });
    expect(api.bodyOf('/api/v1/checkout')).not.toHaveProperty('useStoreCredit');
    expect(screen.getByTestId('balance-split')).toHaveTextContent('Paid with gift cards and credit: $10.00; to pay now: $15.00');
    expect(screen.queryByRole('button', { name: 'Pay $25.00' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pay $15.00' }));
    expect(await screen.findByTestId('order-page')).toHaveTextContent('/orders/o1?token=guest-token');
  });

  it('says so when a code is unknown, applies nothing and sends no gift cards', async () => {
    const api = serve({ provider: 'manual' }, { routes: lookup });
    const user = openCheckout();
    await user.type(screen.getByLabelText('Gift card code'), 'NOPE-NOPE-NOPE');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('We do not know this gift card code');
    expect(screen.getByLabelText('Gift card code')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('list', { name: 'Applied gift cards' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('tender-estimate')).not.toBeInTheDocument();

    await placeOrder(user);
    expect(api.bodyOf('/api/v1/checkout')).not.toHaveProperty('giftCardCodes');
  });

  it('applies a card on Enter without placing the order, refuses the same card twice, and a removed card is not sent', async () => {
    const api = serve({ provider: 'manual' }, { routes: lookup });
    const user = openCheckout();
    await user.type(screen.getByLabelText('Gift card code'), `${CODE}{Enter}`);
    expect(await screen.findByText('Gift card ending WXYZ: balance $10.00')).toBeInTheDocument();
    expect(api.has('POST', '/api/v1/checkout')).toBe(false);

    await user.type(screen.getByLabelText('Gift card code'), 'giftabcdwxyz');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This gift card is already applied.');
    expect(api.calls.filter((c) => c.path === '/api/v1/gift-cards/lookup')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Remove the gift card ending WXYZ' }));
    expect(screen.queryByText(/Gift card ending WXYZ/)).not.toBeInTheDocument();
    await placeOrder(user);
    expect(api.bodyOf('/api/v1/checkout')).not.toHaveProperty('giftCardCodes');
  });

  it('takes as many cards as the checkout schema allows and refuses the next one without looking it up', async () => {
    const api = serve(
      { provider: 'manual' },
      {
        routes: {
          'POST /api/v1/gift-cards/lookup': (call) => ({
            last4: (call.body as { code: string }).code.slice(-4),
            balance: money(100),
            expiresAt: null,
          }),
        },
      },
    );
    const user = openCheckout();
    for (const n of [1, 2, 3, 4, 5]) {
      await user.type(screen.getByLabelText('Gift card code'), `CARD-000${n}{Enter}`);
      await screen.findByText(`Gift card ending 000${n}: balance $1.00`);
    }
    await user.type(screen.getByLabelText('Gift card code'), 'CARD-0006{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('This order cannot take more gift cards.');
    expect(api.calls.filter((c) => c.path === '/api/v1/gift-cards/lookup')).toHaveLength(5);
    await placeOrder(user);
    expect(api.bodyOf('/api/v1/checkout')).toMatchObject({
      giftCardCodes: ['CARD-0001', 'CARD-0002', 'CARD-0003', 'CARD-0004', 'CARD-0005'],
    });
  });

  it('offers a signed-in shopper their store credit, estimates at most the cart total, and sends useStoreCredit', async () => {
    const api = serve({ provider: 'manual' }, { routes: signedIn(5000) });
    const user = openCheckout();
    const box = await screen.findByRole('checkbox', { name: 'Use my store credit (balance $50.00)' });
    expect(box).not.toBeChecked();
    await user.click(box);
    expect(screen.getByTestId('tender-estimate')).toHaveTextContent('Gift cards and credit:−$25.00');
    await placeOrder(user);
    expect(api.bodyOf('/api/v1/checkout')).toMatchObject({ useStoreCredit: true });
  });

  it('offers no store credit to a guest or to a shopper with none, and never asks a guest’s balance', async () => {
    const api = serve({ provider: 'manual' });
    openCheckout();
    await screen.findByRole('radio', { name: /Standard/ });
    expect(screen.queryByRole('checkbox', { name: /store credit/ })).not.toBeInTheDocument();
    expect(api.has('GET', '/api/v1/me/store-credit')).toBe(false);
  });

  it('hides the store credit choice from a signed-in shopper whose balance is zero', async () => {
    const api = serve({ provider: 'manual' }, { routes: signedIn(0) });
    openCheckout();
    await waitFor(() => expect(api.has('GET', '/api/v1/me/store-credit')).toBe(true));
    await screen.findByRole('radio', { name: /Standard/ });
    expect(screen.queryByRole('checkbox', { name: /store credit/ })).not.toBeInTheDocument();
  });

  it('when the balances paid everything (no payment): says it is paid in full, offers no payment, and links to the order', async () => {
    const api = serve(
      { provider: 'manual' },
      { routes: lookup, placed: { order: { ...order('paid'), paidWithBalance: money(2500) }, payment: null } },
    );
    const user = openCheckout();
    await user.type(screen.getByLabelText('Gift card code'), `${CODE}{Enter}`);
    await screen.findByText('Gift card ending WXYZ: balance $10.00');
    await placeOrder(user, 'Order placed');
    expect(screen.getByRole('status')).toHaveTextContent('Order B-1001 — $25.00. Paid in full with your gift card and store credit.');
    expect(screen.queryByRole('button', { name: /^Pay/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'See your order' }));
    expect(await screen.findByTestId('order-page')).toHaveTextContent('/orders/o1?token=guest-token');
    expect(api.has('POST', '/api/v1/payments/p1/confirm')).toBe(false);
  });
});

describe('CheckoutPage in a market', () => {
  it("ships to the market's first country by default and lists its countries first, until the shopper picks one", async () => {
    stubApi({
      'GET /api/v1/markets': marketList('eu'),
      'GET /api/v1/config': { currency: 'USD', payments: { provider: 'manual' } } satisfies StorefrontConfig,
      'GET /api/v1/cart': cartIn('eu'),
      'GET /api/v1/shipping-methods': { items: [] },
    });
    const user = openCheckout();
    const country = screen.getByLabelText('Country');
    await waitFor(() => expect(country).toHaveValue('DE'));
    expect([...(country as HTMLSelectElement).options].slice(0, 2).map((o) => o.value)).toEqual(['DE', 'AT']);
    await user.selectOptions(country, 'GB');
    expect(country).toHaveValue('GB');
  });
});
