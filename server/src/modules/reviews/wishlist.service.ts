import type { WishlistItem } from '@bazaar/shared';
import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { CatalogRepository, CatalogService } from '../catalog';
import type { CartService } from '../cart';

/** A signed-in shopper's saved products (or specific variants). */
export class WishlistService {
  constructor(
    private readonly db: Db,
    private readonly catalogRepo: CatalogRepository,
    private readonly catalog: CatalogService,
    private readonly carts: CartService,
    private readonly clock: Clock,
  ) {}

  async list(userId: string): Promise<WishlistItem[]> {
    const rows = await this.db.select<{ id: string; product_id: string; variant_id: string | null; created_at: Date }>(
      "SELECT w.id, w.product_id, w.variant_id, w.created_at FROM wishlist_items w JOIN products p ON p.id = w.product_id WHERE w.user_id = ? AND p.status = 'active' ORDER BY w.created_at DESC, w.id",
      [userId],
    );
    const products = await this.catalogRepo.activeProductsByIds([...new Set(rows.map((r) => r.product_id))]);
    const summaries = await this.catalog.summaries(products, userId);
    return rows.flatMap((r) => {
      const product = summaries.find((s) => s.id === r.product_id);
      return product ? [{ id: r.id, product, variantId: r.variant_id, addedAt: new Date(r.created_at).toISOString() }] : [];
    });
  }

  /** Adding what is already there is not an error: the existing item comes back. */
  async add(userId: string, productId: string, variantId?: string): Promise<{ item: WishlistItem; created: boolean }> {
    const product = await this.db.one<{ id: string }>("SELECT id FROM products WHERE id = ? AND status = 'active'", [productId]);
    if (!product) throw notFound('The product');
    if (variantId && !(await this.db.one('SELECT id FROM variants WHERE id = ? AND product_id = ?', [variantId, productId]))) {
      throw validationFailed([{ path: 'variantId', message: 'Not a variant of this product' }]);
    }
    const { affectedRows } = await this.db.execute(
      'INSERT IGNORE INTO wishlist_items (id, user_id, product_id, variant_id, variant_key, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [newId(), userId, productId, variantId ?? null, variantId ?? '', this.clock.now()],
    );
    const item = (await this.list(userId)).find((i) => i.product.id === productId && i.variantId === (variantId ?? null))!;
    return { item, created: affectedRows === 1 };
  }

  async remove(userId: string, itemId: string): Promise<void> {
    const { affectedRows } = await this.db.execute('DELETE FROM wishlist_items WHERE id = ? AND user_id = ?', [itemId, userId]);
    if (!affectedRows) throw notFound('The wishlist item');
  }

  /** Into the cart (the saved variant, or the product's only one) and off the wishlist. */
  async moveToCart(userId: string, itemId: string, quantity: number) {
    const item = await this.db.one<{ product_id: string; variant_id: string | null }>(
      'SELECT product_id, variant_id FROM wishlist_items WHERE id = ? AND user_id = ?',
      [itemId, userId],
    );
    if (!item) throw notFound('The wishlist item');
    let variantId = item.variant_id;
    if (!variantId) {
      const variants = await this.db.select<{ id: string }>('SELECT id FROM variants WHERE product_id = ?', [item.product_id]);
      if (variants.length !== 1)
        throw validationFailed([{ path: 'variantId', message: 'Choose a size or colour first' }], 'Choose a size or colour first.');
      variantId = variants[0]!.id;
    }
    const result = await this.carts.addItem({ userId }, variantId, quantity);
    await this.db.execute('DELETE FROM wishlist_items WHERE id = ? AND user_id = ?', [itemId, userId]);
    return result.cart;
  }
}
