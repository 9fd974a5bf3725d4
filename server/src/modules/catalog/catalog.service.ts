import type {
  Availability,
  Breadcrumb,
  CategoryDetail,
  CategoryNode,
  Paginated,
  ProductDetail,
  ProductListQuery,
  ProductSummary,
} from '@bazaar/shared';
import { notFound } from '../../lib/errors';
import { ValueMemo } from '../../lib/value-memo';
import { bestAvailability } from '../inventory';
import type { CacheStamp, CatalogCache } from './catalog.cache';
import type { CatalogLocalizer, CatalogView } from './catalog-localizer';
import type { CatalogRepository, CategoryRow, ImageRow, ProductFilter, ProductRow, SummaryRow, VariantRow } from './catalog.repository';
import { FACET_MAX_PRODUCTS, ListFacet, facetCanAnswer } from './list-facet';
import { chosenAmountOf, money, toImage, toSummary, toVariant } from './mappers';

/** Per product row: its live availability and its cached first image. */
type SummaryParts = [Availability, ImageRow | undefined][];

export interface CategoryIndex {
  roots: CategoryNode[];
  byId: Map<string, CategoryRow>;
  bySlug: Map<string, CategoryRow>;
  children: Map<string | null, CategoryRow[]>;
}

const RELATED_LIMIT = 8;

/** `?market=&lang=` of a catalog read. */
export interface CatalogWhere {
  market?: string;
  lang?: string;
}

/** A public list page as cached: its products' summary columns, in order, and the total. */
interface ListPage {
  rows: SummaryRow[];
  total: number;
}

/** A product's cached, stock-free part of its detail page. */
interface DetailStatic {
  product: ProductRow;
  images: ImageRow[];
  tags: string[];
  categoryIds: string[];
  related: ProductRow[];
}

/**
 * What shoppers read. Static product data is cached until the catalog changes; stock (availability,
 * variant levels) only for LIVE_STOCK_TTL_SECONDS, and dropped as soon as this process changes it.
 */
