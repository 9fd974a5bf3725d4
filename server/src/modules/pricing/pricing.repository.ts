import type { ShippingMethod } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import type { ShippingRule, TaxRule } from './pricing';
import { ShippingMethod as ShippingMethodModel } from './pricing.models';

/** Shipping methods and tax rates as the pricing rules read them. */
export class PricingRepository {
  constructor(
    private readonly db: Db,
    /** The shop's currency (SHOP_CURRENCY): every amount here is in it. */
    private readonly currency: string,
  ) {}

  async shippingMethods(country: string): Promise<(ShippingMethod & { rule: ShippingRule })[]> {
    const rows = await ShippingMethodModel.findAll({
      where: { active: true },
      order: [
        ['sortOrder', 'ASC'],
        ['amount', 'ASC'],
        ['name', 'ASC'],
      ],
    });
    return rows.filter((r) => !r.countries || r.countries.includes(country)).map((r) => this.toMethod(r));
  }

  async shippingMethod(id: string, tx?: Transaction) {
    const row = await ShippingMethodModel.findOne({ where: { id, active: true }, transaction: tx });
    return row ? { ...this.toMethod(row), countries: row.countries } : undefined;
  }

  private toMethod(r: ShippingMethodModel) {
    const { currency } = this;
    const amount = Number(r.amount);
    const freeOver = r.freeOver === null ? null : Number(r.freeOver);
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
