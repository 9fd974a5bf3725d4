import type { Db } from '../../db/db';

/** A saved product (or one of its variants) on a shopper's wishlist. */
export interface WishlistItemRecord {
  id: string;
  productId: string;
  variantId: string | null;
  createdAt: Date;
}

/** The wishlist_items table. */
export class WishlistRepository {
  constructor(private readonly db: Db) {}

  /** The user's items whose product is active, newest first. */
  async itemsOf(userId: string): Promise<WishlistItemRecord[]> {
    const rows = await this.db.select<{ id: string; product_id: string; variant_id: string | null; created_at: Date }>(
      "SELECT w.id, w.product_id, w.variant_id, w.created_at FROM wishlist_items w JOIN products p ON p.id = w.product_id WHERE w.user_id = ? AND p.status = 'active' ORDER BY w.created_at DESC, w.id",
      [userId],
    );
    return rows.map((r) => ({ id: r.id, productId: r.product_id, variantId: r.variant_id, createdAt: r.created_at }));
  }

  /** The user's item, whatever its product's status. */
  async item(userId: string, itemId: string): Promise<Pick<WishlistItemRecord, 'productId' | 'variantId'> | undefined> {
    const row = await this.db.one<{ product_id: string; variant_id: string | null }>(
      'SELECT product_id, variant_id FROM wishlist_items WHERE id = ? AND user_id = ?',
      [itemId, userId],
    );
    return row && { productId: row.product_id, variantId: row.variant_id };
  }

  /** False when the user already has this product (and variant) saved: nothing is written then. */
  async insertUnlessSaved(item: WishlistItemRecord & { userId: string }): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      'INSERT IGNORE INTO wishlist_items (id, user_id, product_id, variant_id, variant_key, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [item.id, item.userId, item.productId, item.variantId, item.variantId ?? '', item.createdAt],
    );
    return affectedRows === 1;
  }

  /** False when the user has no such item. */
  async delete(userId: string, itemId: string): Promise<boolean> {
    const { affectedRows } = await this.db.execute('DELETE FROM wishlist_items WHERE id = ? AND user_id = ?', [itemId, userId]);
    return affectedRows > 0;
  }
}
