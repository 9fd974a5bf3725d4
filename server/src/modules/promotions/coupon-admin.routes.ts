import { AdminCoupon, CouponInput, CouponUpdate, IdParams } from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { CouponService } from './coupon.service';

/** Coupons for staff with `settings:write` (listed with the pricing settings in the API docs). */
export function registerCouponAdminRoutes(api: ApiRegistry, coupons: CouponService): void {
  const tags = ['admin: pricing'];
  const permission = 'settings:write' as const;
  const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

  api.route({
    method: 'get',
    path: '/admin/coupons',
    summary: 'Coupons',
    tags,
    permission,
    response: list(AdminCoupon),
    handler: async () => ({ items: await coupons.list() }),
  });
  api.route({
    method: 'post',
    path: '/admin/coupons',
    summary: 'Create a coupon (codes are unique, upper-cased)',
    tags,
    permission,
    request: { body: CouponInput },
    response: AdminCoupon,
    handler: ({ body }) => coupons.create(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/coupons/:id',
    summary: 'Change a coupon',
    tags,
    permission,
    request: { params: IdParams, body: CouponUpdate },
    response: AdminCoupon,
    handler: ({ params, body }) => coupons.update(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/coupons/:id',
    summary: 'Delete a coupon (a used one is deactivated instead)',
    tags,
    permission,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => coupons.remove(params.id),
  });
}
