export { allocate, divRoundHalfUp, priceOrder, type CouponRule, type PriceResult, type ShippingRule, type TaxRule } from './pricing';
export { PricingRepository } from './pricing.repository';
export { PricingAdminService } from './pricing-admin.service';
export { PricingAdminRepository } from './pricing-admin.repository';
export { registerPricingAdminRoutes } from './pricing-admin.routes';
export { registerPricingRoutes } from './pricing.routes';
export { definePricingModels, ShippingMethod, TaxRate } from './pricing.models';
