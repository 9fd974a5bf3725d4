import { createWorker } from '../../../src/worker-factory';
import { createUser } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const clock = new FakeClock(Date.UTC(2026, 10, 24, 12, 30));
const email = new CapturingEmail();
beforeAll(async () => {
  t = await createTestApp({}, { clock, email });
});
afterAll(() => t.close());

describe('scheduled jobs', () => {
  it('clean expired sessions, alert admins about low stock once, prune old jobs and mark abandoned carts', async () => {
    const db = t.container.db;
    const now = Math.floor(Date.now() / 1000);
    await db.execute("INSERT INTO sessions (session_id, expires, data) VALUES ('expired-session', ?, '{}'), ('live-session', ?, '{}')", [
      now - 60,
      now + 3600,
    ]);
    const admin = await createUser(t, { role: 'admin' });
    const low = await createProduct(t, { stock: 2 });
    await db.execute('UPDATE inventory_levels SET low_stock_threshold = 5 WHERE variant_id = ?', [low.variants[0]!.id]);
    const old = new Date(clock.now().getTime() - 10 * 86_400_000);
    await db.execute(
      "INSERT INTO jobs (queue, name, payload, status, run_at, created_at, updated_at, finished_at) VALUES ('default', 'x', '{}', 'done', ?, ?, ?, ?)",
      [old, old, old, old],
    );
    await db.execute('INSERT INTO carts (id, user_id, created_at, updated_at) VALUES (UUID(), NULL, ?, ?)', [
      old,
      new Date(clock.now().getTime() - 2 * 86_400_000),
    ]);

    const worker = createWorker(t.container, { schedules: true });
    await worker.drain();

    const sessions = (await db.select<{ session_id: string }>('SELECT session_id FROM sessions ORDER BY session_id')).map(
      (s) => s.session_id,
    );
    expect(sessions).toContain('live-session');
    expect(sessions).not.toContain('expired-session');
    const alerts = email.sent.filter((m) => m.to === admin.email && /^Low stock/.test(m.subject));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain(low.variants[0]!.sku);
    expect(await db.one("SELECT id FROM jobs WHERE name = 'x'")).toBeUndefined();
    expect(await db.one('SELECT id FROM carts WHERE abandoned_at IS NOT NULL')).toBeDefined();

    // The next hour's run does not repeat the same alert.
    clock.advance(3600_000);
    await worker.drain();
    expect(email.sent.filter((m) => m.to === admin.email && /^Low stock/.test(m.subject))).toHaveLength(1);
  });
});
