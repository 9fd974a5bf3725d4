import { Db } from '../server/src/db/db';
import type { SeedContext } from '../server/src/db/seeder';

/** Shipping methods, tax rates, two demo coupons and two demo promotion codes, with fixed ids; rows that exist are left alone. */
export async function seed({ sequelize }: SeedContext) {
  const db = new Db(sequelize);
  const methods = [
    ['6f1c3d2a-0000-4000-8000-000000000001', 'Standard (3–5 days)', 599, 5000, null, '3–5 business days', 0],
    ['6f1c3d2a-0000-4000-8000-000000000002', 'Express (1–2 days)', 1499, null, null, '1–2 business days', 1],
    [
      '6f1c3d2a-0000-4000-8000-000000000003',
      'International',
      2499,
      null,
      JSON.stringify(['GB', 'DE', 'FR', 'CA', 'AU']),
      '7–14 business days',
      2,
    ],
  ];
  for (const m of methods) {
    await db.execute(
      'INSERT IGNORE INTO shipping_methods (id, name, amount, free_over, countries, estimate, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)',
      m,
    );
  }
  const rates = [
    ['7a2b4c3d-0000-4000-8000-000000000001', 'US', 'CA', 'California sales tax', 725, 0],
    ['7a2b4c3d-0000-4000-8000-000000000002', 'US', 'NY', 'New York sales tax', 400, 1],
    ['7a2b4c3d-0000-4000-8000-000000000003', 'US', 'TX', 'Texas sales tax', 625, 1],
    ['7a2b4c3d-0000-4000-8000-000000000004', 'GB', '', 'VAT', 2000, 1],
    ['7a2b4c3d-0000-4000-8000-000000000005', 'DE', '', 'MwSt', 1900, 1],
  ];
  for (const r of rates) {
    await db.execute('INSERT IGNORE INTO tax_rates (id, country, region, name, rate_bp, applies_to_shipping) VALUES (?, ?, ?, ?, ?, ?)', r);
  }
  await db.execute(
    "INSERT IGNORE INTO coupons (id, code, type, value, min_subtotal, created_at) VALUES ('8b3c5d4e-0000-4000-8000-000000000001', 'WELCOME10', 'percent', 10, NULL, UTC_TIMESTAMP(3)), ('8b3c5d4e-0000-4000-8000-000000000002', 'SAVE5', 'fixed', 500, 2500, UTC_TIMESTAMP(3))",
  );
  await seedPromotions(db);
}

/** Two demo promotions behind codes (codes are opt-in, so demo carts price as before until one is entered). */
export async function seedPromotions(db: Db) {
  const tiered = JSON.stringify({
    type: 'tiered',
    tiers: [
      { minSubtotal: 10000, off: { kind: 'fixed', value: 1000 } },
      { minSubtotal: 20000, off: { kind: 'fixed', value: 2500 } },
    ],
  });
  const bxgy = JSON.stringify({ type: 'buy_x_get_y', buy: 2, get: 1, percent: 100, maxApplications: 2 });
  await db.execute(
    `INSERT IGNORE INTO promotions (id, name, description, automatic, exclusive, priority, active, conditions, action, created_at, updated_at) VALUES
      ('9c4d6e5f-0000-4000-8000-000000000001', 'Spend 100, save 10; spend 200, save 25', NULL, 0, 0, 0, 1, '{}', ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)),
      ('9c4d6e5f-0000-4000-8000-000000000002', 'Buy 2, get the third free', NULL, 0, 1, 10, 1, '{}', ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
    [tiered, bxgy],
  );
  await db.execute(
    `INSERT IGNORE INTO promotion_codes (id, promotion_id, code, usage_limit, created_at) VALUES
      ('9c4d6e5f-1000-4000-8000-000000000001', '9c4d6e5f-0000-4000-8000-000000000001', 'SPENDMORE', NULL, UTC_TIMESTAMP(3)),
      ('9c4d6e5f-1000-4000-8000-000000000002', '9c4d6e5f-0000-4000-8000-000000000002', 'B2G1', NULL, UTC_TIMESTAMP(3))`,
  );
}
