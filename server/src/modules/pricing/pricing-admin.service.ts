import type {
  AdminShippingMethod,
  AdminTaxRate,
  ShippingMethodInput,
  ShippingMethodUpdate,
  TaxRateInput,
  TaxRateUpdate,
} from '@bazaar/shared';
import { AdminRows, json, parse, type FieldMap, type Row } from '../../db/admin-rows';
import type { Db } from '../../db/db';
import { notFound } from '../../lib/errors';

const SHIPPING: FieldMap = {
  name: ['name'],
  amount: ['amount'],
  freeOver: ['free_over'],
  countries: ['countries', json],
  estimate: ['estimate'],
  active: ['active'],
  sortOrder: ['sort_order'],
};
const TAX: FieldMap = {
  country: ['country'],
  region: ['region'],
  name: ['name'],
  rateBp: ['rate_bp'],
  appliesToShipping: ['applies_to_shipping'],
};

const toShipping = (r: Row): AdminShippingMethod => ({
  id: String(r.id),
  name: String(r.name),
  amount: Number(r.amount),
  freeOver: r.free_over === null ? null : Number(r.free_over),
  countries: parse<string[]>(r.countries),
  estimate: (r.estimate as string | null) ?? null,
  active: Boolean(r.active),
  sortOrder: Number(r.sort_order),
});
const toTax = (r: Row): AdminTaxRate => ({
  id: String(r.id),
  country: String(r.country),
  region: String(r.region),
  name: String(r.name),
  rateBp: Number(r.rate_bp),
  appliesToShipping: Boolean(r.applies_to_shipping),
});

/** Staff management of shipping methods and tax rates (coupons: promotions/). */
export class PricingAdminService {
  private readonly rows: AdminRows;
  constructor(private readonly db: Db) {
    this.rows = new AdminRows(db);
  }

  async shippingMethods(): Promise<AdminShippingMethod[]> {
    return (await this.db.select<Row>('SELECT * FROM shipping_methods ORDER BY sort_order, name')).map(toShipping);
  }
  private async shipping(id: string) {
    const row = await this.db.one<Row>('SELECT * FROM shipping_methods WHERE id = ?', [id]);
    if (!row) throw notFound('The shipping method');
    return toShipping(row);
  }
  async createShippingMethod(input: ShippingMethodInput) {
    return this.shipping(await this.rows.insert('shipping_methods', SHIPPING, input));
  }
  async updateShippingMethod(id: string, changes: ShippingMethodUpdate) {
    await this.rows.update('shipping_methods', SHIPPING, id, changes);
    return this.shipping(id);
  }
  async deleteShippingMethod(id: string) {
    await this.rows.remove('shipping_methods', id);
  }

  async taxRates(): Promise<AdminTaxRate[]> {
    return (await this.db.select<Row>('SELECT * FROM tax_rates ORDER BY country, region')).map(toTax);
  }
  private async tax(id: string) {
    const row = await this.db.one<Row>('SELECT * FROM tax_rates WHERE id = ?', [id]);
    if (!row) throw notFound('The tax rate');
    return toTax(row);
  }
  async createTaxRate(input: TaxRateInput) {
    return this.tax(await this.rows.insert('tax_rates', TAX, { region: '', ...input }));
  }
  async updateTaxRate(id: string, changes: TaxRateUpdate) {
    await this.rows.update('tax_rates', TAX, id, changes);
    return this.tax(id);
  }
  async deleteTaxRate(id: string) {
    await this.rows.remove('tax_rates', id);
  }
}
