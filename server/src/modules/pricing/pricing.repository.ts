import type { ShippingMethod } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import type { ShippingRule, TaxRule } from './pricing';

interface ShippingRow {
  id: string;
  name: string;
  amount: number;
  free_over: number | null;
  countries: string | string[] | null;
  estimate: string | null;
}

/** Shipping methods and tax rates as the pricing rules read them. */
export class PricingRepository {
  constructor(private readonly db: Db) {}

  async shippingMethods(country: string): Promise<(ShippingMethod & { rule: ShippingRule })[]> {
    const rows = await this.db.select<ShippingRow>('SELECT * FROM shipping_methods WHERE active = 1 ORDER BY sort_order, amount, name');
    return rows
      .filter((r) => {
        const countries =
          r.countries === null ? null : typeof r.countries === 'string' ? (JSON.parse(r.countries) as string[]) : r.countries;
        return !countries || countries.includes(country);
      })
      .map((r) => this.toMethod(r));
  }

  async shippingMethod(id: string, tx?: Transaction) {
    const row = await this.db.one<ShippingRow>('SELECT * FROM shipping_methods WHERE id = ? AND active = 1', [id], tx);
    return (
      row && {
        ...this.toMethod(row),
        countries:
          row.countries === null ? null : typeof row.countries === 'string' ? (JSON.parse(row.countries) as string[]) : row.countries,
      }
    );
  }

  private toMethod(r: ShippingRow) {
    const currency = 'USD';
    return {
      id: r.id,
      name: r.name,
      price: { amount: Number(r.amount), currency },
      ...(r.free_over !== null ? { freeOver: { amount: Number(r.free_over), currency } } : {}),
      ...(r.estimate ? { estimate: r.estimate } : {}),
      rule: { amount: Number(r.amount), freeOver: r.free_over === null ? null : Number(r.free_over) },
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
