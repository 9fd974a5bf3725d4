import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmptyDatabase } from '../support/test-database';
import type { DatabaseTarget } from '../../src/db/database-target';

const SERVER_DIR = path.resolve(__dirname, '..', '..');
const TSX = path.resolve(SERVER_DIR, '..', 'node_modules', '.bin', 'tsx');

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Running {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

// Generous: a first start migrates and seeds the demo catalog, which under a full parallel test run can take half a minute.
async function waitForPort(running: Running, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /"port":(\d+)[^\n]*Bazaar listening/.exec(running.stdout());
    if (match) return Number(match[1]);
    if (running.child.exitCode !== null) throw new Error(`server exited: ${running.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${running.stdout()} ${running.stderr()}`);
}

const urlOf = (t: DatabaseTarget) => `mariadb://${t.user}@${t.host}:${t.port}/${t.database}`;

describe('the server process', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-main-'));
  });

  it('starts on a database, serves /healthz and /readyz, stops cleanly on SIGINT, and starts again idempotently', async () => {
    const target = await createEmptyDatabase('main');
    const env = { DATABASE_URL: urlOf(target), PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', WORKER: 'off' };

    for (const round of [1, 2]) {
      const running = startServer(env);
      const port = await waitForPort(running);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(running.stdout()).toContain(round === 1 ? 'migrations applied' : 'schema is up to date');
      // Demo data goes into an empty database once, never again.
      expect(running.stdout().includes('demo data seeded')).toBe(round === 1);
      // The demo ratings are aggregates of real reviews: the best-rated product lists them.
      const best = (await (await fetch(`http://127.0.0.1:${port}/api/v1/products?sort=rating&limit=1`)).json()).items[0];
      expect(best.rating.count).toBeGreaterThan(0);
      const reviews = await (await fetch(`http://127.0.0.1:${port}/api/v1/products/${best.slug}/reviews?limit=100`)).json();
      expect(reviews.total).toBe(best.rating.count);
      expect(reviews.items).toHaveLength(best.rating.count);
      const sum = reviews.items.reduce((a: number, r: { rating: number }) => a + r.rating, 0);
      expect(best.rating.average).toBeCloseTo(sum / reviews.items.length, 2);
      running.child.kill('SIGINT');
      expect(await running.exited).toBe(0);
      expect(running.stdout()).toContain('"msg":"stopped"');
    }
  }, 150_000);

  it('exits non-zero with one readable line when the database never answers', async () => {
    const running = startServer({
      DATABASE_URL: 'mariadb://root@127.0.0.1:1/bazaar',
      DB_CONNECT_TIMEOUT_MS: '500',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    expect(await running.exited).toBe(1);
    const lines = running.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bazaar: Cannot reach MariaDB at 127\.0\.0\.1:1 /);
    expect(lines[0]).not.toMatch(/\bat .*\.ts:\d+/);
  }, 30_000);

  it('exits non-zero naming each bad variable when the configuration is wrong', async () => {
    const running = startServer({ PORT: 'http', DB_POOL_MAX: '0', DATA_DIR: dataDir });
    expect(await running.exited).toBe(1);
    const lines = running.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bazaar: Invalid configuration: .*PORT.*DB_POOL_MAX/);
  }, 30_000);
});
