import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../lib/logger';
import { canConnect, type DatabaseTarget } from './database-target';

const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/mysql/bin'];

function findExecutable(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...SEARCH_DIRS].filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        /* keep looking */
      }
    }
  }
  return undefined;
}

export const findMariadbd = () => findExecutable(['mariadbd', 'mysqld']);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface StateFile {
  pid: number;
  port: number;
}

/**
 * A private MariaDB server for a machine that has the binary but no running server: data under
 * DATA_DIR/mariadb, a free loopback port, stopped again when Bazaar exits. It is what makes
 * `npm start` work on a fresh machine with nothing configured.
 */
export class EmbeddedMariaDb {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly pid: number,
    private readonly child: ChildProcess | undefined,
    private readonly logger: Logger,
  ) {}

  get target(): Omit<DatabaseTarget, 'database'> {
    return { host: '127.0.0.1', port: this.port, user: 'root', password: '' };
  }

  /** `port`: listen there rather than on a free port (a restart on the same data keeps its address). */
  static async start(opts: {
    dataDir: string;
    logger: Logger;
    binary?: string;
    startTimeoutMs?: number;
    port?: number;
  }): Promise<EmbeddedMariaDb> {
    const { dataDir, logger } = opts;
    const binary = opts.binary ?? findMariadbd();
    if (!binary) throw new Error('mariadbd is not installed');
    fs.mkdirSync(dataDir, { recursive: true });
    const stateFile = path.join(dataDir, 'embedded.json');
    const user = process.getuid?.() === 0 ? 'root' : os.userInfo().username;

    // A server left running by a process that died without stopping it: adopt it rather than fight over the files.
    const previous = readState(stateFile);
    if (previous && isAlive(previous.pid) && (await canConnect({ ...local(previous.port), database: '' }))) {
      logger.warn({ port: previous.port, pid: previous.pid }, 'reusing the embedded MariaDB left running by an earlier start');
      return new EmbeddedMariaDb(dataDir, previous.port, previous.pid, undefined, logger);
    }

    if (!fs.existsSync(path.join(dataDir, 'mysql'))) {
      const installer = findExecutable(['mariadb-install-db', 'mysql_install_db']);
      if (!installer) throw new Error('mariadb-install-db is not installed');
      logger.info({ dataDir }, 'initialising a private MariaDB data directory');
      const result = spawnSync(
        installer,
        ['--no-defaults', `--datadir=${dataDir}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
        { encoding: 'utf8' },
      );
      if (result.status !== 0) {
        throw new Error(`mariadb-install-db failed: ${(result.stderr || result.stdout || '').trim().split('\n').pop()}`);
      }
    }

    const port = opts.port ?? (await freePort());
    const errorLog = path.join(dataDir, 'error.log');
    const child = spawn(
      binary,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dataDir, 'mariadb.sock')}`,
        `--pid-file=${path.join(dataDir, 'mariadb.pid')}`,
        `--log-error=${errorLog}`,
        `--user=${user}`,
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--skip-name-resolve',
      ],
      { stdio: 'ignore' },
    );
    let exited: number | null = null;
    child.on('exit', (code) => (exited = code ?? -1));

    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
    while (!(await canConnect({ ...local(port), database: '' }, 500))) {
      if (exited !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        const tail = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
        throw new Error(`the private MariaDB did not start (${tail || `exit code ${exited}`})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const pid = child.pid!;
    fs.writeFileSync(stateFile, JSON.stringify({ pid, port } satisfies StateFile));
    logger.info({ port, dataDir }, 'started a private MariaDB (no server answered at the default DATABASE_URL)');
    return new EmbeddedMariaDb(dataDir, port, pid, child, logger);
  }

  /** Whether the server process is still there (a SIGKILL'd one is not). */
  get running(): boolean {
    return isAlive(this.pid) && !this.childExited();
  }

  /** Our child has exited or was killed (until Node reaps it, `kill(pid, 0)` still finds it). */
  private childExited(): boolean {
    return !!this.child && (this.child.exitCode !== null || this.child.signalCode !== null);
  }

  /** Stop the server cleanly (SIGTERM lets InnoDB flush) and wait for it to go. */
  async stop(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    if (!this.running) return;
    // A frozen (SIGSTOP'd) server would not act on SIGTERM.
    process.kill(this.pid, 'SIGCONT');
    process.kill(this.pid, 'SIGTERM');
    while (isAlive(this.pid) && Date.now() < deadline) {
      if (this.childExited()) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (this.running) process.kill(this.pid, 'SIGKILL');
    fs.rmSync(path.join(this.dataDir, 'embedded.json'), { force: true });
    this.logger.info('stopped the private MariaDB');
  }
}

function local(port: number) {
  return { host: '127.0.0.1', port, user: 'root', password: '' };
}

function readState(file: string): StateFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}
