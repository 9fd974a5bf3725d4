import type { WishlistItem } from '@bazaar/shared';
import type { Clock } from '../../lib/clock';
import { notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { CatalogRepository, CatalogService } from '../catalog';
import type { CartService } from '../cart';
import type { WishlistRepository } from './wishlist.repository';

/** A signed-in shopper's saved products (or specific variants). */
export class WishlistService {
  constructor(
    private readonly repo: WishlistRepository,
    private readonly catalogRepo: CatalogRepository,
    private readonly catalog: CatalogService,
    private readonly carts: CartService,
    private readonly clock: Clock,
  ) {}

  async list(userId: string): Promise<WishlistItem[]> {
    const rows = await this.repo.itemsOf(userId);
    const products = await this.catalogRepo.activeProductsByIds([...new Set(rows.map((r) => r.productId))]);
    const summaries = await this.catalog.summaries(products, userId);
    return rows.flatMap((r) => {
      const product = summaries.find((s) => s.id === r.productId);
      return product ? [{ id: r.id, product, variantId: r.variantId, addedAt: new Date(r.createdAt).toISOString() }] : [];
    });
  }

  /** Adding what is already there is not an error: the existing item comes back. */
  async add(userId: string, productId: string, variantId?: string): Promise<{ item: WishlistItem; created: boolean }> {
    if (!(await this.catalogRepo.isActiveProduct(productId))) throw notFound('The product');
    if (variantId && !(await this.catalogRepo.isVariantOf(variantId, productId))) {
      throw validationFailed([{ path: 'variantId', message: 'Not a variant of this product' }]);
    }
    const created = await this.repo.insertUnlessSaved({
      id: newId(),
      userId,
      productId,
      variantId: variantId ?? null,
      createdAt: this.clock.now(),
    });
    const item = (await this.list(userId)).find((i) => i.product.id === productId && i.variantId === (variantId ?? null))!;
    return { item, created };
  }

  async remove(userId: string, itemId: string): Promise<void> {
    if (!(await this.repo.delete(userId, itemId))) throw notFound('The wishlist item');
  }

  /** Into the cart (the saved variant, or the product's only one) and off the wishlist. */
  async moveToCart(userId: string, itemId: string, quantity: number) {
    const item = await this.repo.item(userId, itemId);
    if (!item) throw notFound('The wishlist item');
    let variantId = item.variantId;
    if (!variantId) {
      const variants = await this.catalogRepo.variantIdsOf(item.productId);
      if (variants.length !== 1)
        throw validationFailed([{ path: 'variantId', message: 'Choose a size or colour first' }], 'Choose a size or colour first.');
      variantId = variants[0]!;
    }
    const result = await this.carts.addItem({ userId }, variantId, quantity);
    await this.repo.delete(userId, itemId);
    return result.cart;
  }
}
