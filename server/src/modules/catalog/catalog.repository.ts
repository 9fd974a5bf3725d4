import type { Availability, ProductSort } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { AVAILABILITY_RANK_SQL, RANK_TO_AVAILABILITY } from '../inventory';
import { Op } from 'sequelize';
import { Product, Variant } from './catalog.models';

export interface CategoryRow {
  id: string;
  parent_id: string | null;
  slug: string;
  name: string;
  description: string | null;
  sort_order: number;
}

export interface ProductRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  brand: string;
  final_sale: number | boolean;
  gift_card: number | boolean;
  /** A chosen-amount gift card's range (minor units); null for fixed amounts. */
  gift_card_min: number | string | null;
  gift_card_max: number | string | null;
  status: 'draft' | 'active' | 'archived';
  seo_title: string | null;
  seo_description: string | null;
  primary_category_id: string | null;
  currency: string;
  min_price: number;
  max_price: number;
  min_compare_at_price: number | null;
  in_stock: number;
  rating_avg: string | number;
  rating_count: number;
  rating_histogram: string | number[];
  sold_count: number;
  created_at: Date;
  updated_at: Date;
}

/** The columns a product summary (list item) is built from: see SUMMARY_COLUMNS. */
export type SummaryRow = Pick<
  ProductRow,
  'id' | 'slug' | 'title' | 'brand' | 'currency' | 'min_price' | 'min_compare_at_price' | 'rating_avg' | 'rating_count'
>;
/**
 * Lists read only what a summary shows: not `p.*`, whose description and JSON histogram were
 * read, parsed and then kept in the list cache for every page.
 */
const SUMMARY_COLUMNS = 'p.id, p.slug, p.title, p.brand, p.currency, p.min_price, p.min_compare_at_price, p.rating_avg, p.rating_count';

/** An active product's summary columns and what the public list filters and sorts on (see ListFacet). */
export interface FacetRow extends SummaryRow {
  /** created_at as text, 'YYYY-MM-DD hh:mm:ss.fff': fixed width, so it sorts as the DATETIME does. */
  created: string;
  in_stock: number;
}

export interface VariantRow {
  id: string;
  product_id: string;
  sku: string;
  title: string;
  options: string | Record<string, string>;
  price_amount: number;
  compare_at_amount: number | null;
  currency: string;
  weight_grams: number | null;
  position: number;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  allow_backorder: number;
}

/** A variant as a domain record (VariantRow is the row with its level columns). */
export interface VariantRecord {
  id: string;
  productId: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  priceAmount: number;
  compareAtAmount: number | null;
  currency: string;
  weightGrams: number | null;
  position: number;
}

export interface ImageRow {
  id: string;
  product_id: string;
  position: number;
  alt: string;
  storage_key: string;
  sizes: string | { size: string; url: string; width: number; height: number }[];
}

export interface ProductFilter {
  categoryIds?: string[];
  priceMin?: number;
  priceMax?: number;
  inStock?: boolean;
  brand?: string;
  tag?: string;
  ratingMin?: number;
  sort: ProductSort;
  page: number;
  limit: number;
}

const ORDER_BY: Record<ProductSort, string> = {
  newest: 'p.created_at DESC, p.id DESC',
  price_asc: 'p.min_price ASC, p.id ASC',
  price_desc: 'p.min_price DESC, p.id DESC',
  rating: 'p.rating_avg DESC, p.rating_count DESC, p.id DESC',
  best_selling: 'p.sold_count DESC, p.id DESC',
};

export const parseJson = <T>(value: string | T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A variant's base prices (minor units of the shop's currency). */
export interface VariantPriceRow {
  id: string;
  price_amount: number;
  compare_at_amount: number | null;
}

/** Catalog SQL. Public queries only ever see `status = 'active'`. */
export class CatalogRepository {
  constructor(private readonly db: Db) {}

