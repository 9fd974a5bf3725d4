import type { CategoryDetail, CategoryNode, Money, ProductDetail, ProductSummary, Variant } from '@bazaar/shared';
import type { MarketContext, MarketsService, MemberPrices } from '../markets';
import type { TranslationsService } from '../translations';
import type { CatalogCache } from './catalog.cache';
import type { CatalogRepository, VariantPriceRow } from './catalog.repository';

/** What a shopper reads the catalog in: a market (its currency and prices) and a language. */
export interface CatalogView {
  market: MarketContext;
  language: string;
  /** The market sells in another currency than the shop's own: prices change. */
  reprices: boolean;
  /** The language is not the one the shop's own texts are written in: texts change. */
  translates: boolean;
}

interface PricePair {
  amount: number;
  compareAtAmount: number | null;
}

/** A summary's or variant's price and compare-at price as the DTOs carry them (the compare-at only when it is higher). */
function priced<T extends { price: Money; compareAtPrice?: Money }>(item: T, pair: PricePair, currency: string): T {
  const { compareAtPrice: _, ...rest } = item;
  return {
    ...rest,
    price: { amount: pair.amount, currency },
    ...(pair.compareAtAmount !== null && pair.compareAtAmount > pair.amount
      ? { compareAtPrice: { amount: pair.compareAtAmount, currency } }
      : {}),
  } as T;
}

/** The lowest price of a product's variants and the lowest compare-at price (as the base catalog's `min_price` columns do). */
function lowest(pairs: PricePair[]): PricePair {
  const amounts = pairs.map((p) => p.amount);
  const compares = pairs.map((p) => p.compareAtAmount).filter((c): c is number => c !== null);
  return { amount: amounts.length ? Math.min(...amounts) : 0, compareAtAmount: compares.length ? Math.min(...compares) : null };
}

/**
 * The catalog in a market and a language. The shop's own answers (base currency, the shop's
 * language) are built and cached as before; another market or language is laid over them here:
 * prices from the markets module (explicit per currency, else converted with the market's
 * rounding), texts from translations (a missing field keeps the shop's own text). Both read
 * through caches shared across processes, so this adds no SQL once warm.
 */
