import {
  DEFAULT_LOW_STOCK_THRESHOLD,
  type CategoryInput,
  type CategoryUpdate,
  type ProductStatus,
  type VariantInput,
  type VariantUpdate,
} from '@bazaar/shared';
import { likeContains, type Db, type Transaction } from '../../db/db';
import { parseJson, type ImageRow, type ProductRow } from './catalog.repository';
import { PRODUCT_IN_STOCK_SQL } from '../inventory';

export interface ProductFields {
  slug: string;
  title: string;
  description: string;
  brand: string;
  finalSale: boolean;
  giftCard: boolean;
  /** A chosen-amount gift card's range (minor units); null for fixed amounts. */
  giftCardMin: number | null;
  giftCardMax: number | null;
  status: ProductStatus;
  seoTitle: string | null;
  seoDescription: string | null;
  primaryCategoryId: string | null;
  currency: string;
}

const PRODUCT_COLUMNS: Record<keyof ProductFields, string> = {
  slug: 'slug',
  title: 'title',
  description: 'description',
  brand: 'brand',
  finalSale: 'final_sale',
  giftCard: 'gift_card',
  giftCardMin: 'gift_card_min',
  giftCardMax: 'gift_card_max',
  status: 'status',
  seoTitle: 'seo_title',
  seoDescription: 'seo_description',
  primaryCategoryId: 'primary_category_id',
  currency: 'currency',
};

/** A category as the staff editor reads it. */
export interface CategoryRecord {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  sortOrder: number;
}

/** Catalog writes; every method runs in the caller's transaction. */
export class CatalogAdminRepository {
  constructor(private readonly db: Db) {}

  async slugTaken(table: 'products' | 'categories', slug: string, exceptId: string | undefined, tx: Transaction): Promise<boolean> {
    const row = await this.db.one(`SELECT id FROM ${table} WHERE slug = ? AND id <> ?`, [slug, exceptId ?? ''], tx);
    return row !== undefined;
  }

