import type { CategoryNode, ProductListQuery } from '@bazaar/shared';
import type { JobDefinition } from './job.types';

export interface CatalogJobServices {
  catalog: {
    categoryTree(): Promise<CategoryNode[]>;
    listProducts(query: ProductListQuery): Promise<unknown>;
  };
}

/** Daily: fill the catalog caches with what shoppers open first (the tree, each top category's first page). */
export const catalogJobs: JobDefinition<unknown, CatalogJobServices>[] = [
  {
    name: 'catalog.warm-cache',
    schedule: '0 4 * * *',
    run: async (_p, { services }) => {
      const tree = await services.catalog.categoryTree();
      await services.catalog.listProducts({ page: 1, limit: 24, sort: 'newest' });
      for (const root of tree) await services.catalog.listProducts({ category: root.slug, page: 1, limit: 24, sort: 'newest' });
    },
  },
];
