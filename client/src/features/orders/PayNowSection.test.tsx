import type { Order, PayOrderResponse, StorefrontConfig } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { anOrder, usd } from '../../test/orders';
import { renderWithProviders, replyError, stubApi, type StubRoutes } from '../../test/renderWithProviders';
import OrderPage from './OrderPage';

const invoiced = anOrder({ status: 'pending_payment', paymentStatus: 'pending', amountDue: usd(2500) });
const paid: Order = { ...invoiced, status: 'paid', paymentStatus: 'paid', amountDue: usd(0) };
const started: PayOrderResponse = {
  order: invoiced,
  payment: { id: 'p1', provider: 'manual', status: 'requires_payment', amount: usd(2500), refunded: usd(0) },
};

/** The order page of a guest's invoice link; the order is paid once the manual payment succeeds. */
function openInvoice(routes: StubRoutes = {}, route = '/orders/o1?token=guest-token-0123456789') {
  let current = invoiced;
  const calls = stubApi({
    'GET /api/v1/config': { currency: 'USD', payments: { provider: 'manual' } } satisfies StorefrontConfig,
    'GET /api/v1/orders/o1': () => current,
    'POST /api/v1/orders/o1/pay': started,
    'POST /api/v1/payments/p1/confirm': (call) => {
      if ((call.body as { outcome: string }).outcome === 'succeeded') current = paid;
      return current;
    },
    ...routes,
  });
  const { user } = renderWithProviders(<OrderPage />, { route, path: '/orders/:id' });
  return { calls, user };
}
const payNow = () => screen.findByRole('region', { name: 'Pay now' });

describe('Pay now on the order page', () => {
  it('asks the server for the payment with the guest’s token, confirms it with the token, and shows the order paid', async () => {
    const { calls, user } = openInvoice();
    expect(within(await payNow()).getByTestId('amount-due')).toHaveTextContent('Amount due: $25.00');
    await user.click(screen.getByRole('button', { name: 'Pay now' }));
    await user.click(await screen.findByRole('button', { name: 'Pay $25.00' }));

    await waitFor(() => expect(screen.getByTestId('order-status')).toHaveTextContent('Confirmed'));
    expect(screen.queryByRole('region', { name: 'Pay now' })).not.toBeInTheDocument();
    const pay = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/orders/o1/pay');
    expect(pay?.search).toBe('token=guest-token-0123456789');
    const confirm = calls.find((c) => c.path === '/api/v1/payments/p1/confirm');
    expect(confirm).toMatchObject({ search: 'token=guest-token-0123456789', body: { outcome: 'succeeded' } });
    expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/orders/o1')).toHaveLength(2);
  });

  it('sends no token for a signed-in shopper’s own order', async () => {
    const { calls, user } = openInvoice({}, '/orders/o1');
    await user.click(await screen.findByRole('button', { name: 'Pay now' }));
    await screen.findByRole('button', { name: 'Pay $25.00' });
    expect(calls.find((c) => c.path === '/api/v1/orders/o1/pay')?.search).toBe('');
  });

  it('says a declined payment was declined and leaves the order to pay', async () => {
    const { user } = openInvoice();
    await user.click(await screen.findByRole('button', { name: 'Pay now' }));
    await user.click(await screen.findByRole('button', { name: 'Simulate a decline' }));
    expect(await within(await payNow()).findByRole('alert')).toHaveTextContent('The payment was declined. You can try again.');
    expect(screen.getByTestId('order-status')).toHaveTextContent('Waiting for payment');
    expect(screen.getByRole('button', { name: 'Pay $25.00' })).toBeEnabled();
  });

  it('shows the server’s message when the provider is down, and offers the payment again', async () => {
    const { user } = openInvoice({
      'POST /api/v1/orders/o1/pay': replyError(503, {
        code: 'SERVICE_UNAVAILABLE',
        message: 'Payments are unavailable right now; nothing was charged. Please try again shortly.',
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Pay now' }));
    expect(await within(await payNow()).findByRole('alert')).toHaveTextContent('Payments are unavailable right now; nothing was charged.');
    expect(screen.getByRole('button', { name: 'Pay now' })).toBeEnabled();
  });

  it('when nothing is due any more (409): says so and fetches the order again', async () => {
    const { calls, user } = openInvoice({
      'POST /api/v1/orders/o1/pay': replyError(409, { code: 'INVALID_TRANSITION', message: 'Nothing is due on this order.' }),
    });
    await user.click(await screen.findByRole('button', { name: 'Pay now' }));
    expect(await within(await payNow()).findByRole('alert')).toHaveTextContent('Nothing is due on this order.');
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/orders/o1')).toHaveLength(2));
  });

  it('follows amountDue, not the status: a paid order with something still due can pay it', async () => {
    const owed = anOrder({ amountDue: usd(500) });
    let current = owed;
    const { user } = openInvoice({
      'GET /api/v1/orders/o1': () => current,
      'POST /api/v1/orders/o1/pay': { order: owed, payment: { ...started.payment, amount: usd(500) } },
      'POST /api/v1/payments/p1/confirm': (call) => {
        if ((call.body as { outcome: string }).outcome === 'succeeded') current = { ...owed, amountDue: usd(0) };
        return current;
      },
    });
    expect(within(await payNow()).getByTestId('amount-due')).toHaveTextContent('Amount due: $5.00');
    await user.click(screen.getByRole('button', { name: 'Pay now' }));
    await user.click(await screen.findByRole('button', { name: 'Simulate a decline' }));
    expect(await within(await payNow()).findByRole('alert')).toHaveTextContent('The payment was declined.');
    await user.click(screen.getByRole('button', { name: 'Pay $5.00' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Pay now' })).not.toBeInTheDocument());
  });

  it('offers no payment when nothing is due', async () => {
    openInvoice({ 'GET /api/v1/orders/o1': paid });
    expect(await screen.findByTestId('order-status')).toHaveTextContent('Confirmed');
    expect(screen.queryByRole('region', { name: 'Pay now' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Pay now' })).not.toBeInTheDocument();
  });

  it('offers no second payment when the shopper is back from a bank’s page', async () => {
    openInvoice({}, '/orders/o1?token=guest-token-0123456789&redirect_status=succeeded');
    expect(await screen.findByText(/we are confirming it with your bank/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Pay now' })).not.toBeInTheDocument();
  });
});
