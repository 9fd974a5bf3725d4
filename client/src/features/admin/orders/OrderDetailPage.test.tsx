import type { Order, Permission, Role } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { makeOrder, usd } from '../../../test/orders.fixtures';
import { renderWithProviders, stubApi, type StubRoutes } from '../../../test/renderWithProviders';
import { staff } from '../../../test/staff.fixtures';
import OrderDetailPage from './OrderDetailPage';
import { refundDestinationText } from './RefundDialog';

const order = makeOrder({
  events: [{ type: 'paid', from: 'pending_payment', to: 'paid', note: null, actorUserId: null, createdAt: '2026-11-24T10:00:00.000Z' }],
  allowedActions: ['fulfil', 'cancel', 'refund'],
});

function renderAs(role: Role, permissions: Permission[], shown: Order = order, routes: StubRoutes = {}) {
  const calls = stubApi({ 'GET /api/v1/me': staff(permissions, role), [`GET /api/v1/admin/orders/${order.id}`]: shown, ...routes });
  const { user } = renderWithProviders(<OrderDetailPage />, { route: `/admin/orders/${order.id}`, path: '/admin/orders/:id' });
  return { calls, user };
}

describe('OrderDetailPage', () => {
  it('shows an admin the fulfil, refund and cancel actions', async () => {
    renderAs('admin', ['orders:read', 'orders:write', 'orders:refund']);
    expect(await screen.findByRole('button', { name: 'Refund' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark fulfilled' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeInTheDocument();
  });

  it('shows exactly the actions the server allows, whatever the status (a partly refunded order can still ship)', async () => {
    renderAs('admin', ['orders:read', 'orders:write', 'orders:refund'], {
      ...order,
      status: 'partially_refunded',
      paymentStatus: 'partially_refunded',
      allowedActions: ['fulfil', 'refund'],
    });
    expect(await screen.findByRole('button', { name: 'Mark fulfilled' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refund' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel order' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mark delivered' })).toBeNull();
  });

  it('shows support the order but none of the actions their role cannot take', async () => {
    renderAs('support', ['orders:read', 'customers:read', 'reviews:moderate'], { ...order, allowedActions: [] });
    expect(await screen.findByRole('heading', { name: 'Order BZ-7' })).toBeInTheDocument();
    expect(await screen.findByRole('cell', { name: 'Lamp' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mark fulfilled' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel order' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Print packing slip' })).toBeInTheDocument();
  });

  it('shows what gift cards and store credit paid, and nothing about them when they paid nothing', async () => {
    renderAs('admin', ['orders:read'], { ...order, paidWithBalance: usd(400) });
    expect(await screen.findByTestId('paid-with-balance')).toHaveTextContent('$4.00');
    expect(screen.getByText('Paid with gift cards and store credit')).toBeInTheDocument();
  });

  it('shows no balance line for an order paid by the provider alone', async () => {
    renderAs('admin', ['orders:read']);
    expect(await screen.findByRole('heading', { name: 'Order BZ-7' })).toBeInTheDocument();
    expect(screen.queryByText('Paid with gift cards and store credit')).not.toBeInTheDocument();
  });

  describe('refund dialog', () => {
    // jsdom has no modal dialogs: these open and close the element the way a browser does.
    beforeAll(() => {
      HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
        this.open = true;
      };
      HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
        this.open = false;
        this.dispatchEvent(new Event('close'));
      };
    });
    afterAll(() => {
      delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).showModal;
      delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).close;
    });

    const refunds = `POST /api/v1/admin/orders/${order.id}/refunds` as const;
    const customers: Order = { ...order, customerId: '00000000-0000-4000-8000-0000000000c1' };
    const refunder = (shown: Order) =>
      renderAs('admin', ['orders:read', 'orders:refund'], shown, {
        [refunds]: { ...shown, status: 'refunded', refunded: shown.totals.total },
      });
    const review = async (user: ReturnType<typeof renderAs>['user']) => {
      await user.click(await screen.findByRole('button', { name: 'Refund' }));
      await user.click(await screen.findByRole('radio', { name: 'Everything left' }));
    };

    it("sends to: 'store_credit' when staff choose store credit, and the confirmation says the money goes there", async () => {
      const { calls, user } = refunder(customers);
      await review(user);
      await user.click(screen.getByRole('radio', { name: 'Store credit' }));
      await user.click(screen.getByRole('button', { name: 'Review refund' }));
      expect(screen.getByTestId('refund-confirmation')).toHaveTextContent("$10.00 goes to the customer's store credit, all of it.");
      await user.click(screen.getByRole('button', { name: 'Refund $10.00' }));
      await waitFor(() =>
        expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/refunds'))?.body).toEqual({ full: true, to: 'store_credit' }),
      );
    });

    it('refunds to the original payment by default, and says a part paid with balances goes back to them after the provider', async () => {
      const { calls, user } = refunder({
        ...customers,
        paidWithBalance: usd(400),
        payments: [{ id: 'p1', provider: 'stripe', status: 'paid', amount: usd(600), refunded: usd(0) }],
      });
      await review(user);
      expect(screen.getByRole('radio', { name: 'Original payment' })).toBeChecked();
      await user.click(screen.getByRole('button', { name: 'Review refund' }));
      expect(screen.getByTestId('refund-confirmation')).toHaveTextContent(
        "$10.00 goes back through the original payment (stripe) first; any part paid by gift card or store credit goes back there after the provider's part.",
      );
      await user.click(screen.getByRole('button', { name: 'Refund $10.00' }));
      await waitFor(() =>
        expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/refunds'))?.body).toEqual({ full: true, to: 'original' }),
      );
    });

    it('to the original payment: says the provider alone, or the balances alone, when only one of them paid', () => {
      const byCard = {
        ...order,
        payments: [{ id: 'p1', provider: 'stripe' as const, status: 'paid', amount: usd(1000), refunded: usd(0) }],
      };
      expect(refundDestinationText(byCard, 'original')).toBe('goes back to the customer through the original payment (stripe).');
      expect(refundDestinationText({ ...order, paidWithBalance: usd(1000) }, 'original')).toBe(
        'goes back to the gift cards and store credit the order was paid with.',
      );
    });

    it('does not offer store credit for a guest order, and says why', async () => {
      const { user } = refunder(order);
      await review(user);
      const storeCredit = screen.getByRole('radio', { name: 'Store credit' });
      expect(storeCredit).toBeDisabled();
      expect(storeCredit).toHaveAccessibleDescription(/guest order has no customer account/);
      await user.click(storeCredit);
      expect(screen.getByRole('radio', { name: 'Original payment' })).toBeChecked();
    });
  });
});
