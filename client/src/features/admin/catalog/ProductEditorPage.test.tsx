import type { AdminProduct } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { makeProduct } from '../../../test/catalog.fixtures';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import ProductEditorPage from './ProductEditorPage';

const ID = '00000000-0000-4000-8000-000000000010';
const product = makeProduct({ id: ID });

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

  it('shows a final-sale product as such and can take it back', async () => {
    const { calls, user } = edit({ ...product, finalSale: true });
    const box = await screen.findByRole('checkbox', { name: 'Final sale (cannot be returned)' });
    expect(box).toBeChecked();
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ finalSale: false }));
  });
});
