import { createContainer } from '../container';
import { runCli } from './cli-context';

/** `npm run sessions:cleanup`: deletes expired sessions now (the cleanup.sessions job does it hourly). */
void runCli({ createsDatabase: false }, async ({ config, logger, database }) => {
  const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
  try {
    const removed = await container.sessions.deleteExpired();
    logger.info({ removed }, 'expired sessions removed');
  } finally {
    await container.close();
  }
});
