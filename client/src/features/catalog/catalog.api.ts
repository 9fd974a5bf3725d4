import type { BrandCount, BrandList, CategoryNode, CategoryTree, ProductDetail, ProductList, StockChanged } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { toQuery, type QueryParams } from '../../api/query';
import { getSocket } from '../../api/socket';
import { useLocale, type CatalogLocale } from '../markets/locale';

const withQuery = (path: string, p: QueryParams) => {
  const query = toQuery(p);
  return query ? `${path}?${query}` : path;
};

/**
 * Catalog reads in the shopper's market and language (`market`, `lang` are part of each query's
 * arguments, so each market and language has its own cache entry). The hooks below add them.
 */
export const catalogApi = api.injectEndpoints({
  endpoints: (build) => ({
    categories: build.query<CategoryNode[], CatalogLocale>({
      query: (locale) => withQuery('/categories', { ...locale }),
      transformResponse: (r: CategoryTree) => r.items,
    }),
    brands: build.query<BrandCount[], string>({
      query: (category) => `/brands?category=${encodeURIComponent(category)}`,
      transformResponse: (r: BrandList) => r.items,
    }),
    products: build.query<ProductList, QueryParams>({ query: (p) => `/products?${toQuery(p)}`, providesTags: ['Product'] }),
    product: build.query<ProductDetail, { slug: string } & CatalogLocale>({
      query: ({ slug, ...locale }) => withQuery(`/products/${slug}`, { ...locale }),
      providesTags: (_r, _e, { slug }) => [{ type: 'Product', id: slug }],
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
export const { useBrandsQuery } = catalogApi;
export { toQuery };

type Options = { skip?: boolean };

/** The category tree, names in the shopper's language. */
export function useCategoriesQuery(options: Options = {}) {
  const { ready, catalog } = useLocale();
  return catalogApi.useCategoriesQuery(catalog, { skip: !ready || options.skip });
}

/** A product list, priced in the shopper's market. */
export function useProductsQuery(params: QueryParams, options: Options = {}) {
  const { ready, catalog } = useLocale();
  return catalogApi.useProductsQuery({ ...params, ...catalog }, { skip: !ready || options.skip });
}

/** A product page, priced in the shopper's market, in their language. */
export function useProductQuery(slug: string, options: Options = {}) {
  const { ready, catalog } = useLocale();
  return catalogApi.useProductQuery({ slug, ...catalog }, { skip: !ready || options.skip });
}
