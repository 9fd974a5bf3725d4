import type { InventoryListQuery, InventoryRow, LedgerEntry, Paginated } from '@bazaar/shared';
import { likeContains, type Db, type Transaction } from '../../db/db';
import { AppError, notFound } from '../../lib/errors';
import { availabilityOf, PRODUCT_IN_STOCK_SQL, type StockLevel } from './availability';

export type LedgerReason = LedgerEntry['reason'];

export interface StockChange {
  variantId: string;
  /** Change to on_hand. */
  delta: number;
  /** Change to reserved. */
  reservedDelta?: number;
  reason: LedgerReason;
}

export interface ChangeContext {
  actorUserId?: string | null;
  referenceType?: string;
  referenceId?: string;
  note?: string;
}

export interface LevelAfter extends StockLevel {
  variantId: string;
  productId: string;
  sku: string;
  available: number;
}

interface LevelRow {
  variant_id: string;
  product_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  allow_backorder: number;
}

export interface LowStockLevel {
  variantId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  available: number;
  threshold: number;
}

/** Whether a variant can be sold now (the per-variant half of PRODUCT_IN_STOCK_SQL). */
const sellable = (r: { on_hand: number; reserved: number; allow_backorder: number }) =>
  Boolean(r.allow_backorder) || r.on_hand - r.reserved > 0;

/** Listeners hear about committed stock changes (cache invalidation, live stock, low-stock alerts). */
export type StockListener = (levels: LevelAfter[], productsWhoseStockFlipped: string[]) => void;

/**
 * Every change to on_hand or reserved goes through here: the level rows are locked (in id order,
 * so concurrent multi-line changes cannot deadlock each other), checked, updated, and a ledger row
 * is appended, all in one transaction. Available never goes below zero unless the variant allows
 * backorders; the table's CHECK constraint backs this up.
 */
export class InventoryService {
  private readonly listeners: StockListener[] = [];
  private readonly flipHooks: ((productIds: string[], tx: Transaction) => Promise<void>)[] = [];
  constructor(private readonly db: Db) {}

  /** After commit: live stock events, low-stock alerts. */
  onChange(listener: StockListener): void {
    this.listeners.push(listener);
  }

  /**
   * Inside the transaction, when products ran out or came back: whatever depends on `in_stock`
   * (cached lists, the search index) is invalidated before the change is visible.
   */
  onStockFlip(hook: (productIds: string[], tx: Transaction) => Promise<void>): void {
    this.flipHooks.push(hook);
  }

  /** Applies all changes or none. Runs in the caller's transaction when given one. */
  async apply(changes: StockChange[], ctx: ChangeContext, tx?: Transaction): Promise<LevelAfter[]> {
    if (!tx) {
      const result = await this.db.transaction((t) => this.applyIn(changes, ctx, t));
      this.emit(result.levels, result.flipped);
      return result.levels;
    }
    const result = await this.applyIn(changes, ctx, tx);
    // In a caller's transaction: announce only once it commits.
    tx.afterCommit(() => this.emit(result.levels, result.flipped));
    return result.levels;
  }

  private emit(levels: LevelAfter[], flipped: string[]) {
    for (const l of this.listeners) l(levels, flipped);
  }

