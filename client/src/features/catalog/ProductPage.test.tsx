import type { ProductDetail } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import ProductPage from './ProductPage';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const product: ProductDetail = {
  id: '00000000-0000-4000-8000-000000000010',
  slug: 'lamp',
  title: 'Lamp',
  brand: 'Lumen',
  price: usd(1000),
  rating: { average: 0, count: 0 },
  availability: 'in_stock',
  description: 'A lamp.',
  tags: [],
  categories: [],
  images: [],
  variants: [
    { id: '00000000-0000-4000-8000-000000000011', sku: 'LAMP-1', title: '', options: {}, price: usd(1000), availability: 'in_stock' },
  ],
  related: [],
  ratingHistogram: [0, 0, 0, 0, 0],
  seo: { title: 'Lamp', description: 'A lamp.' },
};
const show = (p: ProductDetail) => {
  stubApi({
    'GET /api/v1/products/lamp': p,
    'GET /api/v1/products/lamp/reviews': {
      items: [],
      page: 1,
      limit: 20,
      total: 0,
      rating: { average: 0, count: 0, histogram: [0, 0, 0, 0, 0] },
    },
  });
  renderWithProviders(<ProductPage />, { route: '/p/lamp', path: '/p/:slug' });
};

describe('ProductPage', () => {
  it('says a final-sale product cannot be returned', async () => {
    show({ ...product, finalSale: true });
    expect(await screen.findByRole('heading', { name: 'Lamp' })).toBeInTheDocument();
    expect(screen.getByText('Final sale — cannot be returned')).toBeInTheDocument();
  });

  it('says nothing of returns for any other product', async () => {
    show(product);
    expect(await screen.findByRole('heading', { name: 'Lamp' })).toBeInTheDocument();
    expect(screen.queryByText('Final sale — cannot be returned')).toBeNull();
  });
});
