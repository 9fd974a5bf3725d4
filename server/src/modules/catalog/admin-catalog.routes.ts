import {
  AdminCategory,
  AdminProduct,
  AdminProductList,
  AdminProductListQuery,
  CategoryInput,
  CategoryUpdate,
  IdParams,
  ImageOrder,
  ImageUpdate,
  InventoryList,
  InventoryListQuery,
  LedgerList,
  ProductImage,
  PaginationQuery,
  ProductInput,
  ProductUpdate,
  StockAdjustment,
  VariantInput,
  VariantUpdate,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { InventoryService } from '../inventory';
import { imageUpload } from '../media';
import type { CatalogAdminService } from './catalog-admin.service';
import type { CatalogImagesService } from './catalog-images.service';

const StockLevelResponse = z.object({
  variantId: z.string(),
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
  allowBackorder: z.boolean(),
});

const ImageList = z.object({ items: z.array(ProductImage) });
const ImageParams = z.object({ id: z.uuid(), imageId: z.uuid() }).strict();

export function registerAdminCatalogRoutes(
  api: ApiRegistry,
  admin: CatalogAdminService,
  inventory: InventoryService,
  images: CatalogImagesService,
): void {
  const tags = ['admin: catalog'];
  const write = 'catalog:write' as const;

  api.route({
    method: 'get',
    path: '/admin/categories',
    summary: 'Every category, flat, uncached',
    tags,
    permission: write,
    response: z.object({ items: z.array(AdminCategory) }),
    handler: async () => ({ items: await admin.listCategories() }),
  });
  api.route({
    method: 'post',
    path: '/admin/categories',
    summary: 'Create a category',
    tags,
    permission: write,
    request: { body: CategoryInput },
    response: AdminCategory,
    handler: ({ body }) => admin.createCategory(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/categories/:id',
    summary: 'Rename, move or reorder a category',
    tags,
    permission: write,
    request: { params: IdParams, body: CategoryUpdate },
    response: AdminCategory,
    handler: ({ params, body }) => admin.updateCategory(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/categories/:id',
    summary: 'Delete a category without subcategories',
    tags,
    permission: write,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => admin.deleteCategory(params.id),
  });

  api.route({
    method: 'get',
    path: '/admin/products',
    summary: 'All products (any status), searchable by title, slug or SKU',
    tags,
    permission: write,
    request: { query: AdminProductListQuery },
    response: AdminProductList,
    handler: ({ query }) => admin.listProducts(query),
  });
  api.route({
    method: 'post',
    path: '/admin/products',
    summary: 'Create a product with its variants (and initial stock through the ledger)',
    tags,
    permission: write,
    request: { body: ProductInput },
    response: AdminProduct,
    handler: ({ body }, req) => admin.createProduct(body, currentUser(req).id),
  });
  api.route({
    method: 'get',
    path: '/admin/products/:id',
    summary: 'One product, any status',
    tags,
    permission: write,
    request: { params: IdParams },
    response: AdminProduct,
    handler: ({ params }) => admin.getProduct(params.id),
  });
  api.route({
    method: 'patch',
    path: '/admin/products/:id',
    summary: 'Update product fields, tags, categories or status',
    tags,
    permission: write,
    request: { params: IdParams, body: ProductUpdate },
    response: AdminProduct,
    handler: ({ params, body }) => admin.updateProduct(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/products/:id',
    summary: 'Delete a product',
    tags,
    permission: write,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => admin.deleteProduct(params.id),
  });

  api.route({
    method: 'post',
    path: '/admin/products/:id/variants',
    summary: 'Add a variant',
    tags,
    permission: write,
    request: { params: IdParams, body: VariantInput },
    response: AdminProduct,
    handler: ({ params, body }, req) => admin.addVariant(params.id, body, currentUser(req).id),
  });
  api.route({
    method: 'patch',
    path: '/admin/variants/:id',
    summary: 'Update a variant (price, SKU, options, stock settings)',
    tags,
    permission: write,
    request: { params: IdParams, body: VariantUpdate },
    response: AdminProduct,
    handler: ({ params, body }) => admin.updateVariant(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/variants/:id',
    summary: 'Delete a variant (not the last one)',
    tags,
    permission: write,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }) => admin.deleteVariant(params.id),
  });

  api.route({
    method: 'post',
    path: '/admin/variants/:id/stock',
    summary: 'Adjust stock with a reason (a ledger row in the same transaction)',
    tags: ['admin: inventory'],
    permission: 'inventory:write',
    status: 200,
    request: { params: IdParams, body: StockAdjustment },
    response: StockLevelResponse,
    handler: async ({ params, body }, req) => {
      const { variantId, sku, onHand, reserved, available, lowStockThreshold, allowBackorder } = await admin.adjustStock(
        params.id,
        body,
        currentUser(req).id,
      );
      return { variantId, sku, onHand, reserved, available, lowStockThreshold, allowBackorder };
    },
  });
  api.route({
    method: 'get',
    path: '/admin/inventory',
    summary: 'Stock per variant, lowest margin over the low-stock threshold first',
    tags: ['admin: inventory'],
    permission: 'inventory:write',
    request: { query: InventoryListQuery },
    response: InventoryList,
    handler: ({ query }) => inventory.list(query),
  });
  api.route({
    method: 'get',
    path: '/admin/variants/:id/ledger',
    summary: "A variant's stock history, newest first",
    tags: ['admin: inventory'],
    permission: 'inventory:write',
    request: { params: IdParams, query: PaginationQuery.strict() },
    response: LedgerList,
    handler: async ({ params, query }) => {
      await inventory.level(params.id); // 404 for an unknown variant
      return { ...(await inventory.ledger(params.id, query.page, query.limit)), page: query.page, limit: query.limit };
    },
  });

  api.route({
    method: 'post',
    path: '/admin/products/:id/images',
    summary: 'Upload images (multipart field "images": up to 10 files of 5 MB; type read from the bytes; stored as WebP in three sizes)',
    tags,
    permission: write,
    parsers: [imageUpload('images')],
    request: { params: IdParams, body: z.object({ alt: z.string().trim().max(300).optional() }).strict() },
    response: ImageList,
    responses: { 413: { description: 'PAYLOAD_TOO_LARGE' }, 415: { description: 'UNSUPPORTED_MEDIA_TYPE' } },
    handler: async ({ params, body }, req) => ({
      items: await images.upload(params.id, (req.files as Express.Multer.File[] | undefined) ?? [], body.alt),
    }),
  });
  api.route({
    method: 'patch',
    path: '/admin/products/:id/images/order',
    summary: "Reorder a product's images",
    tags,
    permission: write,
    request: { params: IdParams, body: ImageOrder },
    response: ImageList,
    handler: async ({ params, body }) => ({ items: await images.reorder(params.id, body.imageIds) }),
  });
  api.route({
    method: 'patch',
    path: '/admin/images/:id',
    summary: "Change an image's alt text",
    tags,
    permission: write,
    request: { params: IdParams, body: ImageUpdate },
    response: ProductImage,
    handler: ({ params, body }) => images.setAlt(params.id, body.alt),
  });
  api.route({
    method: 'delete',
    path: '/admin/products/:id/images/:imageId',
    summary: 'Delete an image',
    tags,
    permission: write,
    status: 204,
    request: { params: ImageParams },
    handler: ({ params }) => images.remove(params.id, params.imageId),
  });
}
