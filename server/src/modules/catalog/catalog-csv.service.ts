import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { ChosenAmountRange, DEFAULT_LOW_STOCK_THRESHOLD, normalizeSlug, SLUG_MAX_LENGTH, type ImportReport } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { InventoryService } from '../inventory';
import type { CatalogCache } from './catalog.cache';
import type { ProductChanges } from './product-changes';
import type { CatalogAdminRepository } from './catalog-admin.repository';
import type { CatalogCsvRepository } from './catalog-csv.repository';
import type { CatalogRepository } from './catalog.repository';
import { toSlug } from './catalog-admin.service';

/** The CSV format: one row per variant; product fields repeat on each of its rows. */
export const CSV_COLUMNS = [
  'product_slug',
  'product_title',
  'description',
  'brand',
  'status',
  'tags',
  'categories',
  'sku',
  'variant_title',
  'options',
  'price',
  'compare_at_price',
  'currency',
  'weight_grams',
  'on_hand',
  'low_stock_threshold',
  'allow_backorder',
  'gift_card',
  'gift_card_min',
  'gift_card_max',
] as const;
/** Columns a CSV may leave out (their cells then take their defaults). */
const OPTIONAL_COLUMNS: readonly string[] = [
  'description',
  'brand',
  'tags',
  'categories',
  'variant_title',
  'options',
  'gift_card',
  'gift_card_min',
  'gift_card_max',
];
type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;

const MAX_ROWS = 50_000;
const list = (v: string) =>
  v
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
const int = (field: string, min = 0) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `${field} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${field} must be at least ${min}`));
const optionalInt = (field: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(int(field).nullable());
/** An empty cell takes the default, as the other optional columns do. */
const intOrDefault = (field: string, fallback: number) =>
  z
    .string()
    .default('')
    .transform((v) => (v.trim() === '' ? String(fallback) : v))
    .pipe(int(field));
/** Slugs follow the shared rule (`normalizeSlug`): "Storage--Tables" is `storage-tables`. */
const slugCell = (field: string) =>
  z
    .string()
    .transform(normalizeSlug)
    .refine((v) => v.length <= SLUG_MAX_LENGTH, `${field} must be at most ${SLUG_MAX_LENGTH} characters`);

/** One row, checked and normalised. Prices are integer minor units (never "19.99"). */
const CsvRow = z
  .object({
    product_slug: z
      .string()
      .default('')
      .refine((v) => v.trim() === '' || normalizeSlug(v) !== '', 'product_slug must contain a letter or a digit')
      .pipe(slugCell('product_slug')),
    product_title: z.string().trim().min(1, 'product_title is required').max(200),
    description: z.string().max(20_000).default(''),
    brand: z.string().trim().max(120).default(''),
    status: z.enum(['draft', 'active', 'archived'], { error: 'status must be draft, active or archived' }),
    tags: z
      .string()
      .default('')
      .transform((v) => [...new Set(list(v.toLowerCase()))].sort()),
    categories: z
      .string()
      .default('')
      .transform((v, ctx) =>
        list(v).map((s) => {
          const slug = normalizeSlug(s);
          if (!slug) ctx.addIssue({ code: 'custom', message: `categories must be slugs (got "${s}")` });
          return slug;
        }),
      ),
    sku: z
      .string()
      .trim()
      .min(1, 'sku is required')
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/, 'sku may hold letters, digits, dot, dash, underscore'),
    variant_title: z.string().trim().max(200).default(''),
    options: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const out: Record<string, string> = {};
        for (const pair of list(v)) {
          const [key, value] = pair.split('=').map((s) => s.trim());
          if (!key || !value) ctx.addIssue({ code: 'custom', message: `options must look like size=M|color=Red (got "${pair}")` });
          else out[key] = value;
        }
        return out;
      }),
    price: int('price'),
    compare_at_price: optionalInt('compare_at_price'),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'currency must be a code such as USD'),
    weight_grams: optionalInt('weight_grams'),
    on_hand: int('on_hand'),
    low_stock_threshold: intOrDefault('low_stock_threshold', DEFAULT_LOW_STOCK_THRESHOLD),
    allow_backorder: z.enum(['true', 'false'], { error: 'allow_backorder must be true or false' }).transform((v) => v === 'true'),
    gift_card: z
      .enum(['true', 'false', ''], { error: 'gift_card must be true or false' })
      .default('')
      .transform((v) => v === 'true'),
    gift_card_min: z.string().default('').pipe(optionalInt('gift_card_min')),
    gift_card_max: z.string().default('').pipe(optionalInt('gift_card_max')),
  })
  .transform(({ gift_card_min: min, gift_card_max: max, ...row }, ctx) => {
    // A chosen-amount gift card: both bounds, on a gift card, judged by the same rule as the product editor's.
    if (min === null && max === null) return { ...row, chosen_amount: null };
    if (min === null || max === null) ctx.addIssue({ code: 'custom', message: 'gift_card_min and gift_card_max go together' });
    else if (!row.gift_card)
      ctx.addIssue({ code: 'custom', message: 'gift_card_min and gift_card_max are for gift cards (gift_card=true)' });
    else {
      const range = ChosenAmountRange.safeParse({ min, max });
      if (range.success) return { ...row, chosen_amount: range.data };
      for (const issue of range.error.issues)
        ctx.addIssue({ code: 'custom', message: `gift_card_${String(issue.path[0])}: ${issue.message}` });
    }
    return z.NEVER;
  });
