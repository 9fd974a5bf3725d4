import type { JobDefinition } from './job.types';

export interface SearchJobServices {
  search: {
    indexProduct(productId: string): Promise<void>;
    reindexAll(): Promise<{ indexed: number }>;
    readonly engine: { readonly name: string };
  };
}

/** Keeps the search index in step with the catalog. Indexing a product twice gives the same index. */
export const searchJobs: JobDefinition<{ productId?: string }, SearchJobServices>[] = [
  {
    name: 'search.index-product',
    queue: 'search',
    run: async ({ productId }, { services }) => {
      if (productId) await services.search.indexProduct(productId);
    },
  },
  {
    name: 'search.reindex',
    queue: 'search',
    maxAttempts: 3,
    run: async (_p, { services, logger }) => {
      const { indexed } = await services.search.reindexAll();
      logger.info({ indexed, engine: services.search.engine.name }, 'search index rebuilt');
    },
  },
];
