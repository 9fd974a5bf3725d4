import { likeContains, type Db, type Transaction } from '../../db/db';
import type { LedgerEntry } from '@bazaar/shared';

type LedgerReason = LedgerEntry['reason'];

/** `availabilityOf` in SQL, over inventory_levels aliased `il` (2 in stock, 1 low, 0 out). */
export const AVAILABILITY_RANK_SQL = `CASE
  WHEN il.allow_backorder = 1 OR il.on_hand - il.reserved > il.low_stock_threshold THEN 2
  WHEN il.on_hand - il.reserved > 0 THEN 1
  ELSE 0 END`;
/** Whether product `p` can be bought: some variant has stock or takes backorders (the `in_stock` column). */
export const PRODUCT_IN_STOCK_SQL = `EXISTS (SELECT 1 FROM variants v JOIN inventory_levels il ON il.variant_id = v.id
  WHERE v.product_id = p.id AND (il.allow_backorder = 1 OR il.on_hand - il.reserved > 0))`;

/** A variant's stock level, with the variant's product and SKU. */
export interface LevelRecord {
  variantId: string;
  productId: string;
  sku: string;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  allowBackorder: boolean;
}

/** A level as the inventory screen lists it. */
export interface ListedLevelRecord extends LevelRecord {
  variantTitle: string | null;
  productTitle: string;
}

export interface LowStockLevel {
  variantId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  available: number;
  threshold: number;
}

/** One stock change as the ledger keeps it. */
export interface NewLedgerEntry {
  variantId: string;
  delta: number;
  reservedDelta: number;
  reason: LedgerReason;
  referenceType: string | null;
  referenceId: string | null;
  onHandBefore: number;
  onHandAfter: number;
  reservedBefore: number;
  reservedAfter: number;
  actorUserId: string | null;
  note: string | null;
}

export interface LedgerRecord extends NewLedgerEntry {
  id: number;
  createdAt: Date;
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

const toLevel = (r: LevelRow): LevelRecord => ({
  variantId: r.variant_id,
  productId: r.product_id,
  sku: r.sku,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  lowStockThreshold: Number(r.low_stock_threshold),
  allowBackorder: Boolean(r.allow_backorder),
});

/**
 * Stock levels and the reservation ledger. It also keeps `products.in_stock`, which is derived
 * from stock (catalog owns the table, but inventory imports no other module).
 */
export class InventoryRepository {
  constructor(private readonly db: Db) {}

  /**
   * The level rows of these variants, locked, in variant id order (so concurrent multi-line changes
   * cannot deadlock each other).
   */
  async lockLevels(variantIds: string[], tx: Transaction): Promise<LevelRecord[]> {
    // Locking read: the level rows alone, as FOR UPDATE over a join would also X-lock the variants
    // rows, which concurrent checkouts hold S-locks on (order_items' foreign key), and deadlock them.
    // The variant's product and SKU come from scalar subqueries, which a locking read does not lock
    // (a plain read, as a separate SELECT was), saving a round trip per stock change.
    const rows = await this.db.select<LevelRow>(
      `SELECT il.variant_id, il.on_hand, il.reserved, il.low_stock_threshold, il.allow_backorder,
              (SELECT v.product_id FROM variants v WHERE v.id = il.variant_id) AS product_id,
              (SELECT v.sku FROM variants v WHERE v.id = il.variant_id) AS sku
         FROM inventory_levels il WHERE il.variant_id IN (?) ORDER BY il.variant_id FOR UPDATE`,
      [variantIds],
      tx,
    );
    return rows.map(toLevel);
  }

  async setLevel(variantId: string, onHand: number, reserved: number, tx: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE inventory_levels SET on_hand = ?, reserved = ?, updated_at = UTC_TIMESTAMP(3) WHERE variant_id = ?',
      [onHand, reserved, variantId],
      tx,
    );
  }

  /** The entries in one multi-row INSERT, in the order given (at least one). */
  async appendLedger(entries: NewLedgerEntry[], tx: Transaction): Promise<void> {
    // Hot path (every checkout, payment and cancellation): one statement for all of a change's lines.
    await this.db.execute(
      `INSERT INTO inventory_ledger (variant_id, delta, reserved_delta, reason, reference_type, reference_id,
         on_hand_before, on_hand_after, reserved_before, reserved_after, actor_user_id, note, created_at)
       VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))').join(', ')}`,
      entries.flatMap((e) => [
        e.variantId,
        e.delta,
        e.reservedDelta,
        e.reason,
        e.referenceType,
        e.referenceId,
        e.onHandBefore,
        e.onHandAfter,
        e.reservedBefore,
        e.reservedAfter,
        e.actorUserId,
        e.note,
      ]),
      tx,
    );
  }

  /** Each product's `in_stock` flag. */
  async productStockFlags(productIds: string[], tx: Transaction): Promise<Map<string, boolean>> {
    if (!productIds.length) return new Map();
    const rows = await this.db.select<{ id: string; in_stock: number }>(
      'SELECT id, in_stock FROM products WHERE id IN (?)',
      [productIds],
      tx,
    );
    return new Map(rows.map((r) => [r.id, Boolean(r.in_stock)]));
  }

  /** Sets `in_stock` of these products from their variants' levels (PRODUCT_IN_STOCK_SQL). */
  async refreshProductsInStock(productIds: string[], tx: Transaction): Promise<void> {
    await this.db.execute(`UPDATE products p SET in_stock = ${PRODUCT_IN_STOCK_SQL} WHERE p.id IN (?)`, [productIds], tx);
  }

  async level(variantId: string): Promise<LevelRecord | undefined> {
    const row = await this.db.one<LevelRow>(
      `SELECT il.variant_id, v.product_id, v.sku, il.on_hand, il.reserved, il.low_stock_threshold, il.allow_backorder
         FROM inventory_levels il JOIN variants v ON v.id = il.variant_id WHERE il.variant_id = ?`,
      [variantId],
    );
    return row && toLevel(row);
  }

  /**
   * A page of levels, closest to (or furthest under) their threshold first; `q` matches SKU or
   * product title, `low` keeps those at or under their threshold that take no backorders.
   */
  async list(filter: { q?: string; low?: boolean; page: number; limit: number }): Promise<{ rows: ListedLevelRecord[]; total: number }> {
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
      rows: rows.map((r) => ({ ...toLevel(r), variantTitle: r.title, productTitle: r.product_title })),
      total: Number(count?.n ?? 0),
    };
  }

  /** Variants of active products at or below their threshold that take no backorders, fewest available first. */
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

  /** A page of a variant's ledger, newest first, and how many entries it has. */
  async ledger(variantId: string, page: number, limit: number): Promise<{ rows: LedgerRecord[]; total: number }> {
    const rows = await this.db.select<Record<string, unknown>>(
      'SELECT * FROM inventory_ledger WHERE variant_id = ? ORDER BY id DESC LIMIT ? OFFSET ?',
      [variantId, limit, (page - 1) * limit],
    );
    const count = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM inventory_ledger WHERE variant_id = ?', [variantId]);
    return {
      total: Number(count?.n ?? 0),
      rows: rows.map((r) => ({
        id: Number(r.id),
        variantId: r.variant_id as string,
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
        createdAt: r.created_at as Date,
      })),
    };
  }
}
