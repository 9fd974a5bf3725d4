import type { AdminProduct } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { anAdminProduct } from '../../../test/catalog';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import ProductEditorPage from './ProductEditorPage';

const ID = '00000000-0000-4000-8000-000000000010';
const product = anAdminProduct({ id: ID });

function edit(shown: AdminProduct) {
  const calls = stubApi({
    [`GET /api/v1/admin/products/${ID}`]: shown,
    [`PATCH /api/v1/admin/products/${ID}`]: (call) => ({ ...shown, ...(call.body as object) }),
    'GET /api/v1/admin/categories': { items: [] },
    'GET /api/v1/config': { currency: 'USD', payments: { provider: 'manual' } },
  });
  return { calls, ...renderWithProviders(<ProductEditorPage />, { route: `/admin/products/${ID}`, path: '/admin/products/:id' }) };
}

/** The new-product form, filled with a title and one price; `more` ticks and types the rest, then it is created. */
async function createNew(title: string, price: string, more: (user: ReturnType<typeof renderWithProviders>['user']) => Promise<void>) {
  const calls = stubApi({
    'GET /api/v1/admin/categories': { items: [] },
    'GET /api/v1/config': { currency: 'USD', payments: { provider: 'manual' } },
    'POST /api/v1/admin/products': { id: ID },
  });
  const { user } = renderWithProviders(<ProductEditorPage />, { route: '/admin/products/new' });
  await user.type(await screen.findByLabelText('Title'), title);
  await user.type(screen.getByLabelText('Price of Default'), price);
  await more(user);
  await user.click(screen.getByRole('button', { name: 'Create product' }));
  await waitFor(() => expect(calls.find((c) => c.method === 'POST')).toBeDefined());
  return calls.find((c) => c.method === 'POST')!.body;
}

describe('ProductEditorPage', () => {
  it('marks a product final sale', async () => {
    const { calls, user } = edit(product);
    const box = await screen.findByRole('checkbox', { name: 'Final sale (cannot be returned)' });
    expect(box).not.toBeChecked();
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ finalSale: true }));
  });

  it('makes a product a gift card', async () => {
    const { calls, user } = edit(product);
    const box = await screen.findByRole('checkbox', { name: /Gift card/ });
    expect(box).not.toBeChecked();
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ giftCard: true, finalSale: false }));
  });

  it('creates a gift card: the box goes with the new product', async () => {
    const body = await createNew('Gift card', '25', (user) => user.click(screen.getByRole('checkbox', { name: /Gift card/ })));
    expect(body).toMatchObject({
      title: 'Gift card',
      giftCard: true,
      variants: [{ price: { amount: 2500, currency: 'USD' } }],
    });
  });

  it('lets shoppers choose a gift card’s amount between two bounds typed in currency units', async () => {
    const { calls, user } = edit({ ...product, giftCard: true });
    await user.click(await screen.findByRole('checkbox', { name: /Shoppers choose the amount/ }));
    await user.type(screen.getByLabelText('Smallest amount (USD)'), '10');
    await user.type(screen.getByLabelText('Largest amount (USD)'), '500.50');
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ giftCard: true, chosenAmount: { min: 1000, max: 50050 } }),
    );
  });

  it('shows a chosen-amount card’s bounds, refuses a range upside down or not in money, and goes back to fixed amounts', async () => {
    const { calls, user } = edit({ ...product, giftCard: true, chosenAmount: { min: 1000, max: 20000 } });
    const least = await screen.findByLabelText('Smallest amount (USD)');
    expect(least).toHaveValue('10.00');
    expect(screen.getByLabelText('Largest amount (USD)')).toHaveValue('200.00');
    await user.clear(least);
    await user.type(least, '300');
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    expect(await screen.findByText('At least the minimum')).toBeInTheDocument();
    await user.clear(least);
    await user.type(least, 'ten');
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    expect(await screen.findByText('Enter an amount like 10.00')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.click(screen.getByRole('checkbox', { name: /Shoppers choose the amount/ }));
    expect(screen.queryByLabelText('Smallest amount (USD)')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ giftCard: true, chosenAmount: null }));
  });

  it('creates a chosen-amount gift card', async () => {
    const body = await createNew('Any amount', '10', async (user) => {
      await user.click(screen.getByRole('checkbox', { name: /Gift card/ }));
      await user.click(screen.getByRole('checkbox', { name: /Shoppers choose the amount/ }));
      await user.type(screen.getByLabelText('Smallest amount (USD)'), '10');
      await user.type(screen.getByLabelText('Largest amount (USD)'), '250');
    });
    expect(body).toMatchObject({ giftCard: true, chosenAmount: { min: 1000, max: 25000 } });
  });

  it('shows a final-sale product as such and can take it back', async () => {
    const { calls, user } = edit({ ...product, finalSale: true });
    const box = await screen.findByRole('checkbox', { name: 'Final sale (cannot be returned)' });
    expect(box).toBeChecked();
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ finalSale: false }));
  });
});
