import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../../src/config/paths';
import type { DatabaseTarget } from '../../../src/db/database-target';
import { signedInBrowser } from '../../support/browser';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const urlOf = (t: DatabaseTarget) => `mariadb://${t.user}@${t.host}:${t.port}/${t.database}`;

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  t = await createTestApp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-ops-'));
});
afterAll(() => t.close());

/** An operator command, run as its own process against this test's database. */
function operatorCommand(script: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const child = spawn(TSX, [`server/src/cli/${script}`, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      DATABASE_URL: urlOf(t.target),
      DATA_DIR: dataDir,
      DB_EMBEDDED: 'off',
      LOG_LEVEL: 'info',
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

const titleOf = async (slug: string) => (await t.agent().get(`/api/v1/products/${slug}`).expect(200)).body.title as string;
/** Renames behind the app's back (no cache invalidation), as a manual fix in the database would. */
const renameInDatabase = (id: string, title: string) => t.container.db.execute('UPDATE products SET title = ? WHERE id = ?', [title, id]);

async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

describe('cache:clear', () => {
  it("`npm run cache:clear` from outside makes a running app's cached catalog answer change", async () => {
    const product = await createProduct(t, { title: 'Cached lamp' });
    expect(await titleOf(product.slug)).toBe('Cached lamp');
    await renameInDatabase(product.id, 'Renamed lamp');
    // Past the app's 2-second version poll: still the cached answer, since nothing said the catalog changed.
    await new Promise((r) => setTimeout(r, 2_200));
    expect(await titleOf(product.slug)).toBe('Cached lamp');

    const run = await operatorCommand('cache-clear.ts');
    expect({ code: run.code, said: /caches cleared/.test(run.output) }).toEqual({ code: 0, said: true });
    expect(await eventually(() => titleOf(product.slug), 'Renamed lamp')).toBe('Renamed lamp');
  }, 60_000);

  it('POST /api/v1/admin/cache/clear clears at once (settings:write, audited)', async () => {
    const product = await createProduct(t, { title: 'Cached mug' });
    expect(await titleOf(product.slug)).toBe('Cached mug');
    await renameInDatabase(product.id, 'Renamed mug');
    expect(await titleOf(product.slug)).toBe('Cached mug');

    const { browser: support } = await signedInBrowser(t, 'support');
    await support.post('/api/v1/admin/cache/clear').expect(403);
    const { browser: admin, user } = await signedInBrowser(t, 'admin');
    expect((await admin.post('/api/v1/admin/cache/clear').expect(200)).body).toEqual({ cleared: true });
    expect(await titleOf(product.slug)).toBe('Renamed mug');
    const [audit] = await t.container.db.select<{ actor_user_id: string }>(
      "SELECT actor_user_id FROM audit_logs WHERE event = 'cache_cleared'",
    );
    expect(audit!.actor_user_id).toBe(user.id);
  });
});

describe('sessions:cleanup', () => {
  it('deletes expired sessions now and keeps live ones', async () => {
    const now = Math.floor(Date.now() / 1000);
    await t.container.db.execute(
      "INSERT INTO sessions (session_id, expires, data) VALUES ('ops-expired', ?, '{}'), ('ops-live', ?, '{}')",
      [now - 60, now + 3600],
    );
    const run = await operatorCommand('sessions-cleanup.ts');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/"removed":1\b.*expired sessions removed/);
    const left = await t.container.db.select<{ session_id: string }>("SELECT session_id FROM sessions WHERE session_id LIKE 'ops-%'");
    expect(left.map((s) => s.session_id)).toEqual(['ops-live']);
  }, 60_000);
});

describe('docs:generate', () => {
  it('writes the OpenAPI document and exits by itself (nothing left holding the process open)', async () => {
    const out = path.join(dataDir, 'openapi.json');
    const { code, output } = await operatorCommand('docs-generate.ts', [out]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining(`wrote ${out}`) });
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/admin/reports/dashboard', '/api/v1/admin/inventory', '/api/v1/consent']),
    );
  }, 60_000);
});
