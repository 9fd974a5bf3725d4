import type { Order, OrderEditPreview } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { makeProduct, makeVariant } from '../../../test/catalog.fixtures';
import { makeOrder, orderLine, usd } from '../../../test/orders.fixtures';
import { renderWithProviders, replyError, stubApi, type StubCall, type StubRoutes } from '../../../test/renderWithProviders';
import { staff } from '../../../test/staff.fixtures';
import { emptyDraft, planOrderEdit } from './EditOrderDialog';
import OrderDetailPage from './OrderDetailPage';

// jsdom has no modal dialogs: opening one shows it, closing it says so, as a browser does.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

const customerId = '00000000-0000-4000-8000-0000000000c1';
const mugId = '00000000-0000-4000-8000-0000000000b1';
const blueMug = '00000000-0000-4000-8000-0000000000b3';
const standard = '00000000-0000-4000-8000-0000000000d1';
const express = '00000000-0000-4000-8000-0000000000d2';
const international = '00000000-0000-4000-8000-0000000000d3';

const editable = makeOrder({
  customerId,
  allowedActions: ['refund', 'edit'],
  shippingMethod: { id: standard, name: 'Standard' },
  items: [orderLine(), orderLine({ id: 'i2', sku: 'SHADE-1', title: 'Shade', quantity: 3, refundedQuantity: 1, lineTotal: usd(1500) })],
});

const red = makeVariant({ sku: 'MUG-RED', title: 'Red', options: { colour: 'Red' }, price: usd(800) });
const blue = makeVariant({ id: blueMug, sku: 'MUG-BLUE', title: 'Blue', options: { colour: 'Blue' }, price: usd(800), available: 2 });
const mug = makeProduct({ id: mugId, slug: 'mug', title: 'Mug', variants: [red, blue] });

const totals = (subtotal: number, shipping: number) => ({
  subtotal: usd(subtotal),
  discount: usd(0),
  shipping: usd(shipping),
  tax: usd(0),
  total: usd(subtotal + shipping),
});
const preview = (difference: number): OrderEditPreview => ({
  before: totals(2500, 0),
  after: totals(2500 + difference, 0),
  difference: usd(difference),
  lines: [{ sku: 'LAMP-1', title: 'Lamp', variantTitle: '', quantity: 2, from: 1, unitPrice: usd(1000) }],
});

const base = `/api/v1/admin/orders/${editable.id}`;
function renderOrder(shown: Order, routes: StubRoutes = {}) {
  const calls = stubApi({
    'GET /api/v1/me': staff(['orders:read', 'orders:write', 'orders:refund']),
    [`GET ${base}`]: shown,
    'GET /api/v1/shipping-methods': (c) =>
      c.search === 'country=US'
        ? {
            items: [
              { id: standard, name: 'Standard', price: usd(0) },
              { id: express, name: 'Express', price: usd(1500) },
            ],
          }
        : c.search === 'country=GB'
          ? { items: [{ id: international, name: 'International', price: usd(2500) }] }
          : { items: [] },
    'GET /api/v1/admin/products': (c) => ({
      items: new URLSearchParams(c.search).get('q') === 'mug' ? [{ ...mug, variantCount: 2, minPrice: usd(800), inStock: true }] : [],
      page: 1,
      limit: 10,
      total: 1,
    }),
    [`GET /api/v1/admin/products/${mugId}`]: mug,
    ...routes,
  });
  const { user } = renderWithProviders(<OrderDetailPage />, { route: `/admin/orders/${shown.id}`, path: '/admin/orders/:id' });
  return { calls, user };
}
const posted = (calls: StubCall[], path: string) => calls.filter((c) => c.method === 'POST' && c.path === path).map((c) => c.body);

/** Opens the dialog, sets the lamp to 2, adds two blue mugs, picks Express, $2.50 off, store credit and a note. */
async function fillEdit(user: ReturnType<typeof renderOrder>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Edit order' }));
  const dialog = within(screen.getByRole('dialog'));
  const lamp = dialog.getByRole('textbox', { name: 'Quantity of LAMP-1' });
  await user.clear(lamp);
  await user.type(lamp, '2');
  await user.type(dialog.getByRole('searchbox', { name: 'Find a product (name or SKU)' }), 'mug{Enter}');
  await user.click(await dialog.findByRole('button', { name: 'Mug' }));
  await user.selectOptions(await dialog.findByRole('combobox', { name: 'Variant of Mug' }), 'Blue · MUG-BLUE · $8.00 · 2 available');
  const count = dialog.getByRole('textbox', { name: 'Quantity to add' });
  await user.clear(count);
  await user.type(count, '2');
  await user.click(dialog.getByRole('button', { name: 'Add to the order' }));
  expect(dialog.getByTestId('added-line')).toHaveTextContent('Add 2 × Mug — Blue MUG-BLUE at $8.00');
  await user.selectOptions(await dialog.findByRole('combobox', { name: 'Shipping method' }), 'Express · $15.00');
  await user.type(dialog.getByRole('textbox', { name: /Extra discount/ }), '2.50');
  await user.click(dialog.getByRole('radio', { name: 'Store credit' }));
  await user.type(dialog.getByRole('textbox', { name: /Note/ }), 'Asked by phone');
  return dialog;
}
const expectedBody = {
  lines: [{ itemId: 'i1', quantity: 2 }],
  add: [{ variantId: blueMug, quantity: 2 }],
  shippingMethodId: express,
  discount: 250,
  refundTo: 'store_credit',
  note: 'Asked by phone',
};

