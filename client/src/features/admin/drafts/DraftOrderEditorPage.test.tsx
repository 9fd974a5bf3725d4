import type { AdminUser, Order, Permission, ShippingMethodList, StorefrontConfig } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { anAdminProduct } from '../../../test/catalog';
import { withModalDialogs } from '../../../test/dialogs';
import { anOrder, usd } from '../../../test/orders';
import { renderWithProviders, reply, replyError, stubApi, type StubRoutes } from '../../../test/renderWithProviders';
import { staffMember } from '../../../test/staff';
import DraftOrderEditorPage from './DraftOrderEditorPage';
import DraftOrdersPage from './DraftOrdersPage';

const DRAFT_ID = '00000000-0000-4000-8000-0000000000d1';
const VARIANT_ID = '00000000-0000-4000-8000-0000000000a2';
const PRODUCT_ID = '00000000-0000-4000-8000-0000000000a1';
const SHIPPING_ID = '00000000-0000-4000-8000-0000000000b1';
const CUSTOMER_ID = '00000000-0000-4000-8000-0000000000c1';
const ADMIN: Permission[] = ['orders:read', 'orders:write', 'orders:refund', 'orders:price-override', 'customers:read', 'catalog:write'];

const variant = {
  id: VARIANT_ID,
  sku: 'LAMP-BLUE',
  title: 'Blue',
  options: { Colour: 'Blue' },
  price: usd(1500),
  weightGrams: null,
  onHand: 9,
  reserved: 0,
  available: 9,
  lowStockThreshold: 2,
  allowBackorder: false,
  availability: 'in_stock' as const,
};
const lamp = anAdminProduct({ id: PRODUCT_ID, variants: [variant] });
const alice: AdminUser = {
  id: CUSTOMER_ID,
  email: 'alice@example.com',
  name: 'Alice',
  role: 'customer',
  emailVerified: true,
  mfaEnabled: false,
  locked: false,
  lockedUntil: null,
  disabled: false,
  erasedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const address = { name: 'Alice', line1: '1 Main St', city: 'NYC', postalCode: '10001', country: 'US' };
/** The draft as the server priced it: 2 × $12.50, $5.00 off, $4.00 shipping. */
const priced: Order = anOrder({
  id: DRAFT_ID,
  number: 'B-2001',
  status: 'draft',
  paymentStatus: 'pending',
  email: 'alice@example.com',
  customerId: CUSTOMER_ID,
  staffNote: 'Phone order',
  items: [
    {
      id: 'i1',
      variantId: VARIANT_ID,
      sku: 'LAMP-BLUE',
      title: 'Lamp',
      variantTitle: 'Blue',
      quantity: 2,
      refundedQuantity: 0,
      unitPrice: usd(1250),
      discount: usd(500),
      tax: usd(0),
      lineTotal: usd(2500),
    },
  ],
  totals: { subtotal: usd(2500), discount: usd(500), shipping: usd(400), tax: usd(0), total: usd(2400) },
  shippingMethod: { id: SHIPPING_ID, name: 'Standard' },
  shippingAddress: address,
  allowedActions: ['send_invoice', 'mark_paid', 'cancel'],
});

function serve(permissions: Permission[] = ADMIN, routes: StubRoutes = {}) {
  return stubApi({
    'GET /api/v1/me': staffMember(permissions),
    'GET /api/v1/config': { currency: 'USD', payments: { provider: 'manual' } } satisfies StorefrontConfig,
    'GET /api/v1/shipping-methods': { items: [{ id: SHIPPING_ID, name: 'Standard', price: usd(400) }] } satisfies ShippingMethodList,
    'GET /api/v1/admin/products': {
      items: [{ ...lamp, variantCount: 1, minPrice: usd(1500), inStock: true }],
      page: 1,
      limit: 10,
      total: 1,
    },
    [`GET /api/v1/admin/products/${PRODUCT_ID}`]: lamp,
    'GET /api/v1/admin/users': { items: [alice], page: 1, limit: 5, total: 1 },
    'POST /api/v1/admin/draft-orders': reply(201, priced),
    [`GET /api/v1/admin/orders/${DRAFT_ID}`]: priced,
    [`PUT /api/v1/admin/draft-orders/${DRAFT_ID}`]: priced,
    ...routes,
  });
}

const openNew = () =>
  renderWithProviders(<DraftOrderEditorPage />, {
    route: '/admin/draft-orders/new',
    path: '/admin/draft-orders/new',
    routes: { '/admin/draft-orders/:id': <DraftOrderEditorPage /> },
  }).user;
const openDraft = () =>
  renderWithProviders(<DraftOrderEditorPage />, { route: `/admin/draft-orders/${DRAFT_ID}`, path: '/admin/draft-orders/:id' }).user;
const bodiesOf = (calls: ReturnType<typeof serve>, method: string, path: string) =>
  calls.filter((c) => c.method === method && c.path === path).map((c) => c.body);

type User = ReturnType<typeof openNew>;
/** Types a value into a field at once (pasted): these forms have many fields. */
async function fill(user: User, field: HTMLElement, value: string) {
  await user.click(field);
  await user.paste(value);
}
async function addLamp(user: User, quantity = '2') {
  await user.type(screen.getByLabelText('Find a product'), 'lamp{Enter}');
  await user.click(await screen.findByRole('button', { name: 'Lamp' }));
  await user.selectOptions(await screen.findByLabelText('Variant of Lamp'), VARIANT_ID);
  await user.clear(screen.getByLabelText('Quantity'));
  await user.type(screen.getByLabelText('Quantity'), quantity);
  await user.click(screen.getByRole('button', { name: 'Add line' }));
}
async function fillAddress(user: User) {
  for (const [label, value] of [
    ['Full name', address.name],
    ['Address', address.line1],
    ['City', address.city],
    ['Postal code', address.postalCode],
  ] as const)
    await fill(user, screen.getByLabelText(label), value);
  await user.selectOptions(await screen.findByLabelText('Shipping method'), SHIPPING_ID);
}

describe('DraftOrderEditorPage', () => {
  withModalDialogs();

  it('creates a draft: the account found by email, the line with its custom price and the discount in minor units; then shows the server’s totals', async () => {
    const calls = serve();
    const user = openNew();
    await fill(user, await screen.findByLabelText('Customer email'), 'alice@example.com');
    await user.click(screen.getByRole('button', { name: 'Find account' }));
    await user.click(await screen.findByRole('button', { name: 'Use alice@example.com' }));
    expect(screen.getByTestId('linked-account')).toHaveTextContent('Linked to the customer’s account');
    await addLamp(user);
    expect(screen.getByRole('cell', { name: 'Lamp — Blue (LAMP-BLUE)' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Custom price of Lamp — Blue (LAMP-BLUE)'), '12.50');
    await fillAddress(user);
    await user.type(screen.getByLabelText(/^Discount \(USD, optional\)/), '5');
    await fill(user, screen.getByLabelText('Note (staff only)'), 'Phone order');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));

    await waitFor(() =>
      expect(bodiesOf(calls, 'POST', '/api/v1/admin/draft-orders')).toEqual([
        {
          customerId: CUSTOMER_ID,
          email: 'alice@example.com',
          lines: [{ variantId: VARIANT_ID, quantity: 2, unitPrice: 1250 }],
          shippingAddress: address,
          shippingMethodId: SHIPPING_ID,
          discount: 500,
          note: 'Phone order',
        },
      ]),
    );
    expect(await screen.findByRole('heading', { name: 'Draft B-2001' })).toBeInTheDocument();
    const totals = screen.getByTestId('draft-totals');
    expect(totals).toHaveTextContent('subtotal$25.00');
    expect(totals).toHaveTextContent('discount−$5.00');
    expect(totals).toHaveTextContent('shipping$4.00');
    expect(totals).toHaveTextContent('total$24.00');
  });

  it('sends no price for a line left at the catalog price, and adds more of a variant already on the draft', async () => {
    const calls = serve();
    const user = openNew();
    await fill(user, await screen.findByLabelText('Customer email'), 'walk-in@example.com');
    await addLamp(user, '1');
    await addLamp(user, '2');
    await fillAddress(user);
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(bodiesOf(calls, 'POST', '/api/v1/admin/draft-orders')).toHaveLength(1));
    expect(bodiesOf(calls, 'POST', '/api/v1/admin/draft-orders')[0]).toMatchObject({
      email: 'walk-in@example.com',
      lines: [{ variantId: VARIANT_ID, quantity: 3 }],
    });
    expect(bodiesOf(calls, 'POST', '/api/v1/admin/draft-orders')[0]).not.toHaveProperty('customerId');
    expect(bodiesOf(calls, 'POST', '/api/v1/admin/draft-orders')[0]).not.toHaveProperty('discount');
  });

  it('says what is missing or mistyped and sends nothing', async () => {
    const calls = serve();
    const user = openNew();
    await fill(user, await screen.findByLabelText('Customer email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    expect(await screen.findByText('Add at least one line')).toBeInTheDocument();
    expect(screen.getByText('Must be a valid email address')).toBeInTheDocument();
    expect(screen.getByText('Choose a shipping method')).toBeInTheDocument();

    await addLamp(user);
    await user.type(screen.getByLabelText('Custom price of Lamp — Blue (LAMP-BLUE)'), '12.345');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    expect(await screen.findByText('Enter a price like 12.50')).toBeInTheDocument();
    expect(bodiesOf(calls, 'POST', '/api/v1/admin/draft-orders')).toHaveLength(0);
  });

  it('shows the server’s refusal (a custom price without the permission)', async () => {
    serve(ADMIN, {
      'POST /api/v1/admin/draft-orders': replyError(403, {
        code: 'FORBIDDEN',
        message: 'Setting a line’s price needs the orders:price-override permission.',
      }),
    });
    const user = openNew();
    await fill(user, await screen.findByLabelText('Customer email'), 'alice@example.com');
    await addLamp(user);
    await user.type(screen.getByLabelText('Custom price of Lamp — Blue (LAMP-BLUE)'), '1');
    await fillAddress(user);
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('needs the orders:price-override permission');
  });

  it('edits a saved draft with PUT, keeping the saved prices, and holds the actions back until it is saved', async () => {
    const calls = serve();
    const user = openDraft();
    expect(await screen.findByLabelText('Custom price of Lamp — Blue (LAMP-BLUE)')).toHaveValue('12.50');
    expect(screen.getByLabelText(/^Discount \(USD, optional\)/)).toHaveValue('5.00');
    expect(screen.getByRole('button', { name: 'Send invoice' })).toBeEnabled();

    await user.clear(screen.getByLabelText('Quantity of Lamp — Blue (LAMP-BLUE)'));
    await user.type(screen.getByLabelText('Quantity of Lamp — Blue (LAMP-BLUE)'), '3');
    expect(screen.getByRole('button', { name: 'Send invoice' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Mark paid offline' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    await waitFor(() =>
      expect(bodiesOf(calls, 'PUT', `/api/v1/admin/draft-orders/${DRAFT_ID}`)).toEqual([
        {
          customerId: CUSTOMER_ID,
          email: 'alice@example.com',
          lines: [{ variantId: VARIANT_ID, quantity: 3, unitPrice: 1250 }],
          shippingAddress: address,
          shippingMethodId: SHIPPING_ID,
          discount: 500,
          note: 'Phone order',
        },
      ]),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send invoice' })).toBeEnabled());
  });

  it('sends the invoice from the draft, holding the stock when asked', async () => {
    const calls = serve(ADMIN, { [`POST /api/v1/admin/orders/${DRAFT_ID}/send-invoice`]: { ...priced, status: 'pending_payment' } });
    const user = openDraft();
    await user.click(await screen.findByRole('button', { name: 'Send invoice' }));
    await user.click(screen.getByRole('checkbox', { name: /Hold the stock now/ }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Send invoice' }));
    await waitFor(() => expect(bodiesOf(calls, 'POST', `/api/v1/admin/orders/${DRAFT_ID}/send-invoice`)).toEqual([{ reserveStock: true }]));
  });

  it('without orders:price-override: offers no custom price and sends none', async () => {
    const calls = serve(['orders:read', 'orders:write', 'catalog:write']);
    const user = openDraft();
    expect(await screen.findByLabelText('Quantity of Lamp — Blue (LAMP-BLUE)')).toBeInTheDocument();
    expect(screen.queryByLabelText(/Custom price of/)).toBeNull();
    expect(screen.getByText(/setting a price needs the orders:price-override permission/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Find account' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() =>
      expect(bodiesOf(calls, 'PUT', `/api/v1/admin/draft-orders/${DRAFT_ID}`)).toEqual([
        expect.objectContaining({ lines: [{ variantId: VARIANT_ID, quantity: 2 }] }),
      ]),
    );
  });

  it('does not edit an order that is no longer a draft, and links to it', async () => {
    serve(ADMIN, { [`GET /api/v1/admin/orders/${DRAFT_ID}`]: { ...priced, status: 'pending_payment' } });
    openDraft();
    expect(await screen.findByRole('link', { name: 'Open order B-2001' })).toHaveAttribute('href', `/admin/orders/${DRAFT_ID}`);
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
  });
});

describe('DraftOrdersPage', () => {
  it('lists the drafts (status=draft) with links to edit them', async () => {
    const calls = serve(ADMIN, { 'GET /api/v1/admin/orders': { items: [priced], page: 1, limit: 25, total: 1 } });
    renderWithProviders(<DraftOrdersPage />, { route: '/admin/draft-orders', path: '/admin/draft-orders' });
    expect(await screen.findByRole('link', { name: 'B-2001' })).toHaveAttribute('href', `/admin/draft-orders/${DRAFT_ID}`);
    expect(screen.getByRole('cell', { name: '$24.00' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New draft order' })).toHaveAttribute('href', '/admin/draft-orders/new');
    expect(new URLSearchParams(calls.find((c) => c.path === '/api/v1/admin/orders')?.search).get('status')).toBe('draft');
  });
});
