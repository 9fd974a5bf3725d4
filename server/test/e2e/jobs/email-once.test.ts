import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { emailJobs } from '@bazaar/jobs';
import { createLogger } from '../../../src/lib/logger';
import { EmailService, passwordResetMessage } from '../../../src/modules/email';
import { Worker } from '../../../src/modules/jobs';
import { createTestApp, type TestApp } from '../../support/test-app';

/** A local SMTP server that keeps what it accepted. */
async function smtpSink() {
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        accepted.push(Buffer.concat(chunks).toString('utf8'));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { accepted, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const messageIdOf = (eml: string) => /^Message-ID: (<[^>]+>)/im.exec(eml)?.[1];

let t: TestApp;
let dataDir: string;
const logger = createLogger('silent');
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-email-once-'));
  t = await createTestApp({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.container.db.execute('DELETE FROM jobs');
  fs.rmSync(path.join(dataDir, 'outbox'), { recursive: true, force: true });
});

const outbox = () => {
  const dir = path.join(dataDir, 'outbox');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
};

/** Queues one email, lets a child worker send it and SIGKILLs the child before it marks the job done. */
async function sendAndCrash(to: string, smtpUrl = '') {
  await t.container.mailer.send(passwordResetMessage(to, 'http://localhost:3000/reset-password?token=once'));
  const url = `mariadb://${t.target.user}@${t.target.host}:${t.target.port}/${t.target.database}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../support/crash-email-worker.ts')], {
    cwd: path.resolve(__dirname, '../../..'),
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, SMTP_URL: smtpUrl },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('sent') && resolve());
    child.on('exit', () => reject(new Error('the mail worker exited before sending')));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const job = await t.container.db.one<{ status: string; attempts: number }>("SELECT status, attempts FROM jobs WHERE name = 'email.send'");
  expect(job).toEqual({ status: 'running', attempts: 1 });
}

/** Another worker takes the job over once the dead one's lease runs out, and finishes it. */
async function rescue(email: EmailService | typeof t.container.email) {
  const rescuer = new Worker(t.container.db, emailJobs as never, { email }, logger, t.container.clock, { leaseMs: 600, pollMs: 50 });
  rescuer.start();
  const deadline = Date.now() + 20_000;
  while ((await t.container.db.one<{ status: string }>("SELECT status FROM jobs WHERE name = 'email.send'"))!.status !== 'done') {
    if (Date.now() > deadline) throw new Error('the job was not finished');
    await new Promise((r) => setTimeout(r, 50));
  }
  await rescuer.stop();
  const job = await t.container.db.one<{ attempts: number }>("SELECT attempts FROM jobs WHERE name = 'email.send'");
  expect(Number(job!.attempts)).toBe(2); // it really ran twice
}

describe('each queued email is sent at most once', () => {
  it('outbox: a worker killed between writing the message and finishing the job; the rerun writes nothing', async () => {
    await sendAndCrash('once@example.com');
    expect(outbox()).toHaveLength(1);
    await rescue(t.container.email);
    const files = outbox();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^To: once@example.com$/m);
    expect(messageIdOf(files[0]!)).toMatch(/^<[0-9a-f-]{36}@bazaar\.local>$/);
  }, 60_000);

  it('SMTP: a worker killed between the send and finishing the job; the sent-marker stops the rerun', async () => {
    const smtp = await smtpSink();
    try {
      await sendAndCrash('smtp-once@example.com', smtp.url);
      expect(smtp.accepted).toHaveLength(1);
      const messageId = messageIdOf(smtp.accepted[0]!)!;
      expect(await t.container.emailDeliveries.wasSent(messageId)).toBe(true);
      const service = new EmailService(
        { smtpUrl: smtp.url, dataDir, from: 'Bazaar <no-reply@bazaar.local>' },
        logger,
        t.container.emailDeliveries,
      );
      await rescue(service);
      expect(smtp.accepted).toHaveLength(1);
      expect(smtp.accepted[0]).toMatch(/^To: smtp-once@example.com$/m);
    } finally {
      await smtp.close();
    }
  }, 60_000);

  it('the Message-ID and Date are fixed when the email is queued, and differ between emails', async () => {
    await t.container.mailer.send(passwordResetMessage('a@example.com', 'http://x/a'));
    await t.container.mailer.send(passwordResetMessage('b@example.com', 'http://x/b'));
    const payloads = await t.container.db.select<{ payload: string | { messageId: string; queuedAt: string } }>(
      "SELECT payload FROM jobs WHERE name = 'email.send' ORDER BY id",
    );
    const [a, b] = payloads.map((p) => (typeof p.payload === 'string' ? JSON.parse(p.payload) : p.payload));
    expect(a.messageId).not.toBe(b.messageId);
    expect(new Date(a.queuedAt).toISOString()).toBe(a.queuedAt);
    // Sending the same queued message twice renders it identically and writes it once.
    await t.container.email.send(a);
    await t.container.email.send(a);
    expect(outbox()).toHaveLength(1);
    expect(outbox()[0]).toContain(`Message-ID: ${a.messageId}`);
  });
});
