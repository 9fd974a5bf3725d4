import { restoreDatabase, RestoreRefusedError } from '../modules/ops';
import { runCli } from './cli-context';

/** `npm run restore -- FILE [--force]`: into an empty database (refuses a non-empty one unless --force). */
void runCli({ createsDatabase: true }, async ({ logger, database }) => {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new RestoreRefusedError('Name the backup file: npm run restore -- .data/backups/bazaar-….sql.gz');
  await restoreDatabase(database.target, file, { force: args.includes('--force') });
  logger.info({ file }, 'restored');
});
