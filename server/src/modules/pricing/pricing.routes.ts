import { ShippingMethod, ShippingMethodsQuery } from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { PricingRepository } from './pricing.repository';

/** What a shopper reads of pricing: the shipping methods offered for a country. */
export function registerPricingRoutes(api: ApiRegistry, pricing: PricingRepository): void {
  const tags = ['cart & checkout'];
  api.route({
    method: 'get',
    path: '/shipping-methods',
    summary: 'Shipping methods that deliver to a country',
    tags,
    request: { query: ShippingMethodsQuery },
    response: z.object({ items: z.array(ShippingMethod) }),
    handler: async ({ query }) => ({ items: (await pricing.shippingMethods(query.country)).map(({ rule: _rule, ...m }) => m) }),
  });
}
