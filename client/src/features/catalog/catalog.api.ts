import type { BrandCount, BrandList, CategoryNode, CategoryTree, ProductDetail, ProductList, StockChanged } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { toQuery, type QueryParams } from '../../api/query';
import { getSocket } from '../../api/socket';

export const catalogApi = api.injectEndpoints({
  endpoints: (build) => ({
    categories: build.query<CategoryNode[], void>({
      query: () => '/categories',
      transformResponse: (r: CategoryTree) => r.items,
    }),
    brands: build.query<BrandCount[], string>({
      query: (category) => `/brands?category=${encodeURIComponent(category)}`,
      transformResponse: (r: BrandList) => r.items,
    }),
    products: build.query<ProductList, QueryParams>({ query: (p) => `/products?${toQuery(p)}`, providesTags: ['Product'] }),
    product: build.query<ProductDetail, string>({
      query: (slug) => `/products/${slug}`,
      providesTags: (_r, _e, slug) => [{ type: 'Product', id: slug }],
      // Live availability: the server pushes stock changes for the products a page shows.
      async onCacheEntryAdded(_slug, { cacheDataLoaded, cacheEntryRemoved, updateCachedData }) {
        const socket = getSocket();
        let productId: string | undefined;
        const onStock = (e: StockChanged) => {
          if (e.productId !== productId) return;
          updateCachedData((draft) => {
            const variant = draft.variants.find((v) => v.id === e.variantId);
            if (variant) variant.availability = e.availability;
          });
        };
        try {
          const { data } = await cacheDataLoaded;
          productId = data.id;
          socket.emit('subscribe', { products: [data.id] }, () => undefined);
          socket.on('stock:changed', onStock);
        } catch {
          /* the entry went away before it loaded */
        }
        await cacheEntryRemoved;
        socket.off('stock:changed', onStock);
        if (productId) socket.emit('unsubscribe', { products: [productId] }, () => undefined);
      },
    }),
  }),
});
export const { useCategoriesQuery, useBrandsQuery, useProductsQuery, useProductQuery } = catalogApi;
export { toQuery };
