import type { ShippingMethod } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import type { ShippingRule, TaxRule } from './pricing';
import { parse } from '../../db/column-values';

interface ShippingMethodRow {
  id: string;
  name: string;
  amount: number;
  free_over: number | null;
  countries: string | string[] | null;
  estimate: string | null;
}

const METHOD_COLUMNS = 'id, name, amount, free_over, countries, estimate';

/** Shipping methods and tax rates as the pricing rules read them. */
export class PricingRepository {
  constructor(
    private readonly db: Db,
    /** The shop's currency (SHOP_CURRENCY): every amount here is in it. */
    private readonly currency: string,
  ) {}

  async shippingMethods(country: string): Promise<(ShippingMethod & { rule: ShippingRule })[]> {
    // Raw SQL: read at every checkout and shipping step, where a model read costs twice the CPU (bench/README.md).
    const rows = await this.db.select<ShippingMethodRow>(
      `SELECT ${METHOD_COLUMNS} FROM shipping_methods WHERE active = 1 ORDER BY sort_order, amount, name`,
    );
    return rows
      .map((r) => ({ row: r, countries: parse<string[]>(r.countries) }))
      .filter(({ countries }) => !countries || countries.includes(country))
      .map(({ row }) => this.toMethod(row));
  }

  async shippingMethod(id: string, tx?: Transaction) {
    const row = await this.db.one<ShippingMethodRow>(
      `SELECT ${METHOD_COLUMNS} FROM shipping_methods WHERE id = ? AND active = 1`,
      [id],
      tx,
    );
    return row ? { ...this.toMethod(row), countries: parse<string[]>(row.countries) } : undefined;
  }

  private toMethod(r: ShippingMethodRow) {
    const { currency } = this;
    const amount = Number(r.amount);
    const freeOver = r.free_over === null ? null : Number(r.free_over);
    return {
      id: r.id,
      name: r.name,
      price: { amount, currency },
      ...(freeOver !== null ? { freeOver: { amount: freeOver, currency } } : {}),
      ...(r.estimate ? { estimate: r.estimate } : {}),
      rule: { amount, freeOver },
    };
  }

  /** The region's rate when there is one, else the country's, else none. */
  async taxRate(country: string, region?: string): Promise<TaxRule | null> {
    const rows = await this.db.select<{ region: string; rate_bp: number; applies_to_shipping: number }>(
      "SELECT region, rate_bp, applies_to_shipping FROM tax_rates WHERE country = ? AND (region = '' OR region = ?) ORDER BY region DESC",
      [country, (region ?? '').toUpperCase()],
    );
    const row = rows[0];
    return row ? { rateBp: Number(row.rate_bp), appliesToShipping: Boolean(row.applies_to_shipping) } : null;
  }
}
