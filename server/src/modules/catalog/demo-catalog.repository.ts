import type { Db } from '../../db/db';
import type { VariantRecord } from './catalog.repository';

export interface DemoCategoryRecord {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  description: string | null;
  sortOrder: number;
}

export interface DemoProductRecord {
  id: string;
  slug: string;
  title: string;
  description: string;
  brand: string;
  status: 'active' | 'draft' | 'archived';
  primaryCategoryId: string;
  currency: string;
  minPrice: number;
  maxPrice: number;
  minCompareAtPrice: number | null;
  inStock: boolean;
  soldCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export type DemoVariantRecord = VariantRecord;

export interface DemoStockLevelRecord {
  variantId: string;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  allowBackorder: boolean;
}

export interface DemoLedgerRecord {
  variantId: string;
  delta: number;
  reservedDelta: number;
  reason: 'restock';
  onHandBefore: number;
  onHandAfter: number;
  reservedBefore: number;
  reservedAfter: number;
  note: string;
}

export interface DemoImageRecord {
  id: string;
  productId: string;
  position: number;
  alt: string;
  storageKey: string;
  sizes: { size: string; url: string; width: number; height: number }[];
}

/** Rows per multi-row INSERT. */
const CHUNK = 400;

/** `primaryCategoryId` → `primary_category_id`. */
const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Flags are written as 1/0, options and sizes as JSON text. */
const value = (v: unknown) =>
  typeof v === 'boolean' ? (v ? 1 : 0) : v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;

/**
 * The demo catalog's bulk writes: multi-row INSERTs of CHUNK rows, straight into the tables (the
 * seed's stock rows and their ledger entries included), as thousands of single writes would be slow.
 * Each record's fields, in the order given, are the table's columns (camelCase → snake_case).
 */
export class DemoCatalogRepository {
  constructor(private readonly db: Db) {}

  private async insertMany<T extends object>(table: string, fields: (keyof T & string)[], records: T[]) {
    const columns = fields.map(column);
    const rows = records.map((r) => fields.map((f) => value(r[f])));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await this.db.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  }

  insertCategories(rows: DemoCategoryRecord[]) {
    return this.insertMany('categories', ['id', 'parentId', 'slug', 'name', 'description', 'sortOrder'], rows);
  }

  insertProducts(rows: DemoProductRecord[]) {
    const fields: (keyof DemoProductRecord)[] = [
      'id',
      'slug',
      'title',
      'description',
      'brand',
      'status',
      'primaryCategoryId',
      'currency',
      'minPrice',
      'maxPrice',
      'minCompareAtPrice',
      'inStock',
      'soldCount',
      'createdAt',
      'updatedAt',
    ];
    return this.insertMany('products', fields, rows);
  }

  insertProductCategories(rows: { productId: string; categoryId: string }[]) {
    return this.insertMany('product_categories', ['productId', 'categoryId'], rows);
  }

  insertProductTags(rows: { productId: string; tag: string }[]) {
    return this.insertMany('product_tags', ['productId', 'tag'], rows);
  }

  insertVariants(rows: DemoVariantRecord[]) {
    const fields: (keyof DemoVariantRecord)[] = [
      'id',
      'productId',
      'sku',
      'title',
      'options',
      'priceAmount',
      'compareAtAmount',
      'currency',
      'weightGrams',
      'position',
    ];
    return this.insertMany('variants', fields, rows);
  }

  insertStockLevels(rows: DemoStockLevelRecord[]) {
    return this.insertMany('inventory_levels', ['variantId', 'onHand', 'reserved', 'lowStockThreshold', 'allowBackorder'], rows);
  }

  insertLedger(rows: DemoLedgerRecord[]) {
    const fields: (keyof DemoLedgerRecord)[] = [
      'variantId',
      'delta',
      'reservedDelta',
      'reason',
      'onHandBefore',
      'onHandAfter',
      'reservedBefore',
      'reservedAfter',
      'note',
    ];
    return this.insertMany('inventory_ledger', fields, rows);
  }

  insertImages(rows: DemoImageRecord[]) {
    return this.insertMany('product_images', ['id', 'productId', 'position', 'alt', 'storageKey', 'sizes'], rows);
  }
}
