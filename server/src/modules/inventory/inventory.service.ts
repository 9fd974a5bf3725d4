import type { InventoryListQuery, InventoryRow, LedgerEntry, Paginated } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { AppError, notFound } from '../../lib/errors';
import { availabilityOf, type StockLevel } from './availability';
import type { InventoryRepository, LevelRecord, LowStockLevel, NewLedgerEntry } from './inventory.repository';

export type LedgerReason = LedgerEntry['reason'];
export type { LowStockLevel };

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

/** Whether a variant can be sold now (the per-variant half of PRODUCT_IN_STOCK_SQL). */
const sellable = (r: { onHand: number; reserved: number; allowBackorder: boolean }) => r.allowBackorder || r.onHand - r.reserved > 0;

const levelAfter = (r: LevelRecord): LevelAfter => ({
  variantId: r.variantId,
  productId: r.productId,
  sku: r.sku,
  available: r.onHand - r.reserved,
  onHand: r.onHand,
  reserved: r.reserved,
  lowStockThreshold: r.lowStockThreshold,
  allowBackorder: r.allowBackorder,
});

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
  constructor(
    private readonly db: Db,
    private readonly repo: InventoryRepository,
  ) {}

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
    const byId = new Map((await this.repo.lockLevels(ids, tx)).map((r) => [r.variantId, r]));
    const sellableBefore = new Map([...byId.values()].map((r) => [r.variantId, sellable(r)]));
    const shortages: { path: string; message: string }[] = [];
    const ledger: NewLedgerEntry[] = [];

    for (const [index, change] of changes.entries()) {
      const row = byId.get(change.variantId);
      if (!row) throw notFound(`The variant ${change.variantId}`);
      const reservedDelta = change.reservedDelta ?? 0;
      const onHand = row.onHand + change.delta;
      const reserved = row.reserved + reservedDelta;
      if (onHand < 0 || reserved < 0 || (!row.allowBackorder && onHand - reserved < 0)) {
        shortages.push({ path: `items.${index}`, message: `Only ${Math.max(0, row.onHand - row.reserved)} of ${row.sku} available` });
        continue;
      }
      ledger.push({
        variantId: row.variantId,
        delta: change.delta,
        reservedDelta,
        reason: change.reason,
        referenceType: ctx.referenceType ?? null,
        referenceId: ctx.referenceId ?? null,
        onHandBefore: row.onHand,
        onHandAfter: onHand,
        reservedBefore: row.reserved,
        reservedAfter: reserved,
        actorUserId: ctx.actorUserId ?? null,
        note: ctx.note ?? null,
      });
      row.onHand = onHand;
      row.reserved = reserved;
    }
    // Nothing is written before every change is known to fit: a caller that catches the shortage
    // (a late payment) keeps its transaction with no line half-applied.
    if (shortages.length) throw new AppError('INSUFFICIENT_STOCK', 'There is not enough stock for this change.', shortages);
    for (const r of byId.values()) await this.repo.setLevel(r.variantId, r.onHand, r.reserved, tx);
    // Every change's ledger row in one multi-row INSERT, in the order of the changes.
    await this.repo.appendLedger(ledger, tx);

    // A product is in stock when some variant is sellable, so only a variant whose own state changed
    // can flip it. Most changes (any sale from a deep shelf) leave every variant as it was: then the
    // products rows are neither read nor updated, nor locked against concurrent checkouts.
    const productIds = [
      ...new Set([...byId.values()].filter((r) => sellable(r) !== sellableBefore.get(r.variantId)).map((r) => r.productId)),
    ];
    let flipped: string[] = [];
    if (productIds.length) {
      const productsBefore = await this.repo.productStockFlags(productIds, tx);
      await this.repo.refreshProductsInStock(productIds, tx);
      const productsAfter = await this.repo.productStockFlags(productIds, tx);
      flipped = productIds.filter((id) => productsBefore.get(id) !== productsAfter.get(id));
    }
    if (flipped.length) for (const hook of this.flipHooks) await hook(flipped, tx);
    const levels = ids.map((id) => levelAfter(byId.get(id)!));
    return { levels, flipped };
  }

  async level(variantId: string): Promise<LevelAfter> {
    const row = await this.repo.level(variantId);
    if (!row) throw notFound('The variant');
    return levelAfter(row);
  }

  /** Stock of every variant for the inventory screen; `low` keeps those at or under their threshold (not backorderable). */
  async list(filter: InventoryListQuery): Promise<Paginated<InventoryRow>> {
    const { rows, total } = await this.repo.list(filter);
    return {
      page: filter.page,
      limit: filter.limit,
      total,
      items: rows.map((r) => ({
        variantId: r.variantId,
        productId: r.productId,
        productTitle: r.productTitle,
        sku: r.sku,
        variantTitle: r.variantTitle ?? '',
        onHand: r.onHand,
        reserved: r.reserved,
        available: r.onHand - r.reserved,
        lowStockThreshold: r.lowStockThreshold,
        allowBackorder: r.allowBackorder,
        low: !r.allowBackorder && r.onHand - r.reserved <= r.lowStockThreshold,
      })),
    };
  }

  /**
   * Variants of active products at or below their low-stock threshold (backorderable ones never
   * run out), fewest available first. Feeds the hourly alert and the admin dashboard.
   */
  lowStock(limit?: number): Promise<LowStockLevel[]> {
    return this.repo.lowStock(limit);
  }

  async ledger(variantId: string, page: number, limit: number): Promise<{ items: LedgerEntry[]; total: number }> {
    const { rows, total } = await this.repo.ledger(variantId, page, limit);
    return {
      total,
      items: rows.map(({ variantId: _variant, createdAt, ...entry }) => ({ ...entry, createdAt: new Date(createdAt).toISOString() })),
    };
  }
}

export { availabilityOf };