  private async applyIn(changes: StockChange[], ctx: ChangeContext, tx: Transaction) {
    const ids = [...new Set(changes.map((c) => c.variantId))].sort();
    if (!ids.length) return { levels: [], flipped: [] };
    // Lock the level rows alone: FOR UPDATE over a join would also X-lock the variants rows, which
    // concurrent checkouts hold S-locks on (order_items' foreign key), and deadlock them. The
    // variant's product and SKU come from scalar subqueries, which a locking read does not lock
    // (a plain read, as a separate SELECT was), saving a round trip per stock change.
    const rows = await this.db.select<LevelRow>(
      `SELECT il.variant_id, il.on_hand, il.reserved, il.low_stock_threshold, il.allow_backorder,
              (SELECT v.product_id FROM variants v WHERE v.id = il.variant_id) AS product_id,
              (SELECT v.sku FROM variants v WHERE v.id = il.variant_id) AS sku
         FROM inventory_levels il WHERE il.variant_id IN (?) ORDER BY il.variant_id FOR UPDATE`,
      [ids],
      tx,
    );
    const byId = new Map(rows.map((r) => [r.variant_id, { ...r, on_hand: Number(r.on_hand), reserved: Number(r.reserved) }]));
    const sellableBefore = new Map([...byId.values()].map((r) => [r.variant_id, sellable(r)]));
    const shortages: { path: string; message: string }[] = [];
    const ledger: unknown[][] = [];

    for (const [index, change] of changes.entries()) {
      const row = byId.get(change.variantId);
      if (!row) throw notFound(`The variant ${change.variantId}`);
      const reservedDelta = change.reservedDelta ?? 0;
      const onHand = row.on_hand + change.delta;
      const reserved = row.reserved + reservedDelta;
      if (onHand < 0 || reserved < 0 || (!row.allow_backorder && onHand - reserved < 0)) {
        shortages.push({ path: `items.${index}`, message: `Only ${Math.max(0, row.on_hand - row.reserved)} of ${row.sku} available` });
        continue;
      }
      ledger.push([
        row.variant_id,
        change.delta,
        reservedDelta,
        change.reason,
        ctx.referenceType ?? null,
        ctx.referenceId ?? null,
        row.on_hand,
        onHand,
        row.reserved,
        reserved,
        ctx.actorUserId ?? null,
        ctx.note ?? null,
      ]);
      row.on_hand = onHand;
      row.reserved = reserved;
    }
    // Nothing is written before every change is known to fit: a caller that catches the shortage
    // (a late payment) keeps its transaction with no line half-applied.
    if (shortages.length) throw new AppError('INSUFFICIENT_STOCK', 'There is not enough stock for this change.', shortages);
    for (const r of byId.values()) {
      await this.db.execute(
        'UPDATE inventory_levels SET on_hand = ?, reserved = ?, updated_at = UTC_TIMESTAMP(3) WHERE variant_id = ?',
        [r.on_hand, r.reserved, r.variant_id],
        tx,
      );
    }
    // Every change's ledger row in one multi-row INSERT, in the order of the changes.
    await this.db.execute(
      `INSERT INTO inventory_ledger (variant_id, delta, reserved_delta, reason, reference_type, reference_id,
         on_hand_before, on_hand_after, reserved_before, reserved_after, actor_user_id, note, created_at)
       VALUES ${ledger.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))').join(', ')}`,
      ledger.flat(),
      tx,
    );

    // A product is in stock when some variant is sellable, so only a variant whose own state changed
    // can flip it. Most changes (any sale from a deep shelf) leave every variant as it was: then the
    // products rows are neither read nor updated, nor locked against concurrent checkouts.
    const productIds = [
      ...new Set([...byId.values()].filter((r) => sellable(r) !== sellableBefore.get(r.variant_id)).map((r) => r.product_id)),
    ];
    let flipped: string[] = [];
    if (productIds.length) {
      const productsBefore = await this.productStockFlags(productIds, tx);
      await this.db.execute(`UPDATE products p SET in_stock = ${PRODUCT_IN_STOCK_SQL} WHERE p.id IN (?)`, [productIds], tx);
      const productsAfter = await this.productStockFlags(productIds, tx);
      flipped = productIds.filter((id) => productsBefore.get(id) !== productsAfter.get(id));
    }
    if (flipped.length) for (const hook of this.flipHooks) await hook(flipped, tx);
    const levels = ids.map((id) => {
      const r = byId.get(id)!;
      const level = {
        onHand: r.on_hand,
        reserved: r.reserved,
        lowStockThreshold: Number(r.low_stock_threshold),
        allowBackorder: Boolean(r.allow_backorder),
      };
      return { variantId: id, productId: r.product_id, sku: r.sku, available: r.on_hand - r.reserved, ...level };
    });
    return { levels, flipped };
  }

  private async productStockFlags(productIds: string[], tx: Transaction): Promise<Map<string, boolean>> {
    if (!productIds.length) return new Map();
    const rows = await this.db.select<{ id: string; in_stock: number }>(
      'SELECT id, in_stock FROM products WHERE id IN (?)',
      [productIds],
      tx,
    );
    return new Map(rows.map((r) => [r.id, Boolean(r.in_stock)]));
  }

  async level(variantId: string): Promise<LevelAfter> {
    const row = await this.db.one<LevelRow>(
      `SELECT il.variant_id, v.product_id, v.sku, il.on_hand, il.reserved, il.low_stock_threshold, il.allow_backorder
         FROM inventory_levels il JOIN variants v ON v.id = il.variant_id WHERE il.variant_id = ?`,
      [variantId],
    );
    if (!row) throw notFound('The variant');
    const level = {
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
      lowStockThreshold: Number(row.low_stock_threshold),
      allowBackorder: Boolean(row.allow_backorder),
    };
    return { variantId, productId: row.product_id, sku: row.sku, available: level.onHand - level.reserved, ...level };
  }

