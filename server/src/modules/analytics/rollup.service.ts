import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { addDays, instantRange, utcDay } from '../../lib/days';
import type { RollupRepository } from './rollup.repository';

/** A cart idle this long with items in it counts as abandoned (the carts.mark-abandoned job uses the same). */
export const CART_ABANDONED_AFTER_MS = 86_400_000;

/**
 * Rolls a day of raw events (and carts and orders) up into the daily tables the dashboard reads.
 * Idempotent: a day is rebuilt whole in one transaction, so running it again replaces its rows.
 * Cart figures depend on the carts still present: carts are deleted 30 days after their last
 * change, so only recent days can be rebuilt with the same cart numbers.
 */
export class AnalyticsRollupService {
  constructor(
    private readonly db: Db,
    private readonly rollups: RollupRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The nightly run: `days` when given (an operator rebuilding those), otherwise the two days before
   * the day of `slot` (now when unset): by then every cart last touched the day before yesterday has
   * been idle a full day, so its abandonment figure is final. Resolves to the days rebuilt.
   */
  async rollupNightly(slot?: Date, days?: string[]): Promise<string[]> {
    const today = utcDay(slot ?? this.clock.now());
    const rebuilt = days ?? [addDays(today, -1), addDays(today, -2)];
    for (const day of rebuilt) await this.rollupDay(day);
    return rebuilt;
  }

  /** The hourly run: the day of `slot` (now when unset), so the dashboard's today is current. */
  async rollupToday(slot?: Date): Promise<string> {
    const day = utcDay(slot ?? this.clock.now());
    await this.rollupDay(day);
    return day;
  }

  async rollupDay(day: string): Promise<void> {
    const range = instantRange(day, day);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.rollups.replaceDaily(day, range, new Date(now.getTime() - CART_ABANDONED_AFTER_MS), now, tx);
      await this.rollups.replaceProducts(day, range, tx);
      await this.rollups.replaceSearches(day, range, tx);
    });
  }
}
