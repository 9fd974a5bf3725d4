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
    const calls = stubApi({
      'GET /api/v1/admin/categories': { items: [] },
      'GET /api/v1/config': { currency: 'USD', payments: { provider: 'manual' } },
      'POST /api/v1/admin/products': { id: ID },
    });
    const { user } = renderWithProviders(<ProductEditorPage />, { route: '/admin/products/new' });
    await user.type(await screen.findByLabelText('Title'), 'Gift card');
    await user.type(screen.getByLabelText('Price of Default'), '25');
    await user.click(screen.getByRole('checkbox', { name: /Gift card/ }));
    await user.click(screen.getByRole('button', { name: 'Create product' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')).toBeDefined());
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({
      title: 'Gift card',
      giftCard: true,
      variants: [{ price: { amount: 2500, currency: 'USD' } }],
    });
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