export class CatalogService {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly cache: CatalogCache,
    private readonly options: { showStockCounts: boolean },
    private readonly localizer?: CatalogLocalizer,
  ) {}

  /** The market and language a read asks for, when it is not the shop's own (only then is anything laid over). */
  private async view(where: CatalogWhere | undefined): Promise<CatalogView | undefined> {
    return where && (where.market || where.lang) && this.localizer ? this.localizer.view(where) : undefined;
  }

  /** A guest's answers: the same object while nothing it shows changed (so its response body is reused). */
  private readonly guestLists = new ValueMemo<ListPage, Paginated<ProductSummary>>();
  private readonly guestDetails = new ValueMemo<DetailStatic, ProductDetail>();
  private readonly partsMemo = new WeakMap<SummaryRow[], { stamp: CacheStamp; parts: SummaryParts }>();
  private readonly listKeys = new WeakMap<ProductListQuery, { index: CategoryIndex; key: string; filter: ProductFilter }>();

  /** What a sitemap lists: every active product (with when it changed) and every category, by slug. */
  async sitemap(): Promise<{ products: { slug: string; updatedAt: Date }[]; categories: { slug: string }[] }> {
    const [products, categories] = await Promise.all([this.repo.activeProductSlugs(), this.repo.allCategories()]);
    return {
      products,
      categories: categories.map((c) => ({ slug: c.slug })).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
    };
  }

  categoryIndex(): Promise<CategoryIndex> {
    return this.cache.getOrLoad('tree', 'index', async () => {
      const rows = await this.repo.allCategories();
      const children = new Map<string | null, CategoryRow[]>();
      for (const row of rows) children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row]);
      const build = (parent: string | null): CategoryNode[] =>
        (children.get(parent) ?? []).map((c) => ({
          id: c.id,
          slug: c.slug,
          name: c.name,
          ...(c.description ? { description: c.description } : {}),
          children: build(c.id),
        }));
      return { roots: build(null), byId: new Map(rows.map((r) => [r.id, r])), bySlug: new Map(rows.map((r) => [r.slug, r])), children };
    });
  }

  /** A category and everything below it (product lists include descendants). */
  descendantIds(index: CategoryIndex, id: string): string[] {
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const child of index.children.get(out[i]!) ?? []) out.push(child.id);
    return out;
  }

  breadcrumbs(index: CategoryIndex, id: string | null): Breadcrumb[] {
    const trail: Breadcrumb[] = [];
    for (let c = id ? index.byId.get(id) : undefined; c; c = c.parent_id ? index.byId.get(c.parent_id) : undefined) {
      trail.unshift({ id: c.id, slug: c.slug, name: c.name });
      if (trail.length > 20) break; // a cycle would be a data error; never loop forever
    }
    return trail;
  }

  async categoryTree(where?: CatalogWhere): Promise<CategoryNode[]> {
    const view = await this.view(where);
    const roots = (await this.categoryIndex()).roots;
    return view ? this.localizer!.categoryTree(roots, view) : roots;
  }

  async category(slug: string, where?: CatalogWhere): Promise<CategoryDetail> {
    const view = await this.view(where);
    const found = await this.shopCategory(slug);
    return view ? this.localizer!.category(found, view) : found;
  }

  private async shopCategory(slug: string): Promise<CategoryDetail> {
    const index = await this.categoryIndex();
    const c = index.bySlug.get(slug);
    if (!c) throw notFound('The category');
    return {
      id: c.id,
      slug: c.slug,
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      breadcrumbs: this.breadcrumbs(index, c.id),
      children: (index.children.get(c.id) ?? []).map((k) => ({ id: k.id, slug: k.slug, name: k.name })),
    };
  }

  /** Cached rows plus what is live or personal: availability, and the wishlist flag for a signed-in shopper. */
  async summaries(rows: SummaryRow[], userId?: string): Promise<ProductSummary[]> {
    const [parts, wished] = await Promise.all([
      this.summaryParts(rows),
      userId
        ? this.repo.wishedBy(
            userId,
            rows.map((r) => r.id),
          )
        : Promise.resolve(undefined),
    ]);
    return rows.map((r, i) => ({ ...toSummary(r, ...parts[i]!), ...(wished ? { wished: wished.has(r.id) } : {}) }));
  }

  /** What each row's summary adds to the cached row: its live availability and its cached first image. */
  private async summaryParts(rows: SummaryRow[]): Promise<SummaryParts> {
    // A cached page's (or product's related) rows are one array object: their parts are looked up
    // once and reused until an entry of the stock or image cache changes or the first one expires.
    const memo = this.partsMemo.get(rows);
    if (memo && this.cache.unchangedSince(memo.stamp)) return memo.parts;
    const stamp = this.cache.stamp();
    const ids = rows.map((r) => r.id);
    const [availability, images] = await Promise.all([
      this.cache.getManyOrLoad<Availability>(
        'stock',
        'availability',
        ids,
        (missing) => this.repo.availabilityFor(missing),
        'out_of_stock',
        stamp,
      ),
      this.cache.getManyOrLoad<ImageRow | null>('images', 'first', ids, (missing) => this.repo.firstImages(missing), null, stamp),
    ]);
    const fresh = ids.map((id): [Availability, ImageRow | undefined] => [availability.get(id)!, images.get(id) ?? undefined]);
    // The very same values again keep the same array, so bodies built from it are reused.
    const parts = memo && memo.parts.every(([a, i], n) => a === fresh[n]![0] && i === fresh[n]![1]) ? memo.parts : fresh;
    this.partsMemo.set(rows, { stamp, parts });
    return parts;
  }

  private async variantsWithStock(productId: string): Promise<VariantRow[]> {
    const found = await this.cache.getManyOrLoad<VariantRow[]>(
      'stock',
      'variants',
      [productId],
      async () => new Map([[productId, await this.repo.variantsOf(productId)]]),
      [],
    );
    return found.get(productId)!;
  }

  private async listPage(q: ProductListQuery): Promise<ListPage> {
    const index = await this.categoryIndex();
    // The same query object comes back for the same URL (the guest fast path keeps validated
    // queries), so its cache key is worked out once per category tree.
    const known = this.listKeys.get(q);
    if (known?.index === index) return this.cache.getOrLoad('lists', known.key, () => this.loadPage(known.filter));
    const filter = this.productFilter(q, index);
    // Keys list the parameters in a fixed order, so equal queries share an entry. The category is
    // keyed by its slug rather than its expanded id set (ten UUIDs for a top-level category): the
    // tree that maps one to the other is flushed with this cache, and every key is held for as
    // long as its entry, up to the cache's 5,000.
    const key = JSON.stringify(
      Object.entries({ ...filter, categoryIds: undefined, category: q.category })
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    this.listKeys.set(q, { index, key, filter });
    return this.cache.getOrLoad('lists', key, () => this.loadPage(filter));
  }

  /**
   * A page the lists cache does not have: from the category set's facet when it can answer the
   * filter (no SQL at all once the facet is cached), else by SQL.
   */
  private async loadPage(filter: ProductFilter): Promise<ListPage> {
    const facet = facetCanAnswer(filter) ? await this.facet(filter.categoryIds) : null;
    return facet ? facet.page(filter) : this.repo.listProducts(filter);
  }

  /** The list facet of a category set (of all active products without one); null when it is too large. */
  private facet(categoryIds: string[] | undefined): Promise<ListFacet | null> {
    // The set's first id is the category asked for; the rest are its descendants, which the cached
    // category tree (flushed with this cache) determines.
    return this.cache.getOrLoad('facets', categoryIds ? `category:${categoryIds[0]}` : 'all', async () => {
      const rows = await this.repo.listFacet(categoryIds, FACET_MAX_PRODUCTS + 1);
      return rows.length > FACET_MAX_PRODUCTS ? null : new ListFacet(rows);
    });
  }

  /** The repository's filter for a public list query: the category expanded to its descendants. */
  productFilter(q: ProductListQuery, index: CategoryIndex): ProductFilter {
    let categoryIds: string[] | undefined;
    if (q.category) {
      const category = index.bySlug.get(q.category);
      if (!category) throw notFound('The category');
      categoryIds = this.descendantIds(index, category.id);
    }
    return {
      categoryIds,
      priceMin: q.price_min,
      priceMax: q.price_max,
      inStock: q.in_stock,
      brand: q.brand,
      tag: q.tag,
      ratingMin: q.rating,
      sort: q.sort,
      page: q.page,
      limit: q.limit,
    };
  }

  /**
   * A page of products. A guest's page is the same object for as long as the cached page and every
   * product's availability and first image are the same values; a signed-in shopper's has wishlist
   * flags and is built each time.
   */
  async listProducts(q: ProductListQuery, userId?: string): Promise<Paginated<ProductSummary>> {
    const view = await this.view(q);
    const list = await this.shopList(q, userId);
    const local = view ? { ...list, items: await this.localizer!.summaries(list.items, view) } : list;
    return userId && this.localizer ? { ...local, items: await this.localizer.memberSummaries(local.items, userId, q.market) } : local;
  }

  /** Summaries in a market and a language (search results, for instance), with a member's prices; unchanged for the shop's own. */
  async localSummaries(items: ProductSummary[], where?: CatalogWhere, userId?: string): Promise<ProductSummary[]> {
    const view = await this.view(where);
    const local = view ? await this.localizer!.summaries(items, view) : items;
    return userId && this.localizer ? this.localizer.memberSummaries(local, userId, where?.market) : local;
  }

  private async shopList(q: ProductListQuery, userId?: string): Promise<Paginated<ProductSummary>> {
    const page = await this.listPage(q);
    if (userId) return { items: await this.summaries(page.rows, userId), page: q.page, limit: q.limit, total: page.total };
    const parts = await this.summaryParts(page.rows);
    return this.guestLists.get(page, [parts], () => ({
      items: page.rows.map((r, i) => toSummary(r, ...parts[i]!)),
      page: q.page,
      limit: q.limit,
      total: page.total,
    }));
  }

  async brands(categorySlug?: string): Promise<{ value: string; count: number }[]> {
    const index = await this.categoryIndex();
    let ids: string[] | undefined;
    if (categorySlug) {
      const category = index.bySlug.get(categorySlug);
      if (!category) throw notFound('The category');
      ids = this.descendantIds(index, category.id);
    }
    return this.cache.getOrLoad('lists', JSON.stringify(['brands', categorySlug ?? '']), async () =>
      (await this.repo.brandCounts(ids)).map((b) => ({ value: b.brand, count: Number(b.n) })),
    );
  }

  private async detailStatic(slug: string): Promise<DetailStatic> {
    const staticPart = await this.cache.getOrLoad('details', slug, async () => {
      const product = await this.repo.productBySlug(slug);
      if (!product || product.status !== 'active') return null;
      const [images, tags, categoryIds, related] = await Promise.all([
        this.repo.imagesOf(product.id),
        this.repo.tagsOf(product.id),
        this.repo.categoryIdsOf(product.id),
        this.repo.related(product, RELATED_LIMIT),
      ]);
      return { product, images, tags, categoryIds, related };
    });
    if (!staticPart) throw notFound('The product');
    return staticPart;
  }

  /**
   * One product. A guest's is the same object for as long as the cached product, the category tree,
   * its variants' live stock and the related products' availability and images are the same
   * values; a signed-in shopper's has wishlist flags and is built each time.
   */
  async productDetail(slug: string, userId?: string, where?: CatalogWhere): Promise<ProductDetail> {
    const view = await this.view(where);
    const detail = await this.shopDetail(slug, userId);
    const local = view ? await this.localizer!.detail(detail, view) : detail;
    return userId && this.localizer ? this.localizer.memberDetail(local, userId, where?.market) : local;
  }

  private async shopDetail(slug: string, userId?: string): Promise<ProductDetail> {
    const staticPart = await this.detailStatic(slug);
    const { product, related } = staticPart;
    if (userId) {
      const [index, variantRows, relatedSummaries, wished] = await Promise.all([
        this.categoryIndex(),
        this.variantsWithStock(product.id),
        this.summaries(related, userId),
        this.repo.wishedBy(userId, [product.id]),
      ]);
      return this.toDetail(staticPart, index, variantRows, relatedSummaries, wished.has(product.id));
    }
    const [index, variantRows, relatedParts] = await Promise.all([
      this.categoryIndex(),
      this.variantsWithStock(product.id),
      this.summaryParts(related),
    ]);
    return this.guestDetails.get(staticPart, [index, variantRows, relatedParts], () =>
      this.toDetail(
        staticPart,
        index,
        variantRows,
        related.map((r, i) => toSummary(r, ...relatedParts[i]!)),
        undefined,
      ),
    );
  }

  private toDetail(
    staticPart: DetailStatic,
    index: CategoryIndex,
    variantRows: VariantRow[],
    related: ProductSummary[],
    wished: boolean | undefined,
  ): ProductDetail {
    const { product, images, tags } = staticPart;
    const chosenAmount = chosenAmountOf(product);
    const variants = variantRows.map((v) => toVariant(v, this.options.showStockCounts));
    const summary = toSummary(product, bestAvailability(variants.map((v) => v.availability)), images[0]);
    return {
      ...summary,
      ...(wished !== undefined ? { wished } : {}),
      description: product.description,
      ratingHistogram:
        typeof product.rating_histogram === 'string' ? (JSON.parse(product.rating_histogram) as number[]) : product.rating_histogram,
      tags,
      categories: this.breadcrumbs(index, product.primary_category_id),
      images: images.map(toImage),
      variants,
      related,
      seo: {
        title: product.seo_title ?? product.title,
        description: product.seo_description ?? product.description.replace(/\s+/g, ' ').slice(0, 160),
      },
      ...(product.final_sale ? { finalSale: true as const } : {}),
      ...(product.gift_card ? { giftCard: true as const } : {}),
      ...(chosenAmount
        ? { chosenAmount: { min: money(chosenAmount.min, product.currency), max: money(chosenAmount.max, product.currency) } }
        : {}),
    };
  }
}
