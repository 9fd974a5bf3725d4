import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SERVER_DIR = path.resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The shop as a real process (`src/main.ts` under node with tsx's loader, one process, so SIGKILL
 * really kills it), on a fixed port so it can be killed and started again at the same address.
 * `exitedOnItsOwn` tells whether it ever ended without being told to.
 */
export class ShopProcess {
  private child?: ChildProcessWithoutNullStreams;
  private output = '';
  private expectingExit = false;
  exitedOnItsOwn: { code: number | null; signal: string | null; output: string }[] = [];

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.output;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    this.expectingExit = false;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), PORT: String(this.port), HOST: '127.0.0.1', ...this.env },
    });
    this.child = child;
    child.stdout.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000)));
    child.stderr.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000)));
    child.on('exit', (code, signal) => {
      if (!this.expectingExit) this.exitedOnItsOwn.push({ code, signal, output: this.output.slice(-5_000) });
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the shop exited while starting:\n${this.output.slice(-3_000)}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the shop did not start:\n${this.output.slice(-3_000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL, as a crash or the OOM killer would. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}
