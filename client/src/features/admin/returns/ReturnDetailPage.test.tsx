import type { Me, Return, ReturnRefundPreview } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders, stubApi, type StubRoutes } from '../../../test/renderWithProviders';
import { makeReturn, returnLine, usd } from '../../../test/returns.fixtures';
import ReturnDetailPage from './ReturnDetailPage';

// jsdom has no modal dialogs: opening one shows it (it is what the browser does, focus aside).
beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

const me: Me = {
  id: 'u1',
  email: 'staff@example.com',
  name: 'Staff',
  role: 'admin',
  permissions: ['orders:read', 'orders:write', 'orders:refund'],
  emailVerified: true,
  mfaEnabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const shown = makeReturn({
  note: 'The sleeves are short',
  lines: [
    returnLine({ quantity: 2, paid: usd(4000) }),
    returnLine({ id: 'l2', itemId: 'i2', sku: 'SOCK-1', title: 'Socks', variantTitle: '', paid: usd(1000) }),
  ],
  events: [{ type: 'return_requested', note: 'BZ-7-R1 — Does not fit', actorUserId: null, createdAt: '2026-12-01T10:00:00.000Z' }],
  allowedActions: ['approve', 'reject', 'cancel'],
});
const ID = shown.id;

function open(r: Partial<Return>, routes: StubRoutes = {}) {
  const calls = stubApi({ 'GET /api/v1/me': me, [`GET /api/v1/admin/returns/${ID}`]: { ...shown, ...r }, ...routes });
  const view = renderWithProviders(<ReturnDetailPage />, { route: `/admin/returns/${ID}`, path: '/admin/returns/:id' });
  return { calls, ...view };
}
const posted = (calls: ReturnType<typeof stubApi>, action: string) =>
  calls.find((c) => c.method === 'POST' && c.path === `/api/v1/admin/returns/${ID}/${action}`);
const ACTIONS = ['Approve', 'Receive items', 'Refund', 'Reject', 'Cancel return'];

describe('ReturnDetailPage', () => {
  it('shows the lines, what the customer said, the history and exactly the actions the server allows', async () => {
    open({});
    expect(await screen.findByRole('heading', { name: 'Return BZ-7-R1' })).toBeInTheDocument();
    expect(screen.getByText('The sleeves are short')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'BZ-7' })).toHaveAttribute('href', '/admin/orders/00000000-0000-4000-8000-000000000001');
    expect(screen.getByTestId('return-history')).toHaveTextContent('return requested — BZ-7-R1 — Does not fit');
    expect(screen.getByRole('cell', { name: 'SHIRT-M' })).toBeInTheDocument();
    const buttons = (names: string[]) => names.filter((name) => screen.queryByRole('button', { name }));
    expect(buttons(ACTIONS)).toEqual(['Approve', 'Reject', 'Cancel return']);
  });

  it('offers nothing when the server allows nothing (a closed return, or a role without the permission)', async () => {
    open({
      status: 'refunded',
      allowedActions: [],
      refund: { original: usd(3000), storeCredit: usd(0), shippingFee: usd(500), restockingFee: usd(0) },
    });
    expect(await screen.findByTestId('return-refund')).toHaveTextContent('Return shipping fee kept$5.00');
    expect(ACTIONS.filter((name) => screen.queryByRole('button', { name }))).toEqual([]);
  });

  it('rejects with the note for the customer', async () => {
    const { calls, user } = open({}, { [`POST /api/v1/admin/returns/${ID}/reject`]: { ...shown, status: 'rejected', allowedActions: [] } });
    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Reject BZ-7-R1?' }));
    await user.type(dialog.getByLabelText(/Note for the customer/), ' Worn already ');
    await user.click(dialog.getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(posted(calls, 'reject')?.body).toEqual({ note: 'Worn already' }));
  });

  it('records what arrived line by line, restocking or not', async () => {
    const { calls, user } = open(
      { status: 'approved', allowedActions: ['receive', 'cancel'] },
      { [`POST /api/v1/admin/returns/${ID}/receive`]: { ...shown, status: 'received', allowedActions: ['refund'] } },
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Receive items' }));
    const shirts = screen.getByLabelText('Received of SHIRT-M');
    expect(shirts).toHaveValue(2);
    await user.clear(shirts);
    await user.type(shirts, '1');
    await user.click(screen.getByRole('checkbox', { name: 'Restock SOCK-1' }));
    await user.click(screen.getByRole('button', { name: 'Record receipt' }));
    await waitFor(() =>
      expect(posted(calls, 'receive')?.body).toEqual({
        lines: [
          { lineId: 'l1', quantity: 1, restock: true },
          { lineId: 'l2', quantity: 1, restock: false },
        ],
      }),
    );
  });

  it('refunds with the fees from the preview in minor units, showing what the customer gets as they change', async () => {
    const preview: ReturnRefundPreview = { gross: usd(5000), shippingFee: usd(500), restockingFee: usd(250), net: usd(4250) };
    const { calls, user } = open(
      { status: 'received', allowedActions: ['refund'] },
      {
        [`GET /api/v1/admin/returns/${ID}/refund-preview`]: preview,
        [`POST /api/v1/admin/returns/${ID}/refund`]: { ...shown, status: 'refunded', allowedActions: [] },
      },
    );
    await user.click(await screen.findByRole('button', { name: 'Refund' }));
    const shipping = await screen.findByLabelText(/Return shipping fee/);
    const restocking = screen.getByLabelText(/Restocking fee/);
    expect(shipping).toHaveValue('5.00');
    expect(restocking).toHaveValue('2.50');
    expect(screen.getByTestId('customer-gets')).toHaveTextContent('Customer gets $42.50: $42.50 to the original payment');

    await user.clear(restocking);
    await user.type(restocking, '0');
    expect(screen.getByTestId('customer-gets')).toHaveTextContent('Customer gets $45.00');
    await user.click(screen.getByRole('radio', { name: 'Split' }));
    const credit = screen.getByLabelText(/Store-credit part/);
    await user.type(credit, '50');
    expect(screen.getByText('At most $45.00')).toHaveAttribute('role', 'alert');
    expect(screen.getByRole('button', { name: /^Refund \$/ })).toBeDisabled();
    await user.clear(credit);
    await user.type(credit, '10.50');
    expect(screen.getByTestId('customer-gets')).toHaveTextContent('$34.50 to the original payment and $10.50 as store credit');
    await user.click(screen.getByRole('button', { name: 'Refund $45.00' }));
    await waitFor(() =>
      expect(posted(calls, 'refund')?.body).toEqual({ to: 'split', storeCredit: 1050, shippingFee: 500, restockingFee: 0 }),
    );
  });

  it('refuses fees above the refund and sends everything to store credit when asked', async () => {
    const preview: ReturnRefundPreview = { gross: usd(1000), shippingFee: usd(0), restockingFee: usd(0), net: usd(1000) };
    const { calls, user } = open(
      { kind: 'claim', status: 'approved', allowedActions: ['refund', 'cancel'] },
      {
        [`GET /api/v1/admin/returns/${ID}/refund-preview`]: preview,
        [`POST /api/v1/admin/returns/${ID}/refund`]: { ...shown, status: 'refunded', allowedActions: [] },
      },
    );
    await user.click(await screen.findByRole('button', { name: 'Refund' }));
    const shipping = await screen.findByLabelText(/Return shipping fee/);
    await user.clear(shipping);
    await user.type(shipping, '12');
    expect(screen.getByText('The fees are more than the refund')).toHaveAttribute('role', 'alert');
    expect(screen.getByRole('button', { name: /^Refund \$/ })).toBeDisabled();
    await user.clear(shipping);
    await user.type(shipping, '1.5');
    await user.click(screen.getByRole('radio', { name: 'Store credit' }));
    expect(screen.getByTestId('customer-gets')).toHaveTextContent('Customer gets $8.50: $8.50 as store credit');
    await user.click(screen.getByRole('button', { name: 'Refund $8.50' }));
    await waitFor(() => expect(posted(calls, 'refund')?.body).toEqual({ to: 'store_credit', shippingFee: 150, restockingFee: 0 }));
  });

  it('completes an exchange, sending what is left to store credit, and links its replacement order', async () => {
    const replacementOrder = { id: '00000000-0000-4000-8000-0000000000b2', number: 'BZ-8' };
    const { calls, user } = open(
      { kind: 'exchange', status: 'received', allowedActions: ['complete'], replacementOrder },
      {
        [`POST /api/v1/admin/returns/${ID}/complete`]: {
          ...shown,
          kind: 'exchange',
          status: 'completed',
          allowedActions: [],
          replacementOrder,
        },
      },
    );
    expect(await screen.findByRole('link', { name: 'BZ-8' })).toHaveAttribute('href', `/admin/orders/${replacementOrder.id}`);
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Complete exchange' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Complete exchange BZ-7-R1?' }));
    await user.selectOptions(dialog.getByLabelText('Refund what is left to'), 'store_credit');
    await user.click(dialog.getByRole('button', { name: 'Complete exchange' }));
    await waitFor(() => expect(posted(calls, 'complete')?.body).toEqual({ to: 'store_credit' }));
  });

  it('settles an approved claim with a replacement', async () => {
    const { calls, user } = open(
      { kind: 'claim', status: 'approved', allowedActions: ['refund', 'replace', 'cancel'] },
      { [`POST /api/v1/admin/returns/${ID}/replace`]: { ...shown, kind: 'claim', status: 'completed', allowedActions: [] } },
    );
    await user.click(await screen.findByRole('button', { name: 'Send a replacement' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Replace BZ-7-R1?' }));
    await user.click(dialog.getByRole('button', { name: 'Send a replacement' }));
    await waitFor(() => expect(posted(calls, 'replace')?.body).toEqual({}));
  });
});
