import type {
  AdminShippingMethod,
  AdminTaxRate,
  ShippingMethodInput,
  ShippingMethodUpdate,
  TaxRateInput,
  TaxRateUpdate,
} from '@bazaar/shared';
import type { PricingAdminRepository } from './pricing-admin.repository';

/** Staff management of shipping methods and tax rates (coupons: promotions/); the rows are PricingAdminRepository's. */
export class PricingAdminService {
  constructor(private readonly rows: PricingAdminRepository) {}

  shippingMethods(): Promise<AdminShippingMethod[]> {
    return this.rows.shippingMethods();
  }
  createShippingMethod(input: ShippingMethodInput) {
    return this.rows.createShippingMethod(input);
  }
  updateShippingMethod(id: string, changes: ShippingMethodUpdate) {
    return this.rows.updateShippingMethod(id, changes);
  }
  deleteShippingMethod(id: string) {
    return this.rows.deleteShippingMethod(id);
  }

  taxRates(): Promise<AdminTaxRate[]> {
    return this.rows.taxRates();
  }
  createTaxRate(input: TaxRateInput) {
    return this.rows.createTaxRate(input);
  }
  updateTaxRate(id: string, changes: TaxRateUpdate) {
    return this.rows.updateTaxRate(id, changes);
  }
  deleteTaxRate(id: string) {
    return this.rows.deleteTaxRate(id);
  }
}
