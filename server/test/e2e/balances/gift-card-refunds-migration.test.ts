import type { Sequelize } from 'sequelize';
import type { DatabaseTarget } from '../../../src/db/database-target';
import { Db } from '../../../src/db/db';
import { createMigrator } from '../../../src/db/migrator';
import { createLogger } from '../../../src/lib/logger';
import { newId } from '../../../src/lib/tokens';
import { createEmptyDatabase, dropDatabase, testSequelize } from '../../support/test-database';

let target: DatabaseTarget;
let sequelize: Sequelize;
beforeAll(async () => {
  target = await createEmptyDatabase('gift_card_refunds_migration');
  sequelize = testSequelize(target);
});
afterAll(async () => {
  await sequelize.close();
  await dropDatabase(target);
});

it('gives the cards bought before it their order lines (by recipient and amount, up to each line’s quantity) and marks those a full refund emptied', async () => {
  const migrator = createMigrator(sequelize, createLogger('silent'));
  await migrator.up({ to: '20261204010000-chosen-amount-gift-cards' });
  const db = new Db(sequelize);
  const orderId = newId();
  await db.execute(
    `INSERT INTO orders (id, number, email, status, payment_status, currency, subtotal, discount, shipping, tax, total, shipping_method_name, shipping_address, created_at, updated_at)
     VALUES (?, 'BZ-1', 'buyer@example.com', 'paid', 'paid', 'USD', 12500, 0, 0, 0, 12500, 'Standard', '{}', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
    [orderId],
  );
  // Two lines for the same recipient and amount (different messages), and one for someone else.
  const lines = [
    { id: newId(), email: 'ana@example.com', price: 2500, qty: 2 },
    { id: newId(), email: 'ana@example.com', price: 2500, qty: 1 },
    { id: newId(), email: 'bo@example.com', price: 5000, qty: 1 },
  ];
  for (const [position, l] of lines.entries())
    await db.execute(
      `INSERT INTO order_items (id, order_id, sku, title, variant_title, quantity, unit_price, discount, tax, line_total, position, gift_card)
       VALUES (?, ?, 'GC', 'Gift card', '', ?, ?, 0, 0, ?, ?, ?)`,
      [l.id, orderId, l.qty, l.price, l.price * l.qty, position, JSON.stringify({ recipientEmail: l.email, message: `m${position}` })],
    );
  const card = async (email: string, amount: number, emptied = false) => {
    const id = newId();
    await db.execute(
      `INSERT INTO balance_accounts (id, kind, currency, balance, recipient_email, order_id, created_at) VALUES (?, 'gift_card', 'USD', ?, ?, ?, UTC_TIMESTAMP(3))`,
      [id, emptied ? 0 : amount, email, orderId],
    );
    await db.execute(
      `INSERT INTO balance_ledger (account_id, delta, balance_after, reason, reference_type, reference_id, created_at)
       VALUES (?, ?, ?, 'issued', 'purchase', ?, UTC_TIMESTAMP(3))`,
      [id, amount, amount, orderId],
    );
    if (emptied)
      await db.execute(
        `INSERT INTO balance_ledger (account_id, delta, balance_after, reason, reference_type, reference_id, note, created_at)
         VALUES (?, ?, 0, 'adjustment', 'purchase', ?, 'The order that bought it was refunded', '2026-12-03 10:00:00.000')`,
        [id, -amount, orderId],
      );
    return id;
  };
  const ana = [await card('ana@example.com', 2500), await card('ana@example.com', 2500, true), await card('ana@example.com', 2500)];
  const bo = await card('bo@example.com', 5000);

  await migrator.up();
  const rows = await db.select<{ id: string; order_item_id: string | null; revoked_at: Date | null }>(
    'SELECT id, order_item_id, revoked_at FROM balance_accounts WHERE order_id = ?',
    [orderId],
  );
  const lineOf = (id: string) => rows.find((r) => r.id === id)!.order_item_id;
  expect(ana.map(lineOf).sort()).toEqual([lines[0]!.id, lines[0]!.id, lines[1]!.id].sort());
  expect(lineOf(bo)).toBe(lines[2]!.id);
  expect(rows.filter((r) => r.revoked_at !== null).map((r) => r.id)).toEqual([ana[1]]);
  expect(new Date(rows.find((r) => r.id === ana[1])!.revoked_at!).toISOString()).toBe('2026-12-03T10:00:00.000Z');
});
