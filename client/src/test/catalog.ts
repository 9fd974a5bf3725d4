import type { AdminProduct } from '@bazaar/shared';

/** A product as the admin API answers it: an active “Lamp” without variants or images. Tests override what they are about. */
export const anAdminProduct = (overrides: Partial<AdminProduct> = {}): AdminProduct => ({
  id: '00000000-0000-4000-8000-000000000010',
  slug: 'lamp',
  title: 'Lamp',
  description: 'A lamp.',
  brand: 'Lumen',
  finalSale: false,
  giftCard: false,
  chosenAmount: null,
  tags: [],
  status: 'active',
  seoTitle: null,
  seoDescription: null,
  categoryIds: [],
  primaryCategoryId: null,
  currency: 'USD',
  variants: [],
  images: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...overrides,
});
