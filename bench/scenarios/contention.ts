/**
 * Contention: `buyers` signed-in shoppers, each with one unit of the same variant in the cart,
 * all check out and pay at once for `units` units. Exactly `units` orders may end paid, the rest
 * must be refused with INSUFFICIENT_STOCK, and the stock level must agree with its ledger.
 * The time to drain is from the first checkout to the last answer.
 */
import type { Container } from '../../server/src/container';
import { BENCH_ADDRESS, createShopperAccounts, createStockedVariant, SHOPPER_PASSWORD, STANDARD_SHIPPING_ID } from '../fixtures';
import { eachLimited, Shopper } from '../shopper';

export interface ContentionOptions {
  baseUrl: string;
  container: Container;
  buyers: number;
  units: number;
  shippingMethodId?: string;
}

export interface StockCheck {
  onHand: number;
  reserved: number;
  /** Sums over the variant's ledger rows, which must equal the level. */
  ledgerOnHand: number;
  ledgerReserved: number;
}

export interface ContentionResult {
  buyers: number;
  units: number;
  paid: number;
  refusedForStock: number;
  /** Anything else that stopped a purchase, by what it was (should be empty). */
  failures: Record<string, number>;
  drainMs: number;
  stock: StockCheck;
  /** Orders for the variant in the database, by status, and the units sold in paid ones. */
  ordersByStatus: Record<string, number>;
  unitsSold: number;
  oversold: number;
  consistent: boolean;
}

/** The variant's stock level beside its ledger, and its orders by status (what the SQL check reads). */
export async function verifyVariant(container: Container, variantId: string) {
  const db = container.db;
  const level = await db.one<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = ?', [
    variantId,
  ]);
  const ledger = await db.one<{ d: number; r: number }>(
    'SELECT COALESCE(SUM(delta), 0) AS d, COALESCE(SUM(reserved_delta), 0) AS r FROM inventory_ledger WHERE variant_id = ?',
    [variantId],
  );
  const orders = await db.select<{ status: string; n: number; q: number }>(
    'SELECT o.status, COUNT(DISTINCT o.id) AS n, SUM(i.quantity) AS q FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.variant_id = ? GROUP BY o.status',
    [variantId],
  );
  const stock: StockCheck = {
    onHand: Number(level!.on_hand),
    reserved: Number(level!.reserved),
    ledgerOnHand: Number(ledger!.d),
    ledgerReserved: Number(ledger!.r),
  };
  const ordersByStatus = Object.fromEntries(orders.map((o) => [o.status, Number(o.n)]));
  const unitsSold = Number(orders.find((o) => o.status === 'paid')?.q ?? 0);
  return { stock, ordersByStatus, unitsSold };
}

export async function runContention(opts: ContentionOptions): Promise<ContentionResult> {
  const { container, buyers, units } = opts;
  const variantId = await createStockedVariant(container, { title: `Contended item ${Date.now()}`, stock: units });
  const emails = await createShopperAccounts(container.db, 'contention', buyers);
  const shoppers = emails.map(() => new Shopper(opts.baseUrl));
  // Set-up, not timed: every buyer signed in with the unit in the cart.
  await eachLimited(shoppers, 20, async (shopper, i) => {
    await shopper.signIn(emails[i]!, SHOPPER_PASSWORD);
    const added = await shopper.addToCart(variantId);
    if (added.status !== 200) throw new Error(`add to cart failed: ${added.status} ${JSON.stringify(added.body)}`);
  });

  const started = performance.now();
  const outcomes = await Promise.all(
    shoppers.map((s, i) => s.checkoutAndPay(`contention-${i}`, emails[i]!, opts.shippingMethodId ?? STANDARD_SHIPPING_ID, BENCH_ADDRESS)),
  );
  const drainMs = Math.round(performance.now() - started);

  const failures: Record<string, number> = {};
  for (const { outcome } of outcomes)
    if (outcome !== 'paid' && outcome !== 'insufficient_stock') failures[outcome] = (failures[outcome] ?? 0) + 1;
  const paid = outcomes.filter((o) => o.outcome === 'paid').length;
  const refusedForStock = outcomes.filter((o) => o.outcome === 'insufficient_stock').length;
  const { stock, ordersByStatus, unitsSold } = await verifyVariant(container, variantId);
  const result = {
    buyers,
    units,
    paid,
    refusedForStock,
    failures,
    drainMs,
    stock,
    ordersByStatus,
    unitsSold,
    oversold: Math.max(0, unitsSold - units),
  };
  return { ...result, consistent: isConsistent(result) };
}

/**
 * What "correct under contention" means: every unit sold exactly once (min(units, buyers) paid
 * orders, everyone else refused for stock, nothing else going wrong), no order left holding a
 * reservation, and the stock level equal to the sum of its ledger.
 */
export function isConsistent(r: Omit<ContentionResult, 'consistent'>): boolean {
  const expectedPaid = Math.min(r.units, r.buyers);
  return (
    r.paid === expectedPaid &&
    r.refusedForStock === r.buyers - expectedPaid &&
    Object.keys(r.failures).length === 0 &&
    r.unitsSold === r.paid &&
    Object.keys(r.ordersByStatus).every((s) => s === 'paid') &&
    r.stock.onHand === r.units - r.unitsSold &&
    r.stock.reserved === 0 &&
    r.stock.ledgerOnHand === r.stock.onHand &&
    r.stock.ledgerReserved === r.stock.reserved
  );
}
