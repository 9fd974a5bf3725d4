import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../app';
import { loadConfig } from '../config/config';
import { REPO_ROOT } from '../config/paths';
import { createContainer } from '../container';
import { createSequelize } from '../db/sequelize';
import { parseDatabaseUrl } from '../db/database-target';
import { createLogger } from '../lib/logger';
import { buildOpenApiDocument } from '../lib/openapi';
import { APP_VERSION } from '../lib/version';

/** `npm run docs:generate [-- out.json]`: writes the OpenAPI document without touching the database. */
async function main() {
  const { config } = loadConfig();
  const logger = createLogger('silent');
  // The pool connects lazily, so building the app opens no connection.
  const target = parseDatabaseUrl(config.db.url);
  const sequelize = createSequelize(target, config.db, logger);
  const container = createContainer({ config, logger, sequelize, target });
  const { registry } = createApp(container);
  const out = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'docs', 'openapi.json'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(registry, APP_VERSION), null, 2)}\n`);
  await container.close();
  await sequelize.close();
  process.stdout.write(`wrote ${out}\n`);
}
void main();
