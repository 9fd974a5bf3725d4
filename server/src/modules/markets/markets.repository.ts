import type { MarketInput, MarketUpdate } from '@bazaar/shared';
import { Op } from 'sequelize';
import type { Db, Transaction } from '../../db/db';
import { VersionRow } from '../../db/version-row';
import { newId } from '../../lib/tokens';
import { Variant } from '../catalog';
import { ExchangeRate, Market, VariantPrice } from './markets.models';

export interface MarketRecord {
  id: string;
  code: string;
  name: string;
  currency: string;
  defaultLanguage: string;
  languages: string[];
  countries: string[];
  pricesIncludeTax: boolean;
  shippingMethodIds: string[] | null;
  rounding: MarketInput['rounding'];
  active: boolean;
}

export interface RateRecord {
  currency: string;
  rate: string;
  updatedAt: Date;
}

export interface CurrencyPriceRecord {
  variantId: string;
  amount: number;
  compareAtAmount: number | null;
}

const toMarket = (m: Market): MarketRecord => ({
  id: m.id,
  code: m.code,
  name: m.name,
  currency: m.currency,
  defaultLanguage: m.defaultLanguage,
  languages: m.languages,
  countries: m.countries,
  pricesIncludeTax: Boolean(m.pricesIncludeTax),
  shippingMethodIds: m.shippingMethodIds,
  rounding: m.rounding,
  active: Boolean(m.active),
});
/** DECIMAL(20,10) comes back padded ("0.9200000000"); the rate is shown as entered. */
const trimRate = (rate: string) =>
  String(rate)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');

/** Markets, exchange rates and explicit per-currency variant prices (the Market, ExchangeRate and VariantPrice models). */
export class MarketsRepository {
  /** Tells every process that markets, rates or explicit prices changed (see MarketsService's cache). */
  readonly version: VersionRow;
  constructor(db: Db) {
    this.version = new VersionRow(db, 'markets.version');
  }

  async markets(tx?: Transaction): Promise<MarketRecord[]> {
    return (await Market.findAll({ order: [['name', 'ASC']], transaction: tx })).map(toMarket);
  }

  /** Every market row locked, so that two staff edits cannot give one country to two markets. */
  async lockMarkets(tx: Transaction): Promise<MarketRecord[]> {
    return (await Market.findAll({ transaction: tx, lock: tx.LOCK.UPDATE })).map(toMarket);
  }

  async market(id: string, tx?: Transaction): Promise<MarketRecord | undefined> {
    const row = await Market.findByPk(id, { transaction: tx });
    return row ? toMarket(row) : undefined;
  }

  async insertMarket(input: MarketInput, tx: Transaction): Promise<string> {
    const id = newId();
    await Market.create({ id, ...input }, { transaction: tx });
    return id;
  }

  async updateMarket(id: string, changes: MarketUpdate, tx: Transaction): Promise<void> {
    await Market.update(changes, { where: { id }, transaction: tx });
  }

  async removeMarket(id: string, tx: Transaction): Promise<void> {
    await Market.destroy({ where: { id }, transaction: tx });
  }

  async rates(tx?: Transaction): Promise<RateRecord[]> {
    return (await ExchangeRate.findAll({ order: [['currency', 'ASC']], transaction: tx })).map((r) => ({
      currency: r.currency,
      rate: trimRate(r.rate),
      updatedAt: r.updatedAt,
    }));
  }

  async setRate(currency: string, rate: string, tx: Transaction): Promise<void> {
    await ExchangeRate.upsert({ currency, rate }, { transaction: tx });
  }

  async removeRate(currency: string, tx: Transaction): Promise<boolean> {
    return (await ExchangeRate.destroy({ where: { currency }, transaction: tx })) > 0;
  }

  async variantPrices(variantId: string): Promise<{ currency: string; amount: number; compareAtAmount: number | null }[]> {
    const rows = await VariantPrice.findAll({ where: { variantId }, order: [['currency', 'ASC']] });
    return rows.map((r) => ({
      currency: r.currency,
      amount: Number(r.amount),
      compareAtAmount: r.compareAtAmount === null ? null : Number(r.compareAtAmount),
    }));
  }

  /** A variant's explicit prices are replaced as a whole (currencies left out lose theirs). */
  async replaceVariantPrices(
    variantId: string,
    items: { currency: string; amount: number; compareAtAmount: number | null }[],
    tx: Transaction,
  ): Promise<void> {
    await VariantPrice.destroy({ where: { variantId }, transaction: tx });
    if (items.length)
      await VariantPrice.bulkCreate(
        items.map((i) => ({ variantId, ...i })),
        { transaction: tx },
      );
  }

  /** The explicit prices of these variants in one currency. */
  async pricesIn(currency: string, variantIds: string[], tx?: Transaction): Promise<CurrencyPriceRecord[]> {
    if (!variantIds.length) return [];
    const rows = await VariantPrice.findAll({ where: { currency, variantId: { [Op.in]: variantIds } }, transaction: tx });
    return rows.map((r) => ({
      variantId: r.variantId,
      amount: Number(r.amount),
      compareAtAmount: r.compareAtAmount === null ? null : Number(r.compareAtAmount),
    }));
  }

  async variantExists(variantId: string): Promise<boolean> {
    return (await Variant.count({ where: { id: variantId } })) > 0;
  }
}
