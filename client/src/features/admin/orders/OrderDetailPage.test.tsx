import type { Me, Order, Permission, Role } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import OrderDetailPage from './OrderDetailPage';

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
  shippingMethod: { id: null, name: 'Standard' },
  shippingAddress: { name: 'Sam', line1: '1 Main St', city: 'NYC', postalCode: '10001', country: 'US' },
  reservationExpiresAt: null,
  events: [{ type: 'paid', from: 'pending_payment', to: 'paid', note: null, actorUserId: null, createdAt: '2026-11-24T10:00:00.000Z' }],
  payments: [],
  flag: null,
  allowedActions: ['fulfil', 'cancel', 'refund'],
  createdAt: '2026-11-24T10:00:00.000Z',
};

function renderAs(role: Role, permissions: Permission[], shown: Order = order) {
  const me: Me = {
    id: 'u1',
    email: 'staff@example.com',
    name: 'Staff',
    role,
    permissions,
    emailVerified: true,
    mfaEnabled: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  stubApi({ 'GET /api/v1/me': me, [`GET /api/v1/admin/orders/${order.id}`]: shown });
  renderWithProviders(<OrderDetailPage />, { route: `/admin/orders/${order.id}`, path: '/admin/orders/:id' });
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
});