  /** Active products by slug (at most 50 000, a sitemap's limit), with when each last changed. */
  async activeProductSlugs(): Promise<{ slug: string; updatedAt: Date }[]> {
    const rows = await this.db.select<{ slug: string; updated_at: Date }>(
      "SELECT slug, updated_at FROM products WHERE status = 'active' ORDER BY slug LIMIT 50000",
    );
    return rows.map((r) => ({ slug: r.slug, updatedAt: new Date(r.updated_at) }));
  }

  /** Variants with their product, as an order line is made of them (staff-built orders). */
  async variantsForOrder(
    ids: string[],
    tx?: Transaction,
  ): Promise<
    {
      id: string;
      productId: string;
      sku: string;
      title: string;
      productTitle: string;
      price: number;
      currency: string;
      active: boolean;
      giftCard: boolean;
    }[]
  > {
    if (!ids.length) return [];
    const rows = await Variant.findAll({
      where: { id: ids },
      include: [{ model: Product, as: 'product', attributes: ['title', 'status', 'giftCard'] }],
      transaction: tx,
    });
    return rows.map((v) => {
      const product = (v as Variant & { product: Product }).product;
      return {
        id: v.id,
        productId: v.productId,
        sku: v.sku,
        title: v.title,
        productTitle: product.title,
        price: Number(v.priceAmount),
        currency: v.currency,
        active: product.status === 'active',
        giftCard: Boolean(product.giftCard),
      };
    });
  }

  /** The variants of these active products (what a line may be exchanged for). */
  async siblingVariants(
    productIds: string[],
  ): Promise<{ id: string; productId: string; title: string; price: number; currency: string }[]> {
    if (!productIds.length) return [];
    const rows = await Variant.findAll({
      where: { productId: productIds },
      include: [{ model: Product, as: 'product', attributes: [], where: { status: 'active' } }],
      order: [['position', 'ASC']],
    });
    return rows.map((v) => ({ id: v.id, productId: v.productId, title: v.title, price: Number(v.priceAmount), currency: v.currency }));
  }

  /** Which of these products are final sale (cannot be returned): those marked so, and gift cards. */
  async finalSaleIds(productIds: string[], tx?: Transaction): Promise<Set<string>> {
    if (!productIds.length) return new Set();
    const rows = await Product.findAll({
      attributes: ['id'],
      where: { id: productIds, [Op.or]: [{ finalSale: true }, { giftCard: true }] },
      transaction: tx,
      raw: true,
    });
    return new Set(rows.map((r) => r.id));
  }

  allCategories(): Promise<CategoryRow[]> {
    return this.db.select<CategoryRow>(
      'SELECT id, parent_id, slug, name, description, sort_order FROM categories ORDER BY sort_order, name',
    );
  }

  /** Builds the WHERE clause of the public list; used for both the page and its total. */
  private listWhere(f: ProductFilter): { sql: string; params: unknown[] } {
    const where = ["p.status = 'active'"];
    const params: unknown[] = [];
    if (f.categoryIds) {
      where.push('EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id IN (?))');
      params.push(f.categoryIds.length ? f.categoryIds : ['']);
    }
    if (f.priceMin !== undefined) {
      where.push('p.min_price >= ?');
      params.push(f.priceMin);
    }
    if (f.priceMax !== undefined) {
      where.push('p.min_price <= ?');
      params.push(f.priceMax);
    }
    if (f.inStock) where.push('p.in_stock = 1');
    if (f.brand) {
      where.push('p.brand = ?');
      params.push(f.brand);
    }
    if (f.tag) {
      where.push('EXISTS (SELECT 1 FROM product_tags pt WHERE pt.product_id = p.id AND pt.tag = ?)');
      params.push(f.tag.toLowerCase());
    }
    if (f.ratingMin !== undefined) {
      where.push('p.rating_avg >= ?');
      params.push(f.ratingMin);
    }
    return { sql: where.join(' AND '), params };
  }

