import type { JobDefinition } from '../server/src/modules/jobs';
import type { JobServices } from './index';

const DAY = 86_400_000;
/** How long finished jobs are kept. */
export const JOB_RETENTION_DAYS = 7;

/** Housekeeping. Each is a DELETE of what has expired, so running one twice is harmless. */
export const cleanupJobs: JobDefinition<unknown, JobServices>[] = [
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
      await services.db.execute('DELETE FROM rate_limits WHERE reset_at < ?', [services.clock.now()]);
    },
  },
  {
    name: 'cleanup.tokens',
    schedule: '20 3 * * *',
    run: async (_p, { services }) => {
      const cutoff = new Date(services.clock.now().getTime() - 30 * DAY);
      await services.db.execute('DELETE FROM user_tokens WHERE expires_at < ?', [cutoff]);
      await services.db.execute('DELETE FROM refresh_tokens WHERE expires_at < ? OR revoked_at < ?', [cutoff, cutoff]);
    },
  },
  {
    name: 'cleanup.email-deliveries',
    schedule: '40 3 * * *',
    run: async (_p, { services }) => {
      await services.emailDeliveries.prune(new Date(services.clock.now().getTime() - 30 * DAY));
    },
  },
  {
    name: 'cleanup.jobs',
    schedule: '30 3 * * *',
    run: async (_p, { services, logger }) => {
      const pruned = await services.jobs.prune(new Date(services.clock.now().getTime() - JOB_RETENTION_DAYS * DAY));
      logger.info({ pruned }, 'finished jobs pruned');
    },
  },
];
