import type { Cart } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import CartPage from './CartPage';

const money = (amount: number) => ({ amount, currency: 'USD' });
const line = (id: string, title: string, price: number, discount = 0) => ({
  id,
  variantId: `v-${id}`,
  productSlug: id,
  title,
  variantTitle: 'One size',
  sku: id.toUpperCase(),
  quantity: 1,
  unitPrice: money(price),
  lineTotal: money(price),
  discount: money(discount),
  warnings: [],
});
const withPromotions: Cart = {
  id: 'c1',
  market: 'default',
  itemCount: 2,
  items: [line('shirt', 'Shirt', 3000), line('socks', 'Socks', 500, 500)],
  promotions: [
    {
      id: '00000000-0000-4000-8000-0000000000a1',
      name: 'Socks on us',
      discount: money(500),
      freeShipping: false,
      items: [{ itemId: 'socks', discount: money(500) }],
    },
  ],
  promotionCodes: ['SPRING', 'VIP-ABCDEFGHJK'],
  totals: { subtotal: money(3500), discount: money(500), shipping: money(0), tax: money(0), total: money(3000) },
  warnings: [
    { code: 'PROMOTION_NOT_APPLICABLE', message: 'SPRING: Spend $20.00 more to use this promotion.' },
    { code: 'PROMOTION_NOT_APPLICABLE', message: 'VIP-ABCDEFGHJK: This promotion does not combine with “Socks on us”.' },
  ],
};

describe('promotions in the cart', () => {
  it('shows what each promotion took off which items, why a code does not apply, and removes a code', async () => {
    const calls = stubApi({
      'GET /api/v1/cart': withPromotions,
      'DELETE /api/v1/cart/promotion-codes/SPRING': {
        ...withPromotions,
        promotionCodes: ['VIP-ABCDEFGHJK'],
        warnings: [withPromotions.warnings[1]!],
      },
    });
    const { user } = renderWithProviders(<CartPage />, { route: '/cart' });
    const promotions = await screen.findByRole('region', { name: 'Promotions' });
    expect(within(promotions).getByText('Socks on us')).toBeInTheDocument();
    expect(within(promotions).getByText('on Socks (−$5.00)')).toBeInTheDocument();
    expect(screen.getByText('SPRING: Spend $20.00 more to use this promotion.')).toBeInTheDocument();
    expect(screen.getByText(/does not combine with “Socks on us”/)).toBeInTheDocument();

    await user.click(within(promotions).getByRole('button', { name: 'Remove code SPRING' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/cart/promotion-codes/SPRING')).toBe(true));
    await waitFor(() => expect(screen.queryByText(/Spend \$20\.00 more/)).not.toBeInTheDocument());
    expect(within(screen.getByRole('list', { name: 'Codes' })).getAllByRole('listitem')).toHaveLength(1);
  });
});
