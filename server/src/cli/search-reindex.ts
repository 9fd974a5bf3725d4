import { createContainer } from '../container';
import { runCli } from './cli-context';

/** `npm run search:reindex`: rebuilds the whole index of the configured engine (Elasticsearch: new index, alias swap). */
void runCli({ createsDatabase: false }, async ({ config, logger, database }) => {
  const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
  try {
    const { indexed } = await container.search.reindexAll();
    logger.info({ indexed, engine: container.search.engine.name }, 'search index rebuilt');
  } finally {
    await container.close();
  }
});
