import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { REPO_ROOT } from './config/paths';
import { createContainer } from './container';
import { DatabaseUnreachableError } from './db/database-target';
import { isDatabaseUnavailable } from './db/db';
import { openDatabase, type OpenDatabase } from './db/open-database';
import { seedIfEmpty } from './db/seeder';
import { createLogger } from './lib/logger';
import { createWorker } from './worker-factory';
import { createRealtime } from './realtime/realtime';

/** Read .env from the repo root when there is one; real environment variables win. */
function loadDotEnv() {
  const file = path.join(REPO_ROOT, '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** Expected start-up failures are one readable line on stderr and exit code 1, never a stack trace. */
function fail(message: string): never {
  process.stderr.write(`bazaar: ${message}\n`);
  process.exit(1);
}

async function main() {
  loadDotEnv();
  let loaded;
  try {
    loaded = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const { config, warnings } = loaded;
  const logger = createLogger(config.logLevel);
  for (const w of warnings) logger.warn({ variable: w.variable }, w.message);

  let database: OpenDatabase;
  try {
    database = await openDatabase(config, logger, { createIfMissing: true });
  } catch (err) {
    if (err instanceof DatabaseUnreachableError) fail(err.message);
    fail(`could not open the database: ${(err as Error).message}`);
  }

  let closing = false;
  const shutdown = async (signal: string, code = 0) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    // Each step runs even if one before it failed (the database may be the reason for stopping).
    const step = async (name: string, run: () => Promise<void> | undefined) => {
      try {
        await run();
      } catch (err) {
        logger.warn({ err, step: name }, 'shutdown step failed');
      }
    };
    await step('realtime', () => closeRealtime?.());
    await step('worker', () => worker?.stop(Math.max(0, config.shutdownTimeoutMs - 2000)));
    await step('container', () => container.close());
    await step('database', () => database.close());
    clearTimeout(force);
    logger.info('stopped');
    process.exit(code);
  };
  // Signals are handled from here on, so a Ctrl-C during migrations still stops the embedded server.
  let server = http.createServer();
  let worker: ReturnType<typeof createWorker> | undefined = undefined;
  let closeRealtime: (() => Promise<void>) | undefined = undefined;
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  survivingDatabaseOutages(logger);

  const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
  try {
    const applied = await container.migrator.up();
    logger.info({ applied: applied.map((m) => m.name) }, applied.length ? 'migrations applied' : 'schema is up to date');
    if (config.seedDemoData && (await seedIfEmpty({ sequelize: database.sequelize, config, logger }))) {
      logger.info('demo data seeded into the empty database');
    }
    await container.auth.ensureFirstAdmin(config.seedDemoData);
    // Elasticsearch with no index yet (first start, or a new cluster): build it in the background.
    const engine = container.search.engine;
    if ('hasIndex' in engine && !(await (engine as { hasIndex(): Promise<boolean> }).hasIndex().catch(() => true))) {
      await container.jobs.enqueue('search.reindex', {}, { queue: 'search', uniqueKey: 'search:reindex' });
      logger.info('Elasticsearch has no product index yet: a full reindex job was queued');
    }
  } catch (err) {
    await container.close();
    await database.close();
    fail(`database set-up failed: ${(err as Error).message}`);
  }

  // In-process worker for a single-process shop; run `npm run queue:work` separately and set WORKER=off to scale out.
  worker = config.worker ? createWorker(container, { concurrency: config.workerConcurrency }) : undefined;
  worker?.start();

  const { app, session, metrics } = createApp(container);
  server = http.createServer(app);
  const realtime = await createRealtime(server, container, session, (n) => metrics.socketConnections.set(n));
  closeRealtime = () => realtime.close();
  server.keepAliveTimeout = 65_000;
  server.on('error', (err: NodeJS.ErrnoException) => {
    void Promise.all([container.close(), database.close()]).finally(() =>
      fail(err.code === 'EADDRINUSE' ? `port ${config.http.port} is already in use (set PORT)` : err.message),
    );
  });
  server.listen(config.http.port, config.http.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    logger.info(
      { port, database: `${database.target.host}:${database.target.port}/${database.target.database}` },
      `Bazaar listening on http://localhost:${port}`,
    );
  });
}

/**
 * The last line of defence: every database call is awaited by someone who handles its failure,
 * but a lost connection surfacing where nobody listens (a driver's event, a background promise)
 * must not end the process during an outage. Such errors are logged loudly (`unhandled database
 * error`, so they get found and fixed) and the process carries on; the pools reconnect once the
 * server is back. Anything else keeps Node's behaviour: log it and exit.
 */
function survivingDatabaseOutages(logger: ReturnType<typeof createLogger>) {
  const onError = (kind: string) => (err: unknown) => {
    if (isDatabaseUnavailable(err)) {
      logger.error({ err, kind }, 'unhandled database error; the process carries on');
      return;
    }
    logger.fatal({ err, kind }, 'unhandled error; exiting');
    process.stderr.write(`bazaar: ${kind}: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  };
  process.on('unhandledRejection', onError('unhandledRejection'));
  process.on('uncaughtException', onError('uncaughtException'));
}

main().catch((err: unknown) => {
  process.stderr.write(`bazaar: start-up failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
