import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, type DatabaseTarget } from '../../src/db/database-target';
import { EmbeddedMariaDb } from '../../src/db/embedded-mariadb';
import { createLogger } from '../../src/lib/logger';

/**
 * A throwaway MariaDB server of a test's own, for fault tests: it may be frozen, killed and
 * restarted (on the same data directory and port, so clients find it again). The shared server on
 * :3306 is never touched. Always `destroy()` it in afterAll.
 */
export class PrivateMariaDb {
  private server: EmbeddedMariaDb;

  private constructor(
    readonly dataDir: string,
    server: EmbeddedMariaDb,
  ) {
    this.server = server;
  }

  static async start(label = 'fault'): Promise<PrivateMariaDb> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bazaar-${label}-mariadb-`));
    const server = await EmbeddedMariaDb.start({ dataDir, logger: createLogger('silent') });
    return new PrivateMariaDb(dataDir, server);
  }

  get port(): number {
    return this.server.port;
  }

  get pid(): number {
    return this.server.pid;
  }

  get running(): boolean {
    return this.server.running;
  }

  /** A database on this server, created if missing. */
  async database(name: string): Promise<DatabaseTarget> {
    const target = { ...this.server.target, database: name };
    await ensureDatabase(target);
    return target;
  }

  url(database: string): string {
    return `mariadb://root@127.0.0.1:${this.port}/${database}`;
  }

  /** SIGSTOP: the server keeps its sockets open but answers nothing (a hung host, a long GC pause…). */
  freeze(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  /** SIGKILL, as a crash or the OOM killer would; returns once the process is gone. */
  async kill(): Promise<void> {
    process.kill(this.pid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (this.server.running && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Start again on the same data directory and port (InnoDB recovers what was committed). */
  async restart(): Promise<void> {
    if (this.server.running) await this.server.stop();
    this.server = await EmbeddedMariaDb.start({ dataDir: this.dataDir, logger: createLogger('silent'), port: this.port });
  }

  async destroy(): Promise<void> {
    if (this.server.running) {
      this.thaw();
      await this.server.stop();
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
