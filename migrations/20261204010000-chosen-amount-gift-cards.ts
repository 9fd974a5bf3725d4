import type { MigrationContext } from '../server/src/db/migrator';

/**
 * Gift cards at a chosen amount. A gift-card product with a range (`gift_card_min`..`gift_card_max`,
 * minor units) lets the shopper type the card's value; the cart line keeps it (`chosen_price`) and
 * it is the line's unit price from then on (the order line's `unit_price`, the card's value).
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`ALTER TABLE products
    ADD COLUMN gift_card_min BIGINT NULL AFTER gift_card,
    ADD COLUMN gift_card_max BIGINT NULL AFTER gift_card_min,
    ADD CONSTRAINT products_chosen_amount CHECK (
      (gift_card_min IS NULL AND gift_card_max IS NULL)
      OR (gift_card = 1 AND gift_card_min >= 1 AND gift_card_max >= gift_card_min))`);
  await sequelize.query(`ALTER TABLE cart_items
    ADD COLUMN chosen_price BIGINT NULL AFTER seen_unit_price,
    ADD CONSTRAINT cart_items_chosen_price CHECK (chosen_price IS NULL OR chosen_price >= 1)`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DELETE FROM cart_items WHERE chosen_price IS NOT NULL');
  await sequelize.query('ALTER TABLE cart_items DROP CONSTRAINT cart_items_chosen_price, DROP COLUMN chosen_price');
  await sequelize.query(
    'ALTER TABLE products DROP CONSTRAINT products_chosen_amount, DROP COLUMN gift_card_max, DROP COLUMN gift_card_min',
  );
}
