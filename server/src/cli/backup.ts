import path from 'node:path';
import { backupDatabase } from '../modules/ops';
import { runCli } from './cli-context';

/** `npm run backup [-- DIR]`: a consistent gzipped dump into DIR (default DATA_DIR/backups). */
void runCli({ createsDatabase: false }, async ({ config, logger, database }) => {
  const file = await backupDatabase(database.target, process.argv[2] ?? path.join(config.dataDir, 'backups'));
  logger.info({ file }, 'backup written');
});
