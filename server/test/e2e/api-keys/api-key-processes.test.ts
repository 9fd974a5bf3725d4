import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { ApiKeyCreated } from '@bazaar/shared';
import { signedInBrowser, type Browser } from '../../support/browser';
import { freePort, ShopProcess } from '../../support/shop-process';
import { createTestApp, type TestApp } from '../../support/test-app';

// Two app instances on one database: this test's in-process app and the shop as its own process.
let t: TestApp;
let admin: Browser;
let other: ShopProcess;
let dataDir: string;
beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-api-keys-'));
  const { user, host, port, database } = t.target;
  other = new ShopProcess(await freePort(), {
    NODE_ENV: 'development',
    DATABASE_URL: `mariadb://${user}@${host}:${port}/${database}`,
    DB_EMBEDDED: 'off',
    DATA_DIR: dataDir,
    DEMO_DATA: 'off',
    WORKER: 'off',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'false',
    SESSION_SECRET: 'api-keys-process-session-secret-0123456789abcdef',
    MFA_ENCRYPTION_KEY: '2'.repeat(64),
    BCRYPT_COST: '4',
  });
  await other.start();
}, 90_000);
afterAll(async () => {
  await other?.stop();
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('revoking a key', () => {
  it('is refused by another process on its very next request', async () => {
    const { key, secret } = (await admin.post('/api/v1/admin/api-keys', { name: 'Two shops', permissions: ['orders:read'] }).expect(201))
      .body as ApiKeyCreated;
    const headers = { Authorization: `Bearer ${secret}` };
    // The other process has used the key (and would have any cache of it warm).
    for (let i = 0; i < 3; i++) expect((await fetch(`${other.url}/api/v1/admin/orders`, { headers })).status).toBe(200);

    await admin.post(`/api/v1/admin/api-keys/${key.id}/revoke`).expect(200);

    const refused = await fetch(`${other.url}/api/v1/admin/orders`, { headers });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    await request(t.app).get('/api/v1/admin/orders').set(headers).expect(401);
  });
});
