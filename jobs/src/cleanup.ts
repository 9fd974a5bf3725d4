import type { JobClock, JobDefinition } from './job.types';

const DAY = 86_400_000;
/** How long finished jobs are kept. */
export const JOB_RETENTION_DAYS = 7;
/** How long expired or revoked sign-in tokens and delivery records are kept. */
const KEEP_DAYS = 30;
/** A device family and network unseen this long is forgotten: signing in from it again sends the new-device email. */
export const KNOWN_DEVICE_DAYS = 180;

export interface CleanupJobServices {
  sessions: { deleteExpired(): Promise<number> };
  accounts: {
    /** Rate-limit counters whose window has passed. */
    pruneExpiredRateLimits(): Promise<number>;
    /** Email tokens that expired, refresh tokens that expired or were revoked, before `olderThan`. */
    pruneTokens(olderThan: Date): Promise<number>;
    /** Known devices last seen before `olderThan`. */
    pruneKnownDevices(olderThan: Date): Promise<number>;
  };
  emailDeliveries: { prune(olderThan: Date): Promise<number> };
  jobs: { prune(olderThan: Date): Promise<number> };
  clock: JobClock;
}

const daysAgo = (clock: JobClock, days: number) => new Date(clock.now().getTime() - days * DAY);

/** Housekeeping. Each deletes what has expired, so running one twice is harmless. */
export const cleanupJobs: JobDefinition<unknown, CleanupJobServices>[] = [
  {
    name: 'cleanup.sessions',
    schedule: '0 * * * *',
    run: async (_p, { services, logger }) => {
      const removed = await services.sessions.deleteExpired();
      logger.info({ removed }, 'expired sessions removed');
    },
  },
  {
    name: 'cleanup.rate-limits',
    schedule: '15 * * * *',
    run: async (_p, { services }) => {
      await services.accounts.pruneExpiredRateLimits();
    },
  },
  {
    name: 'cleanup.tokens',
    schedule: '20 3 * * *',
    run: async (_p, { services }) => {
      await services.accounts.pruneTokens(daysAgo(services.clock, KEEP_DAYS));
    },
  },
  {
    name: 'cleanup.known-devices',
    schedule: '25 3 * * *',
    run: async (_p, { services }) => {
      await services.accounts.pruneKnownDevices(daysAgo(services.clock, KNOWN_DEVICE_DAYS));
    },
  },
  {
    name: 'cleanup.email-deliveries',
    schedule: '40 3 * * *',
    run: async (_p, { services }) => {
      await services.emailDeliveries.prune(daysAgo(services.clock, KEEP_DAYS));
    },
  },
  {
    name: 'cleanup.jobs',
    schedule: '30 3 * * *',
    run: async (_p, { services, logger }) => {
      const pruned = await services.jobs.prune(daysAgo(services.clock, JOB_RETENTION_DAYS));
      logger.info({ pruned }, 'finished jobs pruned');
    },
  },
];
