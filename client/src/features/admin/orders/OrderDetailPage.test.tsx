import type { Order, Permission, Role } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../../test/dialogs';
import { renderWithProviders, stubApi, type StubRoutes } from '../../../test/renderWithProviders';
import { staffMember } from '../../../test/staff';
import OrderDetailPage from './OrderDetailPage';
import { refundDestinationText } from './RefundDialog';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const order: Order = {
  id: '00000000-0000-4000-8000-000000000001',
  number: 'BZ-7',
  status: 'paid',
  paymentStatus: 'paid',
  email: 'sam@example.com',
  customerId: null,
  items: [
    {
      id: 'i1',
      variantId: null,
      sku: 'LAMP-1',
      title: 'Lamp',
      variantTitle: '',
      quantity: 1,
      refundedQuantity: 0,
      unitPrice: usd(1000),
      discount: usd(0),
      tax: usd(0),
      lineTotal: usd(1000),
    },
  ],
  totals: { subtotal: usd(1000), discount: usd(0), shipping: usd(0), tax: usd(0), total: usd(1000) },
  refunded: usd(0),
  paidWithBalance: usd(0),
  amountDue: usd(0),
  shippingMethod: { id: null, name: 'Standard' },
  shippingAddress: { name: 'Sam', line1: '1 Main St', city: 'NYC', postalCode: '10001', country: 'US' },
  reservationExpiresAt: null,
  events: [{ type: 'paid', from: 'pending_payment', to: 'paid', note: null, actorUserId: null, createdAt: '2026-11-24T10:00:00.000Z' }],
  payments: [],
  flag: null,
  allowedActions: ['fulfil', 'cancel', 'refund'],
  createdAt: '2026-11-24T10:00:00.000Z',
};

