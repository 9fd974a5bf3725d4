import type {
  AdminExchangeRate,
  AdminMarket,
  MarketInput,
  MarketUpdate,
  RoundingRule,
  StoreMarket,
  StoreMarketList,
  VariantCurrencyPrice,
} from '@bazaar/shared';
import { convertAmount, convertAmountBack } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { AppError, conflict, notFound, validationFailed } from '../../lib/errors';
import { VersionedCache } from '../../lib/versioned-cache';
import type { AuditService } from '../audit';
import type { CurrencyPriceRecord, MarketRecord, MarketsRepository } from './markets.repository';

export const DEFAULT_MARKET_CODE = 'default';

/** A market as pricing reads it: the default market is the shop's configuration, the others are rows. */
export interface MarketContext {
  code: string;
  name: string;
  currency: string;
  /** From the base currency; null when the market sells in the base currency. */
  rate: string | null;
  rounding: RoundingRule;
  pricesIncludeTax: boolean;
  defaultLanguage: string;
  languages: string[];
  /** Empty for the default market (every country no other market names). */
  countries: string[];
  shippingMethodIds: string[] | null;
  isDefault: boolean;
}

/**
 * A signed-in shopper's own prices (customer groups' price lists), declared here for the catalog
 * and the cart, implemented by the customer-groups module and wired by the container: given market prices, the lower ones that apply to them, or undefined when none does.
 */
export interface MemberPrices {
  /** Whether any price list applies to this shopper in this market (cached: most shoppers have none). */
  applies: (userId: string, market: string) => Promise<boolean>;
  prices: (
    userId: string,
    market: { code: string; currency: string },
    items: { variantId: string; amount: number; compareAtAmount: number | null }[],
  ) => Promise<{ variantId: string; amount: number; compareAtAmount: number | null }[] | undefined>;
}

/** A base price and its compare-at price, in the base currency's minor units. */
export interface BasePrice {
  variantId: string;
  amount: number;
  compareAtAmount: number | null;
}

interface Snapshot {
  markets: MarketRecord[];
  rates: Map<string, string>;
}

export interface ShopMarketConfig {
  currency: string;
  languages: string[];
  pricesIncludeTax: boolean;
}

/**
 * Markets: which one a shopper is in, the price of a variant in its currency (explicit, or derived
 * from the base price with the stored rate and the market's rounding), and the staff screens.
 * Markets and rates are held per process and reloaded when the version row changes (checked at
 * most every two seconds), so every process prices alike within that bound.
 */
export class MarketsService {
  /** Markets and rates ('snapshot') and explicit prices ('EUR:<variantId>'), shared by every process through the version row. */
  private readonly cache: VersionedCache;

  constructor(
    private readonly db: Db,
    private readonly repo: MarketsRepository,
    private readonly audit: AuditService,
    private readonly shop: ShopMarketConfig,
  ) {
    this.cache = new VersionedCache(repo.version, { maxKeys: 200_000 });
  }

  get baseCurrency(): string {
    return this.shop.currency;
  }

  private current(): Promise<Snapshot> {
    return this.cache.getOrLoad('snapshot', async () => {
      const [markets, rates] = await Promise.all([this.repo.markets(), this.repo.rates()]);
      return { markets, rates: new Map(rates.map((r) => [r.currency, r.rate])) };
    });
  }

  defaultMarket(): MarketContext {
    return {
      code: DEFAULT_MARKET_CODE,
      name: 'Default',
      currency: this.shop.currency,
      rate: null,
      rounding: 'exact',
      pricesIncludeTax: this.shop.pricesIncludeTax,
      defaultLanguage: this.shop.languages[0] ?? 'en',
      languages: this.shop.languages,
      countries: [],
      shippingMethodIds: null,
      isDefault: true,
    };
  }

  private context(m: MarketRecord, rates: Map<string, string>): MarketContext {
    return {
      code: m.code,
      name: m.name,
      currency: m.currency,
      rate: m.currency === this.shop.currency ? null : (rates.get(m.currency) ?? null),
      rounding: m.rounding,
      pricesIncludeTax: m.pricesIncludeTax,
      defaultLanguage: m.defaultLanguage,
      languages: m.languages,
      countries: m.countries,
      shippingMethodIds: m.shippingMethodIds,
      isDefault: false,
    };
  }

  /** The markets on sale: the default one and every active market that can be priced (its rate is set). */
  private async onSale(): Promise<MarketContext[]> {
    const { markets, rates } = await this.current();
    const sellable = markets
      .filter((m) => m.active)
      .map((m) => this.context(m, rates))
      .filter((m) => m.currency === this.shop.currency || m.rate !== null);
    return [this.defaultMarket(), ...sellable];
  }