describe('editing an order', () => {
  it('shows "Edit order" only when the server allows an edit', async () => {
    renderOrder({ ...editable, allowedActions: ['refund'] });
    expect(await screen.findByRole('button', { name: 'Refund' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit order' })).toBeNull();
  });

  it('previews the edit in minor units and says what the customer will be asked to pay', async () => {
    const { calls, user } = renderOrder(editable, { [`POST ${base}/edit-preview`]: preview(800) });
    const dialog = await fillEdit(user);
    await user.click(dialog.getByRole('button', { name: 'Preview' }));
    expect(await dialog.findByTestId('edit-difference')).toHaveTextContent('The customer will be asked to pay $8.00.');
    expect(posted(calls, `${base}/edit-preview`)).toEqual([expectedBody]);
    expect(dialog.getByRole('row', { name: 'Total $25.00 $33.00' })).toBeInTheDocument();
    expect(dialog.getByRole('list', { name: 'Changed lines' })).toHaveTextContent('Lamp LAMP-1: 1 → 2 at $10.00');
    expect(posted(calls, `${base}/edit`)).toEqual([]);
  });

  it('says a lower total is refunded to the original payment by default', async () => {
    const { calls, user } = renderOrder(editable, { [`POST ${base}/edit-preview`]: preview(-1200) });
    await user.click(await screen.findByRole('button', { name: 'Edit order' }));
    const dialog = within(screen.getByRole('dialog'));
    const shade = dialog.getByRole('textbox', { name: 'Quantity of SHADE-1' });
    await user.clear(shade);
    await user.type(shade, '1');
    await user.click(dialog.getByRole('button', { name: 'Preview' }));
    expect(await dialog.findByTestId('edit-difference')).toHaveTextContent('$12.00 will be refunded to the original payment.');
    expect(posted(calls, `${base}/edit-preview`)).toEqual([{ lines: [{ itemId: 'i2', quantity: 1 }], add: [], refundTo: 'original' }]);
  });

  it('confirms with the body it previewed, and closes', async () => {
    const { calls, user } = renderOrder(editable, {
      [`POST ${base}/edit-preview`]: preview(-500),
      [`POST ${base}/edit`]: { ...editable, allowedActions: [] },
    });
    const dialog = await fillEdit(user);
    await user.click(dialog.getByRole('button', { name: 'Preview' }));
    expect(await dialog.findByTestId('edit-difference')).toHaveTextContent("$5.00 will be added to the customer's store credit.");
    await user.click(dialog.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted(calls, `${base}/edit`)).toEqual([expectedBody]);
  });

  it('changes the shipping address: the fields start from the order’s, and the preview shows where it ships and the new shipping and tax', async () => {
    const moved: OrderEditPreview = {
      before: { ...totals(2500, 500), tax: usd(120), total: usd(3120) },
      after: { ...totals(2500, 500), tax: usd(0), total: usd(3000) },
      difference: usd(-120),
      lines: [],
    };
    const { calls, user } = renderOrder(editable, { [`POST ${base}/edit-preview`]: moved });
    await user.click(await screen.findByRole('button', { name: 'Edit order' }));
    const dialog = within(screen.getByRole('dialog'));
    expect(dialog.getByTestId('edit-address')).toHaveTextContent('Sam, 1 Main St, 10001 NYC, US');
    await user.click(dialog.getByRole('button', { name: 'Change the address' }));
    expect(dialog.getByRole('textbox', { name: 'Full name' })).toHaveValue('Sam');
    const city = dialog.getByRole('textbox', { name: 'City' });
    await user.clear(city);
    await user.type(city, 'Los Angeles');
    await user.type(dialog.getByRole('textbox', { name: 'State / region (optional)' }), 'CA');
    const postcode = dialog.getByRole('textbox', { name: 'Postal code' });
    await user.clear(postcode);
    await user.type(postcode, '90001');
    await user.click(dialog.getByRole('button', { name: 'Preview' }));
    expect(await dialog.findByTestId('edit-ships-to')).toHaveTextContent('Ships to Sam, 1 Main St, 90001 Los Angeles, CA, US');
    expect(dialog.getByRole('row', { name: 'Tax $1.20 $0.00' })).toBeInTheDocument();
    expect(dialog.getByRole('row', { name: 'Shipping $5.00 $5.00' })).toBeInTheDocument();
    expect(dialog.getByTestId('edit-difference')).toHaveTextContent('$1.20 will be refunded to the original payment.');
    expect(posted(calls, `${base}/edit-preview`)).toEqual([
      {
        lines: [],
        add: [],
        shippingAddress: { name: 'Sam', line1: '1 Main St', city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'US' },
        refundTo: 'original',
      },
    ]);
  });

  it('offers the methods that deliver to the new address’s country, and previews the address and method together', async () => {
    const { calls, user } = renderOrder(editable, { [`POST ${base}/edit-preview`]: preview(2500) });
    await user.click(await screen.findByRole('button', { name: 'Edit order' }));
    const dialog = within(screen.getByRole('dialog'));
    await user.click(dialog.getByRole('button', { name: 'Change the address' }));
    const country = dialog.getByRole('textbox', { name: 'Country (two letters)' });
    await user.clear(country);
    await user.type(country, 'gb');
    // The methods for GB arrive once the country is one.
    await dialog.findByRole('option', { name: 'International · $25.00' });
    expect(dialog.queryByRole('option', { name: 'Express · $15.00' })).toBeNull();
    await user.selectOptions(dialog.getByRole('combobox', { name: 'Shipping method' }), 'International · $25.00');
    await user.click(dialog.getByRole('button', { name: 'Preview' }));
    expect(await dialog.findByTestId('edit-method')).toHaveTextContent('Shipping method: International');
    expect(posted(calls, `${base}/edit-preview`)[0]).toMatchObject({
      shippingAddress: { country: 'GB' },
      shippingMethodId: international,
    });
    // Back to the order's address: the change is dropped.
    await user.click(dialog.getByRole('button', { name: 'Change' }));
    await user.click(dialog.getByRole('button', { name: 'Keep the address' }));
    expect(dialog.queryByRole('textbox', { name: 'City' })).toBeNull();
  });

  it("shows the server's refusal in the dialog and keeps it open", async () => {
    const { user } = renderOrder(editable, {
      [`POST ${base}/edit-preview`]: preview(800),
      [`POST ${base}/edit`]: replyError(409, { code: 'INSUFFICIENT_STOCK', message: 'Only 1 of MUG-BLUE is in stock.' }),
    });
    const dialog = await fillEdit(user);
    await user.click(dialog.getByRole('button', { name: 'Preview' }));
    await user.click(await dialog.findByRole('button', { name: 'Confirm' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent('Only 1 of MUG-BLUE is in stock.');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('does not offer store credit on a guest order', async () => {
    const { user } = renderOrder({ ...editable, customerId: null });
    await user.click(await screen.findByRole('button', { name: 'Edit order' }));
    const storeCredit = within(screen.getByRole('dialog')).getByRole('radio', { name: 'Store credit' });
    expect(storeCredit).toBeDisabled();
    expect(storeCredit).toHaveAccessibleDescription(/guest order has no customer account/);
  });
});

describe('planOrderEdit', () => {
  it('sends nothing until something changes, and never a line below what was refunded of it', () => {
    expect(planOrderEdit(editable, emptyDraft())).toEqual({ error: expect.stringMatching(/^Change a quantity/) });
    expect(planOrderEdit(editable, { ...emptyDraft(), quantities: { i2: '0' } })).toEqual({
      error: 'SHADE-1 cannot go below 1: that many were refunded already',
    });
    expect(planOrderEdit(editable, { ...emptyDraft(), discountText: '2.555' })).toEqual({ error: 'Enter the extra discount like 5.00' });
  });

  it('removes a line with 0 and pays a guest back to the original payment whatever was chosen', () => {
    const guest = { ...editable, customerId: null };
    expect(planOrderEdit(guest, { ...emptyDraft(), quantities: { i1: '0', i2: '3' }, refundTo: 'store_credit' })).toEqual({
      edit: { lines: [{ itemId: 'i1', quantity: 0 }], add: [], refundTo: 'original' },
    });
  });

  it('sends a new address checked by the shared schema (the phone kept), and none when it is the same as before', () => {
    const withPhone = { ...editable, shippingAddress: { ...editable.shippingAddress, phone: '+1 555 0100' } };
    const address = { name: 'Sam', line1: '1 Main St', line2: '', city: 'NYC', region: '', postalCode: '10001', country: 'US' };
    expect(planOrderEdit(withPhone, { ...emptyDraft(), address })).toEqual({ error: expect.stringMatching(/^Change a quantity/) });
    expect(planOrderEdit(withPhone, { ...emptyDraft(), address: { ...address, city: ' ' } })).toEqual({
      error: 'New address, City: Required',
    });
    expect(planOrderEdit(withPhone, { ...emptyDraft(), address: { ...address, country: 'USA' } })).toEqual({
      error: 'New address, Country (two letters): Must be a two-letter country code',
    });
    expect(planOrderEdit(withPhone, { ...emptyDraft(), address: { ...address, line2: 'Apt 4' } })).toEqual({
      edit: {
        lines: [],
        add: [],
        shippingAddress: { ...address, line2: 'Apt 4', region: undefined, phone: '+1 555 0100' },
        refundTo: 'original',
      },
    });
  });
});
