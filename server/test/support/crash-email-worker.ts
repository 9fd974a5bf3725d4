/**
 * A worker process that sends one queued email for real (outbox, or SMTP when SMTP_URL is set)
 * and then hangs before it can mark the job done: the test SIGKILLs it there, between the send and
 * the job's completion, and checks that the job's second run does not send the message again.
 */
import { emailJobs } from '@bazaar/jobs';
import { Db } from '../../src/db/db';
import { parseDatabaseUrl } from '../../src/db/database-target';
import { createSequelize } from '../../src/db/sequelize';
import { systemClock } from '../../src/lib/clock';
import { createLogger } from '../../src/lib/logger';
import { EmailDeliveryRepository, EmailService } from '../../src/modules/email';
import { Worker, type JobDefinition } from '../../src/modules/jobs';

const logger = createLogger('silent');
const sequelize = createSequelize(parseDatabaseUrl(process.env.DATABASE_URL!), { poolMin: 0, poolMax: 2, slowQueryMs: 60_000 }, logger);
const db = new Db(sequelize);
const email = new EmailService(
  { smtpUrl: process.env.SMTP_URL || undefined, dataDir: process.env.DATA_DIR!, from: 'Bazaar <no-reply@bazaar.local>' },
  logger,
  new EmailDeliveryRepository(db),
);
const send = emailJobs[0]!;
const sendThenHang: JobDefinition<unknown, unknown> = {
  ...send,
  run: async (payload, ctx) => {
    await send.run(payload as never, ctx as never);
    process.stdout.write('sent\n');
    await new Promise<void>(() => {});
  },
};
new Worker(db, [sendThenHang], { email }, logger, systemClock, { leaseMs: 600, pollMs: 50, schedules: false, id: 'doomed-mailer' }).start();
