import { z } from 'zod';
import type { JobDefinition } from './job.types';

export interface AnalyticsJobServices {
  analyticsRollup: {
    /** Rebuilds `days`, or else the two days before the day of `slot` (now when unset); resolves to the days rebuilt. */
    rollupNightly(slot?: Date, days?: string[]): Promise<string[]>;
    /** Rebuilds the day of `slot` (now when unset). */
    rollupToday(slot?: Date): Promise<string>;
  };
}

/** A scheduled run carries its slot; an operator may enqueue `{ days: ['2026-11-20', …] }` to rebuild those days. */
const RollupPayload = z.object({ slot: z.iso.datetime().optional(), days: z.array(z.iso.date()).max(400).optional() });
const parse = (raw: unknown) => {
  const payload = RollupPayload.parse(raw ?? {});
  return { slot: payload.slot ? new Date(payload.slot) : undefined, days: payload.days };
};

/**
 * Daily analytics roll-ups. Each day is rebuilt whole (idempotent), so overlapping runs are harmless.
 * The nightly run rebuilds yesterday and the day before: by then every cart last touched the day
 * before yesterday has been idle a full day, so its abandonment figure is final. The hourly run
 * keeps today's figures current for the dashboard.
 */
export const analyticsJobs: JobDefinition<unknown, AnalyticsJobServices>[] = [
  {
    name: 'analytics.rollup-daily',
    schedule: '30 1 * * *',
    maxAttempts: 5,
    run: async (raw, { services, logger }) => {
      const { slot, days } = parse(raw);
      logger.info({ days: await services.analyticsRollup.rollupNightly(slot, days) }, 'analytics rolled up');
    },
  },
  {
    name: 'analytics.rollup-today',
    schedule: '50 * * * *',
    run: async (raw, { services }) => {
      await services.analyticsRollup.rollupToday(parse(raw).slot);
    },
  },
];
