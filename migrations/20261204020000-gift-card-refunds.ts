import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/**
 * Refunding a gift-card line takes its cards back. A bought card now names the order line that
 * bought it (`order_item_id`: a line refund empties that line's cards, never another's) and says when
 * it was taken back (`revoked_at`: its money was refunded; it is never sent or refunded again).
 *
 * Cards bought before this migration are matched to their order's gift-card lines by recipient and
 * amount, up to each line's quantity, in the order they were issued; cards an earlier full refund
 * emptied (an `adjustment` on the card referencing its purchase) count as taken back.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`ALTER TABLE balance_accounts
    ADD COLUMN order_item_id ${uuid} NULL AFTER order_id,
    ADD COLUMN revoked_at DATETIME(3) NULL AFTER send_at,
    ADD KEY balance_accounts_order_item (order_item_id)`);

  const [cards] = (await sequelize.query(
    `SELECT a.id, a.order_id, a.recipient_email,
            (SELECT COALESCE(SUM(l.delta), 0) FROM balance_ledger l WHERE l.account_id = a.id AND l.reason = 'issued') AS issued
       FROM balance_accounts a WHERE a.order_id IS NOT NULL AND a.kind = 'gift_card' ORDER BY a.order_id, a.created_at, a.id`,
  )) as [{ id: string; order_id: string; recipient_email: string | null; issued: number | string }[], unknown];
  const orderIds = [...new Set(cards.map((c) => c.order_id))];
  if (orderIds.length) {
    const [lines] = (await sequelize.query(
      `SELECT id, order_id, quantity, unit_price, JSON_VALUE(gift_card, '$.recipientEmail') AS recipient_email
         FROM order_items WHERE gift_card IS NOT NULL AND order_id IN (?) ORDER BY order_id, position, id`,
      { replacements: [orderIds] },
    )) as [{ id: string; order_id: string; quantity: number; unit_price: number | string; recipient_email: string }[], unknown];
    const left = new Map(lines.map((l) => [l.id, Number(l.quantity)]));
    for (const card of cards) {
      const line = lines.find(
        (l) =>
          l.order_id === card.order_id &&
          l.recipient_email === card.recipient_email &&
          Number(l.unit_price) === Number(card.issued) &&
          left.get(l.id)! > 0,
      );
      if (!line) continue;
      left.set(line.id, left.get(line.id)! - 1);
      await sequelize.query('UPDATE balance_accounts SET order_item_id = ? WHERE id = ?', { replacements: [line.id, card.id] });
    }
  }
  await sequelize.query(
    `UPDATE balance_accounts a
        JOIN (SELECT account_id, MAX(created_at) AS at FROM balance_ledger
               WHERE reason = 'adjustment' AND reference_type = 'purchase' AND delta < 0 GROUP BY account_id) r ON r.account_id = a.id
        SET a.revoked_at = r.at
      WHERE a.order_id IS NOT NULL`,
  );
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(
    'ALTER TABLE balance_accounts DROP KEY balance_accounts_order_item, DROP COLUMN revoked_at, DROP COLUMN order_item_id',
  );
}
