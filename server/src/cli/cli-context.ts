import { ConfigError, loadConfig } from '../config/config';
import { DatabaseMissingError, DatabaseUnreachableError } from '../db/database-target';
import { openDatabase, type OpenDatabase } from '../db/open-database';
import { createLogger, type Logger } from '../lib/logger';
import { RestoreRefusedError } from '../modules/ops';
import type { Config } from '../config/config';

export interface CliOptions {
  /**
   * Only the commands whose job it is to make a database (migrate, seed, restore) create a missing
   * one; every other command refuses with one line and leaves the server as it was.
   */
  createsDatabase: boolean;
}

/** Shared set-up for the operator commands: config, logger and an open database; one-line failures. */
export async function runCli(
  options: CliOptions,
  task: (ctx: { config: Config; logger: Logger; database: OpenDatabase }) => Promise<void>,
) {
  try {
    const { config } = loadConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
    const database = await openDatabase(config, logger, { createIfMissing: options.createsDatabase });
    try {
      await task({ config, logger, database });
    } finally {
      await database.close();
    }
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof DatabaseUnreachableError ||
      err instanceof DatabaseMissingError ||
      err instanceof RestoreRefusedError
    ) {
      process.stderr.write(`bazaar: ${err.message}\n`);
    } else {
      process.stderr.write(`bazaar: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  }
}