export class CatalogLocalizer {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly cache: CatalogCache,
    private readonly markets: MarketsService,
    private readonly translations: TranslationsService,
    private readonly memberPrices?: MemberPrices,
  ) {}

  /**
   * Summaries with a member's prices: each product's lowest variant price after their price lists,
   * with the price they undercut as the compare-at price. Built per request, never cached.
   */
  async memberSummaries(items: ProductSummary[], userId: string, marketCode?: string): Promise<ProductSummary[]> {
    if (!this.memberPrices || !items.length) return items;
    const market = await this.markets.resolve(marketCode);
    if (!(await this.memberPrices.applies(userId, market.code))) return items;
    const byProduct = await this.variantPrices(items.map((s) => s.id));
    const flat = items.flatMap((s) =>
      (byProduct.get(s.id) ?? []).map((v) => ({
        productId: s.id,
        variantId: v.id,
        amount: Number(v.price_amount),
        compareAtAmount: v.compare_at_amount,
      })),
    );
    const inMarket = await this.markets.priceIn(
      market,
      flat.map((v) => ({
        variantId: v.variantId,
        amount: v.amount,
        compareAtAmount: v.compareAtAmount === null ? null : Number(v.compareAtAmount),
      })),
    );
    const own = await this.memberPrices.prices(
      userId,
      market,
      inMarket.map((p, i) => ({ variantId: flat[i]!.variantId, amount: p.amount, compareAtAmount: p.compareAtAmount })),
    );
    if (!own) return items;
    const grouped = new Map<string, PricePair[]>(items.map((s) => [s.id, []]));
    flat.forEach((v, i) => grouped.get(v.productId)!.push(own[i]!));
    return items.map((s) => {
      const pairs = grouped.get(s.id)!;
      return pairs.length ? priced(s, lowest(pairs), market.currency) : s;
    });
  }

  /** A product detail with a member's prices on its variants (and its related products). */
  async memberDetail(d: ProductDetail, userId: string, marketCode?: string): Promise<ProductDetail> {
    if (!this.memberPrices) return d;
    const market = await this.markets.resolve(marketCode);
    // Gift cards are money: no price list changes what one costs.
    if (d.giftCard) return { ...d, related: await this.memberSummaries(d.related, userId, marketCode) };
    if (!(await this.memberPrices.applies(userId, market.code))) return d;
    const [own, related] = await Promise.all([
      this.memberPrices.prices(
        userId,
        market,
        d.variants.map((v) => ({ variantId: v.id, amount: v.price.amount, compareAtAmount: v.compareAtPrice?.amount ?? null })),
      ),
      this.memberSummaries(d.related, userId, marketCode),
    ]);
    if (!own) return related === d.related ? d : { ...d, related };
    const variants = d.variants.map((v, i) => priced(v, own[i]!, market.currency));
    return { ...priced(d, lowest(own), market.currency), variants, related };
  }

  /** The view a query asks for (`?market=&lang=`); undefined when that is the shop's own (nothing to lay over). 400 on an unknown market. */
  async view(query: { market?: string; lang?: string }): Promise<CatalogView | undefined> {
    if (!query.market && !query.lang) return undefined;
    const market = await this.markets.resolve(query.market);
    const language = this.markets.language(market, query.lang);
    const reprices = market.currency !== this.markets.baseCurrency;
    const translates = language !== this.markets.defaultMarket().defaultLanguage;
    return reprices || translates ? { market, language, reprices, translates } : undefined;
  }

  private variantPrices(productIds: string[]): Promise<Map<string, VariantPriceRow[]>> {
    return this.cache.getManyOrLoad('details', 'variant-prices', productIds, (missing) => this.repo.variantPricesOf(missing), []);
  }

  async summaries(items: ProductSummary[], view: CatalogView): Promise<ProductSummary[]> {
    if (!items.length) return items;
    const ids = items.map((s) => s.id);
    const [prices, texts] = await Promise.all([
      view.reprices ? this.summaryPrices(ids, view.market) : undefined,
      view.translates ? this.translations.fields('product', view.language, ids) : undefined,
    ]);
    return items.map((s) => {
      const title = texts?.get(s.id)?.title;
      const withPrice = prices ? priced(s, prices.get(s.id)!, view.market.currency) : s;
      return title ? { ...withPrice, title } : withPrice;
    });
  }

  /** Each product's lowest price in the market, over all its variants (an explicit price may undercut a converted one). */
  private async summaryPrices(productIds: string[], market: MarketContext): Promise<Map<string, PricePair>> {
    const byProduct = await this.variantPrices(productIds);
    const flat = productIds.flatMap((id) =>
      byProduct
        .get(id)!
        .map((v) => ({ productId: id, variantId: v.id, amount: Number(v.price_amount), compareAtAmount: v.compare_at_amount })),
    );
    const converted = await this.markets.priceIn(
      market,
      flat.map((v) => ({
        variantId: v.variantId,
        amount: v.amount,
        compareAtAmount: v.compareAtAmount === null ? null : Number(v.compareAtAmount),
      })),
    );
    const grouped = new Map<string, PricePair[]>(productIds.map((id) => [id, []]));
    flat.forEach((v, i) => grouped.get(v.productId)!.push(converted[i]!));
    return new Map([...grouped].map(([id, pairs]) => [id, lowest(pairs)]));
  }

  async detail(d: ProductDetail, view: CatalogView): Promise<ProductDetail> {
    const variantIds = d.variants.map((v) => v.id);
    const [prices, product, variants, categories, related] = await Promise.all([
      view.reprices
        ? this.markets.priceIn(
            view.market,
            d.variants.map((v) => ({ variantId: v.id, amount: v.price.amount, compareAtAmount: v.compareAtPrice?.amount ?? null })),
          )
        : undefined,
      view.translates ? this.translations.fields('product', view.language, [d.id]) : undefined,
      view.translates ? this.translations.fields('variant', view.language, variantIds) : undefined,
      view.translates
        ? this.translations.fields(
            'category',
            view.language,
            d.categories.map((c) => c.id),
          )
        : undefined,
      this.summaries(d.related, view),
    ]);
    const own = product?.get(d.id) ?? {};
    const optionNames = own.optionNames ?? {};
    const localVariants = d.variants.map((v, i): Variant => {
      const theirs = variants?.get(v.id) ?? {};
      const options = Object.fromEntries(
        Object.entries(v.options).map(([name, value]) => [optionNames[name] ?? name, theirs.options?.[name] ?? value]),
      );
      const withText = { ...v, ...(theirs.title ? { title: theirs.title } : {}), options };
      return prices ? priced(withText, prices[i]!, view.market.currency) : withText;
    });
    const title = own.title ?? d.title;
    const description = own.description ?? d.description;
    const base: ProductDetail = {
      ...d,
      title,
      description,
      variants: localVariants,
      related,
      categories: d.categories.map((c) => ({ ...c, name: categories?.get(c.id)?.name ?? c.name })),
      seo: {
        title: own.seoTitle ?? (own.title ? own.title : d.seo.title),
        description: own.seoDescription ?? (own.description ? own.description.replace(/\s+/g, ' ').slice(0, 160) : d.seo.description),
      },
    };
    return prices ? priced(base, lowest(prices), view.market.currency) : base;
  }

  async categoryTree(nodes: CategoryNode[], view: CatalogView): Promise<CategoryNode[]> {
    if (!view.translates) return nodes;
    const ids: string[] = [];
    const walk = (list: CategoryNode[]) => list.forEach((n) => (ids.push(n.id), walk(n.children)));
    walk(nodes);
    const texts = await this.translations.fields('category', view.language, ids);
    const local = (list: CategoryNode[]): CategoryNode[] =>
      list.map((n) => {
        const t = texts.get(n.id);
        return { ...n, name: t?.name ?? n.name, ...(t?.description ? { description: t.description } : {}), children: local(n.children) };
      });
    return local(nodes);
  }

  async category(c: CategoryDetail, view: CatalogView): Promise<CategoryDetail> {
    if (!view.translates) return c;
    const ids = [c.id, ...c.breadcrumbs.map((b) => b.id), ...c.children.map((k) => k.id)];
    const texts = await this.translations.fields('category', view.language, ids);
    const name = <B extends { id: string; name: string }>(b: B): B => ({ ...b, name: texts.get(b.id)?.name ?? b.name });
    const own = texts.get(c.id);
    return {
      ...name(c),
      ...(own?.description ? { description: own.description } : {}),
      breadcrumbs: c.breadcrumbs.map(name),
      children: c.children.map(name),
    };
  }
}
