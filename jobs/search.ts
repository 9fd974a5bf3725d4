import type { JobDefinition } from '../server/src/modules/jobs';
import type { JobServices } from './index';

/** Keeps the search index in step with the catalog. Indexing a product twice gives the same index. */
export const searchJobs: JobDefinition<{ productId?: string }, JobServices>[] = [
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
