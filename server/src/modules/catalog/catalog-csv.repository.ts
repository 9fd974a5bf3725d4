import type { ProductStatus } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { parseJson, type VariantRecord, type VariantRow as CatalogVariantRow } from './catalog.repository';

/** The product fields a CSV row carries. */
export interface CsvProductRecord {
  id: string;
  title: string;
  description: string;
  brand: string;
  status: ProductStatus;
  primaryCategoryId: string | null;
  giftCard: boolean;
  /** A chosen-amount gift card's range (minor units); null for fixed amounts. */
  giftCardMin: number | null;
  giftCardMax: number | null;
}

/** The variant fields a CSV row carries, with its stock settings. */
export interface CsvVariantRecord extends Omit<VariantRecord, 'position'> {
  onHand: number;
  lowStockThreshold: number;
  allowBackorder: boolean;
}

/** What a variant's CSV columns set (stock moves through the ledger instead). */
export type CsvVariantFields = Pick<CsvVariantRecord, 'title' | 'priceAmount' | 'compareAtAmount' | 'weightGrams'> & {
  /** JSON text, keys sorted, as it is compared and stored. */
  optionsJson: string;
};

/** `v.*` with the level columns the CSV carries. */
type VariantRow = Omit<CatalogVariantRow, 'reserved'>;

const toVariant = (v: VariantRow): CsvVariantRecord => ({
  id: v.id,
  productId: v.product_id,
  sku: v.sku,
  title: v.title,
  options: parseJson<Record<string, string>>(v.options),
  priceAmount: Number(v.price_amount),
  compareAtAmount: v.compare_at_amount === null ? null : Number(v.compare_at_amount),
  currency: v.currency,
  weightGrams: v.weight_grams === null ? null : Number(v.weight_grams),
  onHand: Number(v.on_hand),
  lowStockThreshold: Number(v.low_stock_threshold),
  allowBackorder: Boolean(v.allow_backorder),
});

const VARIANT_COLUMNS = 'v.*, il.on_hand, il.low_stock_threshold, il.allow_backorder';
const VARIANTS_WITH_LEVELS = 'variants v JOIN inventory_levels il ON il.variant_id = v.id';

type ProductRow = {
  id: string;
  title: string;
  description: string;
  brand: string;
  status: ProductStatus;
  primary_category_id: string | null;
  gift_card: number;
  gift_card_min: number | string | null;
  gift_card_max: number | string | null;
};
const toProduct = (p: ProductRow): CsvProductRecord => ({
  id: p.id,
  title: p.title,
  description: p.description,
  brand: p.brand,
  status: p.status,
  primaryCategoryId: p.primary_category_id,
  giftCard: Boolean(p.gift_card),
  giftCardMin: p.gift_card_min === null ? null : Number(p.gift_card_min),
  giftCardMax: p.gift_card_max === null ? null : Number(p.gift_card_max),
});
const PRODUCT_COLUMNS = 'id, title, description, brand, status, primary_category_id, gift_card, gift_card_min, gift_card_max';

/** The CSV import's and export's own statements (tags, categories and counts are CatalogAdminRepository's and CatalogRepository's). */
export class CatalogCsvRepository {
  constructor(private readonly db: Db) {}

