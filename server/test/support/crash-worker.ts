/**
 * A worker process that claims a job and hangs in it, for the crash test: the test SIGKILLs it
 * mid-job and checks that another worker takes the job over once the lease expires.
 */
import { Db } from '../../src/db/db';
import { parseDatabaseUrl } from '../../src/db/database-target';
import { createSequelize } from '../../src/db/sequelize';
import { systemClock } from '../../src/lib/clock';
import { createLogger } from '../../src/lib/logger';
import { Worker } from '../../src/modules/jobs';

const sequelize = createSequelize(
  parseDatabaseUrl(process.env.DATABASE_URL!),
  { poolMin: 0, poolMax: 2, slowQueryMs: 60_000 },
  createLogger('silent'),
);
const worker = new Worker(
  new Db(sequelize),
  [{ name: 'test.hang', run: () => new Promise<void>(() => process.stdout.write('claimed\n')) }],
  {},
  createLogger('silent'),
  systemClock,
  { leaseMs: 600, pollMs: 50, schedules: false, id: 'doomed-worker' },
);
worker.start();