  /** The market a code names (absent: the default). An unknown or closed market is a 400 on `market`. */
  async resolve(code?: string | null): Promise<MarketContext> {
    if (!code || code === DEFAULT_MARKET_CODE) return this.defaultMarket();
    const market = (await this.onSale()).find((m) => m.code === code);
    if (!market) throw validationFailed([{ path: 'market', message: `There is no market "${code}"` }], 'Unknown market.');
    return market;
  }

  /** The market a stored code names, or the default one when that market has closed since. */
  async resolveStored(code: string | null | undefined): Promise<MarketContext> {
    return (await this.onSale()).find((m) => m.code === code) ?? this.defaultMarket();
  }

  /** The market that sells to a country: the one naming it, else the default. */
  async forCountry(country: string | undefined): Promise<MarketContext> {
    const markets = await this.onSale();
    return (country && markets.find((m) => m.countries.includes(country.toUpperCase()))) || markets[0]!;
  }

  /** The language to show in a market: the one asked for when the market offers it, else the market's default. */
  language(market: MarketContext, lang?: string | null): string {
    return lang && market.languages.includes(lang) ? lang : market.defaultLanguage;
  }

  async storeList(country?: string): Promise<StoreMarketList> {
    const markets = await this.onSale();
    return { items: markets.map(toStoreMarket), suggested: (await this.forCountry(country)).code };
  }

  /**
   * Prices in the market's currency, in the order given: a variant's explicit price in that
   * currency when it has one, else the base price (and compare-at price) converted at the stored
   * rate with the market's rounding. The default market returns the base prices unchanged.
   */
  async priceIn(market: MarketContext, items: BasePrice[]): Promise<{ amount: number; compareAtAmount: number | null }[]> {
    if (market.rate === null && market.currency === this.shop.currency && market.isDefault) return items;
    const explicit = await this.explicitPrices(
      market.currency,
      items.map((i) => i.variantId),
    );
    return items.map((item) => {
      const set = explicit.get(item.variantId);
      if (set) return { amount: set.amount, compareAtAmount: set.compareAtAmount };
      if (market.rate === null) return { amount: item.amount, compareAtAmount: item.compareAtAmount };
      const convert = (amount: number) => convertAmount(amount, this.shop.currency, market.currency, market.rate!, market.rounding);
      return { amount: convert(item.amount), compareAtAmount: item.compareAtAmount === null ? null : convert(item.compareAtAmount) };
    });
  }

  /** A fixed amount of the base currency (a coupon's value, a shipping rate) in the market's currency, converted exactly. */
  convert(amount: number, market: MarketContext): number {
    return market.rate === null ? amount : convertAmount(amount, this.shop.currency, market.currency, market.rate, 'exact');
  }

  /** An amount of the market's currency in the base currency, at the market's rate (budgets, reports). */
  toBase(amount: number, market: MarketContext): number {
    return market.rate === null ? amount : convertAmountBack(amount, this.shop.currency, market.currency, market.rate);
  }

  private async explicitPrices(currency: string, variantIds: string[]): Promise<Map<string, CurrencyPriceRecord | null>> {
    const keyed = await this.cache.getManyOrLoad<CurrencyPriceRecord | null>(
      variantIds.map((id) => `${currency}:${id}`),
      async (missing) => {
        const loaded = await this.repo.pricesIn(
          currency,
          missing.map((k) => k.slice(currency.length + 1)),
        );
        return new Map(loaded.map((p) => [`${currency}:${p.variantId}`, p]));
      },
      null,
    );
    return new Map([...keyed].map(([key, price]) => [key.slice(currency.length + 1), price]));
  }

  // --- staff -----------------------------------------------------------------------------

  async list(): Promise<AdminMarket[]> {
    const [markets, rates] = await Promise.all([this.repo.markets(), this.repo.rates()]);
    const rateOf = new Map(rates.map((r) => [r.currency, r.rate]));
    const base = this.defaultMarket();
    return [
      { ...toStoreMarket(base), id: null, shippingMethodIds: null, rounding: base.rounding, active: true, rate: null },
      ...markets.map((m) => ({
        ...toStoreMarket(this.context(m, rateOf)),
        id: m.id,
        shippingMethodIds: m.shippingMethodIds,
        rounding: m.rounding,
        active: m.active,
        rate: m.currency === this.shop.currency ? null : (rateOf.get(m.currency) ?? null),
      })),
    ];
  }

  async get(id: string): Promise<AdminMarket> {
    const market = (await this.list()).find((m) => m.id === id);
    if (!market) throw notFound('The market');
    return market;
  }

  async create(input: MarketInput): Promise<AdminMarket> {
    const id = await this.cache.write(this.db, async (tx) => {
      await this.check(input, await this.repo.lockMarkets(tx), tx);
      return this.repo.insertMarket(input, tx);
    });
    return this.get(id);
  }

