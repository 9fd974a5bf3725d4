import { z } from 'zod';
import { addDays, utcDay } from '../server/src/lib/days';
import type { JobDefinition } from '../server/src/modules/jobs';
import type { JobServices } from './index';

/** A scheduled run carries its slot; an operator may enqueue `{ days: ['2026-11-20', …] }` to rebuild those days. */
const RollupPayload = z.object({ slot: z.iso.datetime().optional(), days: z.array(z.iso.date()).max(400).optional() });

/** The day of a scheduled run's slot (or of now, for a run enqueued by hand). */
const slotDay = (payload: z.infer<typeof RollupPayload>, services: JobServices) =>
  utcDay(payload.slot ? new Date(payload.slot) : services.clock.now());

/**
 * Daily analytics roll-ups. Each day is rebuilt whole (idempotent), so overlapping runs are harmless.
 * The nightly run rebuilds yesterday and the day before: by then every cart last touched the day
 * before yesterday has been idle a full day, so its abandonment figure is final. The hourly run
 * keeps today's figures current for the dashboard.
 */
export const analyticsJobs: JobDefinition<unknown, JobServices>[] = [
  {
    name: 'analytics.rollup-daily',
    schedule: '30 1 * * *',
    maxAttempts: 5,
    run: async (raw, { services, logger }) => {
      const payload = RollupPayload.parse(raw ?? {});
      const today = slotDay(payload, services);
      const days = payload.days ?? [addDays(today, -1), addDays(today, -2)];
      for (const day of days) await services.analyticsRollup.rollupDay(day);
      logger.info({ days }, 'analytics rolled up');
    },
  },
  {
    name: 'analytics.rollup-today',
    schedule: '50 * * * *',
    run: async (raw, { services }) => {
      await services.analyticsRollup.rollupDay(slotDay(RollupPayload.parse(raw ?? {}), services));
    },
  },
];