  /** One category (by id), or every one, in tree order within each parent. */
  async categories(id?: string, tx?: Transaction): Promise<CategoryRecord[]> {
    const where = id === undefined ? '' : 'WHERE id = ?';
    const rows = await this.db.select<{
      id: string;
      slug: string;
      name: string;
      description: string | null;
      parent_id: string | null;
      sort_order: number;
    }>(
      `SELECT id, slug, name, description, parent_id, sort_order FROM categories ${where} ORDER BY sort_order, name`,
      id === undefined ? [] : [id],
      tx,
    );
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      parentId: row.parent_id,
      sortOrder: Number(row.sort_order),
    }));
  }

  async insertCategory(id: string, slug: string, input: CategoryInput, tx: Transaction) {
    await this.db.execute(
      'INSERT INTO categories (id, parent_id, slug, name, description, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))',
      [id, input.parentId ?? null, slug, input.name, input.description ?? null, input.sortOrder ?? 0],
      tx,
    );
  }

  async updateCategory(id: string, changes: CategoryUpdate & { slug?: string }, tx: Transaction) {
    const cols: [string, unknown][] = [];
    if (changes.name !== undefined) cols.push(['name', changes.name]);
    if (changes.slug !== undefined) cols.push(['slug', changes.slug]);
    if (changes.description !== undefined) cols.push(['description', changes.description]);
    if (changes.parentId !== undefined) cols.push(['parent_id', changes.parentId]);
    if (changes.sortOrder !== undefined) cols.push(['sort_order', changes.sortOrder]);
    if (!cols.length) return;
    await this.db.execute(
      `UPDATE categories SET ${cols.map(([c]) => `${c} = ?`).join(', ')}, updated_at = UTC_TIMESTAMP(3) WHERE id = ?`,
      [...cols.map(([, v]) => v), id],
      tx,
    );
  }

  async categoryHasChildren(id: string, tx: Transaction) {
    return (await this.db.one('SELECT id FROM categories WHERE parent_id = ? LIMIT 1', [id], tx)) !== undefined;
  }

  async deleteCategory(id: string, tx: Transaction) {
    return (await this.db.execute('DELETE FROM categories WHERE id = ?', [id], tx)).affectedRows === 1;
  }

  async insertProduct(id: string, f: ProductFields, tx: Transaction) {
    await this.db.execute(
      `INSERT INTO products (id, slug, title, description, brand, final_sale, gift_card, gift_card_min, gift_card_max, status, seo_title, seo_description, primary_category_id, currency, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [
        id,
        f.slug,
        f.title,
        f.description,
        f.brand,
        f.finalSale,
        f.giftCard,
        f.giftCardMin,
        f.giftCardMax,
        f.status,
        f.seoTitle,
        f.seoDescription,
        f.primaryCategoryId,
        f.currency,
      ],
      tx,
    );
  }

  async updateProduct(id: string, changes: Partial<ProductFields>, tx: Transaction) {
    const entries = (Object.keys(changes) as (keyof ProductFields)[]).filter((k) => changes[k] !== undefined);
    if (!entries.length) return;
    await this.db.execute(
      `UPDATE products SET ${entries.map((k) => `${PRODUCT_COLUMNS[k]} = ?`).join(', ')}, updated_at = UTC_TIMESTAMP(3) WHERE id = ?`,
      [...entries.map((k) => changes[k]), id],
      tx,
    );
  }

  async deleteProduct(id: string, tx: Transaction) {
    return (await this.db.execute('DELETE FROM products WHERE id = ?', [id], tx)).affectedRows === 1;
  }

  async replaceTags(productId: string, tags: string[], tx: Transaction) {
    await this.db.execute('DELETE FROM product_tags WHERE product_id = ?', [productId], tx);
    for (const tag of new Set(tags))
      await this.db.execute('INSERT INTO product_tags (product_id, tag) VALUES (?, ?)', [productId, tag], tx);
  }

  async replaceCategories(productId: string, categoryIds: string[], tx: Transaction) {
    await this.db.execute('DELETE FROM product_categories WHERE product_id = ?', [productId], tx);
    for (const id of new Set(categoryIds))
      await this.db.execute('INSERT INTO product_categories (product_id, category_id) VALUES (?, ?)', [productId, id], tx);
  }

  async existingCategoryIds(ids: string[], tx: Transaction): Promise<Set<string>> {
    if (!ids.length) return new Set();
    return new Set((await this.db.select<{ id: string }>('SELECT id FROM categories WHERE id IN (?)', [ids], tx)).map((r) => r.id));
  }

  async insertVariant(id: string, productId: string, v: VariantInput, currency: string, position: number, tx: Transaction) {
    await this.db.execute(
      `INSERT INTO variants (id, product_id, sku, title, options, price_amount, compare_at_amount, currency, weight_grams, position, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [
        id,
        productId,
        v.sku,
        v.title ?? '',
        JSON.stringify(v.options),
        v.price.amount,
        v.compareAtPrice?.amount ?? null,
        currency,
        v.weightGrams ?? null,
        position,
      ],
      tx,
    );
    // Stock starts at zero; any initial quantity goes through the ledger.
    await this.db.execute(
      'INSERT INTO inventory_levels (variant_id, on_hand, reserved, low_stock_threshold, allow_backorder, updated_at) VALUES (?, 0, 0, ?, ?, UTC_TIMESTAMP(3))',
      [id, v.stock?.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD, v.stock?.allowBackorder ?? false],
      tx,
    );
  }

  async updateVariant(id: string, v: VariantUpdate, tx: Transaction) {
    const cols: [string, unknown][] = [];
    if (v.sku !== undefined) cols.push(['sku', v.sku]);
    if (v.title !== undefined) cols.push(['title', v.title]);
    if (v.options !== undefined) cols.push(['options', JSON.stringify(v.options)]);
    if (v.price !== undefined) cols.push(['price_amount', v.price.amount]);
    if (v.compareAtPrice !== undefined) cols.push(['compare_at_amount', v.compareAtPrice?.amount ?? null]);
    if (v.weightGrams !== undefined) cols.push(['weight_grams', v.weightGrams]);
    if (cols.length) {
      await this.db.execute(
        `UPDATE variants SET ${cols.map(([c]) => `${c} = ?`).join(', ')}, updated_at = UTC_TIMESTAMP(3) WHERE id = ?`,
        [...cols.map(([, x]) => x), id],
        tx,
      );
    }
    const level: [string, unknown][] = [];
    if (v.lowStockThreshold !== undefined) level.push(['low_stock_threshold', v.lowStockThreshold]);
    if (v.allowBackorder !== undefined) level.push(['allow_backorder', v.allowBackorder]);
    if (level.length) {
      await this.db.execute(
        `UPDATE inventory_levels SET ${level.map(([c]) => `${c} = ?`).join(', ')}, updated_at = UTC_TIMESTAMP(3) WHERE variant_id = ?`,
        [...level.map(([, x]) => x), id],
        tx,
      );
    }
  }

  async deleteVariant(id: string, tx: Transaction) {
    await this.db.execute('DELETE FROM variants WHERE id = ?', [id], tx);
  }

  variantProduct(id: string, tx?: Transaction) {
    return this.db.one<{ product_id: string; sku: string }>('SELECT product_id, sku FROM variants WHERE id = ?', [id], tx);
  }

  async countVariants(productId: string, tx: Transaction) {
    return Number((await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM variants WHERE product_id = ?', [productId], tx))?.n ?? 0);
  }

  /** A gift card's variants take backorders: they are always buyable, whatever their stock (which they never use). */
  async backorderAllVariants(productId: string, tx: Transaction) {
    await this.db.execute(
      `UPDATE inventory_levels il JOIN variants v ON v.id = il.variant_id
          SET il.allow_backorder = 1, il.updated_at = UTC_TIMESTAMP(3)
        WHERE v.product_id = ? AND il.allow_backorder = 0`,
      [productId],
      tx,
    );
  }

  /** Keeps the listing columns (price range, compare-at, in stock) in step with the variants. */
  async refreshDerived(productId: string, tx: Transaction) {
    await this.db.execute(
      `UPDATE products p SET
         min_price = COALESCE((SELECT MIN(price_amount) FROM variants WHERE product_id = p.id), 0),
         max_price = COALESCE((SELECT MAX(price_amount) FROM variants WHERE product_id = p.id), 0),
         min_compare_at_price = (SELECT MIN(compare_at_amount) FROM variants WHERE product_id = p.id),
         in_stock = ${PRODUCT_IN_STOCK_SQL}
       WHERE p.id = ?`,
      [productId],
      tx,
    );
  }

  adminList(filter: { q?: string; status?: ProductStatus; page: number; limit: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q) {
      const like = likeContains(filter.q);
      where.push('(p.title LIKE ? OR p.slug LIKE ? OR EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.sku LIKE ?))');
      params.push(like, like, like);
    }
    if (filter.status) {
      where.push('p.status = ?');
      params.push(filter.status);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return Promise.all([
      this.db.select<ProductRow & { variant_count: number }>(
        `SELECT p.*, (SELECT COUNT(*) FROM variants v WHERE v.product_id = p.id) AS variant_count
           FROM products p ${clause} ORDER BY p.updated_at DESC, p.id LIMIT ? OFFSET ?`,
        [...params, filter.limit, (filter.page - 1) * filter.limit],
      ),
      this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM products p ${clause}`, params),
    ]);
  }

  async insertImage(
    row: { id: string; productId: string; position: number; alt: string; storageKey: string; sizes: unknown },
    tx?: Transaction,
  ) {
    await this.db.execute(
      'INSERT INTO product_images (id, product_id, position, alt, storage_key, sizes, created_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))',
      [row.id, row.productId, row.position, row.alt, row.storageKey, JSON.stringify(row.sizes)],
      tx,
    );
  }

  async setImagePosition(imageId: string, productId: string, position: number, tx: Transaction): Promise<void> {
    await this.db.execute('UPDATE product_images SET position = ? WHERE id = ? AND product_id = ?', [position, imageId, productId], tx);
  }

  /** False when there is no such image. */
  async setImageAlt(imageId: string, alt: string, tx: Transaction): Promise<boolean> {
    const { affectedRows } = await this.db.execute('UPDATE product_images SET alt = ? WHERE id = ?', [alt, imageId], tx);
    return affectedRows > 0;
  }

  image(imageId: string, tx: Transaction): Promise<ImageRow | undefined> {
    return this.db.one<ImageRow>('SELECT * FROM product_images WHERE id = ?', [imageId], tx);
  }

  /** Where a product's image is stored, and its sizes. */
  async imageFiles(
    imageId: string,
    productId: string,
    tx: Transaction,
  ): Promise<{ storageKey: string; sizes: { size: string }[] } | undefined> {
    const row = await this.db.one<{ storage_key: string; sizes: string }>(
      'SELECT storage_key, sizes FROM product_images WHERE id = ? AND product_id = ?',
      [imageId, productId],
      tx,
    );
    return row && { storageKey: row.storage_key, sizes: parseJson<{ size: string }[]>(row.sizes) };
  }

  async deleteImage(imageId: string, tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM product_images WHERE id = ?', [imageId], tx);
  }
}
