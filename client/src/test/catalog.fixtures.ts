import { anAdminProduct } from './catalog';
import type { AdminVariant } from '@bazaar/shared';
import { usd } from './returns.fixtures';

/** A variant as the admin catalog answers it: five in stock; override what a test is about. */
export const makeVariant = (v: Partial<AdminVariant> = {}): AdminVariant => ({
  id: '00000000-0000-4000-8000-0000000000b2',
  sku: 'LAMP-1',
  title: '',
  options: {},
  price: usd(1000),
  weightGrams: null,
  onHand: 5,
  reserved: 0,
  available: 5,
  lowStockThreshold: 1,
  allowBackorder: false,
  availability: 'in_stock',
  ...v,
});

/** An active product as the admin catalog answers it, without variants unless given. */
export const makeProduct = anAdminProduct;
