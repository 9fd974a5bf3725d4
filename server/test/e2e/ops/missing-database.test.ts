import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../../src/config/paths';
import { databaseExists, parseDatabaseUrl, type DatabaseTarget } from '../../../src/db/database-target';
import { dropDatabase } from '../../support/test-database';
import { adminUrl, TEST_DB_PREFIX, testRunId } from '../../support/test-run';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const urlOf = (t: DatabaseTarget) => `mariadb://${t.user}@${t.host}:${t.port}/${t.database}`;

let counter = 0;
/** A database name of this run (the teardown drops it should a command create it) that does not exist. */
function missingDatabase(): DatabaseTarget {
  const admin = parseDatabaseUrl(adminUrl());
  return { ...admin, database: `${TEST_DB_PREFIX}${testRunId()}_w${process.env.JEST_WORKER_ID ?? '0'}_missing${++counter}` };
}

/** An operator command as its own process; one that would keep running (queue:work) is stopped after 30 s. */
function operatorCommand(
  target: DatabaseTarget,
  script: string,
  args: string[],
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, [`server/src/cli/${script}`, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      DATABASE_URL: urlOf(target),
      DATA_DIR: dataDir,
      DB_EMBEDDED: 'off',
      SEARCH_ENGINE: 'mariadb',
      LOG_LEVEL: 'info',
    },
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('operator commands against a database that does not exist', () => {
  it.each([
    ['backup', 'backup.ts', ['BACKUP_DIR']],
    ['cache:clear', 'cache-clear.ts', []],
    ['sessions:cleanup', 'sessions-cleanup.ts', []],
    ['search:reindex', 'search-reindex.ts', []],
    ['queue:work', 'queue-work.ts', []],
    ['migrate:rollback', 'migrate.ts', ['down']],
  ])(
    '%s exits non-zero with one line and creates nothing',
    async (_name, script, args) => {
      const target = missingDatabase();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-missing-db-'));
      const backupDir = path.join(dataDir, 'out');
      try {
        const run = await operatorCommand(
          target,
          script,
          args.map((a) => (a === 'BACKUP_DIR' ? backupDir : a)),
          dataDir,
        );
        const lines = run.stderr.trim().split('\n');
        expect({ code: run.code, lines }).toEqual({
          code: 1,
          lines: [
            `bazaar: The database "${target.database}" does not exist on MariaDB at ${target.host}:${target.port}; nothing was changed. ` +
              'Create it with npm run migrate (or npm run seed, or npm run restore -- FILE), or fix DATABASE_URL.',
          ],
        });
        expect(run.stdout).not.toMatch(/backup written|caches cleared|sessions removed|index rebuilt|worker started|rolled back/);
        expect(await databaseExists(target)).toBe(false);
        expect(fs.existsSync(backupDir) ? fs.readdirSync(backupDir) : []).toEqual([]);
      } finally {
        await dropDatabase(target);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('migrate creates the database: that is its job', async () => {
    const target = missingDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-missing-db-'));
    try {
      const run = await operatorCommand(target, 'migrate.ts', ['up'], dataDir);
      expect({ code: run.code, said: /migrations applied/.test(run.stdout) }).toEqual({ code: 0, said: true });
      expect(await databaseExists(target)).toBe(true);
    } finally {
      await dropDatabase(target);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
