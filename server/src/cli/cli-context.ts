import { ConfigError, loadConfig } from '../config/config';
import { DatabaseUnreachableError } from '../db/database-target';
import { openDatabase, type OpenDatabase } from '../db/open-database';
import { createLogger, type Logger } from '../lib/logger';
import { RestoreRefusedError } from '../modules/ops/backup';
import type { Config } from '../config/config';

/** Shared set-up for the operator commands: config, logger and an open database; one-line failures. */
export async function runCli(task: (ctx: { config: Config; logger: Logger; database: OpenDatabase }) => Promise<void>) {
  try {
    const { config } = loadConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
    const database = await openDatabase(config, logger);
    try {
      await task({ config, logger, database });
    } finally {
      await database.close();
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseUnreachableError || err instanceof RestoreRefusedError) {
      process.stderr.write(`bazaar: ${err.message}\n`);
    } else {
      process.stderr.write(`bazaar: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  }
}
