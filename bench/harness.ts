/**
 * Shared benchmark harness: a production-mode Bazaar in this process on a free port, over a
 * database seeded with the demo catalog, and autocannon runs reported as req/s and latencies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config/config';
import { createContainer } from '../server/src/container';
import { openDatabase } from '../server/src/db/open-database';
import { seedIfEmpty } from '../server/src/db/seeder';
import { createLogger } from '../server/src/lib/logger';

export interface ScenarioResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function startShop(env: Record<string, string> = {}) {
  const { config } = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/bazaar_bench',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ENABLED: 'false',
    WORKER: 'off',
    DEMO_DATA: 'on',
    ...env,
  });
  const logger = createLogger('silent');
  const database = await openDatabase(config, logger);
  const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
  await container.migrator.up();
  await seedIfEmpty({ sequelize: database.sequelize, config, logger });
  const { app } = createApp(container);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    container,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await container.close();
      await database.close();
    },
  };
}

export async function run(name: string, opts: autocannon.Options): Promise<ScenarioResult> {
  const result = await autocannon({ connections: 50, duration: Number(process.env.BENCH_SECONDS ?? 10), ...opts });
  const summary: ScenarioResult = {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
  process.stdout.write(`${name.padEnd(28)} ${String(summary.requestsPerSecond).padStart(7)} req/s   p50 ${summary.p50Ms} ms   p99 ${summary.p99Ms} ms   non-2xx ${summary.non2xx}\n`);
  return summary;
}