function renderAs(role: Role, permissions: Permission[], shown: Order = order, routes: StubRoutes = {}) {
  const calls = stubApi({ 'GET /api/v1/me': staffMember(permissions, role), [`GET /api/v1/admin/orders/${order.id}`]: shown, ...routes });
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
    withModalDialogs();

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

    it('says refunded gift cards are taken back, and only when gift cards are refunded', async () => {
      const card = { ...order.items[0]!, id: 'g1', sku: 'GC-25', title: 'Gift card', giftCard: { recipientEmail: 'ana@example.com' } };
      const { user } = refunder({ ...order, items: [...order.items, card] });
      await user.click(await screen.findByRole('button', { name: 'Refund' }));
      await user.type(screen.getByLabelText('Quantity of LAMP-1 to refund'), '1');
      await user.click(screen.getByRole('button', { name: 'Review refund' }));
      expect(screen.getByTestId('refund-confirmation')).not.toHaveTextContent('gift cards refunded are taken back');
      await user.click(screen.getByRole('button', { name: 'Change' }));
      await user.type(screen.getByLabelText('Quantity of GC-25 to refund'), '1');
      await user.click(screen.getByRole('button', { name: 'Review refund' }));
      expect(screen.getByTestId('refund-confirmation')).toHaveTextContent(
        'The gift cards refunded are taken back: each is emptied and never sent. A gift card that has been used cannot be refunded.',
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

describe('OrderDetailPage invoices and offline payments', () => {
  withModalDialogs();

  const draft: Order = {
    ...order,
    status: 'draft',
    paymentStatus: 'pending',
    staffNote: 'Phone order: wants it gift-wrapped',
    allowedActions: ['send_invoice', 'mark_paid', 'cancel'],
  };
  const admin = (shown: Order, routes: StubRoutes = {}) =>
    renderAs('admin', ['orders:read', 'orders:write', 'orders:refund', 'orders:price-override'], shown, routes);
  const posted = (calls: ReturnType<typeof renderAs>['calls'], action: string) =>
    calls.filter((c) => c.method === 'POST' && c.path === `/api/v1/admin/orders/${order.id}/${action}`);

  it('offers a draft’s actions the server allows, a link to edit it, and shows the staff note', async () => {
    admin(draft);
    expect(await screen.findByRole('button', { name: 'Send invoice' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark paid offline' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel draft' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Edit draft' })).toHaveAttribute('href', `/admin/draft-orders/${order.id}`);
    expect(screen.getByTestId('staff-note')).toHaveTextContent('Phone order: wants it gift-wrapped');
  });

  it('offers neither an invoice nor an offline payment when the server does not allow them', async () => {
    admin({ ...draft, status: 'pending_payment', allowedActions: ['cancel'] });
    expect(await screen.findByRole('button', { name: 'Cancel order' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send invoice' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mark paid offline' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Edit draft' })).toBeNull();
  });

  it('sends the invoice holding the stock when “Hold the stock now” is ticked, with the message', async () => {
    const { calls, user } = admin(draft, {
      [`POST /api/v1/admin/orders/${order.id}/send-invoice`]: { ...draft, status: 'pending_payment', allowedActions: ['mark_paid'] },
    });
    await user.click(await screen.findByRole('button', { name: 'Send invoice' }));
    const dialog = screen.getByRole('dialog', { name: 'Send the invoice for BZ-7?' });
    expect(dialog).toHaveTextContent('sam@example.com is emailed a link to pay $10.00.');
    await user.click(screen.getByRole('checkbox', { name: /Hold the stock now/ }));
    await user.type(screen.getByLabelText('Message to the customer (optional)'), 'Thanks for calling!');
    await user.click(within(dialog).getByRole('button', { name: 'Send invoice' }));
    await waitFor(() =>
      expect(posted(calls, 'send-invoice').map((c) => c.body)).toEqual([{ reserveStock: true, message: 'Thanks for calling!' }]),
    );
  });

  it('sends the invoice without holding stock unless asked', async () => {
    const { calls, user } = admin(draft, { [`POST /api/v1/admin/orders/${order.id}/send-invoice`]: draft });
    await user.click(await screen.findByRole('button', { name: 'Send invoice' }));
    expect(screen.getByRole('checkbox', { name: /Hold the stock now/ })).not.toBeChecked();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Send invoice' }));
    await waitFor(() => expect(posted(calls, 'send-invoice').map((c) => c.body)).toEqual([{ reserveStock: false }]));
  });

  it('marks paid offline only with a note saying how it was paid', async () => {
    const { calls, user } = admin(draft, {
      [`POST /api/v1/admin/orders/${order.id}/mark-paid`]: { ...draft, status: 'paid', paymentStatus: 'paid', allowedActions: [] },
    });
    await user.click(await screen.findByRole('button', { name: 'Mark paid offline' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark BZ-7 paid offline?' });
    expect(dialog).toHaveTextContent('Records $10.00 paid outside the shop');
    await user.click(within(dialog).getByRole('button', { name: 'Mark paid' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Say how it was paid');
    expect(posted(calls, 'mark-paid')).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: /^How it was paid/ }), 'bank transfer, ref 42');
    await user.click(within(dialog).getByRole('button', { name: 'Mark paid' }));
    await waitFor(() => expect(posted(calls, 'mark-paid').map((c) => c.body)).toEqual([{ note: 'bank transfer, ref 42' }]));
  });

  it('cancels a draft with the cancel action, saying nothing was charged', async () => {
    const { calls, user } = admin(draft, { [`POST /api/v1/admin/orders/${order.id}/cancel`]: { ...draft, status: 'cancelled' } });
    await user.click(await screen.findByRole('button', { name: 'Cancel draft' }));
    expect(screen.getByRole('dialog', { name: 'Cancel draft BZ-7?' })).toHaveTextContent('The draft is discarded. Nothing was charged');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel draft' }));
    await waitFor(() => expect(posted(calls, 'cancel').map((c) => c.body)).toEqual([{}]));
  });

  it('says a refund of an offline payment is recorded as done and the money is returned by staff', () => {
    const offline: Order = {
      ...order,
      payments: [
        { id: 'p0', provider: 'manual', status: 'cancelled', amount: usd(1000), refunded: usd(0) },
        { id: 'p1', provider: 'offline', status: 'succeeded', amount: usd(1000), refunded: usd(0) },
      ],
    };
    expect(refundDestinationText(offline, 'original')).toBe(
      'is recorded as refunded to the offline payment: return it to the customer yourself, the way they paid.',
    );
  });
});
