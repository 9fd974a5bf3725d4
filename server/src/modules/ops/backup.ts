import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { connectToServer, type DatabaseTarget } from '../../db/database-target';
import { BackupRepository } from './backup.repository';

const clientArgs = (t: DatabaseTarget) => [`--host=${t.host}`, `--port=${t.port}`, `--user=${t.user}`, '--protocol=tcp'];
const clientEnv = (t: DatabaseTarget) => ({ ...process.env, MYSQL_PWD: t.password }); // never on the command line

/**
 * A consistent dump (`mariadb-dump --single-transaction`: one snapshot, no locks on InnoDB) of the
 * whole database, gzipped to `<dir>/bazaar-<timestamp>.sql.gz`. Returns the file.
 */
export async function backupDatabase(target: DatabaseTarget, dir: string, now = new Date()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bazaar-${now.toISOString().replace(/[:.]/g, '-')}.sql.gz`);
  const dump = spawn(
    'mariadb-dump',
    [
      ...clientArgs(target),
      '--single-transaction',
      '--quick',
      '--routines',
      '--triggers',
      '--hex-blob',
      '--default-character-set=utf8mb4',
      target.database,
    ],
    {
      env: clientEnv(target),
    },
  );
  let stderr = '';
  dump.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => dump.on('close', r));
  await pipeline(dump.stdout, zlib.createGzip(), fs.createWriteStream(file, { mode: 0o600 }));
  if ((await exited) !== 0) {
    fs.rmSync(file, { force: true });
    throw new Error(`mariadb-dump failed: ${stderr.trim().split('\n').pop()}`);
  }
  return file;
}

export class RestoreRefusedError extends Error {}

/** Restores a backup into an empty database; a database with tables is refused unless forced. */
export async function restoreDatabase(target: DatabaseTarget, file: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!fs.existsSync(file)) throw new RestoreRefusedError(`No backup at ${file}.`);
  const conn = await connectToServer(target);
  try {
    const server = new BackupRepository(conn);
    await server.createDatabaseIfMissing(target.database);
    if ((await server.countTables(target.database)) > 0 && !opts.force) {
      throw new RestoreRefusedError(
        `The database ${target.database} is not empty; restore into an empty one, or pass --force to overwrite.`,
      );
    }
  } finally {
    await conn.end();
  }
  const client = spawn('mariadb', [...clientArgs(target), '--default-character-set=utf8mb4', target.database], { env: clientEnv(target) });
  let stderr = '';
  client.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => client.on('close', r));
  await pipeline(fs.createReadStream(file), zlib.createGunzip(), client.stdin);
  if ((await exited) !== 0) throw new Error(`restore failed: ${stderr.trim().split('\n').pop()}`);
}
