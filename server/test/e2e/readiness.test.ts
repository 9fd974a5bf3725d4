import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createContainer } from '../../src/container';
import { openDatabase, type OpenDatabase } from '../../src/db/open-database';
import { createLogger } from '../../src/lib/logger';
import { DatabaseUnreachableError } from '../../src/db/database-target';
import { testConfig } from '../support/test-app';

const logger = createLogger('silent');

describe('database start-up and readiness', () => {
  let database: OpenDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-embedded-'));
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a private MariaDB when nothing answers at the default URL, and /readyz turns 503 when it goes away', async () => {
    const config = testConfig({ DATA_DIR: dataDir });
    // What a fresh machine looks like: no DATABASE_URL, nothing on the default port (here: a closed one).
    database = await openDatabase(
      { ...config, db: { ...config.db, url: 'mariadb://root@127.0.0.1:1/bazaar', isDefaultUrl: true, embedded: 'auto' } },
      logger,
      { createIfMissing: true },
    );
    expect(database.embedded).toBeDefined();
    expect(database.target.port).not.toBe(1);
    expect(fs.existsSync(path.join(dataDir, 'mariadb', 'mysql'))).toBe(true);

    const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
    const { app } = createApp(container);
    const before = await request(app).get('/readyz');
    expect(before.status).toBe(503);
    expect(before.body.checks).toEqual({ database: 'up', migrations: 'pending' });

    await container.migrator.up();
    await request(app).get('/readyz').expect(200);

    await database.embedded!.stop();
    const after = await request(app).get('/readyz').expect(503);
    expect(after.body).toEqual({ status: 'not_ready', checks: { database: 'down', migrations: 'unknown' } });
    // The process itself is still alive.
    await request(app).get('/healthz').expect(200);
    await container.close();
  }, 60_000);

  it('gives up on an explicit DATABASE_URL that never answers with one readable message', async () => {
    const config = testConfig({ DATABASE_URL: 'mariadb://root@127.0.0.1:1/bazaar', DB_CONNECT_TIMEOUT_MS: '600' });
    const started = Date.now();
    const error = await openDatabase(config, logger, { createIfMissing: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot reach MariaDB at 127\.0\.0\.1:1 .* after 0\.6 s\./);
    expect(message).toContain('apt-get install mariadb-server');
    expect(message).toContain('docker compose up -d mariadb');
    expect(message).not.toContain('\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});
