import { newId } from '../../../src/lib/tokens';
import { createWorker } from '../../../src/worker-factory';
import { createUser } from '../../support/browser';
import { CapturingEmail, FakeClock } from '../../support/fakes';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

const DAY = 86_400_000;
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

const ago = (ms: number) => new Date(clock.now().getTime() - ms);
/** Runs one job by name, as the worker would. */
async function run(name: string) {
  await t.container.jobs.enqueue(name, {});
  await t.runJobs();
  const job = await t.container.db.one<{ status: string }>('SELECT status FROM jobs WHERE name = ? ORDER BY id DESC LIMIT 1', [name]);
  expect(job?.status).toBe('done');
}
const ids = async (sql: string, params: unknown[]) => (await t.container.db.select<{ id: string }>(sql, params)).map((r) => r.id).sort();

describe('housekeeping jobs', () => {
  it('cleanup.rate-limits deletes the counters whose window has passed and keeps the current ones', async () => {
    const [gone, kept] = [`test:${newId()}`, `test:${newId()}`];
    await t.container.db.execute('INSERT INTO rate_limits (`key`, hits, reset_at) VALUES (?, 3, ?), (?, 3, ?)', [
      gone,
      ago(1000),
      kept,
      ago(-60_000),
    ]);
    await run('cleanup.rate-limits');
    const left = await t.container.db.select<{ key: string }>('SELECT `key` FROM rate_limits WHERE `key` IN (?)', [[gone, kept]]);
    expect(left.map((r) => r.key)).toEqual([kept]);
  });

  it('cleanup.tokens deletes email tokens expired and refresh tokens expired or revoked over 30 days ago', async () => {
    const user = await createUser(t);
    const [oldEmail, recentEmail] = [newId(), newId()];
    await t.container.db.execute(
      `INSERT INTO user_tokens (id, user_id, purpose, token_hash, expires_at, created_at)
       VALUES (?, ?, 'password_reset', SHA2(UUID(), 256), ?, ?), (?, ?, 'password_reset', SHA2(UUID(), 256), ?, ?)`,
      [oldEmail, user.id, ago(31 * DAY), ago(32 * DAY), recentEmail, user.id, ago(29 * DAY), ago(30 * DAY)],
    );
    const [expired, revoked, revokedLately, live] = [newId(), newId(), newId(), newId()];
    const refresh = (id: string, expiresAt: Date, revokedAt: Date | null) =>
      t.container.db.execute(
        `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, revoked_at, created_at)
         VALUES (?, ?, UUID(), SHA2(UUID(), 256), ?, ?, ?)`,
        [id, user.id, expiresAt, revokedAt, ago(60 * DAY)],
      );
    await refresh(expired, ago(31 * DAY), null);
    await refresh(revoked, ago(-DAY), ago(31 * DAY));
    await refresh(revokedLately, ago(-DAY), ago(29 * DAY));
    await refresh(live, ago(-DAY), null);

    await run('cleanup.tokens');

    expect(await ids('SELECT id FROM user_tokens WHERE user_id = ?', [user.id])).toEqual([recentEmail]);
    expect(await ids('SELECT id FROM refresh_tokens WHERE user_id = ?', [user.id])).toEqual([revokedLately, live].sort());
  });

  it('cleanup.known-devices forgets devices unseen for 180 days', async () => {
    const user = await createUser(t);
    await t.container.db.execute(
      `INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at)
       VALUES (?, SHA2('stale', 256), ?, ?), (?, SHA2('recent', 256), ?, ?)`,
      [user.id, ago(400 * DAY), ago(181 * DAY), user.id, ago(400 * DAY), ago(179 * DAY)],
    );
    await run('cleanup.known-devices');
    const left = await t.container.db.select<{ device_hash: string }>('SELECT device_hash FROM known_devices WHERE user_id = ?', [user.id]);
    expect(left).toHaveLength(1);
    expect((await t.container.db.one<{ h: string }>("SELECT SHA2('recent', 256) AS h"))!.h).toBe(left[0]!.device_hash);
  });

  it('carts.mark-abandoned marks carts idle a day, deletes those idle 30 days and leaves fresh ones', async () => {
    const [stale, idle, fresh] = [newId(), newId(), newId()];
    for (const [id, updatedAt] of [
      [stale, ago(31 * DAY)],
      [idle, ago(2 * DAY)],
      [fresh, ago(60_000)],
    ] as const)
      await t.container.db.execute('INSERT INTO carts (id, user_id, created_at, updated_at) VALUES (?, NULL, ?, ?)', [
        id,
        ago(40 * DAY),
        updatedAt,
      ]);

    await run('carts.mark-abandoned');

    const carts = await t.container.db.select<{ id: string; abandoned_at: Date | null }>(
      'SELECT id, abandoned_at FROM carts WHERE id IN (?)',
      [[stale, idle, fresh]],
    );
    const byId = new Map(carts.map((c) => [c.id, c.abandoned_at && new Date(c.abandoned_at).getTime()]));
    expect(byId.has(stale)).toBe(false);
    expect(byId.get(idle)).toBe(clock.now().getTime());
    expect(byId.get(fresh)).toBeNull();
  });

  it('inventory.low-stock-alert tells active admins once, forgets a restocked variant and tells again when it runs low again', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const disabled = await createUser(t, { role: 'admin' });
    await t.container.db.execute('UPDATE users SET disabled_at = UTC_TIMESTAMP(3) WHERE id = ?', [disabled.id]);
    const product = await createProduct(t, { stock: 2 });
    const variant = product.variants[0]!;
    await t.container.db.execute('UPDATE inventory_levels SET low_stock_threshold = 5 WHERE variant_id = ?', [variant.id]);
    const alerts = (to: string) => email.sent.filter((m) => m.to === to && /^Low stock/.test(m.subject) && m.text.includes(variant.sku));

    await run('inventory.low-stock-alert');
    expect(alerts(admin.email)).toHaveLength(1);
    expect(alerts(admin.email)[0]!.text).toContain(`${variant.sku} — ${product.title}`);
    expect(alerts(admin.email)[0]!.text).toContain('2 left (alert at 5)');
    expect(alerts(disabled.email)).toHaveLength(0);

    await run('inventory.low-stock-alert');
    expect(alerts(admin.email)).toHaveLength(1);

    await t.container.db.execute('UPDATE inventory_levels SET on_hand = 50 WHERE variant_id = ?', [variant.id]);
    await run('inventory.low-stock-alert');
    await t.container.db.execute('UPDATE inventory_levels SET on_hand = 1 WHERE variant_id = ?', [variant.id]);
    await run('inventory.low-stock-alert');
    expect(alerts(admin.email)).toHaveLength(2);
    expect(alerts(admin.email)[1]!.text).toContain('1 left (alert at 5)');
  });
});