  /** Stock of every variant for the inventory screen; `low` keeps those at or under their threshold (not backorderable). */
  async list(filter: InventoryListQuery): Promise<Paginated<InventoryRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q) {
      const like = likeContains(filter.q);
      where.push('(v.sku LIKE ? OR p.title LIKE ?)');
      params.push(like, like);
    }
    // Backorderable variants never run out, as for the low-stock alert.
    if (filter.low) where.push('il.allow_backorder = 0 AND il.on_hand - il.reserved <= il.low_stock_threshold');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM inventory_levels il JOIN variants v ON v.id = il.variant_id JOIN products p ON p.id = v.product_id';
    const [rows, count] = await Promise.all([
      this.db.select<LevelRow & { title: string | null; product_title: string }>(
        `SELECT il.variant_id, v.product_id, v.sku, v.title, p.title AS product_title, il.on_hand, il.reserved, il.low_stock_threshold, il.allow_backorder
           ${from} ${clause} ORDER BY (il.on_hand - il.reserved) - il.low_stock_threshold, v.sku LIMIT ? OFFSET ?`,
        [...params, filter.limit, (filter.page - 1) * filter.limit],
      ),
      this.db.one<{ n: number }>(`SELECT COUNT(*) AS n ${from} ${clause}`, params),
    ]);
    return {
      page: filter.page,
      limit: filter.limit,
      total: Number(count?.n ?? 0),
      items: rows.map((r) => {
        const onHand = Number(r.on_hand);
        const reserved = Number(r.reserved);
        const lowStockThreshold = Number(r.low_stock_threshold);
        return {
          variantId: r.variant_id,
          productId: r.product_id,
          productTitle: r.product_title,
          sku: r.sku,
          variantTitle: r.title ?? '',
          onHand,
          reserved,
          available: onHand - reserved,
          lowStockThreshold,
          allowBackorder: Boolean(r.allow_backorder),
          low: !r.allow_backorder && onHand - reserved <= lowStockThreshold,
        };
      }),
    };
  }

  /**
   * Variants of active products at or below their low-stock threshold (backorderable ones never
   * run out), fewest available first. Feeds the hourly alert and the admin dashboard.
   */
  async lowStock(limit?: number): Promise<LowStockLevel[]> {
    const rows = await this.db.select<{
      variant_id: string;
      sku: string;
      product_title: string;
      variant_title: string;
      available: number;
      threshold: number;
    }>(
      `SELECT il.variant_id, v.sku, p.title AS product_title, v.title AS variant_title,
              il.on_hand - il.reserved AS available, il.low_stock_threshold AS threshold
         FROM inventory_levels il JOIN variants v ON v.id = il.variant_id JOIN products p ON p.id = v.product_id
        WHERE il.allow_backorder = 0 AND il.on_hand - il.reserved <= il.low_stock_threshold AND p.status = 'active'
        ORDER BY available, v.sku${limit ? ' LIMIT ?' : ''}`,
      limit ? [limit] : [],
    );
    return rows.map((r) => ({
      variantId: r.variant_id,
      sku: r.sku,
      productTitle: r.product_title,
      variantTitle: r.variant_title,
      available: Number(r.available),
      threshold: Number(r.threshold),
    }));
  }

  async ledger(variantId: string, page: number, limit: number): Promise<{ items: LedgerEntry[]; total: number }> {
    const rows = await this.db.select<Record<string, unknown>>(
      'SELECT * FROM inventory_ledger WHERE variant_id = ? ORDER BY id DESC LIMIT ? OFFSET ?',
      [variantId, limit, (page - 1) * limit],
    );
    const count = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM inventory_ledger WHERE variant_id = ?', [variantId]);
    return {
      total: Number(count?.n ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id),
        delta: Number(r.delta),
        reservedDelta: Number(r.reserved_delta),
        reason: r.reason as LedgerReason,
        referenceType: (r.reference_type as string | null) ?? null,
        referenceId: (r.reference_id as string | null) ?? null,
        onHandBefore: Number(r.on_hand_before),
        onHandAfter: Number(r.on_hand_after),
        reservedBefore: Number(r.reserved_before),
        reservedAfter: Number(r.reserved_after),
        actorUserId: (r.actor_user_id as string | null) ?? null,
        note: (r.note as string | null) ?? null,
        createdAt: new Date(r.created_at as Date).toISOString(),
      })),
    };
  }
}

export { availabilityOf };
