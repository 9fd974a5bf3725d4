import type { Express, RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/config';
import { createContainer, type Container, type ContainerDeps } from '../../src/container';
import type { DatabaseTarget } from '../../src/db/database-target';
import type { ApiRegistry } from '../../src/lib/api-registry';
import { createLogger } from '../../src/lib/logger';
import { createWorker } from '../../src/worker-factory';
import { workerDatabase } from './test-database';
import os from 'node:os';
import path from 'node:path';

export interface TestApp {
  app: Express;
  registry: ApiRegistry;
  session: RequestHandler;
  container: Container;
  config: Config;
  sequelize: Sequelize;
  target: DatabaseTarget;
  /** Runs every due job (emails, index updates…) to completion, as the worker would. */
  runJobs(): Promise<number>;
  /** A supertest agent that keeps cookies, like one browser. */
  agent(): ReturnType<typeof request.agent>;
  close(): Promise<void>;
}

/** Test configuration: fixed secrets, a private data dir, rate limits off unless a test turns them on. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    MFA_ENCRYPTION_KEY: '0'.repeat(64),
    DATA_DIR: path.join(os.tmpdir(), `bazaar-test-${process.env.BAZAAR_TEST_RUN_ID ?? 'x'}-${process.env.JEST_WORKER_ID ?? '0'}`),
    RATE_LIMIT_ENABLED: 'false',
    BCRYPT_COST: '4',
    WORKER: 'off',
    ...env,
  }).config;
}

/**
 * The real app over this worker's freshly emptied, migrated database. Call in beforeAll and
 * close in afterAll. Later issues add login helpers that build on `agent()`.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  deps: Partial<Pick<ContainerDeps, 'clock' | 'email' | 'paymentProvider' | 'elasticsearch'>> = {},
): Promise<TestApp> {
  const { target, sequelize } = await workerDatabase();
  const config = testConfig(env);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const container = createContainer({ config, logger, sequelize, target, ...deps });
  const { app, registry, session } = createApp(container);
  return {
    app,
    registry,
    session,
    container,
    config,
    sequelize,
    target,
    agent: () => request.agent(app),
    runJobs: () => createWorker(container, { schedules: false, concurrency: 8 }).drain(),
    close: async () => {
      await container.close();
      await sequelize.close();
    },
  };
}
