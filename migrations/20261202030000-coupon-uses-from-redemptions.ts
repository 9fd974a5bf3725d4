import type { MigrationContext } from '../server/src/db/migrator';

/**
 * A coupon's uses are its `coupon_redemptions` rows, one per order holding the coupon (written at
 * checkout, removed when an unpaid order is cancelled), so the per-coupon and per-customer counts
 * come from one place. `coupons.used_count`, a second count kept beside them, goes.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  // Unpaid orders held a use without a redemption row: give them one.
  await sequelize.query(
    `INSERT IGNORE INTO coupon_redemptions (id, coupon_id, order_id, user_id, email, created_at)
     SELECT UUID(), o.coupon_id, o.id, o.user_id, o.email, o.created_at
       FROM orders o WHERE o.coupon_id IS NOT NULL AND o.status <> 'cancelled'`,
  );
  await sequelize.query('ALTER TABLE coupons DROP CONSTRAINT coupons_usage');
  await sequelize.query('ALTER TABLE coupons DROP COLUMN used_count');
  await sequelize.query('ALTER TABLE coupon_redemptions ADD KEY coupon_redemptions_user (coupon_id, user_id)');
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE coupon_redemptions DROP KEY coupon_redemptions_user');
  await sequelize.query('ALTER TABLE coupons ADD COLUMN used_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER per_customer_limit');
  await sequelize.query('UPDATE coupons c SET used_count = (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id)');
}
