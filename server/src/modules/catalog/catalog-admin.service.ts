import {
  normalizeSlug,
  SLUG_MAX_LENGTH,
  type AdminCategory,
  type AdminProduct,
  type AdminProductListQuery,
  type AdminVariant,
  type ChosenAmountRange,
  type CategoryInput,
  type CategoryUpdate,
  type Paginated,
  type ProductInput,
  type ProductUpdate,
  type StockAdjustment,
  type VariantInput,
  type VariantUpdate,
} from '@bazaar/shared';
import slugify from 'slugify';
import { isDuplicateKey as isDuplicate, type Db, type Transaction } from '../../db/db';
import { conflict, notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import { availabilityOf, type InventoryService, type LevelAfter } from '../inventory';
import type { CatalogAdminRepository, ProductFields } from './catalog-admin.repository';
import type { CatalogCache } from './catalog.cache';
import type { ProductChanges } from './product-changes';
import { parseJson, type CatalogRepository, type ProductRow, type VariantRow } from './catalog.repository';
import { chosenAmountOf, levelOf, money, toImage } from './mappers';
import type { WebhookEvents } from '../webhooks';

/**
 * A slug made from a title or name: slugify spells out what the shared rule would drop ("&" → "and",
 * "ß" → "ss"), then the shared rule (`normalizeSlug`) gives the final form and length.
 */
export const toSlug = (text: string) =>
  normalizeSlug(normalizeSlug(slugify(text, { lower: true, strict: true, trim: true })).slice(0, SLUG_MAX_LENGTH)) || 'item';

function toAdminVariant(v: VariantRow): AdminVariant {
  const level = levelOf(v);
  return {
    id: v.id,
    sku: v.sku,
    title: v.title,
    options: parseJson<Record<string, string>>(v.options as string),
    price: money(v.price_amount, v.currency),
    ...(v.compare_at_amount !== null ? { compareAtPrice: money(v.compare_at_amount, v.currency) } : {}),
    weightGrams: v.weight_grams === null ? null : Number(v.weight_grams),
    onHand: level.onHand,
    reserved: level.reserved,
    available: level.onHand - level.reserved,
    lowStockThreshold: level.lowStockThreshold,
    allowBackorder: level.allowBackorder,
    availability: availabilityOf(level),
  };
}

/**
 * Staff edits to the catalog. Each write is one transaction that also bumps the catalog cache
 * version, so every process serves the change on its next read.
 */
export class CatalogAdminService {
  constructor(
    private readonly db: Db,
    private readonly repo: CatalogAdminRepository,
    private readonly read: CatalogRepository,
    private readonly inventory: InventoryService,
    private readonly cache: CatalogCache,
    private readonly shopCurrency: string,
    private readonly changes: ProductChanges,
    /** `product.created`/`updated`/`deleted`, in the edit's transaction. */
    private readonly webhooks: WebhookEvents,
  ) {}

  /** A product event for webhook receivers: the product as this transaction leaves it (read only when someone listens). */
  async announceProduct(type: 'product.created' | 'product.updated', id: string, tx: Transaction): Promise<void> {
    await this.webhooks.publish(
      type,
      async () => {
        const p = await this.getProduct(id, tx);
        const variants = p.variants.map((v) => ({ id: v.id, sku: v.sku, title: v.title, price: v.price, available: v.available }));
        return { product: { id, slug: p.slug, title: p.title, status: p.status, variants } };
      },
      tx,
    );
  }

  /** A free slug: the one asked for must be free (409); a generated one gets -2, -3… */
  private async resolveSlug(
    table: 'products' | 'categories',
    wanted: string | undefined,
    from: string,
    exceptId: string | undefined,
    tx: Transaction,
  ) {
    if (wanted) {
      if (await this.repo.slugTaken(table, wanted, exceptId, tx)) {
        throw conflict(`The slug "${wanted}" is already used.`, [{ path: 'slug', message: 'Already used' }]);
      }
      return wanted;
    }
    const base = toSlug(from);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.repo.slugTaken(table, candidate, exceptId, tx))) return candidate;
    }
  }

  private write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const result = await fn(tx);
      await this.cache.invalidate(tx);
      return result;
    });
  }

  // --- categories --------------------------------------------------------------------

  private async category(id: string, tx?: Transaction): Promise<AdminCategory> {
    const [row] = await this.categoryRows(id, tx);
    if (!row) throw notFound('The category');
    return row;
  }

  /** Every category, flat, in tree order within each parent (the editor builds the tree). */
  listCategories(): Promise<AdminCategory[]> {
    return this.categoryRows();
  }

  private async categoryRows(id?: string, tx?: Transaction): Promise<AdminCategory[]> {
    return (await this.repo.categories(id, tx)).map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      parentId: c.parentId,
      sortOrder: c.sortOrder,
    }));
  }

  async createCategory(input: CategoryInput): Promise<AdminCategory> {
    const id = newId();
    await this.write(async (tx) => {
      if (input.parentId) await this.category(input.parentId, tx);
      await this.repo.insertCategory(id, await this.resolveSlug('categories', input.slug, input.name, undefined, tx), input, tx);
    });
    return this.category(id);
  }

  async updateCategory(id: string, changes: CategoryUpdate): Promise<AdminCategory> {
    await this.write(async (tx) => {
      await this.category(id, tx);
      if (changes.parentId) {
        // Moving a category under itself or its own descendant would make a cycle.
        for (let p: string | null = changes.parentId; p; p = (await this.category(p, tx)).parentId) {
          if (p === id) throw conflict('A category cannot be moved under itself.', [{ path: 'parentId', message: 'Would create a cycle' }]);
        }
      }
      const slug = changes.slug ? await this.resolveSlug('categories', changes.slug, changes.slug, id, tx) : undefined;
      await this.repo.updateCategory(id, { ...changes, slug }, tx);
    });
    return this.category(id);
  }

  async deleteCategory(id: string): Promise<void> {
    await this.write(async (tx) => {
      if (await this.repo.categoryHasChildren(id, tx)) throw conflict('Move or delete its subcategories first.');
      if (!(await this.repo.deleteCategory(id, tx))) throw notFound('The category');
    });
  }

  // --- products ------------------------------------------------------------------------

  async getProduct(id: string, tx?: Transaction): Promise<AdminProduct> {
    const p = await this.read.productById(id, tx);
    if (!p) throw notFound('The product');
    const [variants, images, tags, categoryIds] = await Promise.all([
      this.read.variantsOf(id, tx),
      this.read.imagesOf(id, tx),
      this.read.tagsOf(id, tx),
      this.read.categoryIdsOf(id, tx),
    ]);
    return {
      id: p.id,
      slug: p.slug,
      title: p.title,
      description: p.description,
      brand: p.brand,
      finalSale: Boolean(p.final_sale),
      giftCard: Boolean(p.gift_card),
      chosenAmount: chosenAmountOf(p),
      tags,
      status: p.status,
      seoTitle: p.seo_title,
      seoDescription: p.seo_description,
      categoryIds,
      primaryCategoryId: p.primary_category_id,
      currency: p.currency,
      variants: variants.map(toAdminVariant),
      images: images.map((i) => {
        const img = toImage(i);
        return { id: img.id, url: img.url, alt: img.alt, position: img.position };
      }),
      createdAt: new Date(p.created_at).toISOString(),
      updatedAt: new Date(p.updated_at).toISOString(),
    };
  }

  async listProducts(q: AdminProductListQuery): Promise<Paginated<ReturnType<typeof this.summary>>> {
    const [rows, count] = await this.repo.adminList(q);
    return { items: rows.map((r) => this.summary(r)), page: q.page, limit: q.limit, total: Number(count?.n ?? 0) };
  }

  private summary(r: ProductRow & { variant_count: number }) {
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      brand: r.brand,
      status: r.status,
      variantCount: Number(r.variant_count),
      minPrice: money(r.min_price, r.currency),
      inStock: Boolean(r.in_stock),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  private async checkCategories(ids: string[], primary: string | undefined | null, tx: Transaction) {
    const all = [...ids, ...(primary ? [primary] : [])];
    const found = await this.repo.existingCategoryIds(all, tx);
    const missing = all.filter((id) => !found.has(id));
    if (missing.length) throw validationFailed(missing.map((id) => ({ path: 'categoryIds', message: `Unknown category ${id}` })));
  }

  private checkCurrency(variants: { price: { currency: string }; compareAtPrice?: { currency: string } | null }[]) {
    const wrong = variants.findIndex(
      (v) => v.price.currency !== this.shopCurrency || (v.compareAtPrice && v.compareAtPrice.currency !== this.shopCurrency),
    );
    if (wrong >= 0) throw validationFailed([{ path: `variants.${wrong}.price.currency`, message: `Prices are in ${this.shopCurrency}` }]);
  }

  /** A chosen amount is for gift cards only (400 otherwise). */
  private chosenAmountFields(giftCard: boolean, range: ChosenAmountRange | null): Pick<ProductFields, 'giftCardMin' | 'giftCardMax'> {
    if (range && !giftCard)
      throw validationFailed(
        [{ path: 'chosenAmount', message: 'Only a gift card has a chosen amount' }],
        'Only a gift card has a chosen amount.',
      );
    return { giftCardMin: range?.min ?? null, giftCardMax: range?.max ?? null };
  }

  async createProduct(input: ProductInput, actorUserId: string | null): Promise<AdminProduct> {
    this.checkCurrency(input.variants);
    const skus = input.variants.map((v) => v.sku.toLowerCase());
    const dup = skus.findIndex((s, i) => skus.indexOf(s) !== i);
    if (dup >= 0) throw validationFailed([{ path: `variants.${dup}.sku`, message: 'Repeated SKU' }]);
    const id = newId();
    await this.write(async (tx) => {
      const primary = input.primaryCategoryId ?? input.categoryIds[0] ?? null;
      await this.checkCategories(input.categoryIds, primary, tx);
      const fields: ProductFields = {
        slug: await this.resolveSlug('products', input.slug, input.title, undefined, tx),
        title: input.title,
        description: input.description,
        brand: input.brand,
        finalSale: input.finalSale,
        giftCard: input.giftCard,
        ...this.chosenAmountFields(input.giftCard, input.chosenAmount),
        status: input.status,
        seoTitle: input.seoTitle ?? null,
        seoDescription: input.seoDescription ?? null,
        primaryCategoryId: primary,
        currency: this.shopCurrency,
      };
      await this.repo.insertProduct(id, fields, tx);
      await this.repo.replaceTags(id, input.tags, tx);
      await this.repo.replaceCategories(id, primary ? [...input.categoryIds, primary] : input.categoryIds, tx);
      for (const [i, v] of input.variants.entries()) await this.insertVariant(id, v, i, actorUserId, tx);
      if (input.giftCard) await this.repo.backorderAllVariants(id, tx);
      await this.repo.refreshDerived(id, tx);
      await this.changes.changed([id], tx);
      await this.announceProduct('product.created', id, tx);
    });
    return this.getProduct(id);
  }

  private async insertVariant(productId: string, v: VariantInput, position: number, actorUserId: string | null, tx: Transaction) {
    const variantId = newId();
    try {
      await this.repo.insertVariant(variantId, productId, v, this.shopCurrency, position, tx);
    } catch (err) {
      if (isDuplicate(err)) throw conflict(`The SKU "${v.sku}" is already used.`, [{ path: 'sku', message: 'Already used' }]);
      throw err;
    }
    if (v.stock?.onHand) {
      await this.inventory.apply([{ variantId, delta: v.stock.onHand, reason: 'restock' }], { actorUserId, note: 'initial stock' }, tx);
    }
    return variantId;
  }

  async updateProduct(id: string, changes: ProductUpdate): Promise<AdminProduct> {
    await this.write(async (tx) => {
      const current = await this.read.productById(id, tx, true);
      if (!current) throw notFound('The product');
      if (changes.categoryIds || changes.primaryCategoryId) {
        await this.checkCategories(changes.categoryIds ?? [], changes.primaryCategoryId, tx);
      }
      const slug = changes.slug ? await this.resolveSlug('products', changes.slug, changes.slug, id, tx) : undefined;
      const giftCard = changes.giftCard ?? Boolean(current.gift_card);
      // No longer a gift card: its range goes with it.
      const range = changes.chosenAmount !== undefined ? changes.chosenAmount : giftCard ? undefined : null;
      const primary = changes.primaryCategoryId ?? (changes.categoryIds ? (changes.categoryIds[0] ?? null) : undefined);
      await this.repo.updateProduct(
        id,
        {
          slug,
          title: changes.title,
          description: changes.description,
          brand: changes.brand,
          finalSale: changes.finalSale,
          giftCard: changes.giftCard,
          ...(range !== undefined ? this.chosenAmountFields(giftCard, range) : {}),
          status: changes.status,
          seoTitle: changes.seoTitle,
          seoDescription: changes.seoDescription,
          primaryCategoryId: primary,
        },
        tx,
      );
      if (changes.giftCard) {
        await this.repo.backorderAllVariants(id, tx);
        await this.repo.refreshDerived(id, tx);
      }
      if (changes.tags) await this.repo.replaceTags(id, changes.tags, tx);
      if (changes.categoryIds) {
        const keep = primary ?? current.primary_category_id;
        await this.repo.replaceCategories(id, keep ? [...changes.categoryIds, keep] : changes.categoryIds, tx);
      }
      await this.changes.changed([id], tx);
      await this.announceProduct('product.updated', id, tx);
    });
    return this.getProduct(id);
  }

  async deleteProduct(id: string): Promise<void> {
    await this.write(async (tx) => {
      if (!(await this.repo.deleteProduct(id, tx))) throw notFound('The product');
      await this.changes.changed([id], tx);
      await this.webhooks.publish('product.deleted', { product: { id } }, tx);
    });
  }

  // --- variants and stock ------------------------------------------------------------

  async addVariant(productId: string, input: VariantInput, actorUserId: string | null): Promise<AdminProduct> {
    this.checkCurrency([input]);
    await this.write(async (tx) => {
      const product = await this.read.productById(productId, tx, true);
      if (!product) throw notFound('The product');
      await this.insertVariant(productId, input, await this.repo.countVariants(productId, tx), actorUserId, tx);
      if (product.gift_card) await this.repo.backorderAllVariants(productId, tx);
      await this.repo.refreshDerived(productId, tx);
      await this.changes.changed([productId], tx);
      await this.announceProduct('product.updated', productId, tx);
    });
    return this.getProduct(productId);
  }

  async updateVariant(id: string, changes: VariantUpdate): Promise<AdminProduct> {
    if (changes.price) this.checkCurrency([{ price: changes.price, compareAtPrice: changes.compareAtPrice }]);
    const productId = await this.write(async (tx) => {
      const owner = await this.repo.variantProduct(id, tx);
      if (!owner) throw notFound('The variant');
      try {
        await this.repo.updateVariant(id, changes, tx);
      } catch (err) {
        if (isDuplicate(err)) throw conflict(`The SKU "${changes.sku}" is already used.`, [{ path: 'sku', message: 'Already used' }]);
        throw err;
      }
      // A gift card stays buyable: taking backorders away from one of its variants does not stick.
      if (changes.allowBackorder === false && (await this.read.productById(owner.product_id, tx))?.gift_card)
        await this.repo.backorderAllVariants(owner.product_id, tx);
      await this.repo.refreshDerived(owner.product_id, tx);
      await this.changes.changed([owner.product_id], tx);
      await this.announceProduct('product.updated', owner.product_id, tx);
      return owner.product_id;
    });
    return this.getProduct(productId);
  }

  async deleteVariant(id: string): Promise<void> {
    await this.write(async (tx) => {
      const owner = await this.repo.variantProduct(id, tx);
      if (!owner) throw notFound('The variant');
      if ((await this.repo.countVariants(owner.product_id, tx)) <= 1)
        throw conflict('A product needs at least one variant: delete the product instead.');
      await this.repo.deleteVariant(id, tx);
      await this.repo.refreshDerived(owner.product_id, tx);
      await this.changes.changed([owner.product_id], tx);
      await this.announceProduct('product.updated', owner.product_id, tx);
    });
  }

  /** A manual stock change with its reason; the ledger row is written in the same transaction. */
  async adjustStock(variantId: string, input: StockAdjustment, actorUserId: string): Promise<LevelAfter> {
    if (!(await this.repo.variantProduct(variantId))) throw notFound('The variant');
    const [level] = await this.inventory.apply([{ variantId, delta: input.delta, reason: input.reason }], {
      actorUserId,
      note: input.note,
      referenceType: 'admin',
    });
    return level!;
  }
}