  async lockProductBySlug(slug: string, tx: Transaction): Promise<CsvProductRecord | undefined> {
    // Locking read: two imports of rows of the same product take turns.
    const row = await this.db.one<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE slug = ? FOR UPDATE`, [slug], tx);
    return row && toProduct(row);
  }

  async lockVariantBySku(sku: string, tx: Transaction): Promise<CsvVariantRecord | undefined> {
    // Locking read: two imports of the same SKU take turns (its stock delta is computed from this read).
    const row = await this.db.one<VariantRow>(
      `SELECT ${VARIANT_COLUMNS} FROM ${VARIANTS_WITH_LEVELS} WHERE v.sku = ? FOR UPDATE`,
      [sku],
      tx,
    );
    return row && toVariant(row);
  }

  async insertProduct(p: CsvProductRecord & { slug: string; currency: string }, tx: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO products (id, slug, title, description, brand, status, primary_category_id, gift_card, gift_card_min, gift_card_max, currency, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [p.id, p.slug, p.title, p.description, p.brand, p.status, p.primaryCategoryId, p.giftCard, p.giftCardMin, p.giftCardMax, p.currency],
      tx,
    );
  }

  async updateProduct(p: CsvProductRecord, tx: Transaction): Promise<void> {
    await this.db.execute(
      `UPDATE products SET title = ?, description = ?, brand = ?, status = ?, primary_category_id = ?, gift_card = ?, gift_card_min = ?, gift_card_max = ?,
              updated_at = UTC_TIMESTAMP(3) WHERE id = ?`,
      [p.title, p.description, p.brand, p.status, p.primaryCategoryId, p.giftCard, p.giftCardMin, p.giftCardMax, p.id],
      tx,
    );
  }

  /** The variant and its level row (stock at zero: the ledger brings it up). */
  async insertVariant(
    v: CsvVariantFields &
      Pick<CsvVariantRecord, 'id' | 'productId' | 'sku' | 'currency' | 'lowStockThreshold' | 'allowBackorder'> & { position: number },
    tx: Transaction,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO variants (id, product_id, sku, title, options, price_amount, compare_at_amount, currency, weight_grams, position, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [v.id, v.productId, v.sku, v.title, v.optionsJson, v.priceAmount, v.compareAtAmount, v.currency, v.weightGrams, v.position],
      tx,
    );
    await this.db.execute(
      'INSERT INTO inventory_levels (variant_id, on_hand, reserved, low_stock_threshold, allow_backorder) VALUES (?, 0, 0, ?, ?)',
      [v.id, v.lowStockThreshold, v.allowBackorder],
      tx,
    );
  }

  async updateVariant(id: string, v: CsvVariantFields, tx: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE variants SET title = ?, options = ?, price_amount = ?, compare_at_amount = ?, weight_grams = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?',
      [v.title, v.optionsJson, v.priceAmount, v.compareAtAmount, v.weightGrams, id],
      tx,
    );
  }

  async updateStockSettings(variantId: string, lowStockThreshold: number, allowBackorder: boolean, tx: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE inventory_levels SET low_stock_threshold = ?, allow_backorder = ? WHERE variant_id = ?',
      [lowStockThreshold, allowBackorder, variantId],
      tx,
    );
  }

  /** Category ids by slug, for the slugs that exist. */
  async categoryIdsBySlug(slugs: string[], tx: Transaction): Promise<Map<string, string>> {
    const rows = await this.db.select<{ id: string; slug: string }>('SELECT id, slug FROM categories WHERE slug IN (?)', [slugs], tx);
    return new Map(rows.map((r) => [r.slug, r.id]));
  }

  /** The next 200 products (any status) by slug, after `afterSlug`. */
  async productPage(afterSlug: string): Promise<(CsvProductRecord & { slug: string })[]> {
    const rows = await this.db.select<ProductRow & { slug: string }>(
      `SELECT ${PRODUCT_COLUMNS}, slug FROM products WHERE slug > ? ORDER BY slug LIMIT 200`,
      [afterSlug],
    );
    return rows.map((p) => ({ ...toProduct(p), slug: p.slug }));
  }

  /** These products' variants with their levels, tags and categories (primary first is the caller's business). */
  async exportDetails(productIds: string[]) {
    const [variants, tags, categories] = await Promise.all([
      this.db.select<VariantRow>(
        `SELECT ${VARIANT_COLUMNS} FROM ${VARIANTS_WITH_LEVELS} WHERE v.product_id IN (?) ORDER BY v.position, v.id`,
        [productIds],
      ),
      this.db.select<{ product_id: string; tag: string }>('SELECT product_id, tag FROM product_tags WHERE product_id IN (?) ORDER BY tag', [
        productIds,
      ]),
      this.db.select<{ product_id: string; slug: string; id: string }>(
        'SELECT pc.product_id, c.slug, c.id FROM product_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.product_id IN (?) ORDER BY c.slug',
        [productIds],
      ),
    ]);
    return {
      variants: variants.map(toVariant),
      tags: tags.map((t) => ({ productId: t.product_id, tag: t.tag })),
      categories: categories.map((c) => ({ productId: c.product_id, id: c.id, slug: c.slug })),
    };
  }
}
