import type { Browser } from './browser';
import type { TestApp } from './test-app';

/** Fixtures for commerce tests: products, shipping, tax and coupons created through the real services. */
export const STANDARD_SHIPPING = '6f1c3d2a-0000-4000-8000-000000000001';

export async function seedPricing(t: TestApp) {
  await t.container.db.execute(
    "INSERT IGNORE INTO shipping_methods (id, name, amount, free_over, sort_order) VALUES (?, 'Standard', 599, 10000, 0)",
    [STANDARD_SHIPPING],
  );
  await t.container.db.execute(
    "INSERT IGNORE INTO tax_rates (id, country, region, name, rate_bp, applies_to_shipping) VALUES ('7a2b4c3d-0000-4000-8000-000000000002', 'US', 'NY', 'NY tax', 400, 1)",
  );
}

let counter = 0;
export async function createProduct(
  t: TestApp,
  opts: {
    price?: number;
    stock?: number;
    variants?: number;
    title?: string;
    finalSale?: boolean;
    giftCard?: boolean;
    chosenAmount?: { min: number; max: number };
  } = {},
) {
  const n = ++counter;
  const product = await t.container.catalogAdmin.createProduct(
    {
      title: opts.title ?? `Shop item ${n} ${Math.random().toString(36).slice(2, 7)}`,
      description: '',
      brand: 'Acme',
      finalSale: opts.finalSale ?? false,
      giftCard: opts.giftCard ?? false,
      chosenAmount: opts.chosenAmount ?? null,
      tags: [],
      status: 'active',
      categoryIds: [],
      variants: Array.from({ length: opts.variants ?? 1 }, (_, i) => ({
        sku: `T${n}-${i}-${Math.random().toString(36).slice(2, 8)}`,
        options: { size: String(i) },
        price: { amount: opts.price ?? 2500, currency: t.container.config.shop.currency },
        stock: { onHand: opts.stock ?? 50, lowStockThreshold: 0, allowBackorder: false },
      })),
    },
    null,
  );
  return product;
}

export async function createCoupon(
  t: TestApp,
  code: string,
  opts: {
    type?: 'percent' | 'fixed';
    value?: number;
    usageLimit?: number | null;
    perCustomer?: number | null;
    minSubtotal?: number | null;
  } = {},
) {
  await t.container.db.execute(
    'INSERT INTO coupons (id, code, type, value, min_subtotal, usage_limit, per_customer_limit, created_at) VALUES (UUID(), ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))',
    [code, opts.type ?? 'percent', opts.value ?? 10, opts.minSubtotal ?? null, opts.usageLimit ?? null, opts.perCustomer ?? null],
  );
}

export const address = { name: 'Sam Shopper', line1: '1 Market St', city: 'New York', region: 'NY', postalCode: '10001', country: 'US' };

export function checkout(browser: Browser, key: string, body: Record<string, unknown> = {}) {
  return browser.agent
    .post('/api/v1/checkout')
    .set('X-CSRF-Token', browser.csrfToken)
    .set('Idempotency-Key', key)
    .send({ email: 'sam@example.com', shippingAddress: address, shippingMethodId: STANDARD_SHIPPING, ...body });
}

export async function level(t: TestApp, variantId: string) {
  const row = await t.container.db.one<{ on_hand: number; reserved: number }>(
    'SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = ?',
    [variantId],
  );
  const ledger = await t.container.db.one<{ d: number; r: number }>(
    'SELECT COALESCE(SUM(delta),0) AS d, COALESCE(SUM(reserved_delta),0) AS r FROM inventory_ledger WHERE variant_id = ?',
    [variantId],
  );
  return {
    onHand: Number(row!.on_hand),
    reserved: Number(row!.reserved),
    ledgerOnHand: Number(ledger!.d),
    ledgerReserved: Number(ledger!.r),
  };
}