  async listProducts(f: ProductFilter): Promise<{ rows: SummaryRow[]; total: number }> {
    const { sql, params } = this.listWhere(f);
    const offset = (f.page - 1) * f.limit;
    const rows = await this.db.select<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM products p WHERE ${sql} ORDER BY ${ORDER_BY[f.sort]} LIMIT ? OFFSET ?`,
      [...params, f.limit, offset],
    );
    // A page that is not full is the last one (or the first of an empty list): its total is known
    // without a second scan. Only a full page, or one past the end, needs the count.
    if (rows.length < f.limit && (rows.length > 0 || offset === 0)) return { rows, total: offset + rows.length };
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM products p WHERE ${sql}`, params);
    return { rows, total: Number(count?.n ?? 0) };
  }

  /**
   * Every active product of these categories (all active products without), with its summary
   * columns and what the public list filters and sorts on; at most `max` rows (the caller treats
   * more as "too many"). One scan per category set, instead of a page query and a count for every
   * distinct filter.
   */
  listFacet(categoryIds: string[] | undefined, max: number): Promise<FacetRow[]> {
    const { sql, params } = this.listWhere({ categoryIds, sort: 'newest', page: 1, limit: 1 });
    return this.db.select<FacetRow>(
      `SELECT ${SUMMARY_COLUMNS}, CAST(p.created_at AS CHAR) AS created, p.in_stock FROM products p WHERE ${sql} LIMIT ?`,
      [...params, max],
    );
  }

  /** Brands of active products (in these categories), with counts, for filter lists. */
  brandCounts(categoryIds?: string[]): Promise<{ brand: string; n: number }[]> {
    return this.db.select<{ brand: string; n: number }>(
      `SELECT p.brand, COUNT(*) AS n FROM products p WHERE p.status = 'active' AND p.brand <> ''
       ${categoryIds ? 'AND EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id IN (?))' : ''}
       GROUP BY p.brand ORDER BY p.brand`,
      categoryIds ? [categoryIds.length ? categoryIds : ['']] : [],
    );
  }

  /** The plan MariaDB picks for a list query (the index test reads it). */
  explainList(f: ProductFilter) {
    const { sql, params } = this.listWhere(f);
    return this.db.select<{ table: string; key: string | null; type: string }>(
      `EXPLAIN SELECT ${SUMMARY_COLUMNS} FROM products p WHERE ${sql} ORDER BY ${ORDER_BY[f.sort]} LIMIT ? OFFSET ?`,
      [...params, f.limit, (f.page - 1) * f.limit],
    );
  }

  /** Live availability per product (best variant wins); never cached. */
  async availabilityFor(productIds: string[]): Promise<Map<string, Availability>> {
    if (!productIds.length) return new Map();
    const rows = await this.db.select<{ product_id: string; level: number }>(
      `SELECT v.product_id, MAX(${AVAILABILITY_RANK_SQL}) AS level
         FROM variants v JOIN inventory_levels il ON il.variant_id = v.id
        WHERE v.product_id IN (?) GROUP BY v.product_id`,
      [productIds],
    );
    return new Map(rows.map((r) => [r.product_id, RANK_TO_AVAILABILITY[Number(r.level)]!]));
  }

  /**
   * Each product's first image. A correlated lookup on the (product_id, position) index rather
   * than ROW_NUMBER() over `pi.*`: the JSON column made MariaDB materialise that window in an
   * on-disk Aria temporary table on every list request (slow, and under load MariaDB 10.11
   * crashed freeing one: see bench/README.md).
   */
  async firstImages(productIds: string[]): Promise<Map<string, ImageRow>> {
    if (!productIds.length) return new Map();
    const rows = await this.db.select<ImageRow>(
      `SELECT pi.* FROM product_images pi
        WHERE pi.product_id IN (?)
          AND pi.id = (SELECT first.id FROM product_images first WHERE first.product_id = pi.product_id ORDER BY first.position, first.id LIMIT 1)`,
      [productIds],
    );
    return new Map(rows.map((r) => [r.product_id, r]));
  }

  productBySlug(slug: string, tx?: Transaction): Promise<ProductRow | undefined> {
    return this.db.one<ProductRow>('SELECT * FROM products WHERE slug = ?', [slug], tx);
  }

  /** Active products by id, in the order asked for. */
  async activeProductsByIds(ids: string[]): Promise<ProductRow[]> {
    if (!ids.length) return [];
    const rows = await this.db.select<ProductRow>("SELECT * FROM products WHERE id IN (?) AND status = 'active'", [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  productById(id: string, tx?: Transaction, forUpdate = false): Promise<ProductRow | undefined> {
    return this.db.one<ProductRow>(`SELECT * FROM products WHERE id = ?${forUpdate ? ' FOR UPDATE' : ''}`, [id], tx);
  }

  variantsOf(productId: string, tx?: Transaction): Promise<VariantRow[]> {
    return this.db.select<VariantRow>(
      `SELECT v.*, il.on_hand, il.reserved, il.low_stock_threshold, il.allow_backorder
         FROM variants v JOIN inventory_levels il ON il.variant_id = v.id
        WHERE v.product_id = ? ORDER BY v.position, v.id`,
      [productId],
      tx,
    );
  }

  /** Each product's variant prices in the base currency (for prices in another market's currency). */
  async variantPricesOf(productIds: string[]): Promise<Map<string, VariantPriceRow[]>> {
    const rows = await this.db.select<VariantPriceRow & { product_id: string }>(
      'SELECT id, product_id, price_amount, compare_at_amount FROM variants WHERE product_id IN (?) ORDER BY position, id',
      [productIds],
    );
    const out = new Map<string, VariantPriceRow[]>();
    for (const { product_id, ...row } of rows) out.set(product_id, [...(out.get(product_id) ?? []), row]);
    return out;
  }

  imagesOf(productId: string, tx?: Transaction): Promise<ImageRow[]> {
    return this.db.select<ImageRow>('SELECT * FROM product_images WHERE product_id = ? ORDER BY position, id', [productId], tx);
  }

  async tagsOf(productId: string, tx?: Transaction): Promise<string[]> {
    return (await this.db.select<{ tag: string }>('SELECT tag FROM product_tags WHERE product_id = ? ORDER BY tag', [productId], tx)).map(
      (r) => r.tag,
    );
  }

  async categoryIdsOf(productId: string, tx?: Transaction): Promise<string[]> {
    return (
      await this.db.select<{ category_id: string }>('SELECT category_id FROM product_categories WHERE product_id = ?', [productId], tx)
    ).map((r) => r.category_id);
  }

  async isActiveProduct(id: string): Promise<boolean> {
    return (await this.db.one<{ id: string }>("SELECT id FROM products WHERE id = ? AND status = 'active'", [id])) !== undefined;
  }

  async isVariantOf(variantId: string, productId: string): Promise<boolean> {
    return (await this.db.one('SELECT id FROM variants WHERE id = ? AND product_id = ?', [variantId, productId])) !== undefined;
  }

  async variantIdsOf(productId: string): Promise<string[]> {
    return (await this.db.select<{ id: string }>('SELECT id FROM variants WHERE product_id = ?', [productId])).map((r) => r.id);
  }

  /** Which of these products are on the user's wishlist. */
  async wishedBy(userId: string, productIds: string[]): Promise<Set<string>> {
    if (!productIds.length) return new Set();
    const rows = await this.db.select<{ product_id: string }>(
      'SELECT DISTINCT product_id FROM wishlist_items WHERE user_id = ? AND product_id IN (?)',
      [userId, productIds],
    );
    return new Set(rows.map((r) => r.product_id));
  }

  related(product: ProductRow, limit: number): Promise<ProductRow[]> {
    if (!product.primary_category_id) return Promise.resolve([]);
    return this.db.select<ProductRow>(
      `SELECT p.* FROM products p
        WHERE p.primary_category_id = ? AND p.status = 'active' AND p.id <> ?
        ORDER BY p.sold_count DESC, p.id LIMIT ?`,
      [product.primary_category_id, product.id, limit],
    );
  }
}
