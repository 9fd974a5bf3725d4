import type { Sequelize } from 'sequelize';
import type { Config } from './config/config';
import { createMigrator, type Migrator } from './db/migrator';
import type { Logger } from './lib/logger';
import { HealthService } from './modules/health';

export interface ContainerDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
}

/** The composition root: every service is built once here from explicit dependencies. */
export function createContainer(deps: ContainerDeps) {
  const migrator: Migrator = createMigrator(deps.sequelize, deps.logger);
  return {
    ...deps,
    migrator,
    health: new HealthService(deps.sequelize, migrator),
  };
}
export type Container = ReturnType<typeof createContainer>;
