import {
  AdminShippingMethod,
  AdminTaxRate,
  IdParams,
  ShippingMethodInput,
  ShippingMethodUpdate,
  TaxRateInput,
  TaxRateUpdate,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { PricingAdminService } from './pricing-admin.service';

/** Shipping methods and tax rates for staff with `settings:write`. */
export function registerPricingAdminRoutes(api: ApiRegistry, pricing: PricingAdminService): void {
  const tags = ['admin: pricing'];
  const permission = 'settings:write' as const;
  const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

  api.route({
    method: 'get',
    path: '/admin/shipping-methods',
    summary: 'Shipping methods',
    tags,
    permission,
    response: list(AdminShippingMethod),
    handler: async () => ({ items: await pricing.shippingMethods() }),
  });
  api.route({
    method: 'post',
    path: '/admin/shipping-methods',
    summary: 'Create a shipping method',
    tags,
    permission,
    request: { body: ShippingMethodInput },
    response: AdminShippingMethod,
    handler: ({ body }) => pricing.createShippingMethod(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/shipping-methods/:id',
    summary: 'Change a shipping method',
    tags,
    permission,
    request: { params: IdParams, body: ShippingMethodUpdate },
    response: AdminShippingMethod,
    handler: ({ params, body }) => pricing.updateShippingMethod(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/shipping-methods/:id',
    summary: 'Delete a shipping method',
    tags,
    permission,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => pricing.deleteShippingMethod(params.id),
  });

  api.route({
    method: 'get',
    path: '/admin/tax-rates',
    summary: 'Tax rates',
    tags,
    permission,
    response: list(AdminTaxRate),
    handler: async () => ({ items: await pricing.taxRates() }),
  });
  api.route({
    method: 'post',
    path: '/admin/tax-rates',
    summary: 'Create a tax rate for a country (and region)',
    tags,
    permission,
    request: { body: TaxRateInput },
    response: AdminTaxRate,
    handler: ({ body }) => pricing.createTaxRate(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/tax-rates/:id',
    summary: 'Change a tax rate',
    tags,
    permission,
    request: { params: IdParams, body: TaxRateUpdate },
    response: AdminTaxRate,
    handler: ({ params, body }) => pricing.updateTaxRate(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/tax-rates/:id',
    summary: 'Delete a tax rate',
    tags,
    permission,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => pricing.deleteTaxRate(params.id),
  });
}
