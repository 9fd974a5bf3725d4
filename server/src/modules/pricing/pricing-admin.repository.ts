import type {
  AdminShippingMethod,
  AdminTaxRate,
  ShippingMethodInput,
  ShippingMethodUpdate,
  TaxRateInput,
  TaxRateUpdate,
} from '@bazaar/shared';
import { modelRows } from '../../db/model-rows';
import { newId } from '../../lib/tokens';
import { ShippingMethod, TaxRate } from './pricing.models';

const toShipping = (m: ShippingMethod): AdminShippingMethod => ({
  id: m.id,
  name: m.name,
  amount: Number(m.amount),
  freeOver: m.freeOver === null ? null : Number(m.freeOver),
  countries: m.countries,
  estimate: m.estimate,
  active: m.active,
  sortOrder: m.sortOrder,
});
const toTax = (t: TaxRate): AdminTaxRate => ({
  id: t.id,
  country: t.country,
  region: t.region,
  name: t.name,
  rateBp: t.rateBp,
  appliesToShipping: t.appliesToShipping,
});

/** Shipping methods and tax rates as the staff screens read and write them (the ShippingMethod and TaxRate models). */
export class PricingAdminRepository {
  async shippingMethods(): Promise<AdminShippingMethod[]> {
    return (
      await ShippingMethod.findAll({
        order: [
          ['sortOrder', 'ASC'],
          ['name', 'ASC'],
        ],
      })
    ).map(toShipping);
  }
  async createShippingMethod(input: ShippingMethodInput): Promise<AdminShippingMethod> {
    return toShipping(await modelRows.insert(ShippingMethod, { id: newId(), ...input }));
  }
  async updateShippingMethod(id: string, changes: ShippingMethodUpdate): Promise<AdminShippingMethod> {
    return toShipping(await modelRows.update(ShippingMethod, id, changes));
  }
  async deleteShippingMethod(id: string): Promise<void> {
    await modelRows.remove(ShippingMethod, id);
  }

  async taxRates(): Promise<AdminTaxRate[]> {
    return (
      await TaxRate.findAll({
        order: [
          ['country', 'ASC'],
          ['region', 'ASC'],
        ],
      })
    ).map(toTax);
  }
  async createTaxRate(input: TaxRateInput): Promise<AdminTaxRate> {
    return toTax(await modelRows.insert(TaxRate, { id: newId(), region: '', ...input }));
  }
  async updateTaxRate(id: string, changes: TaxRateUpdate): Promise<AdminTaxRate> {
    return toTax(await modelRows.update(TaxRate, id, changes));
  }
  async deleteTaxRate(id: string): Promise<void> {
    await modelRows.remove(TaxRate, id);
  }
}
