import {
  CatalogReadQuery,
  CategoryDetail,
  CategoryTree,
  ProductDetail,
  ProductList,
  ProductListQuery,
  Slug,
  SlugParams,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { CatalogService } from './catalog.service';

/** Public catalog reads. Express answers them with an ETag, and 304 to a matching If-None-Match. */
export function registerCatalogRoutes(api: ApiRegistry, catalog: CatalogService): void {
  const tags = ['catalog'];
  api.route({
    method: 'get',
    path: '/categories',
    summary: 'The category tree',
    tags,
    request: { query: CatalogReadQuery },
    response: CategoryTree,
    handler: async ({ query }) => ({ items: await catalog.categoryTree(query) }),
  });
  api.route({
    method: 'get',
    path: '/categories/:slug',
    summary: 'One category with breadcrumbs and children',
    tags,
    request: { params: SlugParams, query: CatalogReadQuery },
    response: CategoryDetail,
    handler: ({ params, query }) => catalog.category(params.slug, query),
  });
  api.route({
    method: 'get',
    path: '/products',
    summary:
      'Active products: filter by category (with descendants), price, stock, brand, tag, rating; sort; paginate; in a market and language',
    tags,
    auth: 'optional',
    request: { query: ProductListQuery },
    response: ProductList,
    guestFastPath: true,
    handler: ({ query }, req) => catalog.listProducts(query, req.user?.id),
  });
  api.route({
    method: 'get',
    path: '/brands',
    summary: 'Brands of active products (optionally within a category and its descendants), with counts',
    tags,
    request: { query: z.object({ category: Slug.optional() }).strict() },
    response: z.object({ items: z.array(z.object({ value: z.string(), count: z.number().int() })) }),
    handler: async ({ query }) => ({ items: await catalog.brands(query.category) }),
  });
  api.route({
    method: 'get',
    path: '/products/:slug',
    summary: 'Product detail: variants with availability, images, rating, breadcrumbs, related products',
    tags,
    auth: 'optional',
    request: { params: SlugParams, query: CatalogReadQuery },
    response: ProductDetail,
    guestFastPath: true,
    handler: ({ params, query }, req) => catalog.productDetail(params.slug, req.user?.id, query),
  });
}