  async update(id: string, changes: MarketUpdate): Promise<AdminMarket> {
    await this.cache.write(this.db, async (tx) => {
      const markets = await this.repo.lockMarkets(tx);
      const market = markets.find((m) => m.id === id);
      if (!market) throw notFound('The market');
      const next = { ...market, ...changes };
      await this.check(
        next,
        markets.filter((m) => m.id !== id),
        tx,
      );
      await this.repo.updateMarket(id, changes, tx);
    });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.cache.write(this.db, async (tx) => {
      if (!(await this.repo.market(id, tx))) throw notFound('The market');
      await this.repo.removeMarket(id, tx);
    });
  }

  /**
   * The rules a market must keep: its code is not the default market's; each country belongs to
   * one market; its languages include its default; an active market in another currency has a rate.
   */
  private async check(market: Omit<MarketInput, 'active'> & { active: boolean }, others: MarketRecord[], tx: Transaction) {
    if (market.code === DEFAULT_MARKET_CODE)
      throw validationFailed([{ path: 'code', message: `"${DEFAULT_MARKET_CODE}" is the default market's code` }]);
    if (!market.languages.includes(market.defaultLanguage))
      throw validationFailed([{ path: 'languages', message: 'The default language must be one of the languages' }]);
    if (others.some((m) => m.code === market.code))
      throw conflict(`A market with the code "${market.code}" exists.`, [{ path: 'code', message: 'Taken' }]);
    const taken = market.countries.filter((c) => others.some((m) => m.countries.includes(c)));
    if (taken.length)
      throw conflict(`${taken.join(', ')} already belong${taken.length === 1 ? 's' : ''} to another market.`, [
        { path: 'countries', message: `In another market: ${taken.join(', ')}` },
      ]);
    if (market.active && market.currency !== this.shop.currency && !(await this.repo.rates(tx)).some((r) => r.currency === market.currency))
      throw conflict(`Set an exchange rate for ${market.currency} before selling in it.`, [
        { path: 'currency', message: 'No exchange rate' },
      ]);
  }

  async rates(): Promise<AdminExchangeRate[]> {
    return (await this.repo.rates()).map((r) => ({ currency: r.currency, rate: r.rate, updatedAt: r.updatedAt.toISOString() }));
  }

  /** A new rate re-prices every derived price in that currency at once (prices are derived when read). */
  async setRate(currency: string, rate: string, actorUserId: string): Promise<AdminExchangeRate> {
    if (currency === this.shop.currency) throw validationFailed([{ path: 'currency', message: `${currency} is the base currency` }]);
    await this.cache.write(this.db, async (tx) => {
      await this.repo.setRate(currency, rate, tx);
      await this.audit.record('exchange_rate_changed', { actorUserId }, { currency, rate }, tx);
    });
    return (await this.rates()).find((r) => r.currency === currency)!;
  }

  async removeRate(currency: string, actorUserId: string): Promise<void> {
    await this.cache.write(this.db, async (tx) => {
      const inUse = (await this.repo.lockMarkets(tx)).filter((m) => m.active && m.currency === currency);
      if (inUse.length) throw conflict(`${inUse.map((m) => m.name).join(', ')} sell${inUse.length === 1 ? 's' : ''} in ${currency}.`);
      if (!(await this.repo.removeRate(currency, tx))) throw notFound('The rate');
      await this.audit.record('exchange_rate_changed', { actorUserId }, { currency, rate: null }, tx);
    });
  }

  async variantPrices(variantId: string): Promise<{ items: VariantCurrencyPrice[] }> {
    if (!(await this.repo.variantExists(variantId))) throw notFound('The variant');
    return { items: await this.repo.variantPrices(variantId) };
  }

  async setVariantPrices(variantId: string, items: VariantCurrencyPrice[]): Promise<{ items: VariantCurrencyPrice[] }> {
    if (!(await this.repo.variantExists(variantId))) throw notFound('The variant');
    if (items.some((i) => i.currency === this.shop.currency))
      throw new AppError('VALIDATION_FAILED', 'The base price is the variant’s own price.', [
        { path: 'items', message: `${this.shop.currency} is the base currency` },
      ]);
    await this.cache.write(this.db, (tx) => this.repo.replaceVariantPrices(variantId, items, tx));
    return this.variantPrices(variantId);
  }
}

const toStoreMarket = (m: MarketContext): StoreMarket => ({
  code: m.code,
  name: m.name,
  currency: m.currency,
  defaultLanguage: m.defaultLanguage,
  languages: m.languages,
  countries: m.countries,
  pricesIncludeTax: m.pricesIncludeTax,
  isDefault: m.isDefault,
});
