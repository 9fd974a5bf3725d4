import type {
  AdminCoupon,
  AdminShippingMethod,
  AdminTaxRate,
  CouponInput,
  CouponUpdate,
  ShippingMethodInput,
  ShippingMethodUpdate,
  TaxRateInput,
  TaxRateUpdate,
} from '@bazaar/shared';
import { isDuplicateKey, type Db } from '../../db/db';
import { conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/tokens';

type Row = Record<string, unknown>;
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const parse = <T>(v: unknown): T | null => (v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** One table's fields: API name → column, with an optional conversion for storage. */
type FieldMap = Record<string, [column: string, store?: (v: unknown) => unknown]>;

const COUPON: FieldMap = {
  code: ['code'],
  type: ['type'],
  value: ['value'],
  minSubtotal: ['min_subtotal'],
  startsAt: ['starts_at', (v) => (v ? new Date(v as string) : null)],
  endsAt: ['ends_at', (v) => (v ? new Date(v as string) : null)],
  usageLimit: ['usage_limit'],
  perCustomerLimit: ['per_customer_limit'],
  categoryIds: ['category_ids', json],
  active: ['active'],
};
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

const toCoupon = (r: Row): AdminCoupon => ({
  id: String(r.id),
  code: String(r.code),
  type: r.type as AdminCoupon['type'],
  value: Number(r.value),
  minSubtotal: r.min_subtotal === null ? null : Number(r.min_subtotal),
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  usageLimit: r.usage_limit === null ? null : Number(r.usage_limit),
  perCustomerLimit: r.per_customer_limit === null ? null : Number(r.per_customer_limit),
  usedCount: Number(r.used_count),
  categoryIds: parse<string[]>(r.category_ids),
  active: Boolean(r.active),
});
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

/** Staff management of the pricing rules: coupons, shipping methods and tax rates. */
export class PricingAdminService {
  constructor(private readonly db: Db) {}

  private columns(input: Record<string, unknown>, map: FieldMap): [string, unknown][] {
    return Object.entries(input)
      .filter(([k, v]) => v !== undefined && map[k])
      .map(([k, v]) => {
        const [column, store] = map[k]!;
        return [column, store ? store(v) : v];
      });
  }

  private async insert(table: string, map: FieldMap, input: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
    const id = newId();
    const cols: [string, unknown][] = [['id', id], ...this.columns(input, map), ...Object.entries(extra)];
    try {
      await this.db.execute(
        `INSERT INTO ${table} (${cols.map(([c]) => `\`${c}\``).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        cols.map(([, v]) => v),
      );
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('One like this already exists.');
      throw err;
    }
    return id;
  }

  private async update(table: string, map: FieldMap, id: string, changes: Record<string, unknown>): Promise<void> {
    const cols = this.columns(changes, map);
    if (!(await this.db.one(`SELECT id FROM ${table} WHERE id = ?`, [id]))) throw notFound('It');
    if (!cols.length) return;
    try {
      await this.db.execute(`UPDATE ${table} SET ${cols.map(([c]) => `\`${c}\` = ?`).join(', ')} WHERE id = ?`, [
        ...cols.map(([, v]) => v),
        id,
      ]);
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('One like this already exists.');
      throw err;
    }
  }

  private async remove(table: string, id: string): Promise<void> {
    if (!(await this.db.execute(`DELETE FROM ${table} WHERE id = ?`, [id])).affectedRows) throw notFound('It');
  }

  async coupons(): Promise<AdminCoupon[]> {
    return (await this.db.select<Row>('SELECT * FROM coupons ORDER BY created_at DESC, code')).map(toCoupon);
  }
  async coupon(id: string): Promise<AdminCoupon> {
    const row = await this.db.one<Row>('SELECT * FROM coupons WHERE id = ?', [id]);
    if (!row) throw notFound('The coupon');
    return toCoupon(row);
  }
  async createCoupon(input: CouponInput) {
    return this.coupon(await this.insert('coupons', COUPON, input, { created_at: new Date() }));
  }
  async updateCoupon(id: string, changes: CouponUpdate) {
    await this.update('coupons', COUPON, id, changes);
    return this.coupon(id);
  }
  /** Used coupons are deactivated rather than deleted: orders keep pointing at them. */
  async deleteCoupon(id: string) {
    const coupon = await this.coupon(id);
    if (coupon.usedCount > 0) await this.db.execute('UPDATE coupons SET active = 0 WHERE id = ?', [id]);
    else await this.remove('coupons', id);
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
    return this.shipping(await this.insert('shipping_methods', SHIPPING, input));
  }
  async updateShippingMethod(id: string, changes: ShippingMethodUpdate) {
    await this.update('shipping_methods', SHIPPING, id, changes);
    return this.shipping(id);
  }
  async deleteShippingMethod(id: string) {
    await this.remove('shipping_methods', id);
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
    return this.tax(await this.insert('tax_rates', TAX, { region: '', ...input }));
  }
  async updateTaxRate(id: string, changes: TaxRateUpdate) {
    await this.update('tax_rates', TAX, id, changes);
    return this.tax(id);
  }
  async deleteTaxRate(id: string) {
    await this.remove('tax_rates', id);
  }
}
