import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../../src/lib/logger';
import { Worker, type JobDefinition } from '../../../src/modules/jobs';
import { signedInBrowser, guestBrowser } from '../../support/browser';
import { FakeClock } from '../../support/fakes';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
const logger = createLogger('silent');
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.container.db.execute('DELETE FROM jobs');
  await t.container.db.execute('DELETE FROM job_schedules');
});

const jobCount = async (status?: string) =>
  Number(
    (await t.container.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs${status ? ' WHERE status = ?' : ''}`, status ? [status] : []))!
      .n,
  );
async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const worker = (defs: JobDefinition[], opts: ConstructorParameters<typeof Worker>[5] = {}, clock = t.container.clock) =>
  new Worker(t.container.db, defs, {}, logger, clock, { pollMs: 20, schedules: false, ...opts });

describe('the job queue', () => {
  it('two workers racing over 500 jobs run each exactly once', async () => {
    const runs = new Map<number, number>();
    const ranBy = new Map<string, number>();
    const defs = (name: string): JobDefinition[] => [
      {
        name: 'test.count',
        run: async (_p, ctx) => {
          runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
          ranBy.set(name, (ranBy.get(name) ?? 0) + 1);
        },
      },
    ];
    for (let i = 0; i < 500; i += 100) {
      await t.container.db.transaction(async (tx) => {
        for (let k = 0; k < 100; k++) await t.container.jobs.enqueue('test.count', { n: i + k }, {}, tx);
      });
    }
    const a = worker(defs('a'), { concurrency: 8 });
    const b = worker(defs('b'), { concurrency: 8 });
    a.start();
    b.start();
    await waitFor(async () => (await jobCount('done')) === 500);
    await Promise.all([a.stop(), b.stop()]);
    expect(runs.size).toBe(500);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect((ranBy.get('a') ?? 0) + (ranBy.get('b') ?? 0)).toBe(500);
    expect(ranBy.get('a')).toBeGreaterThan(0);
    expect(ranBy.get('b')).toBeGreaterThan(0);
  }, 60_000);

  it('a worker killed mid-job loses its lease; another worker runs the job to completion once', async () => {
    const id = (await t.container.jobs.enqueue('test.hang', {}))!;
    const url = `mariadb://${t.target.user}@${t.target.host}:${t.target.port}/${t.target.database}`;
    // node itself with tsx's loader: one process, so SIGKILL really kills the worker (the tsx CLI would fork a child).
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../support/crash-worker.ts')], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { ...process.env, DATABASE_URL: url },
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('claimed') && resolve());
      child.on('exit', () => reject(new Error('crash worker exited early')));
    });
    const claimed = await t.container.db.one<{ status: string; lease_owner: string }>('SELECT status, lease_owner FROM jobs WHERE id = ?', [
      id,
    ]);
    expect(claimed).toEqual({ status: 'running', lease_owner: 'doomed-worker' });
    child.kill('SIGKILL');

    let completions = 0;
    const rescuer = worker([{ name: 'test.hang', run: async () => void completions++ }]);
    rescuer.start();
    await waitFor(async () => (await t.container.jobs.get(id)).status === 'done');
    await rescuer.stop();
    expect(completions).toBe(1);
    expect((await t.container.jobs.get(id)).attempts).toBe(2);
  }, 60_000);

  it('retries with growing backoff, then dead; the admin API brings it back', async () => {
    const clock = new FakeClock();
    let fail = true;
    const w = worker(
      [
        {
          name: 'test.flaky',
          run: async () => {
            if (fail) throw new Error('upstream said no');
          },
        },
      ],
      { backoffBaseMs: 1000 },
      clock,
    );
    const id = (await t.container.jobs.enqueue('test.flaky', {}, { maxAttempts: 3, runAt: clock.now() }))!;
    const waitOf = async () => new Date((await t.container.jobs.get(id)).runAt).getTime() - clock.now().getTime();

    expect(await w.drain()).toBe(1);
    let job = await t.container.jobs.get(id);
    expect(job).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Error: upstream said no' });
    const firstWait = await waitOf();
    expect(firstWait).toBeGreaterThanOrEqual(750);
    expect(firstWait).toBeLessThanOrEqual(1250);
    expect(await w.drain()).toBe(0); // not due yet

    clock.advance(firstWait);
    expect(await w.drain()).toBe(1);
    const secondWait = await waitOf();
    expect(secondWait).toBeGreaterThanOrEqual(1500);
    expect(secondWait).toBeLessThanOrEqual(2500);
    clock.advance(secondWait);
    await w.drain();
    job = await t.container.jobs.get(id);
    expect(job).toMatchObject({ status: 'dead', attempts: 3, lastError: 'Error: upstream said no' });

    const { browser: admin } = await signedInBrowser(t, 'admin');
    const dead = (await admin.get('/api/v1/admin/jobs?status=dead').expect(200)).body;
    expect(dead.items.map((j: { id: number; lastError: string }) => [j.id, j.lastError])).toEqual([[id, 'Error: upstream said no']]);
    const stats = (await admin.get('/api/v1/admin/jobs/stats').expect(200)).body.items;
    expect(stats).toContainEqual({ queue: 'default', status: 'dead', count: 1 });
    await admin.post(`/api/v1/admin/jobs/${id}/retry`).expect(200);
    await admin.post(`/api/v1/admin/jobs/${id}/retry`).expect(409);
    fail = false;
    const ran = await w.drain();
    expect({ ran, job: await t.container.jobs.get(id) }).toMatchObject({ ran: 1, job: { status: 'done' } });
    await admin.delete(`/api/v1/admin/jobs/${id}`).expect(204);
    await admin.get(`/api/v1/admin/jobs/${id}`).expect(404);
  });

  it('an enqueue inside a rolled-back transaction leaves no job', async () => {
    await expect(
      t.container.db.transaction(async (tx) => {
        await t.container.jobs.enqueue('test.count', {}, {}, tx);
        throw new Error('the order failed');
      }),
    ).rejects.toThrow('the order failed');
    expect(await jobCount()).toBe(0);
    // And a registration whose email is queued in its transaction leaves exactly one email job.
    const browser = await guestBrowser(t);
    await browser.post('/api/v1/auth/register', { email: 'queued@example.com', password: 'sunlit-meadow-harbor-7', name: 'Q' }).expect(201);
    expect((await t.container.jobs.list({ status: 'queued', page: 1, limit: 10 })).items.map((j) => j.name)).toEqual(['email.send']);
  });

  it('a recurring job runs once per slot with two workers running', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 10, 7, 30));
    let ticks = 0;
    const defs: JobDefinition[] = [{ name: 'test.tick', schedule: '*/5 * * * *', run: async () => void ticks++ }];
    const a = worker(defs, { schedules: true }, clock);
    const b = worker(defs, { schedules: true }, clock);
    await Promise.all([a.enqueueDueSchedules(), b.enqueueDueSchedules(), a.enqueueDueSchedules(), b.enqueueDueSchedules()]);
    await Promise.all([a.drain(), b.drain()]);
    expect(ticks).toBe(1);
    clock.advance(90_000); // 10:09 — same slot
    await Promise.all([a.drain(), b.drain()]);
    expect(ticks).toBe(1);
    clock.advance(60_000); // 10:10 — next slot
    await Promise.all([a.drain(), b.drain()]);
    expect(ticks).toBe(2);
  });

  it('dedupes pending jobs by unique key, and allows the key again once done', async () => {
    const q = t.container.jobs;
    expect(await q.enqueue('test.count', {}, { uniqueKey: 'index:product:1' })).toBeDefined();
    expect(await q.enqueue('test.count', {}, { uniqueKey: 'index:product:1' })).toBeUndefined();
    await worker([{ name: 'test.count', run: async () => undefined }]).drain();
    expect(await q.enqueue('test.count', {}, { uniqueKey: 'index:product:1' })).toBeDefined();
  });

  it('shutdown releases a job that does not finish in the grace period, for another worker', async () => {
    const id = (await t.container.jobs.enqueue('test.slow', {}))!;
    let started = false;
    const w = worker([
      {
        name: 'test.slow',
        run: (_p, ctx) =>
          new Promise<void>((_resolve, reject) => {
            started = true;
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted by shutdown')));
          }),
      },
    ]);
    w.start();
    await waitFor(async () => started);
    await w.stop(100);
    const job = await t.container.jobs.get(id);
    expect(job).toMatchObject({ status: 'queued', attempts: 0 });
    let ran = 0;
    await worker([{ name: 'test.slow', run: async () => void ran++ }]).drain();
    expect(ran).toBe(1);
  });

  it('a job with no handler is dead at once, naming the problem', async () => {
    const id = (await t.container.jobs.enqueue('nobody.handles-this', {}))!;
    await worker([]).drain();
    expect(await t.container.jobs.get(id)).toMatchObject({ status: 'dead', lastError: 'Error: no handler for job "nobody.handles-this"' });
  });

  it('sends queued email as a readable .eml when no SMTP is configured', async () => {
    const outbox = path.join(t.config.dataDir, 'outbox');
    fs.rmSync(outbox, { recursive: true, force: true });
    const browser = await guestBrowser(t);
    await browser.post('/api/v1/auth/register', { email: 'eml@example.com', password: 'sunlit-meadow-harbor-7', name: 'E' }).expect(201);
    expect(fs.existsSync(outbox)).toBe(false); // nothing is sent until the worker runs
    await t.runJobs();
    const files = fs.readdirSync(outbox);
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: eml@example.com$/m);
    expect(eml).toMatch(/text\/plain/);
    expect(eml).toMatch(/text\/html/);
  });
});