type Row = z.infer<typeof CsvRow>;

const sortedJson = (o: Record<string, string>) =>
  JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));

/**
 * Streams a catalog CSV in and out. Each row is its own transaction, so a bad row is reported by
 * its line number and the good rows stay imported; a row equal to what is stored writes nothing.
 */
export class CatalogCsvService {
  constructor(
    private readonly db: Db,
    private readonly repo: CatalogCsvRepository,
    private readonly admin: CatalogAdminRepository,
    private readonly read: CatalogRepository,
    private readonly inventory: InventoryService,
    private readonly cache: CatalogCache,
    private readonly currency: string,
    private readonly changes: ProductChanges,
    /** `product.created`/`product.updated` for webhook receivers, in the row's transaction. */
    private readonly announceProduct: (type: 'product.created' | 'product.updated', productId: string, tx: Transaction) => Promise<void>,
  ) {}

  async import(input: Readable, actorUserId: string): Promise<ImportReport> {
    const report: ImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
    const parser = input.pipe(
      parse({
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: false,
        info: true,
      }),
    );
    let checkedHeader = false;
    let giftCardColumns = true;
    let rows = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: CsvRecord; info: { lines: number } }>) {
        if (!checkedHeader) {
          const missing = CSV_COLUMNS.filter((c) => !(c in record) && !OPTIONAL_COLUMNS.includes(c));
          if (missing.length)
            throw new AppError(
              'VALIDATION_FAILED',
              `The CSV header lacks: ${missing.join(', ')}.`,
              missing.map((m) => ({ path: m, message: 'Missing column' })),
            );
          checkedHeader = true;
          // A file from before gift cards could be set by CSV leaves each product's as it is.
          giftCardColumns = 'gift_card' in record;
        }
        if (++rows > MAX_ROWS) throw new AppError('PAYLOAD_TOO_LARGE', `Import at most ${MAX_ROWS} rows at a time.`);
        const line = info.lines;
        const parsed = CsvRow.safeParse(record);
        if (!parsed.success) {
          report.errors.push({ row: line, sku: record.sku || undefined, messages: parsed.error.issues.map((i) => i.message) });
          continue;
        }
        try {
          report[await this.importRow(parsed.data, actorUserId, giftCardColumns)]++;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          report.errors.push({ row: line, sku: parsed.data.sku, messages: [err.message, ...(err.details ?? []).map((d) => d.message)] });
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as { code?: string }).code?.startsWith('CSV_'))
        throw new AppError('BAD_REQUEST', `The CSV could not be read: ${(err as Error).message}`);
      throw err;
    }
    if (!checkedHeader) throw new AppError('VALIDATION_FAILED', 'The CSV has no rows.');
    if (report.created + report.updated > 0) await this.cache.invalidate();
    return report;
  }

  private async importRow(row: Row, actorUserId: string, giftCardColumns: boolean): Promise<'created' | 'updated' | 'unchanged'> {
    if (row.currency !== this.currency) throw new AppError('VALIDATION_FAILED', `Prices must be in ${this.currency}.`);
    return this.db.transaction(async (tx) => {
      const categoryIds = await this.categoryIds(row.categories, tx);
      const slug = row.product_slug || toSlug(row.product_title);
      let changed = false;
      let product = await this.repo.lockProductBySlug(slug, tx);
      const variant = await this.repo.lockVariantBySku(row.sku, tx);
      if (variant && product && variant.productId !== product.id)
        throw new AppError('CONFLICT', `SKU ${row.sku} belongs to another product.`);
      if (!product && variant) throw new AppError('CONFLICT', `SKU ${row.sku} belongs to another product.`);

      const wanted = {
        title: row.product_title,
        description: row.description,
        brand: row.brand,
        status: row.status,
        primaryCategoryId: categoryIds[0] ?? null,
        ...(giftCardColumns || !product
          ? { giftCard: row.gift_card, giftCardMin: row.chosen_amount?.min ?? null, giftCardMax: row.chosen_amount?.max ?? null }
          : { giftCard: product.giftCard, giftCardMin: product.giftCardMin, giftCardMax: product.giftCardMax }),
      };
      const productCreated = !product;
      if (!product) {
        product = { id: newId(), ...wanted };
        await this.repo.insertProduct({ ...product, slug, currency: this.currency }, tx);
        await this.admin.replaceTags(product.id, row.tags, tx);
        await this.admin.replaceCategories(product.id, categoryIds, tx);
        changed = true;
      } else {
        const tags = await this.read.tagsOf(product.id, tx);
        const cats = (await this.read.categoryIdsOf(product.id, tx)).sort();
        if (
          product.title !== wanted.title ||
          product.description !== wanted.description ||
          product.brand !== wanted.brand ||
          product.status !== wanted.status ||
          product.primaryCategoryId !== wanted.primaryCategoryId ||
          product.giftCard !== wanted.giftCard ||
          product.giftCardMin !== wanted.giftCardMin ||
          product.giftCardMax !== wanted.giftCardMax
        ) {
          await this.repo.updateProduct({ id: product.id, ...wanted }, tx);
          changed = true;
        }
        if (JSON.stringify(tags) !== JSON.stringify(row.tags)) {
          await this.admin.replaceTags(product.id, row.tags, tx);
          changed = true;
        }
        if (JSON.stringify(cats) !== JSON.stringify([...categoryIds].sort())) {
          await this.admin.replaceCategories(product.id, categoryIds, tx);
          changed = true;
        }
      }

      // A gift card's variants always take backorders (as the product editor keeps them).
      const allowBackorder = row.allow_backorder || wanted.giftCard;
      const fields = {
        title: row.variant_title,
        optionsJson: sortedJson(row.options),
        priceAmount: row.price,
        compareAtAmount: row.compare_at_price,
        weightGrams: row.weight_grams,
      };
      let created = false;
      let variantId = variant?.id;
      if (!variant) {
        variantId = newId();
        const position = await this.admin.countVariants(product.id, tx);
        await this.repo.insertVariant(
          {
            id: variantId,
            productId: product.id,
            sku: row.sku,
            currency: this.currency,
            position,
            ...fields,
            lowStockThreshold: row.low_stock_threshold,
            allowBackorder,
          },
          tx,
        );
        created = true;
      } else {
        const same =
          variant.title === fields.title &&
          sortedJson(variant.options) === fields.optionsJson &&
          variant.priceAmount === fields.priceAmount &&
          variant.compareAtAmount === fields.compareAtAmount &&
          variant.weightGrams === fields.weightGrams;
        if (!same) {
          await this.repo.updateVariant(variant.id, fields, tx);
          changed = true;
        }
        if (variant.lowStockThreshold !== row.low_stock_threshold || variant.allowBackorder !== allowBackorder) {
          await this.repo.updateStockSettings(variant.id, row.low_stock_threshold, allowBackorder, tx);
          changed = true;
        }
      }
      // A gift card by this row: its other variants take backorders too (nothing to do when they do already).
      if (wanted.giftCard) await this.admin.backorderAllVariants(product.id, tx);
      // Stock moves only through the ledger, as an `import` row for the difference.
      const delta = row.on_hand - (variant ? variant.onHand : 0);
      if (delta !== 0) {
        await this.inventory.apply([{ variantId: variantId!, delta, reason: 'import' }], { actorUserId, referenceType: 'csv_import' }, tx);
        changed = true;
      }
      if (created || changed) {
        await this.admin.refreshDerived(product.id, tx);
        await this.changes.changed([product.id], tx);
        await this.announceProduct(productCreated ? 'product.created' : 'product.updated', product.id, tx);
      }
      return created ? 'created' : changed ? 'updated' : 'unchanged';
    });
  }

  private async categoryIds(slugs: string[], tx: Transaction): Promise<string[]> {
    if (!slugs.length) return [];
    const bySlug = await this.repo.categoryIdsBySlug(slugs, tx);
    const unknown = slugs.filter((s) => !bySlug.has(s));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', `Unknown categories: ${unknown.join(', ')}.`);
    return slugs.map((s) => bySlug.get(s)!);
  }

  /** Streams every product (any status) in pages, so memory stays flat however large the catalog. */
  export(): Readable {
    const out = stringify({ header: true, columns: [...CSV_COLUMNS] });
    void (async () => {
      try {
        let after = '';
        for (;;) {
          const products = await this.repo.productPage(after);
          if (!products.length) break;
          const { variants, tags, categories: cats } = await this.repo.exportDetails(products.map((p) => p.id));
          for (const p of products) {
            const productCats = cats.filter((c) => c.productId === p.id);
            // The primary category goes first: import takes the first as primary.
            productCats.sort((a, b) =>
              a.id === p.primaryCategoryId ? -1 : b.id === p.primaryCategoryId ? 1 : a.slug.localeCompare(b.slug),
            );
            for (const v of variants.filter((x) => x.productId === p.id)) {
              const record: CsvRecord = {
                product_slug: p.slug,
                product_title: p.title,
                description: p.description,
                brand: p.brand,
                status: p.status,
                tags: tags
                  .filter((t) => t.productId === p.id)
                  .map((t) => t.tag)
                  .join('|'),
                categories: productCats.map((c) => c.slug).join('|'),
                sku: v.sku,
                variant_title: v.title,
                options: Object.entries(v.options)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([k, val]) => `${k}=${val}`)
                  .join('|'),
                price: String(v.priceAmount),
                compare_at_price: v.compareAtAmount === null ? '' : String(v.compareAtAmount),
                currency: v.currency,
                weight_grams: v.weightGrams === null ? '' : String(v.weightGrams),
                on_hand: String(v.onHand),
                low_stock_threshold: String(v.lowStockThreshold),
                allow_backorder: v.allowBackorder ? 'true' : 'false',
                gift_card: p.giftCard ? 'true' : 'false',
                gift_card_min: p.giftCardMin === null ? '' : String(p.giftCardMin),
                gift_card_max: p.giftCardMax === null ? '' : String(p.giftCardMax),
              };
              if (!out.write(record)) await new Promise((r) => out.once('drain', r));
            }
          }
          after = products[products.length - 1]!.slug;
        }
        out.end();
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
    return out;
  }
}
