import { createContainer } from '../container';
import { runCli } from './cli-context';
import { createWorker } from '../worker-factory';

/** `npm run queue:work`: a worker process (WORKER_CONCURRENCY, default 4). Ctrl-C finishes or releases running jobs. */
void runCli({ createsDatabase: false }, async ({ config, logger, database }) => {
  const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
  const worker = createWorker(container, { concurrency: config.workerConcurrency });
  worker.start();
  logger.info({ worker: worker.id }, 'queue worker started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('stopping: finishing running jobs');
  await worker.stop(config.shutdownTimeoutMs);
  await container.close();
});
