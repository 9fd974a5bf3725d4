import {
  AdminPromotion,
  IdParams,
  PaginationQuery,
  PromotionCodeList,
  PromotionCodesCreated,
  PromotionCodesInput,
  PromotionInput,
  PromotionPreview,
  PromotionPreviewRequest,
  PromotionReport,
  PromotionUpdate,
  itemList,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { PromotionService } from './promotion.service';

/** Promotions for staff with `settings:write`; their reports for `reports:read`. */
export function registerPromotionAdminRoutes(api: ApiRegistry, promotions: PromotionService, baseCurrency: string): void {
  const tags = ['admin: promotions'];
  const permission = 'settings:write' as const;

  api.route({
    method: 'get',
    path: '/admin/promotions',
    summary: 'Promotions, newest first, with their uses and discount given',
    tags,
    permission,
    response: itemList(AdminPromotion),
    handler: async () => ({ items: await promotions.list() }),
  });
  api.route({
    method: 'post',
    path: '/admin/promotions',
    summary: 'Create a promotion (conditions and one action)',
    tags,
    permission,
    request: { body: PromotionInput },
    response: AdminPromotion,
    status: 201,
    handler: ({ body }) => promotions.create(body),
  });
  api.route({
    method: 'post',
    path: '/admin/promotions/preview',
    summary: 'Try a promotion (saved or not) alone on a sample cart',
    tags,
    permission,
    request: { body: PromotionPreviewRequest },
    response: PromotionPreview,
    status: 200,
    handler: ({ body }) => promotions.preview(body),
  });
  api.route({
    method: 'get',
    path: '/admin/promotions/:id',
    summary: 'A promotion',
    tags,
    permission,
    request: { params: IdParams },
    response: AdminPromotion,
    handler: ({ params }) => promotions.get(params.id),
  });
  api.route({
    method: 'patch',
    path: '/admin/promotions/:id',
    summary: 'Change a promotion',
    tags,
    permission,
    request: { params: IdParams, body: PromotionUpdate },
    response: AdminPromotion,
    handler: ({ params, body }) => promotions.update(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/promotions/:id',
    summary: 'Delete a promotion (a used one is deactivated instead)',
    tags,
    permission,
    request: { params: IdParams },
    status: 204,
    handler: ({ params }) => promotions.remove(params.id),
  });
  api.route({
    method: 'get',
    path: '/admin/promotions/:id/codes',
    summary: "A promotion's codes with their uses",
    tags,
    permission,
    request: { params: IdParams, query: PaginationQuery },
    response: PromotionCodeList,
    handler: async ({ params, query }) => ({
      ...(await promotions.codes(params.id, query.limit, (query.page - 1) * query.limit)),
      page: query.page,
      limit: query.limit,
    }),
  });
  api.route({
    method: 'post',
    path: '/admin/promotions/:id/codes',
    summary: 'Add codes: the ones given, or `count` generated (single-use with `usageLimit: 1`)',
    tags,
    permission,
    request: { params: IdParams, body: PromotionCodesInput },
    response: PromotionCodesCreated,
    status: 201,
    handler: ({ params, body }) => promotions.addCodes(params.id, body),
  });
  api.route({
    method: 'get',
    path: '/admin/promotions/:id/report',
    summary: 'Uses and discount given, per day and per code (base currency)',
    tags,
    permission: 'reports:read',
    request: { params: IdParams },
    response: PromotionReport,
    handler: ({ params }) => promotions.report(params.id, baseCurrency),
  });
}
